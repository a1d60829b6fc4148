"""The central list of panel members (Adoption Agencies (Wales) Regulations
2005, reg. 3 as substituted in 2014: the agency keeps a central list of people
suitable to sit on its adoption panel; the exact Welsh wording is unconfirmed
here): kept by the panel adviser, nobody removed, leaving dated; each
meeting's members chosen from those on the list on its date."""

from __future__ import annotations

import importlib
import json
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nas.audit.models import AuditEvent
from nas.core.records import StaleRecordError
from nas.panels import services
from nas.panels.models import CentralMember, PanelMember
from tests.adopters import helpers

pytestmark = pytest.mark.django_db

LIST = [
    ("Eleri Chair", "chair", True),
    ("Gwen Vice", "vice_chair", True),
    ("Siân Social", "social_worker", False),
    ("Dr Medi Adviser", "medical_adviser", False),
    ("Iolo Independent", "independent", True),
    ("Alun Adviser", "agency_adviser", False),
]


def _list(adviser, joined_on=date(2025, 1, 6)) -> dict[str, CentralMember]:
    return {
        name: services.central_member_add(
            actor=adviser, name=name, role=role, independent=independent, joined_on=joined_on
        )
        for name, role, independent in LIST
    }


def _meeting(adviser, when=date(2025, 6, 2)):
    return services.meeting_create(actor=adviser, organisation_id=adviser.organisation_id, when=when)


def test_the_panel_adviser_adds_a_person_to_their_regions_list_and_it_is_audited(personas):
    adviser = personas["panel.vvc"]
    member = services.central_member_add(
        actor=adviser, name="  Eleri   Chair ", role="chair", independent=True, joined_on=date(2025, 1, 6)
    )
    assert member.organisation_id == adviser.organisation_id
    assert member.name == "Eleri Chair" and member.left_on is None
    assert AuditEvent.objects.filter(record_type="panels.centralmember", record_id=member.pk).exists()


def test_only_the_panel_adviser_keeps_the_list(personas):
    for persona in ("assessor.vvc", "manager.vvc", "director.national", "sw.cardiff"):
        with pytest.raises(PermissionDenied):
            services.central_member_add(
                actor=personas[persona],
                name="X",
                role="independent",
                independent=True,
                joined_on=date(2025, 1, 6),
            )


def test_a_chair_on_the_list_must_be_independent_of_the_agency(personas):
    """Adoption Agencies (Wales) Regulations 2005, reg. 3: the chair is independent of the agency."""
    with pytest.raises(ValidationError) as error:
        services.central_member_add(
            actor=personas["panel.vvc"],
            name="Staff",
            role="chair",
            independent=False,
            joined_on=date(2025, 1, 6),
        )
    assert "independent" in str(error.value)


def test_a_stale_correction_is_refused(personas):
    adviser = personas["panel.vvc"]
    member = _list(adviser)["Siân Social"]
    opened = member.version
    services.central_member_update(
        actor=adviser,
        member=member,
        expected_version=opened,
        name="Siân Social-Worker",
        role="social_worker",
        independent=False,
        joined_on=date(2025, 1, 6),
    )
    with pytest.raises(StaleRecordError):
        services.central_member_update(
            actor=adviser,
            member=CentralMember.objects.get(pk=member.pk) and member,
            expected_version=opened,
            name="Someone else",
            role="social_worker",
            independent=False,
            joined_on=date(2025, 1, 6),
        )
    assert CentralMember.objects.get(pk=member.pk).name == "Siân Social-Worker"


def test_leaving_is_dated_and_nobody_is_deleted(personas):
    adviser = personas["panel.vvc"]
    member = _list(adviser)["Iolo Independent"]
    with pytest.raises(ValidationError):
        services.central_member_leave(
            actor=adviser, member=member, left_on=date(2024, 12, 1), expected_version=member.version
        )
    services.central_member_leave(
        actor=adviser, member=member, left_on=date(2025, 5, 1), expected_version=member.version
    )
    member.refresh_from_db()
    assert member.left_on == date(2025, 5, 1)
    with pytest.raises(TypeError):
        member.delete()
    with pytest.raises(ValidationError):
        services.central_member_leave(
            actor=adviser, member=member, left_on=date(2025, 6, 1), expected_version=member.version
        )


