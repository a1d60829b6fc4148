from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nas.children.journey import MilestoneKind

pytestmark = pytest.mark.django_db


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


NEW_CHILD = {
    "case_reference": "API-1",
    "first_names": "Idris",
    "last_name": "Lloyd",
    "date_of_birth": "2021-04-02",
    "entered_care": "2023-05-06",
    "sex": "1",
    "ethnicity": "WBRI",
    "language": "welsh",
    "health_needs": "none",
    "developmental_needs": "low",
    "behavioural_needs": "none",
    "contact_plan": "letterbox",
    "early_permanence": "none",
}


def test_the_api_creates_a_child_and_records_milestones(client_for):
    client = client_for("sw.cardiff")
    response = _post(client, "/api/v1/children", NEW_CHILD)
    assert response.status_code == 201, response.content
    child = response.json()
    assert child["first_names"] == "Idris" and child["stage"] == "in_care" and child["version"] == 1
    response = _post(
        client,
        f"/api/v1/children/{child['id']}/milestones",
        {"kind": "permanence_plan", "date": "2023-06-01", "version": 1},
    )
    assert response.status_code == 201
    detail = client.get(f"/api/v1/children/{child['id']}").json()
    assert [m["kind"] for m in detail["milestones"]] == ["entered_care", "permanence_plan"]
    assert detail["next_milestones"] == ["childs_adoption_report", "plan_changed"]


