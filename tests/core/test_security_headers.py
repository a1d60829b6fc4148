import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_every_response_carries_the_content_security_policy(db):
    response = Client().get("/sign-in/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


def test_the_usual_security_headers_are_set(db):
    response = Client().get("/sign-in/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_signed_in_pages_are_not_cached(client_for):
    assert client_for("sw.cardiff").get("/")["Cache-Control"] == "no-store"


def test_a_request_id_is_echoed_or_made(db):
    assert Client().get("/healthz", HTTP_X_REQUEST_ID="abc-12345678")["X-Request-ID"] == "abc-12345678"
    made = Client().get("/healthz", HTTP_X_REQUEST_ID="bad id!")["X-Request-ID"]
    assert len(made) == 32 and made != "bad id!"


def test_a_language_switch_goes_nowhere_outside_the_service(db):
    response = Client().get("/language/cy/?next=https://evil.example/")
    assert response["Location"] == "/"
    assert response.cookies["nas_language"].value == "cy"
