"""Family finding at national and UK scale, on generated data (seeded).

(a) Suggestions for one child against 5,000 approved households: the
    vectorised engine (hard constraints, scores and explanations of the top
    50) against the plain scorer (a loop over families with if-statements,
    nas.matching.baseline) on the same children and families. Both must give
    the same families and scores. Target: p95 under 50 ms and at least 20x.
(b) The national assignment on 20,000 children x 20,000 households with about
    1% feasible pairs: nas.matching.assignment.assign (OR-Tools' min-cost
    flow on candidate pairs, the rest proved unable to improve the plan by
    pricing) against scipy's sparse LAPJVsp (min_weight_full_bipartite_matching,
    with one dummy column per child so a child may stay unmatched) and
    against OR-Tools' SimpleMinCostFlow called directly on every pair, on the
    same instance. Target: within 1.2x of the faster of the two, with the
    same objective value.
"""

from __future__ import annotations

import gc
import os
import statistics
import time

import numpy as np

SEED = 20250401
HOUSEHOLDS = int(os.environ.get("BENCH_MATCHING_HOUSEHOLDS", 5000))
CHILDREN_SAMPLED = int(os.environ.get("BENCH_MATCHING_CHILDREN", 200))
NATIONAL = int(os.environ.get("BENCH_MATCHING_NATIONAL", 20000))
DENSITY = 0.01
REPEATS = 3
ASSIGNMENT_REPEATS = int(os.environ.get("BENCH_MATCHING_ASSIGNMENT_REPEATS", 3))

AUTHORITIES = [
    ("wrexham", "north-wales"),
    ("gwynedd", "north-wales"),
    ("conwy", "north-wales"),
    ("newport", "south-east-wales"),
    ("torfaen", "south-east-wales"),
    ("powys", "west-and-mid-wales"),
    ("pembrokeshire", "west-and-mid-wales"),
    ("swansea", "western-bay"),
    ("bridgend", "western-bay"),
    ("cardiff", "vale-valleys-cardiff"),
    ("rhondda-cynon-taf", "vale-valleys-cardiff"),
]
ETHNICITIES = ["WBRI"] * 8 + ["WOTH", "MWBC", "BAFR", "APKN", "MOTH"]
RELIGIONS = ["", "", "Christian", "Muslim", "Hindu"]
LEVELS = ["none", "low", "medium", "high"]
CONTACT = ["none", "letterbox", "direct_siblings", "direct_birth_family"]


def _percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def _households(rng, n):
    from nas.matching.engine import FamilyOffer

    out = []
    for i in range(n):
        authority, region = AUTHORITIES[rng.integers(len(AUTHORITIES))]
        agency = rng.random() < 0.15
        low = int(rng.integers(0, 5))
        out.append(
            FamilyOffer(
                key=f"h{i}",
                min_age_years=low,
                max_age_years=low + int(rng.integers(1, 8)),
                max_children=int(rng.choice([1, 1, 2, 2, 3])),
                takes_sibling_groups=bool(rng.random() < 0.5),
                max_health=LEVELS[rng.integers(1, 4)],
                max_developmental=LEVELS[rng.integers(1, 4)],
                max_behavioural=LEVELS[rng.integers(1, 4)],
                disability=bool(rng.random() < 0.3),
                contact=CONTACT[rng.integers(1, 4)],
                welsh_speaking=bool(rng.random() < 0.25),
                ethnicities=frozenset({ETHNICITIES[rng.integers(len(ETHNICITIES))]}),
                religion=RELIGIONS[rng.integers(len(RELIGIONS))],
                local_authority=authority,
                region=region,
                owner="st-davids" if agency else region,
                owner_is_agency=agency,
                waiting_days=int(rng.integers(0, 900)),
            )
        )
    return out


