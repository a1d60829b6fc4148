"""Every measure of the performance framework against a figure worked out by
hand from the generated dataset (tests/performance/dataset.py).

Days are counted as the calendar does (29 days in February 2024); months
are days / 30.4375 (365.25 / 12). Quarter under test: 2024-25 Q1, 1 April
to 30 June 2024. VVC: Vale, Valleys and Cardiff (Cardiff, Vale of
Glamorgan); North Wales (Wrexham); St David's Children Society, a voluntary
agency.
"""

from __future__ import annotations

import pytest

from nas.performance import measures, periods, scopes
from tests.performance import dataset

pytestmark = pytest.mark.django_db

MONTH = 365.25 / 12
Q1 = periods.parse("2024-25-Q1")
Q4 = periods.parse("2023-24-Q4")
Q3 = periods.parse("2023-24-Q3")
Q2 = periods.parse("2023-24-Q2")


@pytest.fixture
def figures(reference_data):
    dataset.build()
    regions = {s.code: s for s in scopes.national()}
    authorities = [scopes.by_code("cardiff"), scopes.by_code("vale-of-glamorgan")]
    all_scopes = [*regions.values(), *authorities]
    results = measures.compute_all([Q1, Q4, Q3, Q2, periods.parse("2024-25-H1")], all_scopes)

    def get(code: str, scope: str, period=Q1):
        return results.get(code, period, scope)

    return get


VVC, NORTH, WALES, AGENCIES = "vale-valleys-cardiff", "north-wales", "wales", "voluntary-agencies"


def months(days: float) -> float:
    return pytest.approx(days / MONTH, abs=1e-9)


def test_nas_c1_average_time_from_entering_care_to_placement(figures):
    """NAS-C1. Placed in Q1: A 15/4/24 (entered care 1/1/23: 470 days),
    B 20/5/24 (1/3/23: 446), C 1/6/24 (1/5/23: 397). VVC (1313 / 3 = 437.67
    days) = 14.38 months; Cardiff A and B (916 / 2 = 458 days); Vale C (397)."""
    assert figures("NAS-C1", VVC).value == months(1313 / 3)
    assert figures("NAS-C1", VVC).cases == 3
    assert figures("NAS-C1", WALES).value == months(1313 / 3)
    assert figures("NAS-C1", "cardiff").value == months(458)
    assert figures("NAS-C1", "vale-of-glamorgan").value == months(397)
    assert figures("NAS-C1", NORTH).value is None
    assert figures("NAS-C1", VVC).rag == measures.Rag.RED  # 14.4 > 13 × 1.1 = 14.3


def test_nas_c2_authority_to_place_to_match_decision(figures):
    """NAS-C2. Match decisions in Q1: B 10/4/24 (authority 1/9/23: 222 days),
    H 20/4/24 (15/8/23: 249), C 1/5/24 (1/10/23: 213). VVC 684 / 3 = 228 days;
    Cardiff (222 + 249) / 2 = 235.5."""
    assert figures("NAS-C2", VVC).value == months(228)
    assert figures("NAS-C2", "cardiff").value == months(235.5)
    assert figures("NAS-C2", VVC).cases == 3


def test_nas_c3_should_be_placed_decision_to_placement(figures):
    """NAS-C3. A 1/6/23 → 15/4/24 319 days, B 1/7/23 → 20/5/24 324,
    C 1/9/23 → 1/6/24 274: 917 / 3 = 305.67 days."""
    assert figures("NAS-C3", VVC).value == months(917 / 3)


