"""Access to birth records for adopted adults: the counselling that must come
first for adoptions before 12 November 1975, and what was disclosed and when."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from nas.support import codes, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_for(vvc, worker, make_person):
    def make(adopted: date, born: date = date(1960, 5, 1), received: date = date(2025, 1, 6)):
        person = make_person(codes.PersonKind.ADOPTED_ADULT, date_of_birth=born, adoption_date=adopted)
        return services.birth_records_create(
            actor=worker,
            region_id=vvc.pk,
            person=person,
            received_on=received,
            counselling_offered_on=received,
        )

    return make


def test_adopted_before_12_november_1975_disclosure_waits_for_counselling_aca_2002_sch_2_para_4(
    request_for, worker
):
    record = request_for(adopted=date(1961, 3, 1))
    assert record.counselling_required and record.route == "schedule_2"
    with pytest.raises(ValidationError, match="adopted before 12 November 1975"):
        services.birth_records_disclose(
            actor=worker,
            request=record,
            expected_version=1,
            disclosed_on=date(2025, 2, 1),
            disclosure="Birth name",
        )
    services.counselling_record(actor=worker, request=record, held_on=date(2025, 2, 3), notes="First session")
    record.refresh_from_db()
    # The session must come before the disclosure, not after it.
    with pytest.raises(ValidationError, match="Record the session first"):
        services.birth_records_disclose(
            actor=worker,
            request=record,
            expected_version=record.version,
            disclosed_on=date(2025, 2, 1),
            disclosure="Birth name",
        )
    services.birth_records_disclose(
        actor=worker,
        request=record,
        expected_version=record.version,
        disclosed_on=date(2025, 2, 10),
        disclosure="Birth name and the registration district",
    )
    record.refresh_from_db()
    assert record.disclosed_on == date(2025, 2, 10) and record.disclosed_by == worker


def test_adopted_later_counselling_is_offered_not_required(request_for, worker):
    record = request_for(adopted=date(1980, 3, 1), born=date(1979, 6, 1))
    assert not record.counselling_required
    services.birth_records_disclose(
        actor=worker,
        request=record,
        expected_version=1,
        disclosed_on=date(2025, 1, 20),
        disclosure="Birth name",
    )


def test_post_commencement_adoptions_go_through_the_agency_under_section_60(request_for):
    record = request_for(adopted=date(2006, 5, 1), born=date(2005, 1, 1), received=date(2024, 1, 5))
    assert record.route == "section_60"


def test_the_applicant_must_be_18_or_over_when_they_apply(request_for):
    with pytest.raises(ValidationError, match="must be 18 or over when they apply"):
        request_for(adopted=date(2007, 5, 1), born=date(2006, 9, 1), received=date(2024, 8, 1))


def test_only_an_adopted_adult_asks_for_their_birth_record(vvc, worker, make_person):
    with pytest.raises(ValidationError, match="Only an adopted adult"):
        services.birth_records_create(
            actor=worker,
            region_id=vvc.pk,
            person=make_person(codes.PersonKind.BIRTH_PARENT),
            received_on=date(2025, 1, 6),
            counselling_offered_on=date(2025, 1, 6),
        )


def test_no_counselling_session_is_added_after_a_disclosure_made_since_the_page_was_opened(
    request_for, worker
):
    from nas.core.records import StaleRecordError
    from nas.support.models import BirthRecordsRequest

    record = request_for(adopted=date(1990, 3, 1))
    opened = BirthRecordsRequest.objects.get(pk=record.pk)
    services.birth_records_disclose(
        actor=worker,
        request=record,
        expected_version=record.version,
        disclosed_on=date(2025, 2, 1),
        disclosure="x",
    )
    with pytest.raises(ValidationError, match="already been disclosed"):
        services.counselling_record(actor=worker, request=opened, held_on=date(2025, 2, 3), notes="Late")
    with pytest.raises(StaleRecordError):
        services.counselling_record(
            actor=worker,
            request=opened,
            held_on=date(2025, 2, 3),
            notes="Late",
            expected_version=opened.version,
        )
    assert not record.sessions.exists()