def _children(rng, n):
    from nas.matching.engine import ChildNeeds, Member

    out = []
    for i in range(n):
        authority, region = AUTHORITIES[rng.integers(len(AUTHORITIES))]
        siblings = tuple(
            Member(int(rng.integers(0, 9)), int(rng.integers(0, 12)), LEVELS[rng.integers(0, 3)])
            for _ in range(int(rng.choice([0, 0, 0, 1, 2])))
        )
        out.append(
            ChildNeeds(
                key=f"c{i}",
                age_years=int(rng.integers(0, 9)),
                age_months=int(rng.integers(0, 12)),
                health=LEVELS[rng.integers(0, 4)],
                developmental=LEVELS[rng.integers(0, 4)],
                behavioural=LEVELS[rng.integers(0, 3)],
                disability=bool(rng.random() < 0.1),
                siblings=siblings,
                ethnicity=ETHNICITIES[rng.integers(len(ETHNICITIES))],
                religion=RELIGIONS[rng.integers(len(RELIGIONS))],
                language=["english", "english", "welsh", "bilingual"][rng.integers(4)],
                contact_plan=CONTACT[rng.integers(0, 3)],
                avoid_authorities=frozenset({authority}) if rng.random() < 0.5 else frozenset(),
                waiting_days=int(rng.integers(0, 1200)),
                region=region,
                local_authority=authority,
            )
        )
    return out


def suggestions() -> None:
    from nas.matching import baseline
    from nas.matching.engine import DEFAULT_WEIGHTS, FamilySet, suggest

    rng = np.random.default_rng(SEED)
    offers = _households(rng, HOUSEHOLDS)
    children = _children(rng, CHILDREN_SAMPLED)
    start = time.perf_counter()
    families = FamilySet(offers)
    build = time.perf_counter() - start
    for child in children[:5]:  # warm up NumPy's code paths
        suggest(child, families, weights=DEFAULT_WEIGHTS)

    engine_times, plain_times, feasible = [], [], []
    # As timeit does, keep the garbage collector out of the timings (of both sides).
    gc.collect()
    gc.disable()
    for child in children:
        # Each child's time is the best of a few runs (timeit's advice): the
        # machine is shared, and a slow run measures the neighbours, not the code.
        best = float("inf")
        for _ in range(REPEATS):
            start = time.perf_counter()
            found = suggest(child, families, weights=DEFAULT_WEIGHTS, limit=50)
            best = min(best, time.perf_counter() - start)
        engine_times.append(best)
        best = float("inf")
        for _ in range(REPEATS):
            start = time.perf_counter()
            plain = baseline.suggest_plain(child, offers, DEFAULT_WEIGHTS, limit=50)
            best = min(best, time.perf_counter() - start)
        plain_times.append(best)
        assert [(s.family, s.score) for s in found] == [(k, score) for k, score, _t, _p in plain], child.key
        feasible.append(int(families.feasible(child).sum()))
    gc.enable()
    wording = []
    for child in children:
        found = suggest(child, families, weights=DEFAULT_WEIGHTS, limit=50)
        start = time.perf_counter()
        _ = [c.text for s in found for c in s.contributions]
        wording.append(time.perf_counter() - start)

    e50, e95 = _percentile(engine_times, 0.5) * 1000, _percentile(engine_times, 0.95) * 1000
    p50, p95 = _percentile(plain_times, 0.5) * 1000, _percentile(plain_times, 0.95) * 1000
    print(
        f"matching (a): suggestions for one child against {HOUSEHOLDS:,} households, {len(children)} children"
    )
    print(
        f"  family set built once: {build * 1000:.1f} ms; "
        f"feasible families per child: median {statistics.median(feasible):.0f}"
    )
    print(f"  engine (NumPy, top 50 ranked):     p50 {e50:.2f} ms, p95 {e95:.2f} ms")
    print(f"  plain Python scorer (baseline):   p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    print(
        f"  wording the top 50 explanations in the current language (when shown): "
        f"p50 {_percentile(wording, 0.5) * 1000:.2f} ms, p95 {_percentile(wording, 0.95) * 1000:.2f} ms"
    )
    print(f"  ratio plain/engine: p50 {p50 / e50:.1f}x, p95 {p95 / e95:.1f}x  (targets: p95 < 50 ms, >= 20x)")