def test_someone_cannot_leave_before_a_meeting_they_sit_on(personas):
    adviser = personas["panel.vvc"]
    people = _list(adviser)
    meeting = _meeting(adviser)
    services.members_choose(
        actor=adviser,
        meeting=meeting,
        central_member_ids=[people["Siân Social"].pk],
        chair_id=people["Eleri Chair"].pk,
    )
    member = people["Siân Social"]
    with pytest.raises(ValidationError) as error:
        services.central_member_leave(
            actor=adviser, member=member, left_on=date(2025, 6, 2), expected_version=member.version
        )
    assert "02/06/2025" in str(error.value)


def test_a_meetings_members_and_chair_are_chosen_from_the_list_and_make_it_quorate(personas):
    """Adoption Agencies (Wales) Regulations 2005, reg. 6 (as substituted in 2014): quorum."""
    adviser = personas["panel.vvc"]
    people = _list(adviser)
    meeting = _meeting(adviser)
    chosen = [
        people[n].pk
        for n in ("Gwen Vice", "Siân Social", "Dr Medi Adviser", "Iolo Independent", "Alun Adviser")
    ]
    added = services.members_choose(
        actor=adviser, meeting=meeting, central_member_ids=chosen, chair_id=people["Eleri Chair"].pk
    )
    assert len(added) == 6
    sitting = {m.name: m for m in meeting.members.all()}
    assert (
        sitting["Eleri Chair"].role == "chair"
        and sitting["Eleri Chair"].central_member_id == people["Eleri Chair"].pk
    )
    assert sitting["Gwen Vice"].role == "vice_chair"
    assert services.quorum(meeting).quorate
    assert AuditEvent.objects.filter(record_type="panels.meeting", record_id=meeting.pk).count() == 2


def test_the_chair_must_be_independent_and_one_per_meeting(personas):
    adviser = personas["panel.vvc"]
    people = _list(adviser)
    meeting = _meeting(adviser)
    with pytest.raises(ValidationError) as error:
        services.members_choose(
            actor=adviser, meeting=meeting, central_member_ids=[], chair_id=people["Siân Social"].pk
        )
    assert "independent" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.members_choose(actor=adviser, meeting=meeting, central_member_ids=[people["Siân Social"].pk])
    assert "chairs" in str(error.value)
    services.members_choose(
        actor=adviser, meeting=meeting, central_member_ids=[], chair_id=people["Gwen Vice"].pk
    )
    with pytest.raises(ValidationError):
        services.members_choose(
            actor=adviser, meeting=meeting, central_member_ids=[], chair_id=people["Eleri Chair"].pk
        )
    # The listed chair, not chairing this one, sits as an independent member: a meeting has one chair.
    services.members_choose(actor=adviser, meeting=meeting, central_member_ids=[people["Eleri Chair"].pk])
    assert meeting.members.get(central_member=people["Eleri Chair"]).role == "independent"


def test_only_people_on_the_list_on_the_meetings_date_can_be_chosen(personas):
    adviser = personas["panel.vvc"]
    people = _list(adviser)
    left = people["Iolo Independent"]
    services.central_member_leave(
        actor=adviser, member=left, left_on=date(2025, 5, 1), expected_version=left.version
    )
    late = services.central_member_add(
        actor=adviser, name="Late Joiner", role="independent", independent=True, joined_on=date(2025, 7, 1)
    )
    meeting = _meeting(adviser)
    for pk in (left.pk, late.pk):
        with pytest.raises(ValidationError) as error:
            services.members_choose(
                actor=adviser, meeting=meeting, central_member_ids=[pk], chair_id=people["Eleri Chair"].pk
            )
        assert "on the central list on the date of the meeting" in str(error.value)
    assert not meeting.members.exists()


def test_another_regions_list_cannot_be_chosen_from(personas):
    from nas.organisations.models import Organisation

    adviser = personas["panel.vvc"]
    theirs = CentralMember.objects.create(
        organisation=Organisation.objects.get(code="north-wales"),
        name="North Chair",
        role="chair",
        independent=True,
        joined_on=date(2025, 1, 1),
    )
    with pytest.raises(ValidationError):
        services.members_choose(
            actor=adviser, meeting=_meeting(adviser), central_member_ids=[], chair_id=theirs.pk
        )


