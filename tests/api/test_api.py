from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from nas.accounts.models import ApiToken
from nas.accounts.services import api_token_issue, api_token_revoke

pytestmark = pytest.mark.django_db


def test_the_openapi_description_lists_the_routes(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "National Adoption Service for Wales API"
    assert "/api/v1/me" in schema["paths"]


def test_a_bearer_token_authenticates(personas):
    _, raw = api_token_issue(actor=personas["sw.cardiff"], name="test")
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "sw.cardiff"
    assert body["organisation"] == "cardiff"
    assert body["roles"] == ["social_worker"]
    assert [(s["key"], s["items"]) for s in body["work"]] == [("child_deadlines", []), ("life_story", [])]


def test_a_revoked_token_is_refused(personas):
    token, raw = api_token_issue(actor=personas["sw.cardiff"], name="test")
    api_token_revoke(actor=personas["sw.cardiff"], token=token)
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_a_locked_accounts_token_is_refused(personas):
    from django.utils import timezone

    _, raw = api_token_issue(actor=personas["sw.cardiff"], name="test")
    personas["sw.cardiff"].__class__.objects.filter(username="sw.cardiff").update(locked_at=timezone.now())
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_a_made_up_token_is_refused(db):
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION="Bearer nas_made-up").status_code == 401


def test_only_the_hash_of_a_token_is_kept(personas):
    token, raw = api_token_issue(actor=personas["sw.cardiff"], name="test")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in (stored.token_hash, stored.prefix)
    assert raw.startswith(stored.prefix)


def test_the_command_issues_a_token(personas):
    out = io.StringIO()
    call_command("issue_api_token", "analyst.national", "--name", "reports", stdout=out)
    raw = out.getvalue().strip()
    assert (
        Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["username"]
        == "analyst.national"
    )


def test_the_administrators_worklist_appears_in_the_api(personas, client_for):
    from django.utils import timezone

    personas["sw.cardiff"].__class__.objects.filter(username="sw.cardiff").update(locked_at=timezone.now())
    body = client_for("admin.national").get("/api/v1/me").json()
    [section] = body["work"]
    assert section["key"] == "locked_accounts"
    assert [item["detail"] for item in section["items"]] == ["sw.cardiff"]


def test_an_organisation_carries_both_its_names(client_for):
    body = client_for("sw.cardiff").get("/api/v1/organisations/cardiff").json()
    assert body == {
        "code": "cardiff",
        "kind": "local_authority",
        "name_en": "Cardiff Council",
        "name_cy": "Cyngor Caerdydd",
        "region": "vale-valleys-cardiff",
        "lead_authority": None,
    }


def test_healthz_says_the_process_is_alive(db):
    assert Client().get("/healthz").json() == {"status": "ok"}
