"""The national optimal assignment, checked against scipy's solvers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from nas.matching import assignment
from nas.matching.assignment import (
    Pairs,
    assign,
    pairs_from,
    protected_groups,
    solve_weights,
    waiting_bonus,
)
from nas.matching.engine import ChildNeeds, FamilyOffer, FamilySet, Member


def _scipy_dense_objective(pairs: Pairs, weights: np.ndarray) -> int:
    """Best total weight by the Hungarian method on a square matrix with a
    zero-weight 'unmatched' column per child."""
    n, m = pairs.n_children, pairs.n_families
    matrix = np.zeros((n, m + n))
    matrix[:, :m] = -1e9
    np.maximum.at(matrix, (pairs.child, pairs.family), weights)  # a repeated pair: its best weight
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return int(round(sum(matrix[r, c] for r, c in zip(rows, cols, strict=True) if c < m)))


def _scipy_sparse_objective(pairs: Pairs, weights: np.ndarray) -> int:
    """The same with scipy's sparse LAPJVsp: one dummy column per child at weight 1, real pairs at w+1."""
    n, m = pairs.n_children, pairs.n_families
    rows = np.concatenate([pairs.child, np.arange(n)])
    cols = np.concatenate([pairs.family, m + np.arange(n)])
    data = np.concatenate([weights + 1, np.ones(n)]).astype(float)
    graph = csr_matrix((data, (rows, cols)), shape=(n, m + n))
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph, maximize=True)
    return int(sum(graph[r, c] - 1 for r, c in zip(matched_rows, matched_cols, strict=True)))


@st.composite
def instances(draw):
    n, m = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    cells = draw(st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, m - 1)), min_size=1, max_size=n * m))
    cells = sorted(cells)
    scores = draw(st.lists(st.integers(1, 120), min_size=len(cells), max_size=len(cells)))
    waits = draw(st.lists(st.integers(0, 1500), min_size=n, max_size=n))
    pairs = Pairs(
        child=np.array([c for c, _ in cells], np.int32),
        family=np.array([f for _, f in cells], np.int32),
        score=np.array(scores, np.int64),
        n_children=n,
        n_families=m,
    )
    return pairs, np.array(waits)


@settings(max_examples=150, deadline=None)
@given(instance=instances())
def test_the_objective_is_identical_to_scipys_on_random_instances(instance):
    pairs, waits = instance
    result = assign(pairs, waits)
    weights = pairs.score + waiting_bonus(waits)[pairs.child]
    assert result.objective == _scipy_dense_objective(pairs, weights)
    assert result.objective == _scipy_sparse_objective(pairs, weights)
    children = [c for c, _ in result.matches]
    families = [f for _, f in result.matches]
    assert len(set(children)) == len(children)
    assert len(set(families)) == len(families)
    feasible = set(zip(pairs.child.tolist(), pairs.family.tolist(), strict=True))
    assert set(result.matches) <= feasible


