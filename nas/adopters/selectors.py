"""Reads of adopter households: lists, deadlines and the assessor's worklist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from nas.access import scope
from nas.accounts.roles import Role
from nas.adopters.codes import EnquiryStatus, MemberRole
from nas.adopters.deadlines import deadlines_for
from nas.adopters.journey import TERMINAL, MilestoneKind
from nas.adopters.models import Enquiry, Household, HouseholdMember, Milestone
from nas.adopters.policies import enquiries as enquiry_policy
from nas.adopters.policies import households as household_policy
from nas.children.deadlines import Deadline, latest_dates
from nas.core.paging import KeptEntries

APPLICANTS = Prefetch(
    "members",
    queryset=HouseholdMember.objects.filter(role=MemberRole.APPLICANT).order_by("pk"),
    to_attr="applicants",
)


def household_list(*, user: Any, stage: str = "", search: str = "") -> QuerySet[Household]:
    qs = (
        household_policy.scope(user)
        .filter(archived_at__isnull=True)
        .select_related("assessor", "residence_authority")
        .prefetch_related(APPLICANTS)
    )
    if stage:
        qs = qs.filter(stage=stage)
    if search:
        term = search.strip()
        qs = qs.filter(
            Q(reference__iexact=term)
            | Q(members__first_names__icontains=term)
            | Q(members__last_name__icontains=term)
        ).distinct()
    return qs.order_by("-created_at", "pk")


def applicants_of(household: Household) -> list[HouseholdMember]:
    cached = getattr(household, "applicants", None)
    if cached is not None:
        return list(cached)
    return list(household.members.filter(role=MemberRole.APPLICANT).order_by("pk"))


def household_deadlines(household: Household) -> list[Deadline]:
    milestones = getattr(household, "_prefetched_objects_cache", {}).get("milestones")
    source = milestones if milestones is not None else household.milestones.all()
    return deadlines_for(latest_dates((m.kind, m.date) for m in source), household.stage)


def approved_on(household: Household) -> date | None:
    """The date of the decision that the household is suitable to adopt (from
    the milestone: never stored twice)."""
    found = household.milestones.filter(kind=MilestoneKind.APPROVED).values_list("date", flat=True).first()
    return found


@dataclass(frozen=True)
class WorklistEntry:
    household: Household
    deadline: Deadline
    overdue: bool


def worklist(
    *, user: Any, today: date, horizon_days: int = 30, assessor: Any | None = None
) -> KeptEntries[WorklistEntry]:
    """The statutory timescales overdue or due within the horizon for the households in scope
    (for one assessor: their households and the ones nobody is assessing yet), overdue first.

    The list's order (each entry's key) is kept between requests while the
    households and their milestones stay the same (nas.performance.cache);
    the entries a page shows are read in full when it asks for them
    (nas.core.paging.KeptEntries), their deadlines worked out again then."""
    from nas.performance import stamp
    from nas.performance.cache import kept_entries

    qs = household_policy.scope(user).filter(archived_at__isnull=True).exclude(stage__in=list(TERMINAL))
    if assessor is not None:
        qs = qs.filter(Q(assessor=assessor) | Q(assessor__isnull=True))
    horizon = today + timedelta(days=horizon_days)
    return kept_entries(
        "household-worklist-keys",
        qs,
        (today.isoformat(), horizon_days),
        lambda households: _entries(households, today, horizon),
        _key,
        record_at=2,
        on=stamp.HOUSEHOLDS,
    )


def _key(entry: WorklistEntry) -> tuple[bool, date, int, str]:
    """An entry's place on the worklist: overdue first, then by date."""
    return (not entry.overdue, entry.deadline.due, entry.household.pk, entry.deadline.code)


def _entries(households: QuerySet[Household], today: date, horizon: date) -> list[WorklistEntry]:
    qs = households.select_related("assessor").prefetch_related(
        APPLICANTS, Prefetch("milestones", queryset=Milestone.objects.only("household_id", "kind", "date"))
    )
    entries = []
    for household in qs:
        for deadline in household_deadlines(household):
            if deadline.done is not None:
                continue
            if (
                deadline.is_overdue(today)
                or (not deadline.earliest and deadline.due <= horizon)
                or deadline.is_open(today)
            ):
                entries.append(WorklistEntry(household, deadline, deadline.is_overdue(today)))
    return sorted(entries, key=_key)


def worklist_for_person(*, user: Any, today: date) -> KeptEntries[WorklistEntry]:
    """A region's assessor sees their own households (and unallocated ones) and
    the regional manager sees everyone's. A voluntary agency has no regional
    manager (nobody there oversees the assessors' households on this system),
    so each of its assessors sees all the agency's households: an overdue
    household allocated to a colleague is then on someone's home page."""
    mine = (
        user.has_role(Role.ADOPTER_ASSESSOR)
        and not user.has_role(Role.REGIONAL_MANAGER)
        and not scope.is_voluntary(user)
    )
    return worklist(user=user, today=today, assessor=user if mine else None)


def enquiry_list(*, user: Any, status: str = EnquiryStatus.NEW) -> QuerySet[Enquiry]:
    qs = enquiry_policy.scope(user).select_related("residence_authority", "household")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-received_at", "-pk")
