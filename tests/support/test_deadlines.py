"""The timescales of adoption support, each named by its source."""

from __future__ import annotations

from datetime import date

from nas.support import deadlines


def test_assessment_is_due_42_working_days_after_the_request_sswba_part_3_code():
    """SSWBA 2014 Part 3 Code of Practice: 42 working days, skipping weekends and
    Welsh bank holidays (SI 2005/1512 regs. 7-9 set no period of their own)."""
    # Monday 1 December 2025: Christmas Day, Boxing Day and New Year's Day 2026 fall in the period.
    assert deadlines.assessment_due(date(2025, 12, 1)) == date(2026, 2, 2)
    # Without holidays, 42 working days is 8 weeks and 2 days.
    assert deadlines.assessment_due(date(2025, 9, 1)) == date(2025, 10, 29)


def test_out_of_area_consultation_allows_20_working_days_si_2005_1512_reg_7_5():
    # Consulted Thursday 17 April 2025: Good Friday, Easter Monday and the early May bank holiday skipped.
    assert deadlines.consultation_ends(date(2025, 4, 17)) == date(2025, 5, 20)


def test_decision_waits_for_representations_or_the_end_of_the_period_si_2005_1512_reg_9_4():
    kwargs = {"notice_sent_on": date(2025, 3, 3), "representations_by": date(2025, 3, 31)}
    assert not deadlines.decision_may_be_made(**kwargs, representations_on=None, today=date(2025, 3, 31))
    assert deadlines.decision_may_be_made(**kwargs, representations_on=None, today=date(2025, 4, 1))
    assert deadlines.decision_may_be_made(
        **kwargs, representations_on=date(2025, 3, 10), today=date(2025, 3, 10)
    )
    assert not deadlines.decision_may_be_made(
        notice_sent_on=None, representations_by=None, representations_on=None, today=date(2025, 4, 1)
    )


def test_the_plan_is_reviewed_at_least_annually_si_2005_1512_regulation_not_confirmed():
    """At least annually. The Welsh source (SI 2005/1512 (W.116)) is named, but the number of its review
    regulation and its period are not confirmed, so the rule says so and names the English rule its
    interval follows (SI 2005/691, reg. 18)."""
    assert deadlines.review_due(date(2024, 2, 29)) == date(2025, 2, 28)
    assert deadlines.review_due(date(2025, 4, 1)) == date(2026, 4, 1)
    # review_due gives a date, not a Deadline: its source is the docstring.
    source = " ".join(deadlines.review_due.__doc__.split())
    assert (
        "Adoption Support Services (Local Authorities) (Wales) Regulations 2005 (SI 2005/1512 (W.116))"
        in source
    )
    assert "could not be confirmed" in source
    assert "SI 2005/691, reg. 18" in source


def test_counselling_is_required_for_adoptions_before_12_november_1975_aca_2002_sch_2_para_4():
    assert deadlines.counselling_required(date(1975, 11, 11))
    assert not deadlines.counselling_required(date(1975, 11, 12))


def test_birth_records_route_is_schedule_2_before_30_december_2005_and_section_60_after():
    assert deadlines.birth_records_route(date(2005, 12, 29)) == "schedule_2"
    assert deadlines.birth_records_route(date(2005, 12, 30)) == "section_60"


def test_intermediary_priority_and_scope_si_2005_2701_reg_5():
    assert deadlines.intermediary_priority(date(1970, 1, 1))
    assert not deadlines.intermediary_priority(date(1980, 1, 1))
    assert deadlines.intermediary_applies(date(2005, 12, 29))
    assert not deadlines.intermediary_applies(date(2005, 12, 30))


def test_letterbox_exchange_dates_follow_the_agreement():
    assert deadlines.exchange_dates(date(2024, 1, 31), 2, until=date(2025, 2, 1)) == [
        date(2024, 1, 31),
        date(2024, 7, 31),
        date(2025, 1, 31),
    ]
    assert deadlines.exchange_dates(date(2024, 3, 1), 1, until=date(2024, 12, 1), and_next=True) == [
        date(2024, 3, 1),
        date(2025, 3, 1),
    ]
    assert deadlines.exchange_dates(date(2026, 3, 1), 1, until=date(2025, 12, 1)) == []


def test_a_decision_possible_on_christmas_day_waits_for_the_next_working_day_si_2005_1512_reg_9_4():
    """SI 2005/1512 (W.116), reg. 9(3)-(4): the decision waits for the end of the period for
    representations. The regulations do not say what happens when the next day is not a working day
    (no rule could be confirmed): the decision is possible from the next working day."""
    # Representations by Thursday 24 December 2026: Christmas Day, Boxing Day (Saturday, its
    # substitute Monday 28 December) and the weekend are skipped.
    assert deadlines.decision_possible_from(date(2026, 12, 24), None) == date(2026, 12, 29)
    assert deadlines.decision_day_moved(date(2026, 12, 24)) == date(2026, 12, 25)
    # Representations by a Friday: possible from the Monday.
    assert deadlines.decision_possible_from(date(2026, 3, 13), None) == date(2026, 3, 16)
    # A working day after the period is not moved.
    assert deadlines.decision_possible_from(date(2026, 3, 10), None) == date(2026, 3, 11)
    assert deadlines.decision_day_moved(date(2026, 3, 10)) is None
    # The out-of-area consultation, when it ends later, is still waited for (reg. 7(5)).
    assert deadlines.decision_possible_from(date(2026, 12, 24), date(2027, 1, 5)) == date(2027, 1, 5)