@st.composite
def larger_instances(draw):
    """Up to 25 x 25 with any density, weights from -5 to 200, sometimes a pair
    repeated (drawn by NumPy
    from a seed: hypothesis's own lists shrink towards ties, which the first
    candidates nearly always cover)."""
    n, m = draw(st.integers(1, 25)), draw(st.integers(1, 25))
    density = draw(st.floats(0.05, 1.0))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    cells = np.flatnonzero(rng.random(n * m) < density)
    if len(cells) == 0:
        cells = np.array([0])
    if draw(st.booleans()):  # the same pair twice, at another weight
        cells = np.concatenate([cells, rng.choice(cells, len(cells) // 3 + 1)])
    weights = rng.integers(-5, 201, len(cells)).astype(np.int64)
    pairs = Pairs(child=cells // m, family=cells % m, score=weights, n_children=n, n_families=m)
    return pairs, weights


@settings(max_examples=200, deadline=None)
@given(instance=larger_instances(), first_slack=st.integers(0, 6))
def test_pricing_finds_the_same_optimum_as_solving_every_pair(instance, first_slack):
    """Solved on candidate pairs and proved by the reduced-cost optimality
    conditions (Ahuja, Magnanti and Orlin, Network Flows, theorem 9.8), the
    plan's total weight is the exact optimum: the same as solving every pair
    at once and as scipy's Hungarian method."""
    pairs, weights = instance
    priced = solve_weights(pairs, weights, pricing_min_pairs=0, first_slack=first_slack, max_share=1.0)
    direct = solve_weights(pairs, weights, pricing_min_pairs=len(weights) + 1)
    assert direct.solved_pairs == len(weights)
    assert int(weights[priced.chosen].sum()) == int(weights[direct.chosen].sum())
    assert int(weights[priced.chosen].sum()) == _scipy_dense_objective(pairs, np.maximum(weights, 0))
    assert len(set(pairs.child[priced.chosen].tolist())) == len(priced.chosen)
    assert len(set(pairs.family[priced.chosen].tolist())) == len(priced.chosen)


def test_pricing_adds_the_pair_the_first_candidates_missed():
    # Child 0's best family is 0 and family 1's best child is 2, so the pair
    # (0, 1) is not among the first candidates (slack 0); but the optimum
    # needs it: 2 -> 2 (20), 0 -> 1 (5), 1 -> 0 (9) = 34 against 30 without it.
    pairs = Pairs(
        child=np.array([0, 0, 1, 2, 2]),
        family=np.array([0, 1, 0, 1, 2]),
        score=np.array([10, 5, 9, 8, 20]),
        n_children=3,
        n_families=3,
    )
    solution = solve_weights(pairs, pairs.score, pricing_min_pairs=0, first_slack=0, max_share=1.0)
    assert (solution.rounds, solution.solved_pairs) == (2, 5)
    assert sorted(solution.chosen.tolist()) == [1, 2, 4]
    assert int(pairs.score[solution.chosen].sum()) == 34


def test_pricing_solves_every_pair_once_the_candidates_are_most_of_them():
    # Every pair ties, so every pair is a first candidate: no point in pricing.
    pairs = Pairs(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]), np.array([7, 7, 7, 7]), 2, 2)
    solution = solve_weights(pairs, pairs.score, pricing_min_pairs=0)
    assert (solution.solved_pairs, solution.rounds) == (4, 1)
    assert int(pairs.score[solution.chosen].sum()) == 14


def test_a_national_size_instance_is_priced_and_keeps_its_optimum(monkeypatch):
    # The real threshold is 250,000 pairs; the same path on 51,000.
    monkeypatch.setattr(assignment, "PRICING_MIN_PAIRS", 50_000)
    rng = np.random.default_rng(7)
    n = 1000
    per_child = 51
    child = np.repeat(np.arange(n), per_child)
    family = np.concatenate([rng.choice(n, per_child, replace=False) for _ in range(n)])
    pairs = Pairs(child, family, rng.integers(1, 120, len(child)), n, n)
    waits = rng.integers(0, 1500, n)
    result = assign(pairs, waits)
    assert result.solved_pairs < len(child) // 2
    weights = pairs.score + waiting_bonus(waits)[pairs.child]
    direct = solve_weights(pairs, weights, pricing_min_pairs=len(child) + 1)
    assert direct.solved_pairs == len(child)
    assert result.objective == int(weights[direct.chosen].sum())


def test_the_child_who_has_waited_longer_gets_the_only_family_at_equal_suitability():
    pairs = Pairs(np.array([0, 1]), np.array([0, 0]), np.array([50, 50]), 2, 1)
    result = assign(pairs, np.array([30, 700]))
    assert result.matches == [(1, 0)]
    assert result.suitability == 50
    assert result.objective == 50 + 700 * 20 // 365


def test_much_higher_suitability_outweighs_a_little_more_waiting():
    pairs = Pairs(np.array([0, 1]), np.array([0, 0]), np.array([90, 20]), 2, 1)
    assert assign(pairs, np.array([0, 60])).matches == [(0, 0)]


def test_the_parity_guard_lifts_a_group_placed_far_less_often():
    # Four families; the four older children each fit only the families the
    # younger children fit better, so without the guard none is matched.
    child = np.array([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7])
    family = np.array([0, 1, 1, 2, 2, 3, 3, 0, 0, 1, 1, 2, 2, 3, 3, 0])
    score = np.array([90, 80, 90, 80, 90, 80, 90, 80, 40, 40, 40, 40, 40, 40, 40, 40])
    pairs = Pairs(child, family, score, 8, 4)
    older = np.array([False] * 4 + [True] * 4)
    plain = assign(pairs, np.zeros(8), groups={"older": older})
    assert plain.group_rates["older"].rate == 0.0
    guarded = assign(pairs, np.zeros(8), groups={"older": older}, parity=0.8)
    assert guarded.parity_met
    rate = guarded.group_rates["older"]
    assert rate.rate >= 0.8 * rate.others_rate
    assert guarded.suitability < plain.suitability
    assert guarded.boosts["older"] > 0


def test_the_guard_reports_when_a_group_cannot_be_lifted():
    pairs = Pairs(np.array([0]), np.array([0]), np.array([10]), 2, 1)
    result = assign(pairs, np.zeros(2), groups={"stuck": np.array([False, True])}, parity=0.9)
    assert not result.parity_met
    assert result.group_rates["stuck"].matched == 0


def test_pairs_from_the_engine_treat_a_sibling_group_as_one_unit():
    children = [
        ChildNeeds("single", 2, region="vvc"),
        ChildNeeds("group", 3, siblings=(Member(5),), region="vvc", ethnicity="BAFR"),
    ]
    families = FamilySet(
        [
            FamilyOffer("one", 0, 6, max_children=1, region="vvc", owner="vvc"),
            FamilyOffer("two", 0, 6, max_children=2, takes_sibling_groups=True, region="vvc", owner="vvc"),
        ]
    )
    pairs = pairs_from(children, families)
    assert sorted(zip(pairs.child.tolist(), pairs.family.tolist(), strict=True)) == [(0, 0), (0, 1), (1, 1)]
    result = assign(pairs, np.array([0, 0]))
    assert result.matches == [(0, 0), (1, 1)]
    groups = protected_groups(children)
    assert groups["siblings"].tolist() == [False, True]
    assert groups["older"].tolist() == [False, False]
    assert groups["minority_ethnic"].tolist() == [False, True]


def test_parity_must_be_a_fraction():
    pairs = Pairs(np.array([0]), np.array([0]), np.array([10]), 1, 1)
    with pytest.raises(ValueError):
        assign(pairs, np.zeros(1), parity=1.5)
