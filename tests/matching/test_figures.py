"""Children and households waiting, defined once (nas.matching.figures): the
national register in figures, the national plan, the equity report, the
performance dashboard and the API give the same numbers on the same day."""

from __future__ import annotations

import re
from datetime import date

from nas.matching import figures
from tests.matching import helpers


def _row(body: str, testid: str) -> list[int]:
    """The numbers of the row (or value) marked with this data-testid."""
    found = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</(tr|dd)>', body, re.S)
    assert found, testid
    return [int(n) for n in re.findall(r">(\d+)<", ">" + found.group(1) + "<")]


def _waiting_on_the_register_and_off(personas):
    helpers.waiting_child(personas, "FIG00001", publish="national")
    helpers.waiting_child(personas, "FIG00002", authority="wrexham", publish="region")
    helpers.waiting_child(personas, "FIG00003", until="should_be_placed", publish=None)
    helpers.approved_household(personas, "Registered", refer=True)
    helpers.approved_household(personas, "Regional")
    helpers.approved_household(personas, "Agencyfamily", owner=helpers.STD, approved=date(2025, 8, 1))


def test_children_and_households_waiting_are_counted_once_by_their_definitions(personas):
    _waiting_on_the_register_and_off(personas)
    found = figures.waiting_figures()
    wales = found.wales
    assert (wales.children, wales.children_on_register) == (3, 1)
    assert (wales.households, wales.households_on_register) == (3, 1)
    by_code = {code: row for code, _name, row in found.rows()}
    assert by_code[helpers.VVC].children == 2 and by_code["north-wales"].children == 1
    assert sum(row.children for row in by_code.values()) == wales.children


def test_the_pages_and_the_api_give_the_same_figures(personas, client_for):
    _waiting_on_the_register_and_off(personas)
    wales = figures.waiting_figures().wales
    expected = [wales.children, wales.children_on_register, wales.households, wales.households_on_register]
    director = client_for("director.national")
    register = director.get("/family-finding/register/").content.decode()
    assert _row(register, "waiting-wales") == expected
    dashboard = director.get("/performance/").content.decode()
    assert _row(dashboard, "waiting-wales") == expected
    plan = director.get("/family-finding/national-plan/").content.decode()
    assert _row(plan, "children-on-register") == [wales.children_on_register]
    assert _row(plan, "households-on-register") == [wales.households_on_register]
    equity = director.get("/family-finding/equity/").content.decode()
    assert _row(equity, "children-waiting") == [wales.children]
    api = director.get("/api/v1/matching/register").json()
    assert [
        api["children_waiting"],
        api["children_on_register"],
        api["households_waiting"],
        api["households_on_register"],
    ] == expected
    assert sum(band["count"] for band in api["age_bands"]) == wales.children_on_register
    region = client_for("manager.vvc").get("/family-finding/equity/").content.decode()
    vvc = {code: row for code, _name, row in figures.waiting_figures().rows()}[helpers.VVC]
    assert _row(region, "children-waiting") == [vvc.children]


def test_the_households_list_says_why_an_approved_household_waiting_has_no_profile(personas, client_for):
    from nas.adopters.models import Household
    from tests.adopters import helpers as adopter_helpers

    profile = helpers.approved_household(personas, "Withprofile")
    page = client_for("ff.vvc").get("/family-finding/households/").content.decode()
    assert 'data-testid="without-profile"' not in page and profile.reference in page
    legacy = adopter_helpers.make_household(personas["assessor.vvc"], helpers.VVC, "Legacy")
    Household.objects.filter(pk=legacy.pk).update(stage="approved")  # loaded without a profile
    page = client_for("ff.vvc").get("/family-finding/households/").content.decode()
    assert "1 approved household waiting for a child has no profile here" in page
    assert figures.waiting_figures().wales.households_without_profile == 1
