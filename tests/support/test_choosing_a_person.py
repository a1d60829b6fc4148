"""Choosing who support is for is a search step, not a drop-down of every
name: the matches are listed with enough to tell two people of one name
apart (date of birth, who they are, their number), only from the worker's
own region, and the page reads the same number of rows however many people
the region has."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nas.core.forms import CHOOSER_LIMIT
from nas.support import codes
from nas.support.models import SupportCase

pytestmark = pytest.mark.django_db


def _radios(page: str) -> list[str]:
    return re.findall(r'class="govuk-label govuk-radios__label" for="id_person_\d+">([^<]*)</label>', page)


def test_two_people_of_one_name_are_told_apart_by_date_of_birth_and_who_they_are(make_person, client_for):
    make_person(first_names="Megan", last_name="Jones", date_of_birth=date(1980, 3, 27))
    make_person(codes.PersonKind.ADOPTIVE_PARENT, first_names="Megan", last_name="Jones", date_of_birth=None)
    page = client_for("support.vvc").get("/support/cases/new/?person-q=megan+jones").content.decode()
    labels = _radios(page)
    assert len(labels) == 2
    assert any("Megan Jones – born 27 March 1980 – Birth parent – person" in label for label in labels)
    unknown = "Megan Jones – date of birth not known – Adoptive parent – person"
    assert any(unknown in label for label in labels)
    assert "2 matches for “megan jones”" in page


def test_a_date_of_birth_finds_the_person(make_person, client_for):
    make_person(first_names="Deio", last_name="Llewellyn", date_of_birth=date(2001, 6, 1))
    make_person(first_names="Deio", last_name="Other", date_of_birth=date(1999, 6, 1))
    page = client_for("support.vvc").get("/support/cases/new/?person-q=1+6+2001").content.decode()
    assert [label.split(" – ")[0] for label in _radios(page)] == ["Deio Llewellyn"]


def test_a_long_list_is_searched_first_and_only_a_page_of_matches_is_shown(make_person, client_for):
    for n in range(CHOOSER_LIMIT + 5):
        make_person(first_names=f"Alys{n}", last_name="Morgan")
    client = client_for("support.vvc")
    page = client.get("/support/cases/new/").content.decode()
    assert _radios(page) == []
    assert "Search to list who you can choose." in page
    # The search box and its button belong to the page's form: a search posts it, keeping what is typed.
    assert 'name="person-q" type="search" value=""' in page
    assert 'name="search" value="person"' in page
    page = client.get("/support/cases/new/?person-q=morgan").content.decode()
    assert len(_radios(page)) == CHOOSER_LIMIT
    assert f"{CHOOSER_LIMIT + 5} matches for “morgan”" in page
    assert "add to the search to narrow it" in page


def test_people_of_another_region_are_neither_listed_nor_accepted(make_person, north, client_for, worker):
    make_person(first_names="Gwen", last_name="Northern", region=north)
    client = client_for("support.vvc")
    page = client.get("/support/cases/new/?person-q=gwen").content.decode()
    assert _radios(page) == []
    assert "0 matches for “gwen”" in page
    other = make_person(first_names="Gwen", last_name="Elsewhere", region=north)
    response = client.post(
        "/support/cases/new/",
        {
            "person": other.pk,
            "requested_on-day": "6",
            "requested_on-month": "1",
            "requested_on-year": "2026",
            "request_summary": "Help",
        },
    )
    assert response.status_code == 200
    assert "Choose who the support is for" in response.content.decode()
    assert not SupportCase.objects.exists()


def test_the_chosen_person_is_opened_a_case_with_the_date_typed_in_three_boxes(make_person, client_for):
    person = make_person(first_names="Carys", last_name="Evans")
    client = client_for("support.vvc")
    page = client.get(f"/support/cases/new/?person={person.pk}").content.decode()
    assert re.search(rf'value="{person.pk}" checked>', page)
    response = client.post(
        "/support/cases/new/",
        {
            "person": person.pk,
            "requested_on-day": "6",
            "requested_on-month": "1",
            "requested_on-year": "2026",
            "request_summary": "Help after the adoption",
        },
    )
    assert response.status_code == 302
    assert SupportCase.objects.get().requested_on == date(2026, 1, 6)


def test_the_search_step_reads_a_fixed_number_of_queries_however_many_people_match(make_person, client_for):
    client = client_for("support.vvc")
    for n in range(3):
        make_person(first_names=f"Rhys{n}", last_name="Price")
    client.get("/support/cases/new/?person-q=price")
    with CaptureQueriesContext(connection) as few:
        client.get("/support/cases/new/?person-q=price")
    for n in range(3, CHOOSER_LIMIT + 10):
        make_person(first_names=f"Rhys{n}", last_name="Price")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/support/cases/new/?person-q=price").content.decode()
    assert len(_radios(page)) == CHOOSER_LIMIT
    assert len(many) == len(few) + 1  # the count of every match, once the list is longer than a page
