"""Nothing a caller sends can break the API (issue 15): a huge or negative
offset, a NUL character in a path, a query or a body, a refusal with DEBUG
on. Each answers a 4xx in the one error shape, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

HUGE = "9223372036854775808"

LISTS = [
    ("sw.cardiff", "/api/v1/children"),
    ("assessor.vvc", "/api/v1/adopters"),
    ("assessor.vvc", "/api/v1/adopters/enquiries"),
    ("sw.cardiff", "/api/v1/matching/profiles"),
    ("ff.vvc", "/api/v1/matching/households"),
    ("ff.vvc", "/api/v1/matching/links"),
    ("support.vvc", "/api/v1/support/people"),
]


@pytest.mark.parametrize(("persona", "url"), LISTS)
def test_every_list_reads_any_offset_and_limit_without_a_server_error(client_for, persona, url):
    client = client_for(persona)
    for query in (
        f"offset={HUGE}",
        f"offset=-{HUGE}",
        "offset=-1",
        f"limit={HUGE}",
        "limit=-1",
        "limit=0",
        f"limit={HUGE}&offset={HUGE}",
    ):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200, (url, query, response.content[:300])
        assert response.json() == [] or "offset=-" in query or "limit" in query


def test_an_offset_that_is_not_a_number_names_the_field(client_for):
    response = client_for("sw.cardiff").get("/api/v1/children?offset=many")
    assert response.status_code == 422
    assert response.json() == {"errors": {"offset": ["Enter a whole number"]}}


def test_the_pagination_is_one_shared_schema_in_the_openapi(client_for):
    spec = client_for("sw.cardiff").get("/api/v1/openapi.json").json()
    for _persona, url in LISTS:
        names = {p["name"] for p in spec["paths"][url]["get"]["parameters"]}
        assert {"limit", "offset"} <= names, url


@pytest.mark.parametrize(
    ("persona", "url", "status"),
    [
        ("sw.cardiff", "/api/v1/children?q=%00", 400),
        ("assessor.vvc", "/api/v1/adopters?q=a%00b", 400),
        ("support.vvc", "/api/v1/support/people?q=%00", 400),
        ("sw.cardiff", "/api/v1/organisations/%00", 404),
        ("analyst.national", "/api/v1/performance/figures/%00", 404),
        ("sw.cardiff", "/api/v1/returns/ssda903/%00/2026", 404),
        ("sw.cardiff", "/api/v1/children?%00=1", 400),
    ],
)
def test_a_nul_character_in_the_api_is_a_client_error(client_for, persona, url, status):
    response = client_for(persona).get(url)
    assert response.status_code == status, response.content[:300]
    assert list(response.json()["errors"]) == ["__all__"]


def test_a_nul_character_in_a_json_body_is_a_bad_request(client_for):
    response = client_for("sw.cardiff").post(
        "/api/v1/children", data='{"first_names": "A\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"errors": {"__all__": ["Remove the null character"]}}


def test_an_escaped_backslash_before_u0000_is_text_not_a_nul(client_for):
    response = client_for("sw.cardiff").post(
        "/api/v1/children", data='{"first_names": "A\\\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 422  # the form's own refusal (fields missing), not a 400


@pytest.mark.parametrize(("url", "status"), [("/children/?q=%00", 400), ("/children/%00/", 404)])
def test_a_nul_character_in_a_page_is_a_client_error(client_for, url, status):
    assert client_for("sw.cardiff").get(url).status_code == status


@pytest.mark.parametrize("debug", [False, True])
def test_an_api_refusal_is_json_403_whatever_debug_says(client_for, settings, debug):
    settings.DEBUG = debug
    response = client_for("sw.cardiff").get("/api/v1/adopters/worklist")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"errors": {"__all__": ["You do not have permission to do this"]}}


def test_a_record_out_of_reach_is_404_in_the_one_shape(client_for):
    response = client_for("sw.cardiff").get("/api/v1/children/999999")
    assert response.status_code == 404
    assert response.json() == {"errors": {"__all__": ["Not found"]}}


def test_an_unauthenticated_call_is_401_in_the_one_shape(db):
    from django.test import Client

    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert list(response.json()["errors"]) == ["__all__"]


def test_a_refusal_is_in_the_callers_language(client_for):
    response = client_for("sw.cardiff").get("/api/v1/adopters/worklist", HTTP_ACCEPT_LANGUAGE="cy")
    assert response.status_code == 403
    (message,) = response.json()["errors"]["__all__"]
    assert message != "You do not have permission to do this"