def test_nas_c4_children_waiting_more_than_six_months(figures):
    """NAS-C4, on the quarter's last day.

    30/6/24: only F (decision 15/11/23, counted from 16/5/24, no match) waits:
    228 days. H was matched on 20/4/24; E (Wrexham, decision 1/10/23, counted
    from 2/4/24) changed plan on 1/5/24, inside the quarter it would first be
    counted, so it never counts.
    31/3/24: B (decision 1/7/23: 274 days), C (1/9/23, counted from 2/3/24:
    212) and H (20/7/23: 255): 3 children, average 741 / 3 = 247 days.
    31/12/23: A (1/6/23, counted from 2/12/23, matched 1/2/24): 213 days.
    """
    q1 = figures("NAS-C4", VVC)
    assert (q1.value, q1.average_wait) == (1, months(228))
    assert figures("NAS-C4", NORTH).value == 0
    assert figures("NAS-C4", WALES).value == 1
    q4 = figures("NAS-C4", VVC, Q4)
    assert (q4.value, q4.average_wait) == (3, months(247))
    assert figures("NAS-C4", "cardiff", Q4).value == 2
    q3 = figures("NAS-C4", WALES, Q3)
    assert (q3.value, q3.average_wait) == (1, months(213))
    # A half-year's snapshot is its last quarter's: 30 September 2024 (nothing recorded after June).
    assert figures("NAS-C4", VVC, periods.parse("2024-25-H1")).value == 1


def test_nas_c5_plans_changed_away_from_adoption(figures):
    """NAS-C5. E (Wrexham) changed plan on 1/5/24 with reason RD3."""
    assert figures("NAS-C5", NORTH).value == 1
    assert figures("NAS-C5", NORTH).parts == {"RD1": 0, "RD2": 0, "RD3": 1, "RD4": 0}
    assert figures("NAS-C5", VVC).value == 0
    assert figures("NAS-C5", WALES).value == 1


def test_nas_c6_children_placed_by_place(figures):
    """NAS-C6. Q1: A same region, B elsewhere in Wales, C outside Wales.
    2023-24 Q2: D (placed 1/7/23, no placement_area key: not known) and K
    (1/8/23, same region)."""
    q1 = figures("NAS-C6", VVC)
    assert q1.value == 3
    assert q1.parts == {"same_region": 1, "elsewhere_in_wales": 1, "outside_wales": 1, "unknown": 0}
    q2 = figures("NAS-C6", VVC, Q2)
    assert q2.parts == {"same_region": 1, "elsewhere_in_wales": 0, "outside_wales": 0, "unknown": 1}


def test_nas_c7_disruptions_before_the_adoption_order(figures):
    """NAS-C7. D's placement ended on 5/5/24 (Cardiff)."""
    assert figures("NAS-C7", VVC).value == 1
    assert figures("NAS-C7", "cardiff").value == 1
    assert figures("NAS-C7", NORTH).value == 0


def test_nas_c8_children_referred_to_the_national_register_within_one_month(figures):
    """NAS-C8, reg. 19A. Q1: F referred 10/4/24 (authority 1/12/23, due
    1/1/24: late), L referred 20/4/24 (authority 1/4/24: in time). VVC 0%,
    North Wales 100%, Wales 50%. 2023-24 Q2: A 20/8/23 (due 1/9/23: in time)."""
    assert figures("NAS-C8", VVC).value == 0
    assert figures("NAS-C8", NORTH).value == 100
    assert figures("NAS-C8", WALES).value == 50
    assert figures("NAS-C8", VVC, Q2).value == 100
    assert figures("NAS-C8", WALES).rag == measures.Rag.RED


def test_nas_a1_adopter_enquiries(figures):
    """NAS-A1. Q1: VVC household H5 (5/5/24) and a form enquiry (15/6/24);
    North Wales H4 (3/4/24) and a form (20/4/24). The form of 1/7/24 is in Q2."""
    assert figures("NAS-A1", VVC).value == 2
    assert figures("NAS-A1", VVC).parts == {"households": 1, "enquiry_forms": 1}
    assert figures("NAS-A1", NORTH).value == 2
    assert figures("NAS-A1", WALES).value == 4
    assert figures("NAS-A1", VVC, periods.parse("2024-25-H1")).value == 3
    # An authority has no adopters of its own.
    assert figures("NAS-A1", "cardiff") is None


