"""What notifies whom, for the work that falls due by the calendar: the daily
run (`daily_plan`) reads every open record of Wales once, works out which of
its deadlines reach an occasion today and plans a notification for each
person the rule names. `notify_planned` then keeps only those the record's
own access policy lets each person see.

The occasions of a deadline (issue 19, "what notifies whom"):

- **5 working days before** it falls due (`deadline_soon`): the allocated
  worker. Working days are those of Wales (nas.core.calendar: weekends and
  the bank holidays of England and Wales).
- **On the day** (`deadline_today`): the allocated worker.
- **Overdue** (`deadline_overdue`): the allocated worker and their manager
  (the child's team manager, the region's manager). Sent once, in the first
  OVERDUE_NOTICE_WORKING_DAYS working days after the date, so a scheduler
  that was stopped for a day or two still sends it, and a deadline missed
  years ago does not flood anyone on the first run.

Where no worker is allocated, the manager is told instead.

Each occasion's key (record, deadline, its date, the occasion) makes it
once-only per person: the run can be repeated, or run by two schedulers.

The deadlines themselves are the statutory timescales already on the
records' pages, with their sources: nas.children.deadlines,
nas.adopters.deadlines, nas.support.deadlines (assessment, plan review), the
letterbox agreement's own exchange dates (SI 2005/1512 (W.116) reg. 3: no
statutory period), the quarterly return's due date
(nas.performance.worklist.RETURN_DUE_DAYS, the national team's timetable as
assumed there) and an intervention's response and review dates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

from nas.accounts.models import User
from nas.accounts.roles import Role
from nas.adopters import deadlines as household_rules
from nas.adopters import journey as household_journey
from nas.adopters.models import Household
from nas.adopters.models import Milestone as HouseholdMilestone
from nas.children import deadlines as child_rules
from nas.children.journey import TERMINAL as CHILD_TERMINAL
from nas.children.journey import MilestoneKind as ChildKind
from nas.children.journey import Stage as ChildStage
from nas.children.models import Child, Milestone
from nas.core.calendar import add_working_days
from nas.notifications.services import Planned
from nas.organisations.models import OrganisationKind

SOON_WORKING_DAYS = 5
OVERDUE_NOTICE_WORKING_DAYS = 5

SOON, TODAY, OVERDUE = "deadline_soon", "deadline_today", "deadline_overdue"


def occasion(due: date, today: date, *, earliest: bool = False) -> str | None:
    """Which notice a deadline due on `due` gets today, if any. A window that
    opens (an 'earliest' date, e.g. when adopters may apply for the order) is
    told on the day it opens only."""
    if today == due:
        return TODAY
    if earliest:
        return None
    if today < due:
        return SOON if add_working_days(today, SOON_WORKING_DAYS) >= due else None
    return OVERDUE if today <= add_working_days(due, OVERDUE_NOTICE_WORKING_DAYS) else None


def _planned(
    kind: str, people: Iterable[int | None], record_type: str, pk: int, url: str, what: str, due: date
) -> Iterator[Planned]:
    key = f"{kind}:{record_type}:{pk}:{what}:{due.isoformat()}"
    for person in {p for p in people if p is not None}:
        yield Planned(kind, person, record_type, pk, url, key, {"what": what, "due": due.isoformat()})


def _for_deadline(
    record_type: str,
    pk: int,
    url: str,
    what: str,
    due: date,
    today: date,
    worker: int | None,
    managers: list[int],
    *,
    earliest: bool = False,
) -> Iterator[Planned]:
    kind = occasion(due, today, earliest=earliest)
    if kind is None:
        return
    people: list[int | None] = [worker] if worker is not None else list(managers)
    if kind == OVERDUE:
        people += managers
    yield from _planned(kind, people, record_type, pk, url, what, due)


def _role_holders(role: str, **where: Any) -> dict[int, list[int]]:
    """Active staff with a role, by organisation (and by team where asked)."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = User.objects.filter(
        is_active=True, archived_at__isnull=True, roles__role=role, **where
    ).values_list("organisation_id", "team_id", "pk")
    for organisation_id, team_id, pk in rows:
        found[organisation_id].append(pk)
        if team_id is not None:
            found[-team_id].append(pk)  # a team's managers, under the team's negated id
    return found