def _instance(n: int, density: float):
    from nas.matching.assignment import Pairs

    rng = np.random.default_rng(SEED + 1)
    per_child = max(1, int(n * density))
    child = np.repeat(np.arange(n, dtype=np.int32), per_child)
    # Distinct households per child: a random offset walk modulo n.
    starts = rng.integers(0, n, n)
    steps = rng.integers(1, max(2, n // per_child), (n, per_child)).cumsum(axis=1)
    family = ((starts[:, None] + steps) % n).astype(np.int32).ravel()
    score = rng.integers(1, 120, len(child)).astype(np.int64)
    waiting = rng.integers(0, 1500, n)
    return Pairs(child, family, score, n, n), waiting


def _ortools_direct(pairs, weights) -> int:
    from ortools.graph.python import min_cost_flow

    n, m = pairs.n_children, pairs.n_families
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = n + m, n + m + 1
    tails = np.concatenate([pairs.child, np.full(n, source), np.arange(n, n + m), [source]]).astype(np.int32)
    heads = np.concatenate([pairs.family + n, np.arange(n), np.full(m, sink), [sink]]).astype(np.int32)
    caps = np.ones(len(tails), np.int64)
    caps[-1] = n
    costs = np.concatenate([-weights, np.zeros(n + m + 1, np.int64)])
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_nodes_supplies(np.array([source, sink], np.int32), np.array([n, -n], np.int64))
    assert flow.solve() == flow.OPTIMAL
    return -flow.optimal_cost()


def _scipy(pairs, weights) -> int:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    n, m = pairs.n_children, pairs.n_families
    rows = np.concatenate([pairs.child, np.arange(n)])
    cols = np.concatenate([pairs.family, m + np.arange(n)])
    data = np.concatenate([weights + 1, np.ones(n, np.int64)]).astype(np.float64)
    graph = csr_matrix((data, (rows, cols)), shape=(n, m + n))
    r, c = min_weight_full_bipartite_matching(graph, maximize=True)
    return int(round(np.asarray(graph[r, c]).sum())) - n


def assignment() -> None:
    from nas.matching.assignment import assign, waiting_bonus

    pairs, waiting = _instance(NATIONAL, DENSITY)
    weights = pairs.score + waiting_bonus(waiting)[pairs.child]
    print(
        f"matching (b): national assignment, {NATIONAL:,} children x {NATIONAL:,} households, "
        f"{len(pairs.child):,} feasible pairs ({len(pairs.child) / NATIONAL**2:.2%})"
    )
    # Each side's time is the best of ASSIGNMENT_REPEATS runs, taken in turn
    # (ours, OR-Tools, scipy, ours, ...) so that a busy moment on the shared
    # machine does not fall on one side only.
    runs = {
        "ours": lambda: assign(pairs, waiting),
        "ortools": lambda: _ortools_direct(pairs, weights),
        "scipy": lambda: _scipy(pairs, weights),
    }
    timings = dict.fromkeys(runs, float("inf"))
    results = {}
    for _ in range(ASSIGNMENT_REPEATS):
        for name, solve in runs.items():
            gc.collect()
            start = time.perf_counter()
            results[name] = solve()
            timings[name] = min(timings[name], time.perf_counter() - start)
    ours, direct, scipy_objective = results["ours"], results["ortools"], results["scipy"]
    print(
        f"  nas.matching.assign (OR-Tools min-cost flow): {timings['ours']:.2f} s, "
        f"objective {ours.objective:,}, {len(ours.matches):,} matched; "
        f"{ours.solved_pairs:,} pairs solved ({ours.solved_pairs / len(pairs.child):.0%}), "
        "the rest priced out"
    )
    print(f"  OR-Tools SimpleMinCostFlow directly:          {timings['ortools']:.2f} s, objective {direct:,}")
    print(
        f"  scipy min_weight_full_bipartite_matching:     {timings['scipy']:.2f} s, "
        f"objective {scipy_objective:,}"
    )
    best = min(timings["ortools"], timings["scipy"])
    print(
        f"  best of {ASSIGNMENT_REPEATS} runs each; ratio ours/best of scipy and OR-Tools: "
        f"{timings['ours'] / best:.2f}x (target <= 1.2x); "
        f"scipy/ours {timings['scipy'] / timings['ours']:.2f}x; "
        f"objectives equal: {ours.objective == direct == scipy_objective}"
    )
    assert ours.objective == direct == scipy_objective


def run() -> None:
    suggestions()
    assignment()
