"""The PLACED milestone's detail, read by the performance framework: the
same five keys whether the child is placed through a link or the social
worker records the placement by hand (asked where the child is placed)."""

from __future__ import annotations

from datetime import date

import pytest

from nas.children.codes import PlacementArea
from nas.children.journey import MilestoneKind
from nas.matching import services
from tests.matching import helpers

pytestmark = pytest.mark.django_db
KEYS = {"household", "household_owner", "household_region", "placement_area", "inter_agency_fee_pence"}
TODAY = date.today()


def _place(personas, child, household):
    link = helpers.to_linking_meeting(personas, child, household)
    helpers.decide(personas, link, helpers.through_panel(personas, link))
    link.refresh_from_db()
    services.link_step(
        actor=personas["sw.cardiff"], link=link, expected_version=link.version, step="placed", when=TODAY
    )
    return link, child.child.milestones.get(kind=MilestoneKind.PLACED)


def test_a_placement_in_the_childs_own_region_carries_no_fee(personas):
    child = helpers.waiting_child(personas, "PLC00001")
    household = helpers.approved_household(personas, "Sameregion")
    link, placed = _place(personas, child, household)
    assert set(placed.detail) == KEYS
    assert placed.detail == {
        "household": household.household_id,
        "household_owner": "vale-valleys-cardiff",
        "household_region": "vale-valleys-cardiff",
        "placement_area": "same_region",
        "inter_agency_fee_pence": None,
    }
    assert link.inter_agency_fee_pence is None


def test_a_placement_with_a_voluntary_agency_carries_the_fee_of_the_day(personas):
    """The dated fee table: £39,245 for one child with a voluntary agency's adopters from 1 April 2025."""
    child = helpers.waiting_child(personas, "PLC00002")
    household = helpers.approved_household(
        personas, "Agencyfamily", owner=helpers.STD, residence="newport", refer=True
    )
    child_profile = child
    services.child_profile_publish(
        actor=personas["sw.cardiff"],
        profile=child_profile,
        expected_version=child_profile.version,
        target="national",
    )
    child_profile.refresh_from_db()
    link, placed = _place(personas, child_profile, household)
    assert set(placed.detail) == KEYS
    assert placed.detail["household_owner"] == "st-davids-childrens-society"
    assert placed.detail["household_region"] == ""
    assert placed.detail["placement_area"] == "elsewhere_in_wales"
    assert placed.detail["inter_agency_fee_pence"] == 39_245_00
    assert link.inter_agency_fee_pence == 39_245_00


def test_the_social_worker_must_say_where_the_child_is_placed_by_hand(
    personas, client_for, make_child, advance
):
    child = make_child()
    advance(child, MilestoneKind.MATCH_DECISION)
    sw = client_for("sw.cardiff")
    page = sw.get(f"/children/{child.pk}/milestones/placed/new/")
    assert page.status_code == 200 and "Where do the adopters live?" in page.content.decode()
    refused = sw.post(
        f"/children/{child.pk}/milestones/placed/new/", {"date": "1/9/2024", "version": child.version}
    )
    assert refused.status_code == 200 and "Choose where the child is placed" in refused.content.decode()
    done = sw.post(
        f"/children/{child.pk}/milestones/placed/new/",
        {"date": "1/9/2024", "version": child.version, "placement_area": PlacementArea.OUTSIDE_WALES},
    )
    assert done.status_code == 302
    placed = child.milestones.get(kind=MilestoneKind.PLACED)
    assert placed.detail == {
        "household": None,
        "household_owner": "",
        "household_region": "",
        "placement_area": "outside_wales",
        "inter_agency_fee_pence": None,
    }
    assert "Outside Wales" in sw.get(f"/children/{child.pk}/").content.decode()


def test_the_api_asks_for_the_placement_area_too(personas, client_for, make_child, advance):
    child = make_child()
    advance(child, MilestoneKind.MATCH_DECISION)
    api = client_for("sw.cardiff")
    body = {"kind": "placed", "date": "2024-09-01", "version": child.version}
    refused = api.post(f"/api/v1/children/{child.pk}/milestones", body, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json() == {"errors": {"placement_area": ["Choose where the child is placed"]}}
    done = api.post(
        f"/api/v1/children/{child.pk}/milestones",
        {**body, "placement_area": "same_region"},
        content_type="application/json",
    )
    assert done.status_code == 201
    assert set(done.json()["detail"]) == KEYS and done.json()["detail"]["placement_area"] == "same_region"


def test_a_placement_area_that_is_not_one_of_the_three_is_refused(personas, make_child, advance):
    from django.core.exceptions import ValidationError

    from nas.children import services as children

    child = make_child()
    advance(child, MilestoneKind.MATCH_DECISION)
    with pytest.raises(ValidationError):
        children.milestone_record(
            actor=personas["sw.cardiff"],
            child=child,
            kind=MilestoneKind.PLACED,
            when=date(2024, 9, 1),
            detail={"placement_area": "abroad"},
        )
