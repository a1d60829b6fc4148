import io

import pytest
from django.core.management import call_command

from nas.children.models import Child
from nas.matching.models import ChildProfile

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_a_profile_to_the_region_and_one_nationally_once(reference_data):
    call_command("seed_demo", stdout=io.StringIO())
    profiles = ChildProfile.objects.filter(child__local_authority__code="cardiff")
    decided = Child.objects.filter(
        local_authority__code="cardiff", milestones__kind="should_be_placed"
    ).distinct()
    assert decided.count() >= 6
    assert profiles.count() == decided.count()  # every demo child past the 'should be placed' decision
    assert profiles.filter(published_to_region_at__isnull=False).count() == 2
    assert profiles.filter(published_nationally_at__isnull=False).count() == 1
    call_command("seed_demo", stdout=io.StringIO())
    assert profiles.filter(published_to_region_at__isnull=False).count() == 2
