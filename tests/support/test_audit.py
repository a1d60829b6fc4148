"""Every read and write of a birth parent's, an adopted adult's or a child's
support record is audited, like a child's record; the audit trail is open to
the region's manager and to nobody outside the region."""

from __future__ import annotations

from datetime import date

import pytest

from nas.audit.models import AuditEvent
from nas.support import codes, services

pytestmark = pytest.mark.django_db


def test_reading_a_support_record_through_the_pages_or_the_api_is_audited(
    make_case, make_person, vvc, worker, client_for
):
    birth_parent = make_person(codes.PersonKind.BIRTH_PARENT)
    case = make_case(birth_parent)
    adopted = make_person(
        codes.PersonKind.ADOPTED_ADULT, date_of_birth=date(1960, 1, 1), adoption_date=date(1961, 1, 1)
    )
    request = services.birth_records_create(
        actor=worker,
        region_id=vvc.pk,
        person=adopted,
        received_on=date(2025, 1, 6),
        counselling_offered_on=date(2025, 1, 6),
    )
    agreement = services.agreement_create(
        actor=worker,
        region_id=vvc.pk,
        workers=[worker],
        per_year=1,
        agreed_on=date(2025, 1, 1),
        first_exchange_on=date(2025, 2, 1),
    )
    party = services.party_add(
        actor=worker, agreement=agreement, person=birth_parent, side="birth", writes=True, receives=True
    )
    letter = services.letter_record(
        actor=worker,
        agreement=agreement,
        writer=party,
        exchange_on=date(2025, 2, 1),
        received_on=date(2025, 2, 1),
        content="x",
    )
    client = client_for("support.vvc")
    for url, record_type, pk in (
        (f"/support/people/{birth_parent.pk}/", "support.person", birth_parent.pk),
        (f"/api/v1/support/people/{adopted.pk}", "support.person", adopted.pk),
        (f"/support/cases/{case.pk}/", "support.case", case.pk),
        (f"/support/birth-records/{request.pk}/", "support.birth_records", request.pk),
        (f"/support/letterbox/{agreement.pk}/", "support.letterbox", agreement.pk),
        (f"/api/v1/support/letters/{letter.pk}", "support.letter", letter.pk),
    ):
        before = AuditEvent.objects.for_record(record_type, pk).filter(action="view").count()
        assert client.get(url).status_code == 200
        views = AuditEvent.objects.for_record(record_type, pk).filter(action="view")
        assert views.count() == before + 1, url
        assert views.last().actor_username == "support.vvc"


def test_the_audit_trail_of_a_support_case_is_for_the_regional_manager_only(make_case, client_for):
    case = make_case()
    url = f"/audit/support.case/{case.pk}/"
    assert client_for("manager.vvc").get(url).status_code == 200
    for outsider in ("support.vvc", "ff.north", "adm.vvc", "tm.cardiff", "director.national"):
        assert client_for(outsider).get(url).status_code == 404, outsider
