"""The public enquiry form: no sign-in, CSRF-protected, rate-limited per
address, a honeypot for robots, and nothing typed is shown back."""

from __future__ import annotations

import pytest
from django.test import Client

from nas.adopters.models import Enquiry, Household
from nas.audit.models import AuditEvent
from nas.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def valid(reference_data):
    return {
        "organisation": Organisation.objects.get(code="vale-valleys-cardiff").pk,
        "first_names": "Catrin",
        "last_name": "Uniquesurname",
        "email": "catrin@example.com",
        "kind": "domestic",
        "consent": "on",
    }


def test_anyone_can_send_an_enquiry_which_lands_on_the_region_list(valid, client_for):
    response = Client().post("/enquire/", valid)
    assert response.status_code == 302 and response["Location"] == "/enquire/thank-you/"
    enquiry = Enquiry.objects.get()
    assert enquiry.organisation.code == "vale-valleys-cardiff" and enquiry.status == "new"
    assert AuditEvent.objects.filter(record_type="adopters.enquiry", action="create", actor=None).exists()
    assert "Uniquesurname" in client_for("assessor.vvc").get("/adopters/enquiries/").content.decode()
    assert "Uniquesurname" not in client_for("ff.north").get("/adopters/enquiries/").content.decode()


def test_the_thank_you_page_shows_nothing_the_person_typed(valid):
    client = Client()
    page = client.post("/enquire/", valid, follow=True).content.decode()
    assert "Enquiry sent" in page
    assert "Uniquesurname" not in page and "catrin@example.com" not in page
    # A second, identical submission is thanked the same way: it reveals nothing about the first.
    again = client.post("/enquire/", valid, follow=True).content.decode()
    assert "Uniquesurname" not in again and "already" not in again


def test_the_thank_you_page_gives_the_enquiry_number_and_who_will_answer_once(valid):
    client = Client()
    page = client.post("/enquire/", valid, follow=True).content.decode()
    enquiry = Enquiry.objects.get()
    assert "Your enquiry number" in page and f"<strong>{enquiry.pk}</strong>" in page
    assert f"A social worker from {enquiry.organisation.name} will contact you" in page
    again = client.get("/enquire/thank-you/").content.decode()  # the next person at this computer
    assert "Your enquiry number" not in again


def test_the_privacy_notice_is_linked_in_its_sentence(reference_data):
    html = Client().get("/enquire/").content.decode()
    assert 'in our <a class="govuk-link" href="/privacy/">privacy notice</a>.' in html


def test_the_form_is_in_welsh_too(reference_data):
    client = Client()
    client.cookies["nas_language"] = "cy"
    html = client.get("/enquire/").content.decode()
    assert 'lang="cy"' in html
    assert "Yn ystyried mabwysiadu?" in html


def test_a_robot_filling_the_hidden_field_is_thanked_but_nothing_is_kept(valid):
    response = Client().post("/enquire/", {**valid, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Enquiry.objects.exists()


def test_each_address_may_send_only_so_many_enquiries_an_hour(valid, settings):
    settings.ADOPTER_ENQUIRIES_PER_HOUR = 2
    client = Client()
    assert client.post("/enquire/", valid).status_code == 302
    assert client.post("/enquire/", valid).status_code == 302
    limited = client.post("/enquire/", valid)
    assert limited.status_code == 429
    assert "Uniquesurname" not in limited.content.decode()
    assert Enquiry.objects.count() == 2
    # Another address is not held back.
    assert Client(REMOTE_ADDR="10.9.8.7").post("/enquire/", valid).status_code == 302


def test_the_form_needs_a_csrf_token(valid):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/enquire/", valid).status_code == 403
    page = client.get("/enquire/")
    token = page.cookies["csrftoken"].value
    assert client.post("/enquire/", {**valid, "csrfmiddlewaretoken": token}).status_code == 302


def test_each_field_is_checked_with_a_message_a_person_understands(reference_data):
    page = Client().post("/enquire/", {"email": "not-an-email"}).content.decode()
    for message in (
        "Choose a region or an agency",
        "Enter your first names",
        "Enter an email address like name@example.com",
        "Agree that we may keep your details",
    ):
        assert message in page
    assert not Enquiry.objects.exists()


def test_an_assessor_opens_a_household_from_an_enquiry(valid, client_for):
    Client().post("/enquire/", valid)
    enquiry = Enquiry.objects.get()
    response = client_for("assessor.vvc").post(f"/adopters/enquiries/{enquiry.pk}/open/")
    household = Household.objects.get()
    assert response["Location"] == f"/adopters/{household.pk}/"
    assert household.members.get().last_name == "Uniquesurname"
    assert household.milestones.get().kind == "enquiry"
    enquiry.refresh_from_db()
    assert enquiry.status == "opened" and enquiry.household == household
    # Opening it twice makes no second household.
    client_for("manager.vvc").post(f"/adopters/enquiries/{enquiry.pk}/open/")
    assert Household.objects.count() == 1


def test_closing_an_enquiry_needs_a_reason(valid, client_for):
    Client().post("/enquire/", valid)
    enquiry = Enquiry.objects.get()
    client = client_for("assessor.vvc")
    client.post(f"/adopters/enquiries/{enquiry.pk}/close/", {"reason": ""})
    enquiry.refresh_from_db()
    assert enquiry.status == "new"
    client.post(f"/adopters/enquiries/{enquiry.pk}/close/", {"reason": "Duplicate of an earlier enquiry"})
    enquiry.refresh_from_db()
    assert enquiry.status == "closed"


def test_behind_a_trusted_proxy_each_client_is_counted_not_the_proxy(valid, settings):
    settings.ADOPTER_ENQUIRIES_PER_HOUR = 1
    settings.TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    second = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert first.post("/enquire/", valid).status_code == 302
    assert first.post("/enquire/", valid).status_code == 429
    # Another member of the public behind the same proxy is not held back.
    assert second.post("/enquire/", valid).status_code == 302
    assert Enquiry.objects.count() == 2


def test_mistakes_do_not_use_up_the_enquiries_an_address_may_send_but_endless_junk_is_stopped(
    valid, settings
):
    settings.ADOPTER_ENQUIRIES_PER_HOUR = 2
    client = Client()
    for _attempt in range(3):
        assert client.post("/enquire/", {**valid, "email": "not-an-email"}).status_code == 200
    assert client.post("/enquire/", valid).status_code == 302
    assert client.post("/enquire/", valid).status_code == 302
    assert Enquiry.objects.count() == 2
    junk = Client(REMOTE_ADDR="192.0.2.44")
    statuses = [junk.post("/enquire/", {"email": "junk"}).status_code for _attempt in range(9)]
    assert statuses == [200] * 8 + [429]


def test_an_ipv6_host_counts_once_for_its_whole_64_network(valid, settings):
    settings.ADOPTER_ENQUIRIES_PER_HOUR = 1
    assert Client(REMOTE_ADDR="2001:db8:1:2::1").post("/enquire/", valid).status_code == 302
    assert Client(REMOTE_ADDR="2001:db8:1:2::ffff").post("/enquire/", valid).status_code == 429
    assert Client(REMOTE_ADDR="2001:db8:1:3::1").post("/enquire/", valid).status_code == 302
