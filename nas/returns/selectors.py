"""Reads for the statutory returns: what the SSDA903 return needs of an
authority's children, in four queries and without building model objects
(a large authority has thousands of milestones)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from nas.children.care_history import EPISODE_FIELDS
from nas.children.models import CareEpisode, Child, Milestone
from nas.organisations.models import Organisation
from nas.returns.models import DETAIL_FIELDS, Ssda903Details
from nas.returns.ssda903 import ChildFacts, CollectionYear, Details, Ssda903Return, build_return

CHILD_FIELDS = ("pk", "case_reference", "date_of_birth", "sex", "ethnicity", "early_permanence")


def field_label(name: str) -> str:
    """The label of an SSDA903 detail, in the person's language."""
    return str(getattr(Ssda903Details._meta.get_field(name), "verbose_name", name))


def details_of(child: Child) -> Ssda903Details | None:
    try:
        return child.ssda903_details
    except Ssda903Details.DoesNotExist:
        return None


Milestones = dict[int, list[tuple[str, date, dict[str, Any]]]]


def authority_rows(
    *, authority: Organisation
) -> tuple[list[dict[str, Any]], Milestones, dict[int, dict[str, Any]]]:
    """Every child of the authority (archived ones included: archiving closes
    a case, it does not undo what happened in it), their milestones in
    journey order, and their SSDA903 details."""
    children = list(Child.objects.filter(local_authority=authority).values(*CHILD_FIELDS))
    milestones: Milestones = defaultdict(list)
    for child_id, kind, day, detail in (
        Milestone.objects.filter(child__local_authority=authority)
        .order_by("child_id", "sequence")
        .values_list("child_id", "kind", "date", "detail")
    ):
        milestones[child_id].append((kind, day, detail or {}))
    details = {
        row.pop("child_id"): row
        for row in Ssda903Details.objects.filter(child__local_authority=authority).values(
            "child_id", *DETAIL_FIELDS
        )
    }
    return children, milestones, details


def care_history(*, authority: Organisation) -> dict[int, list[dict[str, Any]]]:
    """The current episodes of the authority's children (not those superseded), in date order."""
    episodes: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in (
        CareEpisode.objects.current()
        .filter(child__local_authority=authority)
        .order_by("child_id", "start")
        .values("child_id", *EPISODE_FIELDS)
    ):
        episodes[row.pop("child_id")].append(row)
    return episodes


def ssda903_return(*, authority: Organisation, year: int) -> Ssda903Return:
    children, milestones, details = authority_rows(authority=authority)
    episodes = care_history(authority=authority)
    facts = (
        ChildFacts(
            **child,
            milestones=tuple(milestones.get(child["pk"], ())),
            details=Details(**details[child["pk"]]) if child["pk"] in details else Details(),
            episodes=tuple(episodes.get(child["pk"], ())),
        )
        for child in children
    )
    return build_return(facts, authority=authority.code, year=year)


@dataclass(frozen=True)
class Ssda903Summary:
    """What the return's page shows of it: the year, each table's rows, and
    each child in it as (case reference, record's key, the fields the
    return needs that nobody has recorded); the tables themselves are
    downloaded. Plain tuples: it is kept between requests, and read back
    quickly."""

    year: CollectionYear
    row_counts: dict[str, int]
    children: list[tuple[str, int, tuple[str, ...]]]


def ssda903_summary(*, authority: Organisation, year: int) -> Ssda903Summary:
    """The return's summary for its page, built by ssda903_return and kept
    between requests while the data it reads stay the same
    (nas.performance.cache); downloads build the return afresh."""
    from nas.performance.cache import kept

    def build() -> Ssda903Summary:
        result = ssda903_return(authority=authority, year=year)
        gaps: dict[int, list[str]] = defaultdict(list)
        for gap in result.gaps:
            gaps[gap.child].append(gap.field)
        children = [(reference, pk, tuple(gaps.get(pk, ()))) for reference, pk in result.children.items()]
        return Ssda903Summary(result.year, result.row_counts, children)

    return kept("ssda903", (authority.pk, year), build)