def test_members_typed_before_the_list_join_it_and_stay_readable(personas):
    """The data migration: one entry per person, joined on their first meeting,
    with their latest role; each sitting keeps the name typed at the time."""
    adviser = personas["panel.vvc"]
    first, later = _meeting(adviser, date(2024, 3, 4)), _meeting(adviser, date(2024, 9, 2))
    # As meetings were recorded before the list: names typed on each meeting.
    for meeting, role in ((first, "independent"), (later, "chair")):
        PanelMember.objects.create(meeting=meeting, name="Eleri  Chair", role=role, independent=True)
        PanelMember.objects.create(meeting=meeting, name="Siân Social", role="social_worker")
    assert not CentralMember.objects.exists()
    migration = importlib.import_module("nas.panels.migrations.0003_central_list_from_typed_members")
    migration.forwards(apps, None)
    listed = CentralMember.objects.filter(organisation_id=adviser.organisation_id)
    assert listed.count() == 2
    chair = listed.get(name="Eleri Chair")
    assert chair.joined_on == date(2024, 3, 4) and chair.left_on is None and chair.role == "chair"
    assert chair.sittings.count() == 2
    assert not PanelMember.objects.filter(central_member__isnull=True).exists()
    assert first.members.get(central_member=chair).role == "independent"
    assert first.members.get(central_member=chair).name == "Eleri  Chair"


def test_a_member_given_by_name_is_matched_to_the_list_or_joins_it(personas):
    adviser = personas["panel.vvc"]
    people = _list(adviser)
    meeting = helpers.quorate_meeting(adviser, date(2025, 6, 2))
    assert meeting.members.get(name="Eleri Chair").central_member == people["Eleri Chair"]
    newcomer = meeting.members.get(name="Nerys Independent").central_member
    assert newcomer is not None and newcomer.joined_on == date(2025, 6, 2)
    assert CentralMember.objects.filter(name="Nerys Independent").count() == 1
    helpers.quorate_meeting(adviser, date(2025, 7, 7))
    helpers.quorate_meeting(adviser, date(2025, 4, 7))  # out of date order, as an import may be
    assert CentralMember.objects.get(name="Nerys Independent").joined_on == date(2025, 4, 7)


def test_the_list_page_makes_a_fixed_number_of_queries(personas, client_for):
    adviser = personas["panel.vvc"]
    client = client_for("panel.vvc")
    people = _list(adviser)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/panels/central-list/").status_code == 200
    for n in range(6):
        services.central_member_add(
            actor=adviser, name=f"More {n}", role="independent", independent=True, joined_on=date(2025, 1, 6)
        )
    services.members_choose(
        actor=adviser, meeting=_meeting(adviser), central_member_ids=[], chair_id=people["Eleri Chair"].pk
    )
    gone = people["Alun Adviser"]
    services.central_member_leave(
        actor=adviser, member=gone, left_on=date(2025, 3, 1), expected_version=gone.version
    )
    with CaptureQueriesContext(connection) as many:
        page = client.get("/panels/central-list/").content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "More 5" in page and "1 March 2025" in page


def test_the_pages_add_a_person_and_choose_them_for_a_meeting(personas, client_for):
    adviser = personas["panel.vvc"]
    client = client_for("panel.vvc")
    response = client.post(
        "/panels/central-list/new/",
        {
            "name": "Nia Newchair",
            "role": "chair",
            "independent": "yes",
            "joined_on-day": "6",
            "joined_on-month": "1",
            "joined_on-year": "2025",
        },
    )
    assert response.status_code == 302
    nia = CentralMember.objects.get(name="Nia Newchair")
    meeting = _meeting(adviser)
    page = client.get(f"/panels/{meeting.pk}/members/new/").content.decode()
    assert "Nia Newchair (Chair (independent))" in page and 'type="checkbox"' in page
    response = client.post(
        f"/panels/{meeting.pk}/members/new/", {"version": meeting.version, "chair": str(nia.pk)}
    )
    assert response.status_code == 302
    assert meeting.members.get().central_member == nia
    assert "Nia Newchair" in client.get(f"/panels/{meeting.pk}/").content.decode()


