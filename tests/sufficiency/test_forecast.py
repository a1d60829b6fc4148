"""The forecast reproduced by hand on dataset.py's dozen children and
households (Vale, Valleys and Cardiff), from 1 January 2025, with the
window's eight quarters 2023 Q1 (January to March 2023) to 2024 Q4.

Children waiting (from the 'should be placed' decision, NAS-C4's wait):
quarter by quarter the stock at the start is 0,0,0,0,2,3,4,5 and entries
0,0,0,2,2,2,2,2, so 24 at risk; 5 matched (C9, C1, C2, C4, C6), 1 plan
changed (C3): forward 5/24, lost 1/24; 10 entries over 8 quarters, 1.25 a
quarter; 4 still waiting (C5, C7, C8, C10). Matched: 6 at risk, 4 placed
(C9, C1, C2, C6): forward 4/6; 1 still to be placed (C4).

Households: Stage 1, 16 at risk, 8 went on to Stage 2, 1 withdrew (H3);
10 entries, 1.25 a quarter; 1 left in it (H6). Stage 2, 20 at risk, 5
approved, 1 not approved (H9); 3 left in it (H4, H5, H10). Waiting
(NAS-A4's wait), 14 at risk, 2 matched (H7, H1), 1 withdrew (H8); 2 waiting
(H11, H2).
"""

from __future__ import annotations

from datetime import date

import pytest

from nas.performance import scopes as S
from nas.sufficiency import forecast as F
from nas.sufficiency import model
from tests.sufficiency.dataset import ON


@pytest.fixture
def vvc(known):
    scope = S.by_code("vale-valleys-cardiff")
    return F.forecasts([scope], ON, horizon=4)["vale-valleys-cardiff"]


def test_the_rates_are_those_worked_out_by_hand(vvc):
    rates = [(s.rates.forward, s.rates.lost) for s in vvc.stages]
    assert rates == [
        pytest.approx((5 / 24, 1 / 24)),
        pytest.approx((4 / 6, 0)),
        pytest.approx((8 / 16, 1 / 16)),
        pytest.approx((5 / 20, 1 / 20)),
        pytest.approx((2 / 14, 1 / 14)),
    ]
    assert vvc.children_entering == 1.25
    assert vvc.households_entering == 1.25


def test_the_first_quarter_is_worked_out_by_hand(vvc):
    first = vvc.rows[0]
    assert first.period.code == "2024-25-Q4"
    # Waiting: 4 + 1.25 at risk; 5/24 matched, 1/24 lost.
    assert first.children_waiting == pytest.approx(5.25 - 5.25 * 6 / 24)  # 3.9375
    # Matched: 1 + 5.25 x 5/24 at risk, two thirds placed.
    assert first.children_placed == pytest.approx((1 + 5.25 * 5 / 24) * 2 / 3)  # 1.3958
    # Stage 1: 1 + 1.25 at risk, half go on; Stage 2: 3 + 1.125 at risk, a quarter approved.
    assert first.households_approved == pytest.approx((3 + 2.25 / 2) / 4)  # 1.03125
    # Waiting: 2 + 1.03125 at risk, 3/14 leave.
    assert first.households_waiting == pytest.approx((2 + 1.03125) * 11 / 14)  # 2.3817


def _by_hand(start, rates, inflow, quarters):
    """The recurrence, written out again: at risk, forward, lost, stock."""
    stocks, rows = list(start), []
    for _ in range(quarters):
        entering, row = inflow, []
        for i, (forward, lost) in enumerate(rates):
            at_risk = stocks[i] + entering
            stocks[i] = at_risk * (1 - forward - lost)
            entering = at_risk * forward
            row.append((stocks[i], entering))
        rows.append(row)
    return rows


def test_the_fourth_quarter_follows_the_same_recurrence(vvc):
    children = _by_hand([4, 1], [(5 / 24, 1 / 24), (4 / 6, 0)], 1.25, 4)
    households = _by_hand([1, 3, 2], [(1 / 2, 1 / 16), (1 / 4, 1 / 20), (1 / 7, 1 / 14)], 1.25, 4)
    last = vvc.last
    assert last.children_waiting == pytest.approx(children[3][0][0])
    assert last.children_placed == pytest.approx(children[3][1][1])
    assert last.households_approved == pytest.approx(households[3][1][1])
    assert last.households_waiting == pytest.approx(households[3][2][0])


