"""The one search box: names with a typing slip, references, dates of birth
and former names, only within the caller's scope, audited. The same tests
run on SQLite and on PostgreSQL (pg_trgm and full text)."""

from __future__ import annotations

from datetime import date

import pytest

from nas.audit.models import AuditEvent
from nas.search import matching
from nas.search.services import search

pytestmark = pytest.mark.django_db


def titles(user, text, kind="children"):
    _query, sections = search(user=user, text=text)
    return [h.title for s in sections if s.key == kind for h in s.hits]


@pytest.fixture
def children(make_child):
    make_child(first_names="Megan", last_name="Jones", born=date(2019, 3, 27), case_reference="CDF-1001")
    make_child(first_names="Rhys", last_name="Hughes", former_names="Rhys Pritchard")
    make_child(first_names="Gwenllian", last_name="Ellis")
    make_child("wrexham", first_names="Megan", last_name="Joness")


@pytest.mark.parametrize(
    "typed", ["Megan Jones", "jones", "Jon", "Jnoes", "Jomes", "Joens", "Megna Jone", "megan"]
)
def test_a_name_is_found_whole_by_its_start_or_with_one_typing_slip(personas, children, typed):
    assert "Megan Jones" in titles(personas["sw.cardiff"], typed)


def test_two_slips_are_not_a_match(personas, children):
    assert titles(personas["sw.cardiff"], "Jnose") == []


def test_a_child_is_found_by_reference_date_of_birth_and_former_names(personas, children):
    user = personas["sw.cardiff"]
    assert titles(user, "CDF-1001") == ["Megan Jones"]
    assert titles(user, "27/03/2019") == ["Megan Jones"]
    assert titles(user, "2019-03-27 Megan") == ["Megan Jones"]
    assert titles(user, "Pritchard") == ["Rhys Hughes"]
    assert titles(user, "Pritchrad") == ["Rhys Hughes"]


def test_exact_matches_come_before_slips(personas, make_child):
    make_child(first_names="Ann", last_name="Evans")
    make_child(first_names="Ann", last_name="Evan")
    assert titles(personas["sw.cardiff"], "Evans")[0] == "Ann Evans"


def test_only_the_callers_scope_is_searched(personas, children):
    assert titles(personas["sw.wrexham"], "Megan") == ["Megan Joness"]
    # The region sees referred children's profiles, never their names.
    assert titles(personas["ff.vvc"], "Megan") == []


def test_a_restricted_record_is_found_only_by_those_who_may_open_it(personas, make_child, advance):
    advance(make_child(first_names="Owen", last_name="Adopted"), "adoption_order")
    assert titles(personas["sw.cardiff"], "Adopted") == []
    _query, sections = search(user=personas["tm.cardiff"], text="Adopted")
    hit = next(h for s in sections for h in s.hits)
    assert hit.title == "Owen Adopted" and hit.tag == "Restricted record"


def test_each_search_is_audited_with_the_query_and_what_was_listed(personas, children, make_child):
    user = personas["sw.cardiff"]
    search(user=user, text="Jnoes")
    entry = AuditEvent.objects.filter(record_type="search.query", actor_username="sw.cardiff").get()
    assert entry.detail["query"] == "Jnoes"
    listed = entry.detail["listed"]["children"]
    assert len(listed) == 1
    assert (
        AuditEvent.objects.for_record("children.child", listed[0]).filter(detail__listed_in="search").exists()
    )


def test_households_are_found_by_reference_and_by_their_members_names(personas):
    from nas.adopters import services as adopters
    from nas.organisations.models import Organisation

    region = Organisation.objects.get(code="vale-valleys-cardiff")
    household = adopters.household_create(
        actor=personas["assessor.vvc"],
        owner_id=region.pk,
        enquiry_date=date(2024, 1, 5),
        applicants=[{"first_names": "Siân", "last_name": "Llewellyn"}],
    )
    user = personas["assessor.vvc"]
    assert titles(user, "Llewelyn", "households") == [household.reference]
    assert titles(user, household.reference, "households") == [household.reference]
    assert titles(personas["ff.north"], "Llewellyn", "households") == []


def test_the_page_shows_results_and_the_national_tier_has_nothing_to_search(personas, children, client_for):
    page = client_for("sw.cardiff").get("/search/", {"q": "Jnoes"})
    assert page.status_code == 200 and "Megan Jones" in page.content.decode()
    assert client_for("director.national").get("/search/", {"q": "Megan"}).status_code == 403


def test_the_slip_patterns_cover_each_kind_of_slip():
    patterns = set(matching.variants("jones"))
    assert {"j_nes", "jnes", "joens", "jon_es"} <= patterns
    assert "jones" not in patterns and matching.variants("jon") == []
