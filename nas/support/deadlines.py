"""Timescales and rules of adoption support, each with its official source.

Nothing here is stored: every date is computed from the dated steps of a
case, so a corrected date moves every deadline that depends on it.
"""

from __future__ import annotations

from datetime import date, timedelta

from nas.core.calendar import add_months, add_working_days, next_working_day

#: The day the Children Act 1975 (s.26) opened birth records to adopted adults. Adoptions
#: before it were made when birth parents could expect anonymity, hence the counselling
#: rule (Adoption Act 1976, s.51(7); now Adoption and Children Act 2002, Sch. 2 para. 4).
COUNSELLING_CUT_OFF = date(1975, 11, 12)
#: Commencement of the Adoption and Children Act 2002 disclosure regime (ss.56-65)
#: and of the pre-commencement intermediary regulations: 30 December 2005.
ACA_COMMENCEMENT = date(2005, 12, 30)

ASSESSMENT_WORKING_DAYS = 42
CONSULTATION_WORKING_DAYS = 20
REVIEW_MONTHS = 12
ADULT_AGE = 18


def age_on(born: date, day: date) -> int:
    years = day.year - born.year
    return years - ((day.month, day.day) < (born.month, born.day))


def assessment_due(requested_on: date) -> date:
    """Assessment of needs for adoption support services: 42 working days from the request.

    The Adoption Support Services (Local Authorities) (Wales) Regulations 2005
    (SI 2005/1512 (W.116)), regs. 7 to 9, require the assessment, a written
    statement of needs and notice of the proposal, but set no period for
    completing the assessment. The service applies the Welsh timescale for
    assessing a child's needs for care and support: 42 working days from the
    referral (Social Services and Well-being (Wales) Act 2014, Part 3 Code of
    Practice (Assessing the Needs of Individuals)). Working days exclude Welsh
    bank holidays.
    """
    return add_working_days(requested_on, ASSESSMENT_WORKING_DAYS)


def consultation_ends(consulted_on: date) -> date:
    """Out-of-area placement: 20 working days after consulting the receiving authority.

    SI 2005/1512 (W.116), reg. 7(4): where the placing authority considers
    placing a looked after child with a prospective adopter who lives in
    another local authority's area (the regulation's "recovering authority"),
    it must consult that authority in writing about the placement and the
    assessed adoption support needs; reg. 7(5): it must allow a period of 20
    working days following the consultation before deciding. The service
    holds its own decision on the support (reg. 9(4), reg. 13) until the
    period has run.
    """
    return add_working_days(consulted_on, CONSULTATION_WORKING_DAYS)


def decision_may_be_made(
    *,
    notice_sent_on: date | None,
    representations_by: date | None,
    representations_on: date | None,
    today: date,
) -> bool:
    """SI 2005/1512 (W.116), reg. 9(3)-(4): after notice of the proposal the person
    may make representations within the period the authority specifies; the
    authority must not decide until they have made representations, said they
    are satisfied, or the period has expired."""
    if notice_sent_on is None or representations_by is None:
        return False
    return representations_on is not None or today > representations_by


def decision_possible_from(representations_by: date, consultation_ends: date | None) -> date:
    """The first day the authority may decide on adoption support after notice
    of its proposal: the working day after the period for representations, and
    not before any out-of-area consultation period has run.

    SI 2005/1512 (W.116), reg. 9(3)-(4): the authority must not decide until
    the person has made representations, said they are satisfied, or the
    period it specified has expired; reg. 7(5): not within 20 working days of
    consulting the receiving authority (consultation_ends, a working day).

    A non-working day: the regulations do not say what happens when the day
    after the period is a weekend or a Welsh bank holiday, and no rule moving
    the period could be confirmed (the Interpretation Act 1978 has none; the
    Civil Procedure Rules' extension, r.2.8(5), is for acts at a court office).
    The period is not extended, so the person's time ends on the day the notice
    gave; the decision, an act of the authority's office, is possible from the
    next working day, and the page says so.
    """
    earliest = next_working_day(representations_by + timedelta(days=1))
    return max(earliest, consultation_ends) if consultation_ends else earliest


