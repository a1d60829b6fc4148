"""The people support is for, and the optional link to a child's record in Wales."""

from __future__ import annotations

from datetime import date

import pytest

from nas.audit.models import AuditEvent
from nas.children import services as child_services
from nas.children.models import Milestone, PostAdoptionRecord
from nas.organisations.models import Organisation
from nas.support import codes
from nas.support.forms import PersonForm

pytestmark = pytest.mark.django_db

PERSON = {
    "kind": codes.PersonKind.CHILD,
    "first_names": "Deio",
    "last_name": "Llewellyn",
    "date_of_birth": "1/6/2018",
}


def _adopted(personas, case_reference: str, authority: str, reference: str, *, referred: bool):
    child = child_services.child_create(
        actor=personas["sw.cardiff" if authority == "cardiff" else "sw.wrexham"],
        local_authority_id=Organisation.objects.get(code=authority).pk,
        entered_care=date(2019, 1, 1),
        case_reference=case_reference,
        first_names="Deio",
        last_name="Llewellyn",
        date_of_birth=date(2018, 6, 1),
        sex="1",
        ethnicity="WBRI",
    )
    if referred:
        # Referred to Vale, Valleys and Cardiff for family finding before the adoption.
        Milestone.objects.create(child=child, kind="referred_to_region", date=date(2019, 6, 1), sequence=99)
    PostAdoptionRecord.objects.create(child=child, adoption_order_date=date(2020, 9, 14), reference=reference)
    return child


@pytest.fixture
def adopted_child(personas):
    return _adopted(personas, "PEOPLE-1", "cardiff", "PA-2020-ABC123", referred=True)


def test_a_child_is_linked_by_the_post_adoption_reference(adopted_child, worker):
    form = PersonForm({**PERSON, "child_record": "pa-2020-abc123"}, user=worker)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["child_record"] == adopted_child


def test_a_post_adoption_reference_outside_the_workers_scope_is_not_found(adopted_child, personas, worker):
    """The reference is looked up through the children's access policy, never directly."""
    _adopted(personas, "PEOPLE-2", "wrexham", "PA-2020-WRX999", referred=True)
    _adopted(personas, "PEOPLE-3", "cardiff", "PA-2020-NOTREF", referred=False)
    for reference in ("PA-2020-WRX999", "PA-2020-NOTREF", "PA-2020-NOSUCH"):
        form = PersonForm({**PERSON, "child_record": reference}, user=worker)
        assert not form.is_valid()
        assert form.errors["child_record"] == [
            "No child's record matches. Check the post-adoption reference or the profile number."
        ]


def test_a_child_profile_number_links_only_a_child_referred_to_the_region(personas, worker):
    adopted_child = _adopted(personas, "PEOPLE-4", "cardiff", "PA-2020-DEF456", referred=False)
    form = PersonForm({**PERSON, "child_record": str(adopted_child.pk)}, user=worker)
    assert not form.is_valid()
    assert form.errors["child_record"] == [
        "No child's record matches. Check the post-adoption reference or the profile number."
    ]


def test_the_people_list_page_and_api_audit_a_read_of_everyone_they_show(make_person, client_for):
    person = make_person(codes.PersonKind.BIRTH_PARENT)
    client = client_for("support.vvc")
    for url, where in (
        ("/support/people/", "support:person-list"),
        ("/api/v1/support/people", "api:support/people"),
    ):
        assert client.get(url).status_code == 200
        assert (
            AuditEvent.objects.for_record("support.person", person.pk)
            .filter(action="view", actor_username="support.vvc", detail__listed_in=where)
            .exists()
        ), url
    # A negative offset is read as the start of the list, not an error.
    response = client.get("/api/v1/support/people?offset=-1")
    assert response.status_code == 200 and [p["id"] for p in response.json()] == [person.pk]


def test_changing_a_person_through_the_page_audits_the_old_and_new_values(make_person, client_for):
    person = make_person(codes.PersonKind.BIRTH_PARENT, phone="01234 567890")
    response = client_for("support.vvc").post(
        f"/support/people/{person.pk}/edit/",
        {
            "kind": person.kind,
            "first_names": person.first_names,
            "last_name": person.last_name,
            "date_of_birth": "1/1/1980",
            "phone": "029 2000 0000",
            "version": person.version,
        },
    )
    assert response.status_code == 302
    change = AuditEvent.objects.for_record("support.person", person.pk).filter(action="update").get()
    assert change.detail["changes"]["phone"] == {"from": "01234 567890", "to": "029 2000 0000"}
