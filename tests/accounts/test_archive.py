"""Records are never hard-deleted: archiving keeps them, with the reason and who did it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from nas.accounts.models import User
from nas.accounts.personas import DEMO_PASSWORD
from nas.accounts.services import account_archive, api_token_issue
from nas.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_archiving_an_account_keeps_it_with_the_reason_and_who(personas, client_for):
    target = personas["sw.wrexham"]
    response = client_for("admin.national").post(
        reverse("accounts:staff-archive", args=[target.pk]), {"reason": "Left Wrexham in October"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.is_archived and not target.is_active
    assert target.archive_reason == "Left Wrexham in October"
    assert target.archived_by == personas["admin.national"]
    event = AuditEvent.objects.get(action="archive", record_id=str(target.pk))
    assert event.reason == "Left Wrexham in October" and event.actor_username == "admin.national"


def test_an_archived_account_cannot_sign_in_or_use_its_tokens(personas, settings):
    settings.DEMO_MODE = True
    _, raw = api_token_issue(actor=personas["sw.wrexham"], name="t")
    account_archive(actor=personas["admin.national"], user=personas["sw.wrexham"], reason="Left")
    response = Client().post(
        reverse("accounts:sign-in"), {"username": "sw.wrexham", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_archiving_needs_a_reason(personas):
    with pytest.raises(ValidationError, match="Enter the reason for archiving"):
        account_archive(actor=personas["admin.national"], user=personas["sw.wrexham"], reason="  ")


def test_a_record_cannot_be_deleted(personas):
    with pytest.raises(TypeError, match="never deleted"):
        personas["sw.wrexham"].delete()
    assert User.objects.filter(username="sw.wrexham").exists()
