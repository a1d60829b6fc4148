"""The national optimal assignment: a planning view for the national team.

"If every waiting child were matched today, which set of matches would give
the greatest total suitability, with priority for those who have waited
longest?" It is advisory only: it never links, matches or decides anything;
social workers, panels and agency decision makers do that.

The objective
-------------
Each feasible pair (a child or sibling group `i` and a household `j` passing
every hard constraint of the engine) has a suitability score `s_ij` (the
engine's weighted score). Its weight is

    w_ij = s_ij + b_i,    b_i = floor(waiting_days_i * bonus_per_year / 365)

and the assignment chooses at most one household per child (a sibling group
is one unit) and at most one unit per household (capacity 1) to maximise the
sum of `w_ij` over the chosen pairs. Every weight is positive, so a child is
left unmatched only when the households that could meet their needs are
better used elsewhere. The waiting bonus does not change which household a
matched child gets (it is the same for all their pairs); it decides who is
matched when children compete for the same household: the one who has waited
longer wins unless the other's suitability is higher by more than the
difference in bonus.

It is solved exactly as a min-cost flow (OR-Tools `SimpleMinCostFlow`, whole
numbers only): source -> child (capacity 1) -> household (capacity 1, cost
`-w_ij`) -> sink, plus a source -> sink arc at cost 0 that carries the
children left unmatched. Only the sparse feasible pairs become arcs.

The parity guard
----------------
Optionally, no protected group of children (older children, sibling groups,
disabled children, minority ethnic children: `protected_groups`) may be
matched at a rate below `parity` times the rate of the other children. The
method is iterative re-weighting (a Lagrangian heuristic): after a solve,
every group below its floor gets a boost added to the weights of its
children's pairs, doubled each round, and the problem is solved again, up to
`max_rounds` times. The boosts are an instrument only: the reported objective
is always `sum(w_ij)` of the chosen pairs without them, and the result says
whether the guard was met (it cannot be when a group has too few feasible
households at all) and what it cost in suitability.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from nas.matching.engine import ChildNeeds, FamilySet, scores_for

DEFAULT_BONUS_PER_YEAR = 20
#: White ethnicity codes of the SSDA903 set other than Gypsy/Roma and Irish
#: Traveller heritage (minority ethnic groups); refused and not yet obtained
#: are not counted as either.
_WHITE_MAJORITY = frozenset({"WBRI", "WIRI", "WOTH"})
_UNKNOWN_ETHNICITY = frozenset({"", "REFU", "NOBT"})
OLDER_CHILD_YEARS = 5


class AssignmentError(RuntimeError):
    pass


@dataclass(frozen=True)
class Pairs:
    """The feasible pairs: parallel arrays of child index, household index and score."""

    child: np.ndarray
    family: np.ndarray
    score: np.ndarray
    n_children: int
    n_families: int

    def __post_init__(self) -> None:
        if not (len(self.child) == len(self.family) == len(self.score)):
            raise ValueError("child, family and score must be the same length")


@dataclass(frozen=True)
class GroupRate:
    children: int
    matched: int
    rate: float
    others_rate: float
    floor: float | None

    @property
    def below_floor(self) -> bool:
        return self.floor is not None and self.rate < self.floor


@dataclass
class Assignment:
    #: (child index, household index) of each match, by child.
    matches: list[tuple[int, int]]
    #: sum of w_ij = score + waiting bonus over the matches.
    objective: int
    #: sum of the scores alone.
    suitability: int
    group_rates: dict[str, GroupRate] = field(default_factory=dict)
    parity_met: bool = True
    rounds: int = 1
    boosts: dict[str, int] = field(default_factory=dict)


def waiting_bonus(waiting_days: np.ndarray, bonus_per_year: int = DEFAULT_BONUS_PER_YEAR) -> np.ndarray:
    return (np.asarray(waiting_days, np.int64) * bonus_per_year) // 365


def solve_weights(pairs: Pairs, weights: np.ndarray) -> np.ndarray:
    """Indices of the pairs in a maximum-weight assignment (capacity 1 each side)."""
    n, m, k = pairs.n_children, pairs.n_families, len(pairs.child)
    if k == 0:
        return np.zeros(0, np.int64)
    source, sink = n + m, n + m + 1
    child_nodes = np.arange(n, dtype=np.int32)
    family_nodes = np.arange(n, n + m, dtype=np.int32)
    tails = np.concatenate(
        [np.asarray(pairs.child, np.int32), np.full(n, source, np.int32), family_nodes, [source]]
    )
    heads = np.concatenate(
        [np.asarray(pairs.family, np.int32) + n, child_nodes, np.full(m, sink, np.int32), [sink]]
    )
    capacities = np.ones(len(tails), np.int64)
    capacities[-1] = n
    costs = np.concatenate([-np.asarray(weights, np.int64), np.zeros(n + m + 1, np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_nodes_supplies(np.array([source, sink], np.int32), np.array([n, -n], np.int64))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise AssignmentError(f"min-cost flow did not find an optimum (status {status})")
    return np.flatnonzero(flow.flows(np.arange(k, dtype=np.int32)))


def assign(
    pairs: Pairs,
    waiting_days: np.ndarray,
    *,
    bonus_per_year: int = DEFAULT_BONUS_PER_YEAR,
    groups: Mapping[str, np.ndarray] | None = None,
    parity: float | None = None,
    max_rounds: int = 6,
) -> Assignment:
    """The assignment maximising total weight; with `parity`, re-weighted so
    that each group in `groups` (boolean masks over children) is matched at a
    rate of at least `parity` times that of the other children, if it can be."""
    if parity is not None and not 0 < parity <= 1:
        raise ValueError("parity is a fraction between 0 and 1")
    groups = dict(groups or {})
    bonus = waiting_bonus(waiting_days, bonus_per_year)
    base = np.asarray(pairs.score, np.int64) + bonus[np.asarray(pairs.child, np.int64)]
    boosts = dict.fromkeys(groups, 0)
    step = max(1, int(base.max()) // 4) if len(base) else 1
    rounds = 0
    while True:
        rounds += 1
        weights = base.copy()
        for name, boost in boosts.items():
            if boost:
                weights += boost * groups[name][pairs.child]
        chosen = solve_weights(pairs, weights)
        rates = _rates(pairs, chosen, groups, parity)
        below = [name for name, rate in rates.items() if rate.below_floor]
        if not below or parity is None or rounds >= max_rounds:
            break
        for name in below:
            boosts[name] = boosts[name] * 2 if boosts[name] else step
    return Assignment(
        matches=sorted(zip(pairs.child[chosen].tolist(), pairs.family[chosen].tolist(), strict=True)),
        objective=int(base[chosen].sum()),
        suitability=int(np.asarray(pairs.score, np.int64)[chosen].sum()),
        group_rates=rates,
        parity_met=not any(rate.below_floor for rate in rates.values()),
        rounds=rounds,
        boosts={name: boost for name, boost in boosts.items() if boost},
    )


def _rates(
    pairs: Pairs, chosen: np.ndarray, groups: Mapping[str, np.ndarray], parity: float | None
) -> dict[str, GroupRate]:
    matched = np.zeros(pairs.n_children, np.bool_)
    matched[pairs.child[chosen]] = True
    out = {}
    for name, mask in groups.items():
        inside, outside = int(mask.sum()), int((~mask).sum())
        rate = float(matched[mask].sum()) / inside if inside else 0.0
        others = float(matched[~mask].sum()) / outside if outside else 0.0
        out[name] = GroupRate(
            children=inside,
            matched=int(matched[mask].sum()),
            rate=rate,
            others_rate=others,
            floor=None if parity is None or not inside else parity * others,
        )
    return out


def pairs_from(
    children: Sequence[ChildNeeds], families: FamilySet, *, weights: Mapping[str, int] | None = None
) -> Pairs:
    """The feasible pairs and their scores, from the engine."""
    child_idx, family_idx, scores = [], [], []
    for i, child in enumerate(children):
        positions, row = scores_for(child, families, weights=weights)
        child_idx.append(np.full(len(positions), i, np.int32))
        family_idx.append(positions.astype(np.int32))
        scores.append(row.astype(np.int64))
    return Pairs(
        child=np.concatenate(child_idx) if child_idx else np.zeros(0, np.int32),
        family=np.concatenate(family_idx) if family_idx else np.zeros(0, np.int32),
        score=np.concatenate(scores) if scores else np.zeros(0, np.int64),
        n_children=len(children),
        n_families=len(families),
    )


def protected_groups(children: Sequence[ChildNeeds]) -> dict[str, np.ndarray]:
    """The groups of children the parity guard and the equity report watch:
    older children (five or over), sibling groups, disabled children and
    minority ethnic children, as in the 'harder to place' groups of adoption
    research (Selwyn et al.; the Department for Education's inter-agency fee
    grant used the same four, plus children waiting over 18 months)."""
    return {
        "older": np.array([c.age_years >= OLDER_CHILD_YEARS for c in children], np.bool_),
        "siblings": np.array([c.group_size > 1 for c in children], np.bool_),
        "disabled": np.array([c.any_disability for c in children], np.bool_),
        "minority_ethnic": np.array([is_minority_ethnic(c.ethnicity) for c in children], np.bool_),
    }


def is_minority_ethnic(code: str) -> bool:
    return code not in _WHITE_MAJORITY and code not in _UNKNOWN_ETHNICITY