def decision_day_moved(representations_by: date) -> date | None:
    """The day after the period for representations when it is not a working
    day (the decision then waits for the next one: decision_possible_from)."""
    day = representations_by + timedelta(days=1)
    return None if next_working_day(day) == day else day


def review_due(last: date) -> date:
    """Review of the adoption support plan: at least once a year.

    The plan is reviewed when circumstances change and in any event at least
    annually (financial support at least annually). The Welsh source is the
    Adoption Support Services (Local Authorities) (Wales) Regulations 2005
    (SI 2005/1512 (W.116)), but the number of the regulation requiring the
    review, and its period, could not be confirmed: a search of the published
    texts (legislation.gov.uk, BAILII) found only parts of SI 2005/1512
    (regs. 1 to 4 and 7) and of the Adoption Support Services (Wales)
    Regulations 2019 (SI 2019/286 (W.66)), which prescribe the services, and
    no review provision. The annual interval matches the corresponding English
    rule (SI 2005/691, reg. 18).
    """
    return add_months(last, REVIEW_MONTHS)


def counselling_required(adoption_date: date) -> bool:
    """Birth records: a person adopted before 12 November 1975 must attend an
    interview with a counsellor before the information is given.

    Adoption and Children Act 2002, Schedule 2, paragraph 4(1) (carrying on
    Adoption Act 1976, s.51(7)). For later adoptions counselling is offered,
    not required: Sch. 2 para. 2 (pre-commencement adoptions) and s.63 with
    the Access to Information (Post-Commencement Adoptions) (Wales)
    Regulations 2005 (SI 2005/2689 (W.189)), regs. 14 and 15.
    """
    return adoption_date < COUNSELLING_CUT_OFF


def birth_records_route(adoption_date: date) -> str:
    """Which law gives an adopted adult their birth record.

    Adoptions before 30 December 2005: the Registrar General, under
    Adoption and Children Act 2002, Schedule 2, paragraph 1. Adoptions on or
    after it: the adoption agency, under s.60(2)(a) of the 2002 Act with SI
    2005/2689 (W.189).
    """
    return "schedule_2" if adoption_date < ACA_COMMENCEMENT else "section_60"


def intermediary_priority(adoption_date: date) -> bool:
    """The Adoption Information and Intermediary Services (Pre-Commencement
    Adoptions) (Wales) Regulations 2005 (SI 2005/2701 (W.190)), reg. 5(2):
    an intermediary agency may accept applications about adoptions on or
    after 12 November 1975 but must give priority to applications about
    adoptions before that date."""
    return adoption_date < COUNSELLING_CUT_OFF


def intermediary_applies(adoption_date: date) -> bool:
    """SI 2005/2701 (W.190), reg. 5(1) with reg. 2 as amended by SI 2015/1802
    (W.257): the intermediary service is for adoptions before 30 December
    2005; later adoptions come under ss.61-62 of the 2002 Act instead."""
    return adoption_date < ACA_COMMENCEMENT


def exchange_dates(first: date, per_year: int, *, until: date, and_next: bool = False) -> list[date]:
    """The letterbox exchange dates an agreement sets: the first exchange, then
    every 12 / per_year months, up to and including `until` (and the one
    after it, with `and_next`).

    Letterbox contact is a contact service under SI 2005/1512 (W.116), reg.
    3; its timing is whatever the agreement between the families says, so
    no statutory timescale applies.
    """
    step = 12 // per_year
    dates: list[date] = []
    n = 0
    while True:
        day = add_months(first, n * step)
        if day > until:
            return [*dates, day] if and_next else dates
        dates.append(day)
        n += 1


def reminder_opens(exchange_on: date, reminder_days: int) -> date:
    return exchange_on - timedelta(days=reminder_days)
