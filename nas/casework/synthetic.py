"""Casework for the synthetic national dataset (nas.synthetic): caseworkers,
allocations, and the case notes of visits, reviews and oversight, in bulk
(like the rest of the generator; its run writes one audit entry).

Assumptions (plausible, not calibrated to published figures, which do not
exist for casework):

- Workers: each local authority has one social worker per 15 open children
  (at least 2) and a team manager; each region one adopter assessor per 12
  open households and one support worker per 20 open support cases (at
  least 1 each) and a regional manager; a voluntary agency one assessor per
  12 open households. Each organisation has one synthetic casework team.
  The accounts cannot sign in (no usable password).
- Allocation: 92% of open children, households and support cases are
  allocated (the rest wait on the unallocated list); 25% of those were
  reallocated once, a few months before the current allocation began.
- Notes on an open child (only the last 6 months are written, to keep the
  volume down): a home visit every 6 weeks (the Care Planning, Placement
  and Case Review (Wales) Regulations 2015, reg. 31 interval), the child
  seen on 95% of them and seen alone on 70% of those when aged 5 or more;
  looked-after reviews on the statutory schedule (nas.casework.statutory),
  85% of them on time and the rest 1 to 3 weeks late (the first two and
  the last before the 6 months are written too, as the schedule after
  them depends on them); once placed for
  adoption, weekly visits until the first review and the placement reviews;
  management oversight every 2 to 4 months on 80% of children.
- An open household: a home visit each month of the last 6; an open
  support case: a telephone call and an office visit.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models import Min

from nas.accounts.models import StaffRole, User
from nas.accounts.roles import Role
from nas.casework import statutory
from nas.casework.models import Allocation, CaseNote, NoteKind
from nas.children.journey import MilestoneKind
from nas.organisations.models import Organisation, OrganisationKind, Team
from nas.synthetic import names

Bulk = Callable[[str, Any, Iterable[Any], int], list[Any]]

CHILDREN_PER_WORKER = 15
HOUSEHOLDS_PER_ASSESSOR = 12
CASES_PER_SUPPORT_WORKER = 20
ALLOCATED_SHARE = 0.92
REALLOCATED_SHARE = 0.25
VISIT_EVERY_DAYS = 42
NOTES_FOR_DAYS = 183


def _at(day: date, hour: int = 11) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


@dataclass
class _Staff:
    workers: dict[int, dict[str, list[User]]] = field(default_factory=dict)
    managers: dict[int, User] = field(default_factory=dict)
    teams: dict[int, Team] = field(default_factory=dict)


class CaseworkWriter:
    def __init__(self, *, seed: int, until: date, bulk: Bulk) -> None:
        self.seed = seed
        self.until = until
        self.bulk = bulk
        self.rng = random.Random(f"casework-{seed}")
        self.notes: list[CaseNote] = []

    def write(
        self, *, children: list[dict[str, Any]], households: list[dict[str, Any]], cases: list[dict[str, Any]]
    ) -> None:
        """Write staff, allocations and notes for the open records given as
        rows of (pk, owner organisation pk, and for children their dates)."""
        need: dict[tuple[int, str], int] = {}
        for rows, role, per in (
            (children, Role.SOCIAL_WORKER, CHILDREN_PER_WORKER),
            (households, Role.ADOPTER_ASSESSOR, HOUSEHOLDS_PER_ASSESSOR),
            (cases, Role.SUPPORT_WORKER, CASES_PER_SUPPORT_WORKER),
        ):
            counted: dict[int, int] = {}
            for row in rows:
                counted[row["owner"]] = counted.get(row["owner"], 0) + 1
            minimum = 2 if role == Role.SOCIAL_WORKER else 1
            for owner, n in counted.items():
                need[(owner, role)] = max(minimum, -(-n // per))
        staff = self._staff(need)
        allocations: list[Allocation] = []
        holders: dict[tuple[str, int], User] = {}
        for record_type, rows, role in (
            ("children.child", children, Role.SOCIAL_WORKER),
            ("adopters.household", households, Role.ADOPTER_ASSESSOR),
            ("support.case", cases, Role.SUPPORT_WORKER),
        ):
            for row in rows:
                if self.rng.random() > ALLOCATED_SHARE:
                    continue
                workers = staff.workers.get(row["owner"], {}).get(role, [])
                if not workers:
                    continue
                worker = self.rng.choice(workers)
                since = max(row["since"], self.until - timedelta(days=self.rng.randint(20, 700)))
                if self.rng.random() < REALLOCATED_SHARE and since - timedelta(days=90) > row["since"]:
                    earlier = since - timedelta(days=self.rng.randint(60, 240))
                    allocations.append(
                        Allocation(
                            record_type=record_type,
                            record_id=row["pk"],
                            worker=self.rng.choice(workers),
                            team=staff.teams[row["owner"]],
                            started_at=_at(max(earlier, row["since"])),
                            ended_at=_at(since),
                            allocated_by=staff.managers[row["owner"]],
                            reason="Caseload balance",
                        )
                    )
                allocations.append(
                    Allocation(
                        record_type=record_type,
                        record_id=row["pk"],
                        worker=worker,
                        team=staff.teams[row["owner"]],
                        started_at=_at(since),
                        allocated_by=staff.managers[row["owner"]],
                    )
                )
                holders[(record_type, row["pk"])] = worker
        self.bulk("allocations", Allocation, allocations, len(allocations))
        self._sync(holders)
        for row in children:
            self._child_notes(row, holders.get(("children.child", row["pk"])), staff.managers[row["owner"]])
        for record_type, rows, kinds in (
            ("adopters.household", households, None),
            ("support.case", cases, (NoteKind.TELEPHONE, NoteKind.OFFICE_VISIT)),
        ):
            for row in rows:
                author = holders.get((record_type, row["pk"]))
                if author is not None:
                    self._other_notes(record_type, row, author, kinds)
        self.bulk("case notes", CaseNote, self.notes, len(self.notes))

    # -- Staff ------------------------------------------------------------------------

    def _staff(self, need: dict[tuple[int, str], int]) -> _Staff:
        orgs = {o.pk: o for o in Organisation.objects.filter(pk__in={owner for owner, _ in need})}
        password = make_password(None)
        staff = _Staff()
        users: list[tuple[User, str]] = []
        for owner in sorted(orgs):
            org = orgs[owner]
            manager_role = (
                Role.TEAM_MANAGER
                if org.kind == OrganisationKind.LOCAL_AUTHORITY
                else (
                    Role.REGIONAL_MANAGER
                    if org.kind == OrganisationKind.REGION
                    else Role.AGENCY_DECISION_MAKER
                )
            )
            wanted = [(manager_role, 1)] + [(role, n) for (o, role), n in sorted(need.items()) if o == owner]
            for role, n in wanted:
                for i in range(1, n + 1):
                    user = User(
                        username=f"gen{self.seed}.{org.code}.{role}.{i}",
                        organisation=org,
                        first_name=names.first_name(self.rng, self.rng.choice("12")),
                        last_name=names.last_name(self.rng),
                        password=password,
                    )
                    users.append((user, role))
        teams = self.bulk(
            "casework teams",
            Team,
            (Team(organisation_id=owner, name=f"Casework team (GEN-{self.seed})") for owner in sorted(orgs)),
            len(orgs),
        )
        staff.teams = {team.organisation_id: team for team in teams}
        for user, _role in users:
            user.team = staff.teams[user.organisation_id]
        made = self.bulk("casework staff", User, (u for u, _ in users), len(users))
        self.bulk(
            "casework staff roles",
            StaffRole,
            (StaffRole(user=user, role=role) for user, (_, role) in zip(made, users, strict=True)),
            len(users),
        )
        for user, (_, role) in zip(made, users, strict=True):
            if role in (Role.TEAM_MANAGER, Role.REGIONAL_MANAGER, Role.AGENCY_DECISION_MAKER):
                staff.managers[user.organisation_id] = user
            else:
                staff.workers.setdefault(user.organisation_id, {}).setdefault(role, []).append(user)
        return staff

    def _sync(self, holders: dict[tuple[str, int], User]) -> None:
        """The records' own worker fields follow the allocation (nas.casework.records):
        one update per worker and kind of record."""
        from nas.adopters.models import Household
        from nas.children.models import Child
        from nas.support.models import SupportCase

        by_worker: dict[tuple[str, int], list[int]] = {}
        workers: dict[int, User] = {}
        for (record_type, pk), worker in holders.items():
            by_worker.setdefault((record_type, worker.pk), []).append(pk)
            workers[worker.pk] = worker
        for (record_type, worker_pk), ids in by_worker.items():
            worker = workers[worker_pk]
            if record_type == "children.child":
                Child.objects.filter(pk__in=ids).update(social_worker=worker, team=worker.team)
            elif record_type == "adopters.household":
                Household.objects.filter(pk__in=ids).update(assessor=worker)
            else:
                SupportCase.objects.filter(pk__in=ids).update(worker=worker)

    # -- Notes ------------------------------------------------------------------------

    def _note(
        self, record_type: str, record_id: int, kind: str, day: date, author: User, text: str, **kw: Any
    ) -> None:
        self.notes.append(
            CaseNote(
                record_type=record_type,
                record_id=record_id,
                kind=kind,
                contact_on=day,
                text=text,
                author=author,
                **kw,
            )
        )

    def _child_notes(self, row: dict[str, Any], worker: User | None, manager: User) -> None:
        if worker is None:
            return
        rng, until = self.rng, self.until
        start = max(row["since"], until - timedelta(days=NOTES_FOR_DAYS))
        older = (until - row["born"]).days >= 5 * 365
        day = start + timedelta(days=rng.randint(3, VISIT_EVERY_DAYS))
        placed = row.get("placed")
        while day <= until and (placed is None or day < placed):
            seen = rng.random() < 0.95
            self._note(
                "children.child",
                row["pk"],
                NoteKind.HOME_VISIT,
                day,
                worker,
                "Visited the child at the placement; the plan was discussed with the carers.",
                child_seen=seen,
                seen_alone=seen and older and rng.random() < 0.7,
            )
            day += timedelta(days=VISIT_EVERY_DAYS + rng.randint(-7, 3))
        reviews: list[date] = []
        while True:
            due = statutory.lac_review_due(row["since"], reviews)
            if placed is not None and due >= placed:
                break
            on_time = rng.random() < 0.85
            held = (
                due - timedelta(days=rng.randint(0, 5))
                if on_time
                else due + timedelta(days=rng.randint(7, 21))
            )
            if held > until:
                break
            reviews.append(held)
        # The schedule depends on the first two and on the last before the window: those are
        # always written, with every review in the window.
        before = [i for i, day in enumerate(reviews) if day < start]
        written = {0, 1, before[-1]} if before else set()
        for i, held in enumerate(reviews):
            if held >= start or i in written:
                self._note(
                    "children.child",
                    row["pk"],
                    NoteKind.LAC_REVIEW,
                    held,
                    worker,
                    "Looked-after review held with the independent reviewing officer.",
                )
        if placed is not None:
            self._placement_notes(row, worker, placed, start)
        if rng.random() < 0.8:
            day = start + timedelta(days=rng.randint(30, 120))
            while day <= until:
                self._note(
                    "children.child",
                    row["pk"],
                    NoteKind.MANAGEMENT_OVERSIGHT,
                    day,
                    manager,
                    "Management oversight: the plan and the timescales were reviewed.",
                )
                day += timedelta(days=rng.randint(60, 120))

    def _placement_notes(self, row: dict[str, Any], worker: User, placed: date, start: date) -> None:
        rng, until = self.rng, self.until
        visits: list[date] = []
        reviews: list[date] = []
        while True:
            visit = statutory.placement_visit_due(placed, visits, reviews)
            review = statutory.placement_review_due(placed, reviews)
            if visit is not None and visit < review:
                day, kind = visit - timedelta(days=rng.randint(0, 2)), NoteKind.PLACEMENT_VISIT
            else:
                day, kind = review - timedelta(days=rng.randint(0, 4)), NoteKind.PLACEMENT_REVIEW
            if day > until:
                break
            (visits if kind == NoteKind.PLACEMENT_VISIT else reviews).append(day)
        before = [i for i, day in enumerate(reviews) if day < start]
        written = {0, 1, before[-1]} if before else set()
        for day in visits:
            if day >= start:
                self._note(
                    "children.child",
                    row["pk"],
                    NoteKind.PLACEMENT_VISIT,
                    day,
                    worker,
                    "Visited the child and the prospective adopters.",
                    child_seen=True,
                    seen_alone=False,
                )
        for i, day in enumerate(reviews):
            if day >= start or i in written:
                self._note(
                    "children.child",
                    row["pk"],
                    NoteKind.PLACEMENT_REVIEW,
                    day,
                    worker,
                    "Adoption placement review held.",
                )

    def _other_notes(self, record_type: str, row: dict[str, Any], author: User, kinds: Any) -> None:
        if kinds is None:
            day = max(row["since"], self.until - timedelta(days=180))
            while day <= self.until:
                self._note(
                    record_type, row["pk"], NoteKind.HOME_VISIT, day, author, "Home visit for the assessment."
                )
                day += timedelta(days=30 + self.rng.randint(-5, 5))
            return
        for offset, kind in zip((self.rng.randint(5, 30), self.rng.randint(35, 90)), kinds, strict=True):
            day = row["since"] + timedelta(days=offset)
            if day <= self.until:
                self._note(record_type, row["pk"], kind, day, author, "Talked through the support plan.")


def open_records(seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The generated run's open children (with the dates the notes follow),
    households and support cases, as rows."""
    from nas.adopters.models import Household
    from nas.children.models import Child, Milestone
    from nas.support.models import SupportCase

    children = {
        pk: {"pk": pk, "owner": owner, "born": born}
        for pk, owner, born in Child.objects.filter(
            case_reference__startswith=f"GEN-{seed}-", archived_at__isnull=True, restricted_at__isnull=True
        ).values_list("pk", "local_authority_id", "date_of_birth")
    }
    for child_id, kind, day in (
        Milestone.objects.filter(
            child_id__in=list(children),
            kind__in=[MilestoneKind.ENTERED_CARE, MilestoneKind.PLACED, MilestoneKind.DISRUPTED],
        )
        .order_by("child_id", "date", "sequence")
        .values_list("child_id", "kind", "date")
    ):
        row = children[child_id]
        if kind == MilestoneKind.ENTERED_CARE:
            row.setdefault("since", day)
        else:
            # The current placement for adoption, if it has not ended (as nas.casework.statutory reads it).
            row["placed"] = day if kind == MilestoneKind.PLACED else None
    child_rows = [row for row in children.values() if "since" in row]
    households = [
        {"pk": pk, "owner": owner, "since": since}
        for pk, owner, since in Household.objects.filter(
            reference__startswith=f"GEN-{seed}-H", archived_at__isnull=True
        )
        .annotate(since=Min("milestones__date"))
        .filter(since__isnull=False)
        .values_list("pk", "owner_id", "since")
    ]
    cases = [
        {"pk": pk, "owner": owner, "since": requested}
        for pk, owner, requested in SupportCase.objects.filter(
            reference__startswith=f"G{seed}-S", closed_on__isnull=True, archived_at__isnull=True
        ).values_list("pk", "region_id", "requested_on")
    ]
    return child_rows, households, cases
