"""Managers can see who has looked at a record in their scope, and export
the whole trail of one record for subject-access and complaints work."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from nas.access.lookup import get_for_user, require
from nas.access.policies import Policy
from nas.accounts.models import User
from nas.accounts.policies import StaffAccountPolicy
from nas.audit.models import AuditEvent
from nas.audit.services import audit_record

pytestmark = pytest.mark.django_db


class AuditedAccountPolicy(StaffAccountPolicy):
    """The staff-account rules, with reads audited as a child's record would be."""

    audited_reads = True


def test_the_lookup_audits_every_read_of_a_person_record(personas):
    viewer, target = personas["tm.cardiff"], personas["sw.cardiff"]
    record = get_for_user(viewer, AuditedAccountPolicy(), pk=target.pk)
    assert record == target
    event = AuditEvent.objects.latest("seq")
    assert (event.action, event.actor_username, event.record_id) == ("view", "tm.cardiff", str(target.pk))


def test_the_lookup_answers_404_outside_scope_and_audits_nothing(personas):
    before = AuditEvent.objects.count()
    with pytest.raises(Http404):
        get_for_user(personas["tm.cardiff"], AuditedAccountPolicy(), pk=personas["sw.wrexham"].pk)
    with pytest.raises(Http404):
        get_for_user(personas["tm.cardiff"], AuditedAccountPolicy(), pk="not-a-number")
    assert AuditEvent.objects.count() == before


def test_the_lookup_answers_403_for_an_action_the_role_does_not_allow(personas):
    with pytest.raises(PermissionDenied):
        get_for_user(
            personas["tm.cardiff"], AuditedAccountPolicy(), pk=personas["sw.cardiff"].pk, action="unlock"
        )
    with pytest.raises(PermissionDenied):
        require(personas["sw.cardiff"], AuditedAccountPolicy(), "list")


def test_a_policy_must_say_its_rules():
    class Unfinished(Policy[User]):
        model = User
        record_type = "tests.unfinished"

    with pytest.raises(NotImplementedError):
        Unfinished().scope(None)


def test_a_manager_sees_who_has_looked_at_a_record(personas, client_for):
    target = personas["sw.cardiff"]
    audit_record(
        actor=personas["adm.cardiff"], action="view", record_type="accounts.user", record_id=target.pk
    )
    audit_record(actor=None, action="sign_in_failed", record_type="accounts.user", record_id=target.pk)
    page = client_for("tm.cardiff").get(f"/audit/accounts.user/{target.pk}/?views=1").content.decode()
    assert "adm.cardiff" in page
    assert "Sign-in failed" not in page
    everything = client_for("tm.cardiff").get(f"/audit/accounts.user/{target.pk}/").content.decode()
    assert "Sign-in failed" in everything


def test_the_export_holds_the_whole_trail_and_is_itself_audited(personas, client_for):
    target = personas["sw.cardiff"]
    audit_record(
        actor=personas["adm.cardiff"],
        action="view",
        record_type="accounts.user",
        record_id=target.pk,
        reason="=cmd()",
    )
    response = client_for("tm.cardiff").get(f"/audit/accounts.user/{target.pk}/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    # The export is recorded first, so the file includes the export itself.
    assert [(r["actor_username"], r["action"]) for r in rows][-2:] == [
        ("adm.cardiff", "view"),
        ("tm.cardiff", "export"),
    ]
    assert rows[-2]["reason"] == "'=cmd()"  # spreadsheet formulas are neutralised
    exported = AuditEvent.objects.latest("seq")
    assert (exported.action, exported.actor_username) == ("export", "tm.cardiff")


def test_the_api_lists_the_trail_for_a_manager(personas, client_for):
    target = personas["sw.cardiff"]
    audit_record(
        actor=personas["adm.cardiff"], action="view", record_type="accounts.user", record_id=target.pk
    )
    body = client_for("tm.cardiff").get(f"/api/v1/audit/accounts.user/{target.pk}?views_only=true").json()
    assert [e["actor_username"] for e in body] == ["adm.cardiff"]
