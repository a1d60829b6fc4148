import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from nas.accounts.models import User
from nas.adopters.models import Enquiry, Household
from nas.adopters.selectors import worklist_for_person
from nas.matching.demo import HOUSEHOLDS as FAMILY_FINDING_HOUSEHOLDS
from nas.panels.models import Decision, Meeting

pytestmark = pytest.mark.django_db


def test_the_demo_has_households_at_every_point_a_panel_and_one_overdue_in_stage_1(reference_data):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # a second run adds nothing
    # Family finding's demonstration (nas.matching.demo) adds approved households of its own.
    family_finding = Household.objects.filter(
        members__last_name__in=[row[1] for row in FAMILY_FINDING_HOUSEHOLDS]
    )
    vvc = Household.objects.filter(owner__code="vale-valleys-cardiff").exclude(pk__in=family_finding)
    assert vvc.count() == 4
    assert (
        Household.objects.filter(owner__code="st-davids-childrens-society")
        .exclude(pk__in=family_finding)
        .count()
        == 1
    )
    assert set(vvc.values_list("stage", flat=True)) == {
        "registration_of_interest",
        "stage_one",
        "stage_two",
        "approved",
    }
    approved = vvc.get(stage="approved")
    assert approved.has_approval_range and Decision.objects.filter(subject_id=approved.pk).exists()
    assert (
        Meeting.objects.filter(organisation__code="vale-valleys-cardiff")
        .exclude(items__subject_type="matching.link")
        .exclude(items__subject_id__in=family_finding)
        .count()
        == 2
    )
    assert all(m.items.exists() for m in Meeting.objects.all())
    assert Enquiry.objects.count() == 2
    manager = User.objects.get(username="manager.vvc")
    overdue = {
        (e.household.stage, e.deadline.code)
        for e in worklist_for_person(user=manager, today=timezone.localdate())
        if e.overdue
    }
    assert ("stage_one", "stage_one") in overdue
