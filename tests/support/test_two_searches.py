"""A page with two search steps (the intermediary service: the applicant and
the person sought) keeps each one's choice while the other searches. The
search button posts the page's whole form, so the applicant ticked before
searching for the person sought is still ticked after, and the dates typed
stay too; a search saves nothing and shows no error. Only the region's
people are found; an outsider's search finds none of them, and their
choice of one is refused."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from nas.accounts.models import Role
from nas.accounts.services import staff_create
from nas.support import codes
from nas.support.models import IntermediaryCase

pytestmark = pytest.mark.django_db

URL = "/support/intermediary/new/"


@pytest.fixture
def people(make_person):
    return (
        make_person(
            codes.PersonKind.BIRTH_PARENT,
            first_names="Margaret",
            last_name="Bowen",
            date_of_birth=date(1946, 8, 1),
        ),
        make_person(
            codes.PersonKind.ADOPTED_ADULT,
            first_names="Alun",
            last_name="Rees",
            date_of_birth=date(1964, 2, 1),
            adoption_date=date(1965, 1, 12),
        ),
    )


def _form(**fields):
    return {
        "applicant-q": "",
        "subject-q": "",
        "received_on-day": "6",
        "received_on-month": "1",
        "received_on-year": "2026",
        "adoption_date-day": "12",
        "adoption_date-month": "1",
        "adoption_date-year": "1965",
        **fields,
    }


def _checked(page: str, field: str) -> list[str]:
    return re.findall(rf'name="{field}" type="radio" value="(\d+)" checked', page)


def _listed(page: str, field: str) -> list[str]:
    return re.findall(rf'id="id_{field}_\d+" name="{field}" type="radio" value="(\d+)"', page)


@pytest.mark.parametrize("username", ["support.vvc", "manager.vvc"])  # the worker, and a colleague
def test_searching_for_the_person_sought_keeps_the_applicant_chosen(people, client_for, username):
    applicant, subject = people
    client = client_for(username)
    page = client.post(
        URL,
        _form(applicant=applicant.pk, **{"applicant-q": "bowen", "subject-q": "rees", "search": "subject"}),
    ).content.decode()
    assert _checked(page, "applicant") == [str(applicant.pk)]
    assert _listed(page, "subject") == [str(subject.pk)]
    assert "1 match for “bowen”" in page and "1 match for “rees”" in page
    assert 'name="adoption_date-year" type="text" inputmode="numeric" value="1965"' in page or "1965" in page
    assert "govuk-error-summary" not in page
    assert not IntermediaryCase.objects.exists()
    # And the other way round: the person sought stays chosen while the applicant is searched for.
    page = client.post(
        URL,
        _form(subject=subject.pk, **{"subject-q": "rees", "applicant-q": "1 8 1946", "search": "applicant"}),
    ).content.decode()
    assert _checked(page, "subject") == [str(subject.pk)]
    assert _listed(page, "applicant") == [str(applicant.pk)]
    # Both chosen, Save records the application.
    response = client.post(URL, _form(applicant=applicant.pk, subject=subject.pk))
    assert response.status_code == 302
    case = IntermediaryCase.objects.get()
    assert (case.applicant, case.subject) == (applicant, subject)


def test_a_search_is_a_button_of_the_page_form_not_a_form_of_its_own(people, client_for):
    page = client_for("support.vvc").get(URL + "?applicant-q=bowen").content.decode()
    assert 'name="applicant-q" type="search" value="bowen"' in page
    assert 'name="search" value="applicant"' in page and 'name="search" value="subject"' in page
    assert 'method="get"' not in page.split('id="main-content"')[1]
    assert len(_listed(page, "applicant")) == 1


def test_an_outsider_finds_none_of_the_regions_people_and_cannot_choose_them(people, north, client_for):
    applicant, subject = people
    outsider = staff_create(
        actor=None,
        username="support.north",
        password="x" * 20,
        organisation_id=north.pk,
        roles=[Role.SUPPORT_WORKER],
    )
    client = Client()
    client.force_login(outsider)
    page = client.post(
        URL, _form(**{"applicant-q": "bowen", "subject-q": "rees", "search": "subject"})
    ).content.decode()
    assert _listed(page, "applicant") == [] == _listed(page, "subject")
    assert "0 matches for “bowen”" in page
    page = client.post(URL, _form(applicant=applicant.pk, subject=subject.pk)).content.decode()
    assert "Choose the applicant" in page and "Choose the person sought" in page
    assert not IntermediaryCase.objects.exists()
    case = client_for("support.vvc").post(URL, _form(applicant=applicant.pk, subject=subject.pk))
    assert client.get(case.url).status_code == 404
