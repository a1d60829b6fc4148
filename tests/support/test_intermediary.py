"""The intermediary service (SI 2005/2701 (W.190)): both parties 18 or over,
priority for adoptions before 12 November 1975, the veto and Adoption Contact
Register checks before anyone is approached, and the outcome."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from nas.support import codes, selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(vvc, worker, make_person):
    def make(
        *, adopted: date = date(1972, 6, 1), relative_seeks: bool = True, received=date(2025, 1, 6), **kw
    ):
        adopted_person = make_person(
            codes.PersonKind.ADOPTED_ADULT, date_of_birth=date(1971, 1, 1), adoption_date=adopted
        )
        relative = make_person(codes.PersonKind.BIRTH_PARENT, date_of_birth=date(1950, 1, 1))
        applicant, subject = (relative, adopted_person) if relative_seeks else (adopted_person, relative)
        return services.intermediary_create(
            actor=worker,
            region_id=vvc.pk,
            applicant=applicant,
            subject=subject,
            received_on=received,
            adoption_date=adopted,
            **kw,
        )

    return make


def _checks(worker, case, veto=codes.Veto.NONE, detail=""):
    services.intermediary_checks(
        actor=worker,
        case=case,
        expected_version=case.version,
        identity_confirmed_on=date(2025, 1, 10),
        adoption_agency="Glamorgan County Council",
        veto_checked_on=date(2025, 1, 20),
        veto=veto,
        veto_detail=detail,
        register_checked_on=date(2025, 1, 21),
        register_entry=codes.RegisterEntry.NO_ENTRY,
    )
    case.refresh_from_db()
    return case


def _outcome(worker, case, outcome, note=""):
    services.intermediary_outcome(
        actor=worker,
        case=case,
        expected_version=case.version,
        outcome=outcome,
        outcome_on=date(2025, 3, 1),
        outcome_note=note,
    )


def test_adoptions_before_12_november_1975_come_first_si_2005_2701_reg_5_2(application, worker):
    later = application(adopted=date(1980, 1, 1), received=date(2025, 1, 2))
    earlier = application(adopted=date(1972, 1, 1), received=date(2025, 1, 9))
    assert earlier.priority and not later.priority
    assert selectors.intermediary_list(user=worker) == [earlier, later]


def test_both_parties_must_be_18_or_over_si_2005_2701_reg_5_3(vvc, worker, make_person):
    adopted = make_person(
        codes.PersonKind.ADOPTED_ADULT, date_of_birth=date(1971, 1, 1), adoption_date=date(1972, 1, 1)
    )
    sibling = make_person(codes.PersonKind.SIBLING, date_of_birth=date(2010, 1, 1))
    with pytest.raises(ValidationError, match="The person sought must be 18 or over"):
        services.intermediary_create(
            actor=worker,
            region_id=vvc.pk,
            applicant=adopted,
            subject=sibling,
            received_on=date(2025, 1, 6),
            adoption_date=date(1972, 1, 1),
        )
    unknown_age = make_person(codes.PersonKind.BIRTH_RELATIVE, date_of_birth=None)
    with pytest.raises(ValidationError, match="Confirm the person sought is 18 or over"):
        services.intermediary_create(
            actor=worker,
            region_id=vvc.pk,
            applicant=adopted,
            subject=unknown_age,
            received_on=date(2025, 1, 6),
            adoption_date=date(1972, 1, 1),
        )
    case = services.intermediary_create(
        actor=worker,
        region_id=vvc.pk,
        applicant=adopted,
        subject=unknown_age,
        received_on=date(2025, 1, 6),
        adoption_date=date(1972, 1, 1),
        subject_adult_confirmed=True,
    )
    assert case.subject_adult_confirmed


def test_adoptions_from_30_december_2005_are_not_for_the_intermediary_service(application):
    with pytest.raises(ValidationError, match="sections 61 and 62"):
        application(adopted=date(2006, 1, 1))


def test_no_outcome_before_the_veto_and_register_checks(application, worker):
    case = application()
    with pytest.raises(
        ValidationError, match="Record the identity, veto and Adoption Contact Register checks first"
    ):
        _outcome(worker, case, codes.IntermediaryOutcome.CONTACT_AGREED)


def test_an_absolute_veto_stops_the_application_si_2005_2701_reg_8_3(application, worker):
    case = _checks(worker, application(), veto=codes.Veto.ABSOLUTE)
    with pytest.raises(ValidationError, match="vetoed any contact"):
        _outcome(worker, case, codes.IntermediaryOutcome.CONTACT_AGREED)
    _outcome(worker, case, codes.IntermediaryOutcome.STOPPED_VETO)
    case.refresh_from_db()
    assert case.outcome == codes.IntermediaryOutcome.STOPPED_VETO and case.veto_checked_on == date(
        2025, 1, 20
    )


def test_a_qualified_veto_allows_only_what_the_adopted_person_specified(application, worker):
    with pytest.raises(ValidationError, match="Enter the circumstances"):
        _checks(worker, application(), veto=codes.Veto.QUALIFIED)
    case = _checks(
        worker, application(), veto=codes.Veto.QUALIFIED, detail="Only by letter, only from the mother"
    )
    with pytest.raises(ValidationError, match="Explain how the approach kept to"):
        _outcome(worker, case, codes.IntermediaryOutcome.CONTACT_AGREED)
    _outcome(
        worker, case, codes.IntermediaryOutcome.CONTACT_AGREED, note="The mother wrote a letter, as specified"
    )


def test_only_the_adopted_person_can_have_a_veto(application, worker):
    case = application(relative_seeks=False)
    with pytest.raises(ValidationError, match="Only the adopted person can register a veto"):
        _checks(worker, case, veto=codes.Veto.ABSOLUTE)


def test_an_adopted_adult_seeks_a_birth_relative_not_another_adopted_person(vvc, worker, make_person):
    a, b = (
        make_person(
            codes.PersonKind.ADOPTED_ADULT, date_of_birth=date(1971, 1, 1), adoption_date=date(1972, 1, 1)
        )
        for _ in range(2)
    )
    with pytest.raises(ValidationError, match="may seek a birth parent"):
        services.intermediary_create(
            actor=worker,
            region_id=vvc.pk,
            applicant=a,
            subject=b,
            received_on=date(2025, 1, 6),
            adoption_date=date(1972, 1, 1),
        )