def test_the_gap_is_children_waiting_less_households_able_to_meet_them(vvc):
    households = _by_hand([1, 3, 2], [(1 / 2, 1 / 16), (1 / 4, 1 / 20), (1 / 7, 1 / 14)], 1.25, 4)
    approvals = sum(q[1][1] for q in households)
    siblings = {g.code: g for g in vvc.gaps}["siblings"]
    # C7 and C8 (a group of two) entered in 2024 Q4 and wait: no one has left,
    # so 2 + 0.25 a quarter. H2 (up to two children) is 1 of the 5 approvals
    # in the window and waits; nobody able to take two has left.
    assert siblings.children == pytest.approx(2 + 4 * 0.25)
    assert siblings.households == pytest.approx(1 + approvals / 5)
    assert siblings.gap == pytest.approx(3 - 1 - approvals / 5)
    # With nobody leaving, each extra approval a quarter adds one a quarter:
    # 4 after four quarters; at the window's conversion (8/9 x 5/6) in Stage 1 and 2.
    assert siblings.approvals_needed == pytest.approx(siblings.gap / 4)
    assert siblings.stage_one_needed == pytest.approx(siblings.gap / 4 / (8 / 9 * 5 / 6))


def test_the_band_is_the_same_each_time_and_ordered(known):
    scope = S.by_code("vale-valleys-cardiff")
    once = F.forecasts([scope], ON, horizon=4)["vale-valleys-cardiff"].rows
    again = F.forecasts([scope], ON, horizon=4)["vale-valleys-cardiff"].rows
    assert [r.children_waiting_band for r in once] == [r.children_waiting_band for r in again]
    for row in once:
        assert row.children_waiting_band[0] <= row.children_waiting_band[1]


def test_an_authority_has_children_and_no_households(known):
    scope = S.by_code("cardiff")
    found = F.forecasts([scope], ON, horizon=8)["cardiff"]
    assert len(found.rows) == 8
    assert found.last.households_waiting is None
    assert {g.code: g.gap for g in found.gaps}["all"] is None


def test_stage_two_shorter_brings_approvals_forward(known):
    scope = S.by_code("vale-valleys-cardiff")
    plain = F.forecasts([scope], ON, horizon=4, bootstrap=0)["vale-valleys-cardiff"]
    shorter = F.forecasts([scope], ON, horizon=4, what_if=F.WhatIf(stage_two_weeks=13), bootstrap=0)[
        "vale-valleys-cardiff"
    ]
    # Stage 2 took 13 / (1/4 + 1/20) = 43.3 weeks; 13 weeks less scales its rates by 43.3 / 30.3.
    factor = (13 / 0.3) / (13 / 0.3 - 13)
    assert shorter.stages[3].rates.forward == pytest.approx(0.25 * factor)
    assert shorter.rows[0].households_approved == pytest.approx((3 + 1.125) * 0.25 * factor)
    assert shorter.last.households_waiting > plain.last.households_waiting


def test_more_recruitment_means_more_households_and_a_shorter_wait(known):
    scope = S.by_code("vale-valleys-cardiff")
    plain = F.forecasts([scope], ON, horizon=4, bootstrap=0)["vale-valleys-cardiff"]
    more = F.forecasts([scope], ON, horizon=4, what_if=F.WhatIf(recruitment=50), bootstrap=0)[
        "vale-valleys-cardiff"
    ]
    assert more.households_entering == pytest.approx(1.25 * 1.5)
    assert more.last.households_waiting > plain.last.households_waiting
    assert more.expected_wait_weeks < plain.expected_wait_weeks


def test_more_sibling_groups_together_widen_the_siblings_gap(known):
    scope = S.by_code("vale-valleys-cardiff")
    plain = F.forecasts([scope], ON, horizon=4, bootstrap=0)["vale-valleys-cardiff"]
    more = F.forecasts([scope], ON, horizon=4, what_if=F.WhatIf(siblings=10), bootstrap=0)[
        "vale-valleys-cardiff"
    ]
    shift = 0.1 * plain.last.children_waiting
    before = {g.code: g for g in plain.gaps}
    after = {g.code: g for g in more.gaps}
    assert after["siblings"].gap == pytest.approx(before["siblings"].gap + shift)
    assert after["all"].gap == pytest.approx(before["all"].gap - shift / 2)


def test_the_forecast_reads_the_history_in_a_fixed_number_of_queries(known, django_assert_max_num_queries):
    scopes = [S.wales(), *S.regions()]
    with django_assert_max_num_queries(12):
        F.forecasts(scopes, date(2025, 1, 10), horizon=4, bootstrap=0)


def test_the_model_survival_sum_adds_what_stays():
    assert model.survival_sum(model.Rates(0.25, 0.25), 2) == pytest.approx(0.5 + 0.25)
