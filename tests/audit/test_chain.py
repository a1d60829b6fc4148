"""The audit trail is append-only and tamper-evident: each entry carries the
hash of the one before, and verify_audit_chain names the first broken link."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from nas.audit.models import AuditChainHead, AuditEvent
from nas.audit.services import audit_record, verify_chain

pytestmark = pytest.mark.django_db


def _three(personas) -> list[AuditEvent]:
    actor = personas["sw.cardiff"]
    return [
        audit_record(actor=actor, action="view", record_type="accounts.user", record_id=actor.pk)
        for _ in range(3)
    ]


def test_each_entry_chains_onto_the_one_before(personas):
    events = _three(personas)
    assert events[1].prev_hash == events[0].entry_hash
    assert events[2].prev_hash == events[1].entry_hash
    assert verify_chain() is None


def test_the_verify_command_reports_an_intact_chain(personas, capsys):
    _three(personas)
    call_command("verify_audit_chain")
    assert "Audit chain intact" in capsys.readouterr().out


def test_tampering_with_one_row_makes_verify_fail_and_name_the_row(personas):
    events = _three(personas)
    target = events[1]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET actor_username = %s WHERE id = %s",
            ["someone-else", target.pk],
        )
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit_chain")
    message = str(failure.value)
    assert f"sequence {target.seq}" in message
    assert f"entry id {target.pk}" in message
    assert "has been changed" in message


def test_removing_a_row_breaks_the_chain(personas):
    events = _three(personas)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[1].pk])
    broken = verify_chain()
    assert broken is not None and broken.seq == events[1].seq and "removed" in broken.problem


def test_removing_the_newest_row_breaks_the_chain(personas):
    events = _three(personas)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[2].pk])
    broken = verify_chain()
    assert broken is not None and broken.seq == events[2].seq


def test_entries_cannot_be_changed_or_deleted_through_the_application(personas):
    event = _three(personas)[0]
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")


def test_an_entry_records_who_when_from_where_and_the_request(client_for, personas):
    client = client_for("admin.national")
    target = personas["sw.cardiff"]
    client.post(f"/staff/{target.pk}/unlock/", HTTP_X_REQUEST_ID="req-0123456789", REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.filter(action="account_unlocked").latest("seq")
    assert event.actor_username == "admin.national"
    assert event.actor_organisation == "wales"
    assert event.record_type == "accounts.user" and event.record_id == str(target.pk)
    assert event.request_id == "req-0123456789"
    assert event.ip_address == "10.1.2.3"
    assert event.channel == "web"
    assert event.occurred_at is not None


def test_a_chain_rewritten_without_the_key_fails_verification(personas):
    """Someone who rewrites a row and recomputes a plain SHA-256 over it, as
    they could without the key, still breaks the chain."""
    import hashlib
    import json

    events = _three(personas)
    target = events[2]
    target.actor_username = "someone-else"
    canonical = json.dumps(target.payload(), sort_keys=True, separators=(",", ":"), default=str)
    forged = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET actor_username = %s, entry_hash = %s WHERE id = %s",
            ["someone-else", forged, target.pk],
        )
    broken = verify_chain()
    assert broken is not None and broken.seq == target.seq


def test_the_address_behind_a_trusted_load_balancer_is_the_clients(personas, settings, client_for):
    from datetime import date

    from nas.children.services import child_create
    from nas.organisations.models import Organisation

    settings.TRUSTED_PROXIES = 1
    child = child_create(
        actor=personas["sw.cardiff"],
        local_authority_id=Organisation.objects.get(code="cardiff").pk,
        entered_care=date(2024, 1, 10),
        case_reference="PROXY1",
        first_names="Proxy",
        last_name="Test",
        date_of_birth=date(2021, 5, 1),
        sex="2",
        ethnicity="WBRI",
    )
    response = client_for("sw.cardiff").get(
        f"/children/{child.pk}/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7", REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 200
    event = AuditEvent.objects.filter(record_type="children.child", record_id=str(child.pk)).latest("seq")
    assert event.action == "view" and event.ip_address == "198.51.100.7"


def _move_head_back(to: AuditEvent) -> None:
    """What someone with the database but not the key does: point the head at an earlier entry."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditChainHead._meta.db_table} SET seq = %s, last_hash = %s WHERE id = 1",
            [to.seq, to.entry_hash],
        )


def test_deleting_the_newest_entries_and_moving_the_head_back_breaks_the_chain(personas):
    events = _three(personas)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {AuditEvent._meta.db_table} WHERE id IN (%s, %s)", [events[1].pk, events[2].pk]
        )
    _move_head_back(events[0])
    broken = verify_chain()
    assert broken is not None and broken.seq == events[1].seq and "removed" in broken.problem
    with pytest.raises(CommandError, match="Audit chain broken"):
        call_command("verify_audit_chain")


def test_moving_only_the_heads_sequence_back_breaks_the_chain(personas):
    events = _three(personas)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[2].pk])
        cursor.execute(f"UPDATE {AuditChainHead._meta.db_table} SET seq = %s WHERE id = 1", [events[1].seq])
    broken = verify_chain()
    assert broken is not None and broken.seq == events[2].seq


def test_deleting_the_chain_head_breaks_the_chain(personas):
    _three(personas)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditChainHead._meta.db_table}")
    broken = verify_chain()
    assert broken is not None and "chain head has been removed" in broken.problem


def test_a_database_restored_with_another_key_fails_at_entry_1(personas, settings):
    """Why AUDIT_CHAIN_KEY is kept with the backups (README)."""
    _three(personas)
    settings.AUDIT_CHAIN_KEY = "another-key-" + "x" * 32
    broken = verify_chain()
    assert broken is not None and broken.seq == 1 and "changed" in broken.problem
