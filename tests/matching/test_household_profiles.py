"""Households' anonymous profiles: made at approval, on the national register
after the referral to the Adoption Register for Wales, withdrawn when the
approval ends; the household's worker chooses what else they share."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from nas.adopters import services as households
from nas.adopters.journey import MilestoneKind
from nas.audit.models import AuditEvent
from nas.core.records import StaleRecordError
from nas.matching import services
from nas.matching.models import HouseholdProfile
from tests.adopters import helpers as adopter_helpers
from tests.matching import helpers

pytestmark = pytest.mark.django_db


def test_the_profile_is_made_and_published_to_the_region_when_the_household_is_approved(personas):
    assessor = personas["assessor.vvc"]
    household = adopter_helpers.make_household(assessor, helpers.VVC, "Approvalsurname")
    adopter_helpers.advance(assessor, household, MilestoneKind.PAR_COMPLETED)
    households.milestone_record(
        actor=assessor, household=household, kind=MilestoneKind.PANEL_RECOMMENDATION, when=date(2025, 8, 1)
    )
    assert not HouseholdProfile.objects.filter(household=household).exists()
    households.milestone_record(
        actor=assessor, household=household, kind=MilestoneKind.APPROVED, when=date(2025, 8, 5)
    )
    profile = HouseholdProfile.objects.get(household=household)
    assert profile.reference.startswith("H-") and household.reference not in profile.reference
    assert profile.region.code == helpers.VVC and profile.is_published_to_region
    assert not profile.is_published_nationally
    assert AuditEvent.objects.filter(
        record_type="matching.householdprofile", record_id=str(profile.pk)
    ).exists()
    households.milestone_record(
        actor=assessor, household=household, kind=MilestoneKind.REFERRED_TO_REGISTER, when=date(2025, 8, 6)
    )
    profile.refresh_from_db()
    assert profile.is_published_nationally
    households.milestone_record(
        actor=assessor,
        household=household,
        kind=MilestoneKind.WITHDRAWN,
        when=date(2025, 9, 1),
        detail={"reason": "health"},
    )
    profile.refresh_from_db()
    assert not profile.is_published_to_region and not profile.is_published_nationally


def test_the_national_register_shows_referred_households_only(personas):
    profile = helpers.approved_household(personas, "Notreferred")
    with pytest.raises(ValidationError, match="Adoption Register for Wales"):
        services.household_profile_publish(
            actor=personas["assessor.vvc"],
            profile=profile,
            expected_version=profile.version,
            target="national",
        )


def test_the_worker_chooses_what_else_is_shared_and_nothing_identifies_the_household(personas, client_for):
    profile = helpers.approved_household(
        personas,
        "Privatesurname",
        language="welsh",
        religion="Quaker",
        address="2 Hidden Lane",
        email="a@b.invalid",
    )
    services.household_profile_update(
        actor=personas["assessor.vvc"],
        profile=profile,
        expected_version=profile.version,
        shared_fields=["religion"],
        about="Love walking the Taff Trail.",
    )
    profile.refresh_from_db()
    assert profile.shared_fields == ["religion", "about"]
    with pytest.raises(StaleRecordError):
        services.household_profile_update(
            actor=personas["assessor.vvc"], profile=profile, expected_version=1, shared_fields=[], about=""
        )
    page = client_for("ff.vvc").get(f"/family-finding/households/{profile.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and "Quaker" in body and "Taff Trail" in body
    for secret in ("Privatesurname", "Hidden Lane", "a@b.invalid", profile.household.reference, "Rhondda"):
        assert secret not in body
    assert "Welsh is the child" not in body  # the language was not chosen to be shared


def test_only_the_households_own_workers_change_the_profile(personas, client_for):
    profile = helpers.approved_household(personas, "Ownworkers")
    assert client_for("assessor.vvc").get(f"/family-finding/households/{profile.pk}/edit/").status_code == 200
    assert client_for("ff.vvc").get(f"/family-finding/households/{profile.pk}/edit/").status_code == 403
    assert client_for("sw.cardiff").get(f"/family-finding/households/{profile.pk}/edit/").status_code == 403
    assert client_for("ff.north").get(f"/family-finding/households/{profile.pk}/").status_code == 404
    assert client_for("assessor.stdavids").get(f"/family-finding/households/{profile.pk}/").status_code == 404
