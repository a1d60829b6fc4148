"""Children's anonymous profiles: made at the ADM's decision, shared as the worker chooses."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from nas.audit.models import AuditEvent
from nas.children.journey import MilestoneKind
from nas.core.records import StaleRecordError
from nas.matching import services
from nas.matching.adapters import child_needs_from, siblings_placed_with, suggestions_for
from nas.matching.engine import FamilyOffer
from nas.matching.models import ChildProfile

pytestmark = pytest.mark.django_db


def test_the_profile_is_made_when_the_adm_decides_the_child_should_be_placed(make_child, advance, personas):
    from nas.children.services import milestone_record

    child = make_child(last_name="Identifiable")
    advance(child, MilestoneKind.CHILDS_ADOPTION_REPORT)
    assert not ChildProfile.objects.filter(child=child).exists()
    milestone_record(
        actor=personas["adm.cardiff"], child=child, kind=MilestoneKind.SHOULD_BE_PLACED, when=date(2024, 4, 1)
    )
    profile = ChildProfile.objects.get(child=child)
    assert profile.region.code == "vale-valleys-cardiff"
    assert profile.reference.startswith("P-") and child.case_reference not in profile.reference
    assert not profile.is_published_to_region
    assert AuditEvent.objects.filter(record_type="matching.childprofile", record_id=str(profile.pk)).exists()


def _profile(make_child, advance, **fields):
    child = make_child(**fields)
    advance(child, MilestoneKind.SHOULD_BE_PLACED)
    return ChildProfile.objects.get(child=child)


def test_the_region_sees_the_profile_only_once_published_to_it(make_child, advance, client_for, personas):
    profile = _profile(make_child, advance, last_name="Hidden")
    ff = client_for("ff.vvc")
    assert ff.get(f"/family-finding/profiles/{profile.pk}/").status_code == 404
    services.child_profile_publish(
        actor=personas["sw.cardiff"], profile=profile, expected_version=profile.version, target="region"
    )
    page = ff.get(f"/family-finding/profiles/{profile.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert profile.reference in body and "Hidden" not in body and child_reference(profile) not in body
    assert client_for("director.national").get(f"/family-finding/profiles/{profile.pk}/").status_code == 404
    profile.refresh_from_db()
    services.child_profile_publish(
        actor=personas["sw.cardiff"], profile=profile, expected_version=profile.version, target="national"
    )
    assert client_for("director.national").get(f"/family-finding/profiles/{profile.pk}/").status_code == 200
    assert client_for("board.national").get(f"/family-finding/profiles/{profile.pk}/").status_code == 404
    assert AuditEvent.objects.filter(
        record_type="matching.childprofile",
        record_id=str(profile.pk),
        action="view",
        actor=personas["ff.vvc"],
    ).exists()


def child_reference(profile):
    return profile.child.case_reference


def test_the_worker_chooses_the_optional_fields_shared(make_child, advance, client_for, personas):
    profile = _profile(make_child, advance, religion="Quaker", ethnicity="BCRB")
    services.child_profile_publish(
        actor=personas["sw.cardiff"], profile=profile, expected_version=profile.version, target="region"
    )
    profile.refresh_from_db()
    ff = client_for("ff.vvc")
    assert "Quaker" not in ff.get(f"/family-finding/profiles/{profile.pk}/").content.decode()
    response = client_for("sw.cardiff").post(
        f"/family-finding/profiles/{profile.pk}/edit/",
        {"version": profile.version, "shared_fields": ["religion", "ethnicity"], "about": "Loves trains."},
    )
    assert response.status_code == 302
    body = ff.get(f"/family-finding/profiles/{profile.pk}/").content.decode()
    assert "Quaker" in body and "Caribbean" in body and "Loves trains." in body
    profile.refresh_from_db()
    assert profile.shared_fields == ["ethnicity", "religion", "about"]


def test_a_stale_edit_is_refused(make_child, advance, personas):
    profile = _profile(make_child, advance)
    with pytest.raises(StaleRecordError):
        services.child_profile_update(
            actor=personas["sw.cardiff"],
            profile=profile,
            expected_version=profile.version - 1,
            shared_fields=[],
            about="",
            avoid_own_authority=False,
            avoid_neighbouring_authorities=False,
        )


def test_unknown_fields_and_publication_targets_are_refused(make_child, advance, personas):
    profile = _profile(make_child, advance)
    with pytest.raises(ValidationError):
        services.child_profile_update(
            actor=personas["sw.cardiff"],
            profile=profile,
            expected_version=profile.version,
            shared_fields=["date_of_birth"],
            about="",
            avoid_own_authority=False,
            avoid_neighbouring_authorities=False,
        )
    with pytest.raises(ValidationError):
        services.child_profile_publish(
            actor=personas["sw.cardiff"], profile=profile, expected_version=profile.version, target="everyone"
        )


def test_the_api_publishes_and_reports_errors_in_the_usual_shape(make_child, advance, client_for):
    profile = _profile(make_child, advance)
    client = client_for("sw.cardiff")
    url = f"/api/v1/matching/profiles/{profile.pk}/publication"
    bad = client.post(
        url, json.dumps({"target": "x", "version": profile.version}), content_type="application/json"
    )
    assert bad.status_code == 422 and "target" in bad.json()["errors"]
    ok = client.post(
        url, json.dumps({"target": "national", "version": profile.version}), content_type="application/json"
    )
    assert ok.status_code == 200
    assert ok.json()["published_nationally_at"] and ok.json()["published_to_region_at"]
    stale = client.post(
        url, json.dumps({"target": "withdraw", "version": profile.version}), content_type="application/json"
    )
    assert stale.status_code == 409


def test_the_profile_list_does_not_query_per_profile(
    make_child, advance, client_for, django_assert_max_num_queries
):
    for _ in range(6):
        _profile(make_child, advance)
    client = client_for("sw.cardiff")
    client.get("/family-finding/profiles/")
    with django_assert_max_num_queries(12):
        response = client.get("/family-finding/profiles/")
    assert response.content.decode().count("/family-finding/profiles/") >= 6


def test_the_child_becomes_engine_input_with_location_limits_and_siblings(make_child, advance, personas):
    from nas.children.services import sibling_group_create

    child = make_child(developmental_needs="medium", born=date(2021, 1, 15))
    brother = make_child(behavioural_needs="high", born=date(2019, 6, 1))
    sibling_group_create(
        actor=personas["sw.cardiff"],
        local_authority_id=child.local_authority_id,
        name="Group",
        children=[child, brother],
        placed_together=True,
        reason_apart="",
    )
    advance(child, MilestoneKind.SHOULD_BE_PLACED)
    child.refresh_from_db()
    profile = ChildProfile.objects.get(child=child)
    services.child_profile_update(
        actor=personas["sw.cardiff"],
        profile=profile,
        expected_version=profile.version,
        shared_fields=[],
        about="",
        avoid_own_authority=False,
        avoid_neighbouring_authorities=True,
    )
    child.refresh_from_db()
    siblings = siblings_placed_with(child)
    needs = child_needs_from(child, date(2024, 6, 1), siblings=siblings)
    assert (needs.age_years, needs.age_months, needs.group_size) == (3, 4, 2)
    assert needs.need_rank("behavioural") == 3
    assert {"cardiff", "newport", "caerphilly"} <= needs.avoid_authorities
    assert needs.waiting_days == (date(2024, 6, 1) - date(2024, 2, 15)).days
    assert needs.region == "vale-valleys-cardiff"

    offers = [
        FamilyOffer(
            "near",
            0,
            6,
            2,
            True,
            "high",
            "high",
            "high",
            local_authority="newport",
            region="south-east-wales",
        ),
        FamilyOffer(
            "far",
            0,
            6,
            2,
            True,
            "high",
            "high",
            "high",
            local_authority="powys",
            region="west-and-mid-wales",
            owner="west-and-mid-wales",
        ),
    ]
    version, found = suggestions_for(
        child, today=date(2025, 6, 1), family_set_token="test-siblings", load_offers=lambda: offers
    )
    assert version == 1
    assert [s.family for s in found] == ["far"]
    assert found[0].fee is not None and found[0].fee.amount == 43_000
