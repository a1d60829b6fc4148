"""The people support is for, and the optional link to a child's record in Wales."""

from __future__ import annotations

from datetime import date

import pytest

from nas.audit.models import AuditEvent
from nas.children import services as child_services
from nas.children.models import PostAdoptionRecord
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


@pytest.fixture
def adopted_child(personas):
    child = child_services.child_create(
        actor=personas["sw.cardiff"],
        local_authority_id=Organisation.objects.get(code="cardiff").pk,
        entered_care=date(2019, 1, 1),
        case_reference="PEOPLE-1",
        first_names="Deio",
        last_name="Llewellyn",
        date_of_birth=date(2018, 6, 1),
        sex="1",
        ethnicity="WBRI",
    )
    PostAdoptionRecord.objects.create(
        child=child, adoption_order_date=date(2020, 9, 14), reference="PA-2020-ABC123"
    )
    return child


def test_a_child_is_linked_by_the_post_adoption_reference(adopted_child, worker):
    form = PersonForm({**PERSON, "child_record": "pa-2020-abc123"}, user=worker)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["child_record"] == adopted_child


def test_a_child_profile_number_links_only_a_child_referred_to_the_region(adopted_child, worker):
    form = PersonForm({**PERSON, "child_record": str(adopted_child.pk)}, user=worker)
    assert not form.is_valid()
    assert form.errors["child_record"] == [
        "No child's record matches. Check the post-adoption reference or the profile number."
    ]


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
