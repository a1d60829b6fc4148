"""A social worker finds their own child's profile: the child's record links
to its profile, its links and its trail, and the profile list searches and
shows the worker the child's name beside the reference (never to others)."""

from __future__ import annotations

import pytest

from tests.matching import helpers

pytestmark = pytest.mark.django_db


def test_the_childs_record_links_to_its_profile_links_and_trail_and_back(personas, client_for):
    profile = helpers.waiting_child(personas, "FND00001", surname="Findable")
    household = helpers.approved_household(personas, "Linkedfamily")
    link = helpers.to_linking_meeting(personas, profile, household)
    page = client_for("tm.cardiff").get(f"/children/{profile.child_id}/").content.decode()
    assert f'href="/family-finding/profiles/{profile.pk}/"' in page
    assert f'href="/family-finding/links/{link.pk}/"' in page
    assert f'href="/audit/children.child/{profile.child_id}/"' in page
    back = client_for("sw.cardiff").get(f"/family-finding/profiles/{profile.pk}/").content.decode()
    assert f'href="/children/{profile.child_id}/"' in back


def test_the_profile_list_finds_the_workers_child_by_name_and_shows_it_only_to_them(personas, client_for):
    mine = helpers.waiting_child(personas, "FND00002", surname="Searchable")
    helpers.waiting_child(personas, "FND00003", surname="Otherchild")
    found = client_for("sw.cardiff").get("/family-finding/profiles/?q=Searchable").content.decode()
    assert mine.reference in found and "Otherchild" not in found
    assert 'data-testid="child-name"' in found and "Test Searchable (FND00002)" in found
    regional = client_for("ff.vvc").get("/family-finding/profiles/?q=Searchable").content.decode()
    assert "Test Searchable" not in regional and mine.reference not in regional
    by_reference = client_for("ff.vvc").get(f"/family-finding/profiles/?q={mine.reference}").content.decode()
    assert mine.reference in by_reference and 'data-testid="child-name"' not in by_reference


def test_a_link_is_called_a_match_only_from_the_linking_meeting(personas):
    from nas.matching import services
    from nas.matching.panel_subject import describe

    profile = helpers.waiting_child(personas, "FND00004")
    household = helpers.approved_household(personas, "Earlyfamily")
    link = services.link_express_interest(
        actor=personas["ff.vvc"], side="child", profile=profile, household_profile=household
    )
    assert describe(link).startswith(f"Link {link.pk}: child {profile.reference}")
    later = helpers.to_linking_meeting(personas, helpers.waiting_child(personas, "FND00005"), household)
    assert describe(later).startswith(f"Match {later.pk}:")
