import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from nas.children.models import Child
from nas.matching.models import ChildProfile, HouseholdProfile, Link, LinkState
from nas.matching.selectors import national_plan

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_profiles_links_a_child_and_places_one_through_a_link_once(reference_data):
    call_command("seed_demo", stdout=io.StringIO())
    profiles = ChildProfile.objects.filter(child__local_authority__code="cardiff")
    decided = Child.objects.filter(
        local_authority__code="cardiff", milestones__kind="should_be_placed"
    ).distinct()
    assert decided.count() >= 6
    assert profiles.count() == decided.count()  # every demo child past the 'should be placed' decision
    # Four published (three nationally); the placed child's (CDF-1010) left family finding at the placement.
    assert profiles.filter(published_to_region_at__isnull=False).count() == 3
    assert profiles.filter(published_nationally_at__isnull=False).count() == 2
    households = HouseholdProfile.objects.all()
    assert households.count() == 5 and households.filter(published_nationally_at__isnull=False).count() == 3
    assert {o for o in households.values_list("household__owner__code", flat=True)} == {
        "vale-valleys-cardiff",
        "st-davids-childrens-society",
    }
    assert sorted(Link.objects.values_list("state", flat=True)) == [LinkState.LINKED, LinkState.PLACED]
    placed = Child.objects.get(case_reference="CDF-1010").milestones.get(kind="placed")
    assert placed.detail["placement_area"] == "elsewhere_in_wales"
    assert placed.detail["inter_agency_fee_pence"] == 39_245_00
    plan = national_plan(timezone.localdate(), parity=False, floor=0.8)
    assert (
        plan.matched == 1 and plan.pairs[0].child == profiles.get(child__case_reference="CDF-1004").reference
    )
    call_command("seed_demo", stdout=io.StringIO())
    assert profiles.filter(published_to_region_at__isnull=False).count() == 3
    assert HouseholdProfile.objects.count() == 5 and Link.objects.count() == 2