def test_bad_input_gets_field_errors_in_the_callers_language(client_for):
    client = client_for("sw.cardiff")
    # The API's dates are ISO 8601 (YYYY-MM-DD), as its OpenAPI says.
    body = {**NEW_CHILD, "date_of_birth": "2021-02-31", "sex": "X"}
    response = _post(client, "/api/v1/children", body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["date_of_birth"] == ["Enter a real date, as YYYY-MM-DD"]
    # A code outside the list is the form's to refuse, in its own words.
    response = _post(client, "/api/v1/children", {**NEW_CHILD, "sex": "X"})
    assert response.status_code == 422 and "sex" in response.json()["errors"]
    welsh = client.post(
        "/api/v1/children", data=json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="cy"
    )
    assert welsh.json()["errors"]["date_of_birth"] == ["Rhowch ddyddiad go iawn, fel BBBB-MM-DD"]


def test_a_stale_version_gets_409_and_changes_nothing(client_for, make_child):
    child = make_child()
    client = client_for("sw.cardiff")
    response = client.patch(
        f"/api/v1/children/{child.pk}",
        data=json.dumps({"religion": "Hindu", "version": 1}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = client.patch(
        f"/api/v1/children/{child.pk}",
        data=json.dumps({"religion": "Sikh", "version": 1}),
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert "Someone else changed this record" in stale.json()["errors"]["__all__"][0]
    child.refresh_from_db()
    assert child.religion == "Hindu"


def test_a_region_sees_a_referred_child_without_identity(client_for, make_child, advance, personas):
    from datetime import date

    from nas.children import services

    child = advance(make_child(), MilestoneKind.AUTHORITY_TO_PLACE)
    services.milestone_record(
        actor=personas["sw.cardiff"], child=child, kind="referred_to_region", when=date(2024, 3, 1)
    )
    body = client_for("ff.vvc").get(f"/api/v1/children/{child.pk}").json()
    assert body["case_reference"] is None and body["first_names"] is None and body["date_of_birth"] is None
    assert body["developmental_needs"] == "none"


def test_the_child_list_page_makes_a_fixed_number_of_queries(client_for, make_child):
    client = client_for("sw.cardiff")
    for _ in range(3):
        make_child()
    client.get("/children/")
    with CaptureQueriesContext(connection) as few:
        client.get("/children/")
    for _ in range(20):
        make_child()
    with CaptureQueriesContext(connection) as many:
        response = client.get("/children/")
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_worklist_page_makes_a_fixed_number_of_queries(client_for, make_child, advance):
    client = client_for("tm.cardiff")
    advance(make_child(), MilestoneKind.AUTHORITY_TO_PLACE)
    with CaptureQueriesContext(connection) as few:
        client.get("/children/worklist/")
    for _ in range(10):
        advance(make_child(), MilestoneKind.AUTHORITY_TO_PLACE)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/children/worklist/")
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_worklist_shows_a_page_at_a_time_with_the_whole_lists_counts(
    client_for, make_child, advance, monkeypatch
):
    """Issue 16: no list shows more than about 50 rows at once (here 2 a page)."""
    from nas.core import paging

    monkeypatch.setattr(paging, "PER_PAGE", 2)
    children = [advance(make_child(), MilestoneKind.AUTHORITY_TO_PLACE) for _ in range(3)]
    client = client_for("tm.cardiff")
    row = '<td class="govuk-table__cell"><a class="govuk-link" href="/children/'
    pages, seen = [], set()
    while True:
        page = client.get("/children/worklist/", {"page": str(len(pages) + 1)}).content.decode()
        pages.append(page)
        assert page.count(row) <= 2
        seen |= {c.pk for c in children if f'href="/children/{c.pk}/"' in page}
        if f'href="?page={len(pages) + 1}"' not in page:
            break
    assert len(pages) >= 2 and seen == {c.pk for c in children}
    assert f"Page 1 of {len(pages)}" in pages[0]
    # The headings count the whole list, not the page.
    import re

    counted = [int(n) for n in re.findall(r'<h2 class="govuk-heading-m">[^<(]*\((\d+)\)</h2>', pages[0])]
    assert sum(counted) == sum(p.count(row) for p in pages) > 2


def test_a_region_cannot_search_referred_children_by_name(client_for, make_child, advance, personas):
    from datetime import date

    from nas.children import services

    referred_child = advance(make_child(last_name="Searchable"), MilestoneKind.AUTHORITY_TO_PLACE)
    services.milestone_record(
        actor=personas["sw.cardiff"], child=referred_child, kind="referred_to_region", when=date(2024, 3, 1)
    )
    response = client_for("ff.vvc").get("/children/", {"q": referred_child.last_name})
    assert response.status_code == 200
    assert f"/children/{referred_child.pk}/" in response.content.decode()  # the search was ignored
    missing = client_for("ff.vvc").get("/children/", {"q": "Nobodyofthisname"})
    assert f"/children/{referred_child.pk}/" in missing.content.decode()


def test_an_adopted_childs_name_is_not_in_the_list_or_its_search(client_for, make_child, advance):
    child = advance(make_child(last_name="Sealedname"), "adoption_order")
    listing = client_for("sw.cardiff").get("/children/").content.decode()
    assert "Sealedname" not in listing and child.case_reference not in listing
    assert f"Restricted record {child.pk}" in listing
    found = client_for("sw.cardiff").get("/children/", {"q": "Sealedname"}).content.decode()
    assert f"/children/{child.pk}/" not in found


def test_listing_children_audits_a_view_of_each_child_shown(client_for, make_child):
    from nas.audit.models import AuditEvent

    child = make_child()
    before = AuditEvent.objects.filter(record_type="children.child", record_id=str(child.pk), action="view")
    count = before.count()
    client_for("sw.cardiff").get("/children/")
    client_for("sw.cardiff").get("/api/v1/children")
    after = AuditEvent.objects.filter(record_type="children.child", record_id=str(child.pk), action="view")
    assert after.count() == count + 2
    assert {e.detail["listed_in"] for e in after} >= {"children:list", "api:children"}


def test_a_negative_offset_is_read_as_the_start(client_for, make_child):
    make_child()
    response = client_for("sw.cardiff").get("/api/v1/children", {"offset": -1})
    assert response.status_code == 200 and len(response.json()) == 1


def test_the_home_page_audits_the_children_it_shows_and_the_api_every_child_it_gives(
    client_for, make_child, advance
):
    """A listed child is a read of their record (nas.core.worklist): the home
    page shows the first SHOWN of a section and audits those; the API gives
    the whole list and audits all of it."""
    from nas.audit.models import AuditEvent
    from nas.core.worklist import SHOWN

    children = [advance(make_child(), MilestoneKind.AUTHORITY_TO_PLACE) for _ in range(SHOWN + 2)]

    def audited(where: str) -> set[int]:
        return {
            int(pk)
            for pk in AuditEvent.objects.filter(
                action="view", actor_username="tm.cardiff", detail__listed_in=where
            ).values_list("record_id", flat=True)
        }

    client = client_for("tm.cardiff")
    page = client.get("/").content.decode()
    on_page = {c.pk for c in children if f'href="/children/{c.pk}/"' in page}
    assert audited("home child_deadlines") == on_page and 0 < len(on_page) < len(children)
    assert client.get("/api/v1/me").status_code == 200
    assert audited("home child_deadlines") == {c.pk for c in children}
