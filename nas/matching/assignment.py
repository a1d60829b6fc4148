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

Pricing: solving a few pairs, proving the rest
----------------------------------------------
Most feasible pairs can never be in an optimal plan (a child's 150th-best
family rarely is), and the solver's time grows with the arcs it is given. On
a large instance (`PRICING_MIN_PAIRS` or more) the flow is solved on a
candidate set of pairs first (each child's and each household's best pairs,
within `first_slack` of their best), and then proved optimal for all the
pairs, or improved, by the reduced-cost optimality conditions of linear
programming (Ahuja, Magnanti and Orlin, *Network Flows*, 1993, theorem 9.8;
the same test as column generation's pricing):

1. node potentials `d` are the shortest-path distances in the residual
   network of the candidate flow (Bellman-Ford from a virtual root; an
   optimal flow's residual network has no negative cycle, so they exist);
   every residual arc of the candidate network then has a reduced cost
   `c_ij + d_i - d_j >= 0`;
2. every other feasible pair carries no flow, so its only residual arc is
   child -> household at cost `-w_ij`; if `-w_ij + d_child - d_household >= 0`
   for all of them, no residual arc of the whole network has a negative
   reduced cost, so it has no negative cycle and the flow is optimal for the
   whole instance: the same objective as solving every pair at once;
3. otherwise the pairs priced below `PRICING_SLACK` join the candidates and
   the flow is solved again (at most `PRICING_ROUNDS` times, and never on
   more than `PRICING_MAX_SHARE` of the pairs: past either, every pair is
   solved at once).

The total weight is always the exact optimum, the same as solving every pair
at once (measured in `bench/matching.py`, and proved for random instances in
the tests). Where several plans share that total, pricing may return another
of them than the one-shot solve would, as any other solver may; the parity
guard's re-weighting then starts from that plan.

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
    #: pairs the solver was given in the last solve (fewer than all when
    #: pricing proved the rest could not improve the plan).
    solved_pairs: int = 0


def waiting_bonus(waiting_days: np.ndarray, bonus_per_year: int = DEFAULT_BONUS_PER_YEAR) -> np.ndarray:
    return (np.asarray(waiting_days, np.int64) * bonus_per_year) // 365


#: Below this many feasible pairs the flow is solved on all of them at once:
#: on the benchmark's instances pricing took 1.97x the time of one solve at
#: 90,000 pairs, 0.90x at 250,000, 0.72x at 810,000 and about 0.4x at
#: 4,000,000. (Wales' national register has a few hundred children and
#: households, so its plan is solved at once.)
PRICING_MIN_PAIRS = 250_000
#: A pair priced below this (in points of weight) joins the candidates.
PRICING_SLACK = 6
#: Rounds of pricing before every pair is solved at once.
PRICING_ROUNDS = 4
#: Share of the pairs past which the candidates are no longer worth it.
PRICING_MAX_SHARE = 0.5
#: The first candidates: each child's and each household's pairs within this
#: many points of their own best pair. Generous on purpose: a second round
#: solves the flow again from the start, which costs more than the extra
#: arcs (bench/matching.py's 20,000 x 20,000: 12 points solved 12% of the
#: pairs in one round; its smaller instances took two).
FIRST_SLACK = 12


@dataclass(frozen=True)
class Solution:
    """The chosen pairs (indices into `Pairs`) and how they were found."""

    chosen: np.ndarray
    #: pairs given to the solver in its last round (all of them without pricing).
    solved_pairs: int
    #: solver rounds (1 without pricing).
    rounds: int


def solve_weights(
    pairs: Pairs,
    weights: np.ndarray,
    *,
    pricing_min_pairs: int | None = None,
    first_slack: int = FIRST_SLACK,
    max_share: float = PRICING_MAX_SHARE,
) -> Solution:
    """A maximum-weight assignment (capacity 1 each side) of the pairs, solved
    on candidates and proved optimal by pricing when there are many pairs
    (`pricing_min_pairs`, by default PRICING_MIN_PAIRS)."""
    if pricing_min_pairs is None:
        pricing_min_pairs = PRICING_MIN_PAIRS
    n, m = int(pairs.n_children), int(pairs.n_families)
    child = np.asarray(pairs.child, np.int64)
    family = np.asarray(pairs.family, np.int64)
    weights = np.asarray(weights, np.int64)
    k = len(child)
    if k == 0:
        return Solution(np.zeros(0, np.int64), 0, 1)
    if k < pricing_min_pairs:
        return Solution(_min_cost_flow(n, m, child, family, weights), k, 1)
    candidates = _near_best(child, n, weights, first_slack) | _near_best(family, m, weights, first_slack)
    rounds = 0
    while rounds < PRICING_ROUNDS:
        picked = np.flatnonzero(candidates)
        if len(picked) > max_share * k:
            break
        rounds += 1
        chosen = picked[_min_cost_flow(n, m, child[picked], family[picked], weights[picked])]
        reduced = _reduced_costs(n, m, child, family, weights, picked, chosen)
        if reduced.min() >= 0:
            return Solution(chosen, len(picked), rounds)
        candidates |= reduced < PRICING_SLACK
    return Solution(_min_cost_flow(n, m, child, family, weights), k, rounds + 1)


def _min_cost_flow(n: int, m: int, child: np.ndarray, family: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Indices of the pairs in a maximum-weight assignment, by OR-Tools' min-cost flow."""
    k = len(child)
    source, sink = n + m, n + m + 1
    tails = np.concatenate(
        [child.astype(np.int32), np.full(n, source, np.int32), np.arange(n, n + m, dtype=np.int32), [source]]
    )
    heads = np.concatenate(
        [(family + n).astype(np.int32), np.arange(n, dtype=np.int32), np.full(m, sink, np.int32), [sink]]
    )
    capacities = np.ones(len(tails), np.int64)
    capacities[-1] = n
    costs = np.concatenate([-weights, np.zeros(n + m + 1, np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_nodes_supplies(np.array([source, sink], np.int32), np.array([n, -n], np.int64))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise AssignmentError(f"min-cost flow did not find an optimum (status {status})")
    return np.flatnonzero(flow.flows(np.arange(k, dtype=np.int32)))


def _near_best(owner: np.ndarray, size: int, weights: np.ndarray, slack: int) -> np.ndarray:
    """The pairs within `slack` of the best pair of their child (or household)."""
    best = np.full(size, np.iinfo(np.int64).min, np.int64)
    np.maximum.at(best, owner, weights)
    return weights >= best[owner] - slack


def _reduced_costs(
    n: int,
    m: int,
    child: np.ndarray,
    family: np.ndarray,
    weights: np.ndarray,
    picked: np.ndarray,
    chosen: np.ndarray,
) -> np.ndarray:
    """Reduced cost `-w_ij + d_child - d_household` of every pair's residual
    arc under the potentials of the candidates' optimal flow (0 for the chosen
    pairs, whose forward arcs are full). All >= 0 proves the flow optimal for
    every pair."""
    in_flow = np.zeros(len(child), np.bool_)
    in_flow[chosen] = True
    potential = _potentials(n, m, child[picked], family[picked], weights[picked], in_flow[picked])
    reduced = potential[child] - potential[n + family] - weights
    reduced[chosen] = 0
    return reduced


def _potentials(n: int, m: int, c: np.ndarray, f: np.ndarray, w: np.ndarray, flows: np.ndarray) -> np.ndarray:
    """Shortest-path distances from a virtual root (an arc of cost 0 to every
    node) in the residual network of the candidates' flow (pairs `c`, `f`, `w`,
    and `flows` true where a pair carries one), by Bellman-Ford, relaxing only
    the arcs out of the nodes whose distance changed in the last pass.
    Nodes: children 0..n-1, households n..n+m-1, source, sink."""
    source, sink = n + m, n + m + 1
    nodes = n + m + 2
    child_matched = np.zeros(n, np.bool_)
    child_matched[c[flows]] = True
    family_matched = np.zeros(m, np.bool_)
    family_matched[f[flows]] = True
    f = f + n
    matched = int(flows.sum())
    children, households = np.arange(n), np.arange(n, n + m)
    # The source -> sink arc carries the n - matched children unmatched:
    # it can carry more while any child is matched, and less while any is not.
    bypass_tails = ([source] if matched > 0 else []) + ([sink] if matched < n else [])
    bypass_heads = ([sink] if matched > 0 else []) + ([source] if matched < n else [])
    # A pair with flow can only send it back (household -> child, +w); one
    # without can take it (child -> household, -w). A matched child can send
    # its unit back to the source, an unmatched one receive one; likewise a
    # household and the sink.
    tails = [
        np.where(flows, f, c),
        np.where(child_matched, children, source),
        np.where(family_matched, sink, households),
        np.array(bypass_tails, np.int64),
    ]
    heads = [
        np.where(flows, c, f),
        np.where(child_matched, source, children),
        np.where(family_matched, households, sink),
        np.array(bypass_heads, np.int64),
    ]
    costs = [np.where(flows, w, -w), np.zeros(n + m + len(bypass_tails), np.int64)]
    tail = np.concatenate(tails)
    head = np.concatenate(heads)
    cost = np.concatenate(costs)
    order = np.argsort(tail, kind="stable")
    head, cost = head[order], cost[order]
    starts = np.zeros(nodes + 1, np.int64)
    np.cumsum(np.bincount(tail, minlength=nodes), out=starts[1:])
    distance = np.zeros(nodes, np.int64)
    active = np.arange(nodes)
    for _pass in range(nodes + 1):
        first, counts = starts[active], starts[active + 1] - starts[active]
        total = int(counts.sum())
        if total == 0:
            return distance
        # The arcs out of the active nodes, as one index array.
        offsets = np.repeat(first - (np.cumsum(counts) - counts), counts) + np.arange(total)
        reach = np.repeat(distance[active], counts) + cost[offsets]
        to = head[offsets]
        shorter = reach < distance[to]
        if not shorter.any():
            return distance
        to, reach = to[shorter], reach[shorter]
        np.minimum.at(distance, to, reach)
        active = np.unique(to)
    raise AssignmentError("the candidates' flow is not optimal (a negative cycle remains)")


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
        solution = solve_weights(pairs, weights)
        chosen = solution.chosen
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
        solved_pairs=solution.solved_pairs,
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
