"""Who waits, and who the suggestions miss: the waiting-time equity report
and the offline evaluation of the engine, as pure functions over the
engine's inputs and outputs (the database is wired to them elsewhere).

Groups follow the children's characteristics that adoption research and
the Welsh performance framework watch: age band, sibling group, disability,
ethnicity (minority ethnic or not, and the code), Welsh language and region.
A group is flagged as systematically missed when its share of children
suggested at least once is below four fifths of the share for all children
(the 'four-fifths' rule of thumb for adverse impact), or when its median
wait is more than half as long again as everyone's.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from nas.matching.assignment import is_minority_ethnic
from nas.matching.engine import ChildNeeds, FamilySet, rank

FOUR_FIFTHS = 0.8
LONG_WAIT_FACTOR = 1.5

AGE_BANDS = (
    (0, 1, _("Under 1")),
    (1, 2, _("1 year")),
    (2, 5, _("2 to 4 years")),
    (5, 10, _("5 to 9 years")),
    (10, 99, _("10 years or over")),
)
DIMENSIONS = {
    "age_band": _("Age band"),
    "sibling_group": _("Sibling group"),
    "disability": _("Disability"),
    "ethnicity": _("Ethnicity"),
    "minority_ethnic": _("Minority ethnic"),
    "welsh_language": _("Welsh language"),
    "region": _("Region"),
}


def age_band(years: int) -> str:
    for low, high, label in AGE_BANDS:
        if low <= years < high:
            return str(label)
    return str(AGE_BANDS[-1][2])


def _yes_no(value: bool) -> str:
    return str(_("Yes")) if value else str(_("No"))


_GROUPERS: dict[str, Callable[[ChildNeeds], str]] = {
    "age_band": lambda c: age_band(c.age_years),
    "sibling_group": lambda c: _yes_no(c.group_size > 1),
    "disability": lambda c: _yes_no(c.any_disability),
    "ethnicity": lambda c: c.ethnicity or "NOBT",
    "minority_ethnic": lambda c: _yes_no(is_minority_ethnic(c.ethnicity)),
    "welsh_language": lambda c: _yes_no(c.language in {"welsh", "bilingual"}),
    "region": lambda c: c.region or "–",
}


@dataclass(frozen=True)
class GroupFigures:
    dimension: str
    group: str
    children: int
    median_wait_days: float
    mean_wait_days: float
    suggested_share: float
    mean_suggestions: float
    missed: bool


@dataclass(frozen=True)
class EquityReport:
    children: int
    median_wait_days: float
    suggested_share: float
    groups: list[GroupFigures]

    @property
    def missed(self) -> list[GroupFigures]:
        return [g for g in self.groups if g.missed]


def _group_order(dimension: str, group: str) -> tuple[int, str]:
    """Age bands in age order ("Under 1" first); other groups by name."""
    if dimension == "age_band":
        bands = [str(label) for _low, _high, label in AGE_BANDS]
        return (bands.index(group) if group in bands else len(bands), group)
    return (0, group)


def equity_report(children: Sequence[ChildNeeds], suggestions: Mapping[str, int]) -> EquityReport:
    """Waiting time and how often each group is suggested. `suggestions`
    maps a child's key to the number of families suggested for them."""
    if not children:
        return EquityReport(0, 0.0, 0.0, [])
    waits = [c.waiting_days for c in children]
    overall_median = float(statistics.median(waits))
    overall_share = sum(1 for c in children if suggestions.get(c.key, 0) > 0) / len(children)
    groups = []
    for dimension, grouper in _GROUPERS.items():
        buckets: dict[str, list[ChildNeeds]] = {}
        for child in children:
            buckets.setdefault(grouper(child), []).append(child)
        for group, members in sorted(buckets.items(), key=lambda item: _group_order(dimension, item[0])):
            member_waits = [c.waiting_days for c in members]
            counts = [suggestions.get(c.key, 0) for c in members]
            share = sum(1 for n in counts if n > 0) / len(members)
            median = float(statistics.median(member_waits))
            groups.append(
                GroupFigures(
                    dimension=dimension,
                    group=group,
                    children=len(members),
                    median_wait_days=median,
                    mean_wait_days=float(statistics.fmean(member_waits)),
                    suggested_share=share,
                    mean_suggestions=float(statistics.fmean(counts)),
                    missed=share < FOUR_FIFTHS * overall_share
                    or (overall_median > 0 and median > LONG_WAIT_FACTOR * overall_median),
                )
            )
    return EquityReport(len(children), overall_median, overall_share, groups)


# --- Offline evaluation ------------------------------------------------------


@dataclass(frozen=True)
class HistoricalMatch:
    """A child already matched, with the families approved and waiting at
    the time and the family they were matched with (and, when they differ
    from case to case, the weights in force then)."""

    child: ChildNeeds
    families: FamilySet
    matched_family: str
    weights: Mapping[str, int] | None = None


@dataclass(frozen=True)
class Evaluation:
    cases: int
    #: k -> share of children whose matched family was in the engine's top k.
    hit_at: dict[int, float]
    #: rank (1 = first) of the matched family, or None where it was not suggested at all.
    ranks: list[int | None]
    #: dimension -> group -> share of children whose matched family was suggested at all.
    coverage: dict[str, dict[str, float]]


def evaluate(
    history: Iterable[HistoricalMatch],
    *,
    weights: Mapping[str, int],
    ks: Sequence[int] = (1, 5, 10, 20),
) -> Evaluation:
    """Where the family each child was matched with ranked in the engine's
    suggestions at the time (hit@k), and coverage by group: a matched family
    the engine never suggests means its hard constraints are stricter than
    practice, or the records are wrong."""
    cases = list(history)
    ranks: list[int | None] = []
    for case in cases:
        order = [
            case.families.keys[position]
            for position, *_rest in rank(case.child, case.families, weights=case.weights or weights)
        ]
        ranks.append(order.index(case.matched_family) + 1 if case.matched_family in order else None)
    n = len(cases)
    hit_at = {k: (sum(1 for r in ranks if r is not None and r <= k) / n if n else 0.0) for k in ks}
    coverage: dict[str, dict[str, float]] = {}
    for dimension, grouper in _GROUPERS.items():
        found: dict[str, list[bool]] = {}
        for case, r in zip(cases, ranks, strict=True):
            found.setdefault(grouper(case.child), []).append(r is not None)
        coverage[dimension] = {group: sum(hits) / len(hits) for group, hits in sorted(found.items())}
    return Evaluation(cases=n, hit_at=hit_at, ranks=ranks, coverage=coverage)