def test_nas_a2_and_a3_approvals_and_time_from_enquiry_to_approval(figures):
    """NAS-A2, NAS-A3. Q1: H2 approved 2/4/24, enquiry 1/9/23: 214 days.
    2023-24 Q4: H1 (enquiry 1/6/23, approved 5/1/24: 218 days) and H6
    (1/5/23 → 1/2/24: 276): average 247 days. 2023-24 Q3: H3, an agency's."""
    assert figures("NAS-A2", VVC).value == 1
    assert figures("NAS-A3", VVC).value == months(214)
    assert figures("NAS-A3", VVC).rag == measures.Rag.GREEN
    assert figures("NAS-A2", VVC, Q4).value == 2
    assert figures("NAS-A3", VVC, Q4).value == months(247)
    assert figures("NAS-A2", AGENCIES, Q3).value == 1
    assert figures("NAS-A2", WALES, Q3).value == 1
    assert figures("NAS-A2", VVC, Q3).value == 0


def test_nas_a4_adopters_waiting_more_than_three_months(figures):
    """NAS-A4, on the quarter's last day. 30/6/24: H3 (St David's, approved
    15/12/23: 198 days) and H6 (VVC, approved 1/2/24, counted from 2/5/24: 150
    days). H1 was approved 5/1/24 and matched 1/5/24, inside the quarter it
    would first be counted. 31/3/24: H3 alone (107 days)."""
    assert figures("NAS-A4", WALES).value == 2
    assert figures("NAS-A4", WALES).average_wait == months(174)
    assert figures("NAS-A4", VVC).value == 1
    assert figures("NAS-A4", AGENCIES).value == 1
    assert figures("NAS-A4", WALES, Q4).value == 1
    assert figures("NAS-A4", AGENCIES, Q4).average_wait == months(107)


def test_nas_a5_stage_one_within_two_months(figures):
    """NAS-A5 (SI 2020/163, Part 4). Q1: H5 ended 20/6/24, accepted 10/5/24
    (due 10/7/24): 100%. 2023-24 Q2: H6 1/7/23 (due 10/7), H1 10/8/23 (due
    15/8), H3 5/9/23 (due 5/9, on the day): 3 of 3. Q3: H2 30/11/23 (due
    20/11): 0%."""
    assert figures("NAS-A5", VVC).value == 100
    assert figures("NAS-A5", WALES, Q2).value == 100
    assert figures("NAS-A5", WALES, Q2).cases == 3
    assert figures("NAS-A5", VVC, Q3).value == 0


def test_nas_a6_stage_two_within_four_months(figures):
    """NAS-A6 (reg. 30B(1)). Q1: H2 approved 2/4/24, Stage 2 from 1/12/23 (due
    1/4/24): late. 2023-24 Q3: H6's qualifying determination 15/11/23 (due
    1/12/23) and H3 approved 15/12/23 (due 10/1/24): 100%. Q4: H1 approved
    5/1/24 (due 1/1/24): late; H6's approval 1/2/24 is not the Stage 2
    decision (the determination was)."""
    assert figures("NAS-A6", VVC).value == 0
    assert figures("NAS-A6", WALES, Q3).value == 100
    assert figures("NAS-A6", WALES, Q3).cases == 2
    assert figures("NAS-A6", VVC, Q4).value == 0
    assert figures("NAS-A6", VVC, Q4).cases == 1


def test_nas_a7_adopters_referred_to_the_register_within_one_month(figures):
    """NAS-A7. Q1: H2 referred 10/5/24, approved 2/4/24 (due 2/5/24): late.
    2023-24 Q4: H1 20/1/24 (due 5/2/24). Q3: H3 20/12/23 (due 15/1/24)."""
    assert figures("NAS-A7", VVC).value == 0
    assert figures("NAS-A7", VVC, Q4).value == 100
    assert figures("NAS-A7", AGENCIES, Q3).value == 100


def test_nas_s1_support_assessments_within_42_working_days(figures):
    """NAS-S1 (SI 2005/1512 regs. 7-9; 42 working days). Q1: requested
    1/3/24 (due Thu 2/5/24; Easter 29/3 and 1/4 are not working days) assessed
    25/4 on time and 10/5 late; requested 2/4/24 (due Mon 3/6/24) assessed on
    3/6 and on Sat 1/6, both on time; requested 4/3/24 (due Fri 3/5/24)
    assessed Sat 4/5, late though the next working day is Tue 7/5. 3 of 5."""
    assert figures("NAS-S1", VVC).value == 60
    assert figures("NAS-S1", VVC).cases == 5
    assert figures("NAS-S1", VVC, Q4).value == 100
    assert figures("NAS-S1", NORTH).value is None
    assert figures("NAS-S1", "cardiff") is None


