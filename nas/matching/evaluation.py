"""The offline evaluation of the engine on the service's own history: for
each child whose match the agency decision maker approved through a link,
rebuild the suggestions as they were on the day of the decision and see
where the family the child was matched with ranked (hit@k), and how often
the engine would have suggested the matched family at all, by group.

"As they were" means: the households approved on or before that day and
not yet matched, placed, withdrawn or deregistered before it, each with its
waiting time on that day; the child's age and waiting time on that day; and
the weights in force then (version 0, the engine's defaults, before any was
saved). Two things are not kept over time and are read as they are now: a
household's approval range and a child's needs profile (a later review may
have changed them), and whether a household was published to the child's
region then (every household waiting then is counted as offered).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from nas.adopters.journey import MilestoneKind as HouseholdMilestone
from nas.adopters.models import Household
from nas.adopters.models import Milestone as HouseholdMilestoneRecord
from nas.children.journey import MilestoneKind
from nas.children.models import Milestone
from nas.matching import adapters, engine
from nas.matching.equity import Evaluation, HistoricalMatch, evaluate
from nas.matching.models import Link, WeightSet

#: Household milestones after which a household was no longer waiting.
_NO_LONGER_WAITING = (
    HouseholdMilestone.MATCHED,
    HouseholdMilestone.PLACED,
    HouseholdMilestone.WITHDRAWN,
    HouseholdMilestone.DEREGISTERED,
)


@dataclass(frozen=True)
class Case:
    link: Link
    decided_on: date
    weights_version: int
    families: int
    rank: int | None


@dataclass(frozen=True)
class Report:
    cases: list[Case]
    evaluation: Evaluation
    #: Children with a match decision recorded by hand (no link, so no household to look for).
    without_link: int


def weights_on(day: date) -> tuple[int, dict[str, int]]:
    end = timezone.make_aware(datetime.combine(day, time.max))
    found = WeightSet.objects.filter(in_force_from__lte=end).order_by("-number").first()
    if found is None:
        return 0, dict(engine.DEFAULT_WEIGHTS)
    return found.number, {**engine.DEFAULT_WEIGHTS, **found.weights}


def households_waiting_on(day: date) -> Any:
    """Households approved on or before `day` and still waiting that day."""
    approved = HouseholdMilestoneRecord.objects.filter(
        household=OuterRef("pk"), kind=HouseholdMilestone.APPROVED, date__lte=day
    )
    gone = HouseholdMilestoneRecord.objects.filter(
        household=OuterRef("pk"), kind__in=_NO_LONGER_WAITING, date__lt=day
    )
    return Household.objects.filter(Exists(approved)).exclude(Exists(gone))


def evaluate_history(*, region_id: int | None, since: date | None, ks: Sequence[int]) -> Report:
    links = (
        Link.objects.filter(matched_on__isnull=False)
        .select_related("child", "child__local_authority__region", "child__sibling_group", "household")
        .order_by("matched_on", "pk")
    )
    decided = Milestone.objects.filter(kind=MilestoneKind.MATCH_DECISION, child__archived_at__isnull=True)
    if region_id is not None:
        links = links.filter(region_id=region_id)
        decided = decided.filter(child__local_authority__region_id=region_id)
    if since is not None:
        links = links.filter(matched_on__gte=since)
        decided = decided.filter(date__gte=since)
    linked_children = Link.objects.filter(matched_on__isnull=False).values("child_id")
    without_link = (
        decided.exclude(child_id__in=linked_children)
        .exclude(Q(child__sibling_group__links__matched_on__isnull=False))
        .values("child_id")
        .distinct()
        .count()
    )
    history, cases = [], []
    for link in links:
        day = link.matched_on
        assert day is not None
        version, weights = weights_on(day)
        child = link.child
        needs = adapters.child_needs_from(child, day, siblings=adapters.siblings_placed_with(child))
        families = engine.FamilySet(adapters.family_offers_from(households_waiting_on(day), today=day))
        history.append(HistoricalMatch(needs, families, str(link.household_id), weights))
        cases.append((link, day, version, len(families)))
    result = evaluate(history, weights=engine.DEFAULT_WEIGHTS, ks=tuple(ks))
    return Report(
        cases=[
            Case(link, day, version, count, rank)
            for (link, day, version, count), rank in zip(cases, result.ranks, strict=True)
        ],
        evaluation=result,
        without_link=without_link,
    )
