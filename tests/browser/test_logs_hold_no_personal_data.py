"""No personal data in logs: the logs of a whole browser journey (a social
worker adds a child and finds them by name, a member of the public sends an
enquiry, a team manager exports the child's records for a subject access
request) hold request ids, user ids, routes and statuses, and none of the
people's names, dates of birth, references or email addresses."""

from __future__ import annotations

import io
import json
import logging

import pytest

from nas.accounts.personas import DEMO_PASSWORD, PERSONAS
from nas.operations.logs import JsonFormatter
from tests.browser.conftest import assert_accessible
from tests.browser.forms import fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHILD = {"first": "Gwladys", "last": "Pennantwyn", "reference": "CDF-LOGS-77", "born": "03/05/2021"}
ENQUIRER = {"first": "Iforwen", "last": "Bowenllyn", "email": "iforwen.bowenllyn@example.com"}


@pytest.fixture
def captured():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def _signed_in(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.csp_errors = []
    page.goto("/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#main-content button[type=submit]")
    return page


def test_a_whole_journey_leaves_no_name_date_of_birth_or_reference_in_the_logs(
    browser, live_server, personas, settings, captured
):
    settings.DEMO_MODE = True
    sw = _signed_in(browser, live_server, "sw.cardiff")
    sw.goto("/children/new/")
    sw.fill("#id_case_reference", CHILD["reference"])
    sw.fill("#id_first_names", CHILD["first"])
    sw.fill("#id_last_name", CHILD["last"])
    fill_date(sw, "#id_date_of_birth", CHILD["born"])
    fill_date(sw, "#id_entered_care", "15/01/2024")
    sw.check("label:has-text('Female')")
    sw.select_option("#id_ethnicity", "WBRI")
    sw.click("#main-content button[type=submit]")
    assert sw.locator("h1").inner_text() == f"{CHILD['first']} {CHILD['last']}"
    child_path = sw.url.split(live_server.url, 1)[1]
    sw.goto(f"/children/?q={CHILD['last']}")
    sw.goto(f"/api/v1/children?q={CHILD['reference']}")
    sw.goto("/children/999999/")

    public = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    public.goto("/enquire/")
    public.select_option("#id_organisation", label="Vale, Valleys and Cardiff Adoption Collaborative")
    public.fill("#id_first_names", ENQUIRER["first"])
    public.fill("#id_last_name", ENQUIRER["last"])
    public.fill("#id_email", ENQUIRER["email"])
    public.check("input[name=kind][value=domestic]")
    public.check("#id_consent")
    public.click("#main-content button[type=submit]")
    assert "/enquire/thank-you/" in public.url

    tm = _signed_in(browser, live_server, "tm.cardiff")
    child_pk = child_path.strip("/").split("/")[-1]
    tm.goto(f"/data-protection/subject-access/child/{child_pk}/")
    assert tm.locator("h1").inner_text() == "Subject access export"
    assert_accessible(tm)
    with tm.expect_download() as download:
        tm.click("#main-content button[type=submit]")
    assert download.value.suggested_filename == f"subject-access-child-{child_pk}.pdf"

    lines = [json.loads(line) for line in captured.getvalue().splitlines() if line.strip()]
    requests = [line for line in lines if line["event"] == "request"]
    assert len(requests) > 10
    assert {line["user_id"] for line in requests} >= {
        personas["sw.cardiff"].pk,
        personas["tm.cardiff"].pk,
        None,
    }
    assert all(line["request_id"] for line in requests)
    assert any(line["route"] == "/children/<int:pk>/" for line in requests)
    logged = captured.getvalue()
    personal = [
        *CHILD.values(),
        "2021-05-03",
        *ENQUIRER.values(),
        *(p.first_name for p in PERSONAS),
        *(p.last_name for p in PERSONAS),
    ]
    found = [value for value in personal if value in logged]
    assert not found, f"personal data in the logs: {found}"