def _milestone_dates(model: Any, owner_field: str, ids: list[int]) -> dict[int, list[tuple[str, date]]]:
    dates: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for chunk in range(0, len(ids), 20000):
        rows = model.objects.filter(**{f"{owner_field}__in": ids[chunk : chunk + 20000]}).values_list(
            owner_field, "kind", "date"
        )
        for owner, kind, when in rows:
            dates[owner].append((kind, when))
    return dates


def children_plan(today: date) -> Iterator[Planned]:
    """The child's statutory deadlines (nas.children.deadlines): the child's
    social worker; the child's team manager (or the authority's team
    managers) when overdue or when no worker is allocated."""
    managers = _role_holders(Role.TEAM_MANAGER)
    children = list(
        Child.objects.filter(archived_at__isnull=True)
        .exclude(stage__in=[*CHILD_TERMINAL, *child_rules.STAGES_WITHOUT_DEADLINES])
        .values_list("pk", "stage", "local_authority_id", "team_id", "social_worker_id")
    )
    dates = _milestone_dates(Milestone, "child_id", [c[0] for c in children])
    for pk, stage, authority_id, team_id, worker_id in children:
        url = reverse("children:detail", args=[pk])
        people = managers.get(-team_id, []) if team_id else []
        people = people or managers.get(authority_id, [])
        for deadline in child_rules.deadlines_for(child_rules.latest_dates(dates[pk]), stage):
            if deadline.done is None:
                yield from _for_deadline(
                    "children.child",
                    pk,
                    url,
                    deadline.code,
                    deadline.due,
                    today,
                    worker_id,
                    people,
                    earliest=deadline.earliest,
                )


def households_plan(today: date) -> Iterator[Planned]:
    """The adopter household's statutory timescales (nas.adopters.deadlines):
    the household's assessor; the region's manager when overdue or when no
    assessor is allocated (a voluntary agency has no regional manager here:
    its assessor alone)."""
    managers = _role_holders(Role.REGIONAL_MANAGER, organisation__kind=OrganisationKind.REGION)
    households = list(
        Household.objects.filter(archived_at__isnull=True)
        .exclude(stage__in=list(household_journey.TERMINAL))
        .values_list("pk", "stage", "owner_id", "assessor_id")
    )
    dates = _milestone_dates(HouseholdMilestone, "household_id", [h[0] for h in households])
    for pk, stage, owner_id, assessor_id in households:
        url = reverse("adopters:detail", args=[pk])
        for deadline in household_rules.deadlines_for(child_rules.latest_dates(dates[pk]), stage):
            if deadline.done is None:
                yield from _for_deadline(
                    "adopters.household",
                    pk,
                    url,
                    deadline.code,
                    deadline.due,
                    today,
                    assessor_id,
                    managers.get(owner_id, []),
                    earliest=deadline.earliest,
                )


def support_plan(today: date) -> Iterator[Planned]:
    """Adoption support: the assessment (nas.support.deadlines.assessment_due)
    and the plan's review (review_due) of each open case: its support worker;
    the region's manager when overdue or unallocated."""
    from nas.support import codes
    from nas.support.models import SupportCase
    from nas.support.selectors import next_deadline

    managers = _role_holders(Role.REGIONAL_MANAGER)
    cases = SupportCase.objects.filter(closed_on__isnull=True, archived_at__isnull=True).prefetch_related(
        "reviews"
    )
    for case in cases:
        due, what = next_deadline(case, today)
        if due is None or what == codes.DueWhat.DECISION:
            continue
        yield from _for_deadline(
            "support.case",
            case.pk,
            reverse("support:case-detail", args=[case.pk]),
            what,
            due,
            today,
            case.worker_id,
            managers.get(case.region_id, []),
        )


def letterbox_plan(today: date) -> Iterator[Planned]:
    """Letterbox: a letter due once the agreement's reminder window opens
    before an exchange, and missed once the exchange has passed without it
    (the latest exchange only): the workers allocated to the agreement."""
    from nas.support.models import LetterboxAgreement
    from nas.support.selectors import AGREEMENT_HISTORY, waiting_exchanges

    agreements = LetterboxAgreement.objects.filter(
        ended_on__isnull=True, archived_at__isnull=True
    ).prefetch_related(*AGREEMENT_HISTORY)
    for exchange in waiting_exchanges(agreements, today):
        agreement = exchange.agreement
        kind = "letter_missed" if exchange.overdue else "letter_due"
        workers = [w.pk for w in agreement.workers.all()]
        what = f"party-{exchange.party.pk}"
        url = reverse("support:letterbox-detail", args=[agreement.pk])
        yield from _planned(kind, workers, "support.letterbox", agreement.pk, url, what, exchange.exchange_on)


