"""Case notes: written by staff in the record's scope; the author changes a
note for CASE_NOTE_EDIT_HOURS (24), then only an addendum; archived with a
reason, never deleted; sensitive notes only for the allocated worker, the
managers (and the author); every read and write audited; a stale change 409."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from nas.audit.models import AuditEvent
from nas.casework import services
from nas.casework.models import CaseNote

pytestmark = pytest.mark.django_db


def _visit(personas, child, **kw):
    values = {
        "actor": personas["sw.cardiff"],
        "record_type": "children.child",
        "record": child,
        "kind": "home_visit",
        "contact_on": date(2026, 11, 20),
        "text": "Saw the child at the foster home.",
        "child_seen": True,
        "seen_alone": True,
    }
    values.update(kw)
    return services.note_create(**values)


def test_a_social_worker_records_a_visit_with_the_child_seen_alone(personas, child, client_for):
    client = client_for("sw.cardiff")
    url = f"/casework/of/children.child/{child.pk}/notes/new/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "home_visit",
            "contact_on": "20/11/2026",
            "participants": "Foster carer",
            "text": "Played in the garden; talked about school.",
            "child_seen": "yes",
            "seen_alone": "yes",
            "sensitive": "no",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    note = CaseNote.objects.get()
    assert (note.child_seen, note.seen_alone, note.author) == (True, True, personas["sw.cardiff"])
    listing = client.get(f"/casework/of/children.child/{child.pk}/notes/").content.decode()
    assert "Child seen alone" in listing
    assert AuditEvent.objects.filter(
        record_type="casework.note", record_id=str(note.pk), action="create"
    ).exists()
    assert AuditEvent.objects.filter(
        record_type="casework.note", record_id=str(note.pk), action="view"
    ).exists()


def test_a_visit_to_a_child_says_whether_the_child_was_seen_and_seen_alone(personas, child):
    with pytest.raises(ValidationError) as error:
        _visit(personas, child, child_seen=None, seen_alone=None)
    assert "child_seen" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _visit(personas, child, child_seen=False, seen_alone=True)
    assert "seen_alone" in error.value.message_dict
    with pytest.raises(ValidationError):
        _visit(personas, child, contact_on=date.today() + timedelta(days=2))


def test_the_author_changes_a_note_within_the_hours_allowed_then_adds_an_addendum(
    personas, child, client_for
):
    note = _visit(personas, child)
    client = client_for("sw.cardiff")
    change = {
        "version": note.version,
        "contact_on": "2026-11-21",
        "text": "Corrected.",
        "child_seen": True,
        "seen_alone": False,
    }
    response = client.patch(f"/api/v1/casework/notes/{note.pk}", change, content_type="application/json")
    assert response.status_code == 200, response.content
    stale = client.patch(f"/api/v1/casework/notes/{note.pk}", change, content_type="application/json")
    assert stale.status_code == 409
    assert (
        client_for("tm.cardiff")
        .patch(f"/api/v1/casework/notes/{note.pk}", {**change, "version": 2}, content_type="application/json")
        .status_code
        == 403
    )  # only the author
    CaseNote.objects.filter(pk=note.pk).update(created_at=note.created_at - timedelta(hours=25))
    late = client.patch(
        f"/api/v1/casework/notes/{note.pk}", {**change, "version": 2}, content_type="application/json"
    )
    assert late.status_code == 403
    assert client.get(f"/casework/notes/{note.pk}/edit/").status_code == 403
    added = client.post(
        f"/api/v1/casework/notes/{note.pk}/addendum",
        {"text": "The carer rang later."},
        content_type="application/json",
    )
    assert added.status_code == 201
    assert added.json()["addendum_to"] == note.pk
    assert "The carer rang later." in client.get(f"/casework/notes/{note.pk}/").content.decode()


def test_a_note_is_archived_with_a_reason_and_kept(personas, child, client_for):
    note = _visit(personas, child)
    client = client_for("sw.cardiff")
    assert client.post(f"/casework/notes/{note.pk}/archive/", {"reason": ""}).status_code == 302
    assert not CaseNote.objects.get(pk=note.pk).is_archived
    client.post(f"/casework/notes/{note.pk}/archive/", {"reason": "Written on the wrong child"})
    kept = CaseNote.objects.get(pk=note.pk)
    assert kept.is_archived and kept.archive_reason == "Written on the wrong child"
    assert (
        "Saw the child" not in client.get(f"/casework/of/children.child/{child.pk}/notes/").content.decode()
    )
    with pytest.raises(TypeError):
        kept.delete()


def test_a_sensitive_note_is_seen_only_by_the_allocated_worker_managers_and_author(
    personas, child, second_worker, client_for
):
    services.allocation_set(
        actor=personas["tm.cardiff"],
        record_type="children.child",
        record=child,
        worker=personas["sw.cardiff"],
    )
    note = services.note_create(
        actor=personas["tm.cardiff"],
        record_type="children.child",
        record=child,
        kind="telephone",
        contact_on=date(2026, 11, 2),
        text="Information from a birth relative.",
        sensitive=True,
    )
    url = f"/casework/notes/{note.pk}/"
    assert client_for("sw.cardiff").get(url).status_code == 200
    assert client_for("tm.cardiff").get(url).status_code == 200
    assert client_for("adm.cardiff").get(url).status_code == 404
    assert client_for("sw.wrexham").get(url).status_code == 404
    listing = client_for("adm.cardiff").get(f"/casework/of/children.child/{child.pk}/notes/").content.decode()
    assert "birth relative" not in listing
    services.allocation_set(
        actor=personas["tm.cardiff"], record_type="children.child", record=child, worker=second_worker
    )
    assert client_for("sw.cardiff").get(url).status_code == 404
    from django.test import Client

    new_worker = Client()
    new_worker.force_login(second_worker)
    assert new_worker.get(url).status_code == 200


def test_only_a_manager_records_management_oversight(personas, child):
    with pytest.raises(ValidationError):
        _visit(personas, child, kind="management_oversight", child_seen=None, seen_alone=None)
    note = _visit(
        personas,
        child,
        actor=personas["tm.cardiff"],
        kind="management_oversight",
        child_seen=None,
        seen_alone=None,
    )
    assert note.kind == "management_oversight"


def test_the_national_tier_and_other_authorities_read_no_notes(personas, child, client_for):
    note = _visit(personas, child)
    for persona in ("director.national", "analyst.national", "sw.wrexham", "ff.vvc"):
        client = client_for(persona)
        assert client.get(f"/casework/notes/{note.pk}/").status_code == 404
        assert client.get(f"/api/v1/casework/notes/{note.pk}").status_code == 404
        assert client.get(f"/casework/of/children.child/{child.pk}/notes/").status_code == 404