def test_choosing_nobody_says_so_in_english_and_welsh(personas, client_for):
    adviser = personas["panel.vvc"]
    _list(adviser)
    meeting = _meeting(adviser)
    client = client_for("panel.vvc")
    english = client.post(f"/panels/{meeting.pk}/members/new/", {"version": meeting.version}).content.decode()
    assert "Choose who chairs the meeting" in english
    welsh = client.post(
        f"/panels/{meeting.pk}/members/new/", {"version": meeting.version}, HTTP_ACCEPT_LANGUAGE="cy"
    ).content.decode()
    assert (
        "Choose who chairs the meeting" not in welsh
        and "Rhestr ganolog"
        in client.get("/panels/central-list/", HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    )


def test_the_api_lists_adds_changes_and_dates_leaving_with_409_when_stale(personas, client_for):
    adviser = personas["panel.vvc"]
    client = client_for("panel.vvc")

    def send(method, url, body):
        return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")

    added = send(
        "post",
        "/api/v1/panels/central-list",
        {"name": "Api Member", "role": "independent", "independent": True, "joined_on": "2025-01-06"},
    )
    assert added.status_code == 201, added.content
    body = added.json()
    assert body["left_on"] is None and body["meetings_sat_on"] == 0
    changed = send(
        "patch",
        f"/api/v1/panels/central-list/{body['id']}",
        {"role": "vice_chair", "version": body["version"]},
    )
    assert changed.status_code == 200 and changed.json()["role"] == "vice_chair"
    unversioned = send("patch", f"/api/v1/panels/central-list/{body['id']}", {"name": "No version"})
    assert unversioned.status_code == 422 and "version" in unversioned.json()["errors"]
    stale = send(
        "patch", f"/api/v1/panels/central-list/{body['id']}", {"name": "Late", "version": body["version"]}
    )
    assert stale.status_code == 409
    bad = send(
        "post",
        f"/api/v1/panels/central-list/{body['id']}/leave",
        {"left_on": "", "version": changed.json()["version"]},
    )
    assert bad.status_code == 422
    left = send(
        "post",
        f"/api/v1/panels/central-list/{body['id']}/leave",
        {"left_on": "2025-08-01", "version": changed.json()["version"]},
    )
    assert left.status_code == 200 and left.json()["left_on"] == "2025-08-01"
    listed = client.get("/api/v1/panels/central-list").json()
    assert [m["name"] for m in listed] == ["Api Member"]
    meeting = _meeting(adviser)
    chosen = send("post", f"/api/v1/panels/{meeting.pk}/members/choose", {"members": [], "chair": body["id"]})
    assert chosen.status_code == 201 and chosen.json()[0]["central_member"] == body["id"]
    assert chosen.json()[0]["role"] == "chair"


def test_the_pages_correct_an_entry_refuse_a_stale_one_and_date_leaving(personas, client_for):
    adviser = personas["panel.vvc"]
    member = _list(adviser)["Iolo Independent"]
    client = client_for("panel.vvc")
    form = {
        "name": "Iolo Annibynnol",
        "role": "independent",
        "independent": "yes",
        "joined_on-day": "6",
        "joined_on-month": "1",
        "joined_on-year": "2025",
        "version": member.version,
    }
    assert client.post(f"/panels/central-list/{member.pk}/", form).status_code == 302
    stale = client.post(f"/panels/central-list/{member.pk}/", {**form, "name": "Late"})
    assert stale.status_code == 200 and "Someone else changed this record" in stale.content.decode()
    member.refresh_from_db()
    assert member.name == "Iolo Annibynnol"
    left = client.post(
        f"/panels/central-list/{member.pk}/leave/",
        {"left_on-day": "1", "left_on-month": "5", "left_on-year": "2025", "version": member.version},
    )
    assert left.status_code == 302
    member.refresh_from_db()
    assert member.left_on == date(2025, 5, 1)
    page = client.get("/panels/central-list/").content.decode()
    assert "Iolo Annibynnol" in page.split('data-testid="central-left"')[1]