def returns_plan(today: date) -> Iterator[Planned]:
    """Quarterly returns of ended quarters not yet submitted, due
    RETURN_DUE_DAYS after the quarter (nas.performance.worklist): the
    region's manager and the national performance analysts, 5 working days
    before, on the day and when overdue."""
    from nas.performance import periods as P
    from nas.performance.models import QuarterlyReturn, ReturnStatus
    from nas.performance.worklist import RETURN_DUE_DAYS

    managers = _role_holders(Role.REGIONAL_MANAGER)
    analysts = [
        pk
        for people in _role_holders(
            Role.PERFORMANCE_ANALYST, organisation__kind=OrganisationKind.NATIONAL
        ).values()
        for pk in people
    ]
    for record in QuarterlyReturn.objects.exclude(status=ReturnStatus.SUBMITTED).filter(
        archived_at__isnull=True
    ):
        due = P.parse(record.quarter).end + timedelta(days=RETURN_DUE_DAYS)
        kind = occasion(due, today)
        if kind is None:
            continue
        url = reverse("performance:return-detail", args=[record.pk])
        people = [*managers.get(record.region_id, []), *analysts]
        yield from _planned("return_due", people, "performance.quarterlyreturn", record.pk, url, kind, due)


def interventions_plan(today: date) -> Iterator[Planned]:
    """Open interventions whose response is awaited or whose review comes:
    the region's manager (nas.performance.worklist shows the same)."""
    from nas.performance.models import Intervention, InterventionStatus

    managers = _role_holders(Role.REGIONAL_MANAGER)
    open_ones = Intervention.objects.filter(status=InterventionStatus.OPEN).prefetch_related(
        "reviews", "entries"
    )
    for intervention in open_ones:
        url = reverse("performance:intervention-detail", args=[intervention.pk])
        people = managers.get(intervention.region_id, [])
        dates = [("response", intervention.response_due_on)]
        dates += [("review", r.due_on) for r in intervention.reviews.all() if r.held_on is None]
        for what, due in dates:
            kind = occasion(due, today)
            if kind is not None:
                yield from _planned(
                    "intervention_due",
                    people,
                    "performance.intervention",
                    intervention.pk,
                    url,
                    f"{what}-{kind}",
                    due,
                )


Source = Callable[[date], Iterator[Planned]]
SOURCES: list[tuple[str, Source]] = [
    ("children", children_plan),
    ("households", households_plan),
    ("support", support_plan),
    ("letterbox", letterbox_plan),
    ("returns", returns_plan),
    ("interventions", interventions_plan),
]


def daily_plan(today: date, progress: Callable[[int, int, str], None] | None = None) -> list[Planned]:
    planned: list[Planned] = []
    for done, (name, source) in enumerate(SOURCES):
        if progress is not None:
            progress(done, len(SOURCES), name)
        planned.extend(source(today))
    return planned


def _rule_names() -> dict[str, str | Promise]:
    """Each deadline's name by its code, read from the rules themselves (every
    rule given every milestone's date, at each stage), so the list of
    notifications names the deadline without storing its words."""
    names: dict[str, str | Promise] = {}
    for rules, kinds, stages in (
        (child_rules.RULES, ChildKind, ChildStage),
        (household_rules.RULES, household_journey.MilestoneKind, household_journey.Stage),
    ):
        every = {kind: date(2000, 1, 3) for kind in kinds.values}
        for stage in stages.values:
            for rule in rules:
                found = rule(every, stage)
                if found is not None:
                    names.setdefault(found.code, found.name)
    from nas.support import codes

    names.update({code: label for code, label in codes.DueWhat.choices})
    return names


_NAMES: dict[str, str | Promise] | None = None


def what_label(code: str) -> str:
    global _NAMES
    if _NAMES is None:
        _NAMES = _rule_names()
    label = _NAMES.get(code)
    return str(label) if label is not None else ""