def test_nas_f1_inter_agency_fees_paid(figures):
    """NAS-F1. Q1: B £27,000, C £31,620, A none recorded (not known)."""
    fee = figures("NAS-F1", VVC)
    assert fee.value == 58_620
    assert fee.parts == {"with_fee": 2, "no_fee": 0, "unknown": 1}
    assert figures("NAS-F1", "cardiff").value == 27_000


def test_nas_f2_fees_saved_by_in_region_placements(figures):
    """NAS-F2. A was placed in its own region on 15/4/24: the one-child fee
    between regions then, £27,000 (CoramBAAF, from October 2018)."""
    assert figures("NAS-F2", VVC).value == 27_000
    assert figures("NAS-F2", VVC).cases == 1
    assert figures("NAS-F2", NORTH).value == 0


def test_englands_a1_a2_a3_a10_over_three_years(figures):
    """England's adoption scorecard A1, A2, A3, A10 over the three years to
    30/6/24 (1/7/21 to 30/6/24). Adopted: A (order 28/6/24), I (5/1/23), K
    (20/11/23); J (30/6/21) is a day too early.

    A1: A 470 days, I 1/8/22 − 10/1/22 = 203, K (placed again 1/8/23 after a
    disruption; entered care 1/6/22) 426: 1099 / 3 = 366.33.
    A10: I is on foster for adoption: its link 20/5/22, 130 days; A and K as
    A1: (470 + 130 + 426) / 3 = 342.
    A2: A 1/8/23 → 1/2/24 184, I 1/5/22 → 1/7/22 61, K's last match decision
    1/7/23 from 1/10/22 273: 518 / 3 = 172.67.
    A3: less than 14 months: only I (K moved in on the day 14 months ended):
    33.3%.
    """
    assert figures("A1", WALES).value == pytest.approx(1099 / 3)
    assert figures("A1", WALES).cases == 3
    assert figures("A1", WALES).rag == measures.Rag.GREEN  # ≤ 426 days (14 months)
    assert figures("A10", WALES).value == pytest.approx(342)
    assert figures("A2", WALES).value == pytest.approx(518 / 3)
    assert figures("A2", WALES).rag == measures.Rag.RED  # > 121 × 1.1
    assert figures("A3", WALES).value == pytest.approx(100 / 3)
    assert figures("A1", NORTH).value is None


def test_three_year_window_of_an_earlier_quarter(reference_data):
    """J (Wrexham) adopted 30/6/21: in the three years to 30/6/21 (2021-22 Q1).
    A1 = 1/3/21 − 1/1/19 = 790 days."""
    dataset.build()
    period = periods.parse("2021-22-Q1")
    results = measures.compute_all([period], scopes.national(), codes=["A1"])
    assert results.get("A1", period, NORTH).value == 790


def test_every_measure_is_covered_here():
    tested = {
        "NAS-C1", "NAS-C2", "NAS-C3", "NAS-C4", "NAS-C5", "NAS-C6", "NAS-C7", "NAS-C8", "NAS-C9",
        "NAS-A1", "NAS-A2", "NAS-A3", "NAS-A4", "NAS-A5", "NAS-A6", "NAS-A7",
        "NAS-S1", "NAS-F1", "NAS-F2", "A1", "A2", "A3", "A10",
        "NAS-R1",  # tests/sufficiency/test_ratio_measure.py
    }  # fmt: skip
    assert {m.code for m in measures.MEASURES} == tested


def test_amber_is_within_ten_per_cent_of_the_target():
    c1 = measures.get("NAS-C1")
    assert measures.rag(c1, 13.0) == measures.Rag.GREEN
    assert measures.rag(c1, 14.3) == measures.Rag.AMBER
    assert measures.rag(c1, 14.31) == measures.Rag.RED
    a5 = measures.get("NAS-A5")
    assert measures.rag(a5, 90) == measures.Rag.AMBER
    assert measures.rag(a5, 89.9) == measures.Rag.RED
    assert measures.rag(measures.get("NAS-C7"), 4) == measures.Rag.NONE
