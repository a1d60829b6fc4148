"""The dashboard, a region's figures and the drill-down: who sees what,
anonymised for the national tier, audited, and without N+1 queries."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nas.audit.models import AuditEvent
from nas.children.models import Child, Milestone
from tests.performance import dataset

pytestmark = pytest.mark.django_db
CASES = "/performance/figures/NAS-C1/2024-25-Q1/vale-valleys-cardiff/cases/"


@pytest.fixture
def data(reference_data):
    return dataset.build()


def test_the_dashboard_sets_every_region_side_by_side_with_charts_and_tables(client_for, data):
    page = client_for("director.national").get("/performance/?quarter=2024-25-Q1").content.decode()
    for name in (
        "Vale, Valleys and Cardiff",
        "North Wales",
        "Western Bay",
        "Voluntary adoption agencies",
        "Wales",
    ):
        assert name in page
    # The summary first; one measure quarter by quarter (one chart), the others a link away.
    assert page.count("<svg") == 1
    assert 'role="img"' in page and "<title id=" in page
    assert 'data-testid="table-NAS-C1"' in page
    assert "?quarter=2024-25-Q1&amp;measure=NAS-A1#measure-NAS-A1" in page
    other = client_for("director.national").get("/performance/?quarter=2024-25-Q1&measure=NAS-A1")
    assert 'data-testid="table-NAS-A1"' in other.content.decode()
    assert '<option value="2024-25-Q1" selected>' in page
    # NAS-C1 for VVC in 2024-25 Q1 is 14.4 months, red against 13 (test_measures).
    assert "14.4" in page and "govuk-tag--red" in page
    assert CASES in page


def test_the_dashboard_does_not_grow_queries_with_the_data(client_for, data):
    client = client_for("director.national")
    client.get("/performance/?quarter=2024-25-Q1")
    cache.clear()  # computed, not kept (test_cache: what a kept page costs)
    with CaptureQueriesContext(connection) as before:
        client.get("/performance/?quarter=2024-25-Q1")
    for label in "ABCDEFHIJKL":
        child = data["children"][label]
        copy = Child.objects.create(
            local_authority=child.local_authority,
            case_reference=f"{child.case_reference}-2",
            date_of_birth=child.date_of_birth,
            sex="1",
            ethnicity="WBRI",
        )
        for m in child.milestones.all():
            Milestone.objects.create(
                child=copy, kind=m.kind, date=m.date, detail=m.detail, sequence=m.sequence
            )
    # New milestones give the figures a new key: computed again, in as many queries.
    with CaptureQueriesContext(connection) as after:
        page = client.get("/performance/?quarter=2024-25-Q1")
    assert len(after) == len(before)
    assert "14.4" in page.content.decode()  # the same children twice: the same averages


def test_a_board_member_sees_the_dashboard_but_no_cases(client_for, data):
    board = client_for("board.national")
    page = board.get("/performance/?quarter=2024-25-Q1").content.decode()
    assert "14.4" in page and CASES not in page
    assert board.get(CASES).status_code == 404
    assert (
        board.get("/api/v1/performance/figures/vale-valleys-cardiff/NAS-C1/2024-25-Q1/cases").status_code
        == 404
    )


def test_the_director_drills_down_to_anonymised_cases_and_it_is_audited(client_for, personas, data):
    response = client_for("director.national").get(CASES)
    page = response.content.decode()
    assert response.status_code == 200
    for label in ("A", "B", "C"):
        child = data["children"][label]
        assert child.case_reference not in page and child.last_name not in page
        assert f"/children/{child.pk}/" not in page
    assert page.count("C-") >= 3
    assert "15.4 months" in page  # A: 470 days
    listed = [
        e
        for e in AuditEvent.objects.filter(record_type="children.child", actor=personas["director.national"])
        if "NAS-C1" in e.detail.get("listed_in", "")
    ]
    assert sorted(int(e.record_id) for e in listed) == sorted(data["children"][x].pk for x in "ABC")


def test_the_regional_manager_sees_only_the_children_referred_to_the_region(client_for, data):
    Milestone.objects.create(
        child=data["children"]["A"], kind="referred_to_region", date=dataset.d("2023-08-10"), sequence=99
    )
    page = client_for("manager.vvc").get(CASES).content.decode()
    child = data["children"]["A"]
    assert f"/children/{child.pk}/" in page
    assert child.case_reference not in page and child.last_name not in page
    assert 'data-testid="not-shown"' in page and "2 more cases" in page


def test_an_authority_manager_sees_their_own_figures_and_children(client_for, data):
    manager = client_for("tm.cardiff")
    assert manager.get("/performance/").status_code == 302
    page = manager.get("/performance/figures/cardiff/?quarter=2024-25-Q1").content.decode()
    assert "Performance: Cardiff Council" in page
    # The quarter's summary first, one measure quarter by quarter (one chart).
    assert 'data-testid="summary"' in page and page.count("<svg") == 1
    assert "?quarter=2024-25-Q1&amp;measure=NAS-C6#measure-NAS-C6" in page
    assert manager.get("/performance/figures/wrexham/").status_code == 404
    assert manager.get("/performance/figures/vale-valleys-cardiff/").status_code == 404
    cases = manager.get("/performance/figures/NAS-C1/2024-25-Q1/cardiff/cases/").content.decode()
    assert "KA-A" in cases and "KA-B" in cases and "KA-C" not in cases


def test_other_staff_are_refused(client_for, data):
    assert client_for("ff.vvc").get("/performance/").status_code == 403
    assert client_for("ff.vvc").get("/performance/figures/vale-valleys-cardiff/").status_code == 403
    assert client_for("ff.north").get("/performance/figures/vale-valleys-cardiff/").status_code == 404
    assert client_for("sw.cardiff").get("/performance/figures/cardiff/").status_code == 403
    assert client_for("manager.vvc").get("/performance/figures/north-wales/").status_code == 404


def test_the_api_gives_figures_and_cases(client_for, data):
    api = client_for("analyst.national")
    figures = api.get("/api/v1/performance/figures/vale-valleys-cardiff?period=2024-25-Q1").json()
    c6 = next(f for f in figures if f["measure"] == "NAS-C6")
    assert c6["value"] == 3 and c6["parts"]["outside_wales"] == 1
    cases = api.get("/api/v1/performance/figures/vale-valleys-cardiff/NAS-C7/2024-25-Q1/cases").json()
    assert len(cases["cases"]) == 1 and cases["cases"][0]["case"].startswith("C-")
    assert (
        api.get("/api/v1/performance/figures/vale-valleys-cardiff/NOPE/2024-25-Q1/cases").status_code == 404
    )
    measures = api.get("/api/v1/performance/measures").json()
    a1 = next(m for m in measures if m["code"] == "A1")
    assert a1["target"] == 426 and "14 months" in a1["source"]


def test_the_welsh_pages_are_in_welsh(client_for, data):
    client = client_for("director.national")
    client.get("/language/cy/?next=/")
    page = client.get("/performance/measures/").content.decode()
    assert 'lang="cy"' in page and "Y mesurau" in page and "Gwyrdd" not in page


def test_child_ids_do_not_leak_into_the_national_api(client_for, data):
    api = client_for("director.national")
    body = api.get("/api/v1/performance/figures/wales/NAS-C4/2024-25-Q1/cases").content.decode()
    for child in Child.objects.all():
        assert child.case_reference not in body and child.last_name not in body
