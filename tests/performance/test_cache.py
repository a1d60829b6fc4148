"""Figures kept between requests (nas.performance.cache) are never older than
the data they come from: every table they read stamps its writes
(nas.performance.stamp), in the writer's own transaction."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from nas.children.models import Milestone
from nas.children.services import milestone_correct
from nas.organisations.models import Organisation
from nas.performance import cache as kept
from nas.performance import measures as M
from nas.performance import periods as P
from nas.performance import scopes as S
from nas.performance import stamp
from nas.returns import selectors as returns
from nas.returns.models import Ssda903Details
from tests.performance import dataset

pytestmark = pytest.mark.django_db
QUARTER = P.parse("2024-25-Q1")
REGION_PAGE = "/performance/figures/vale-valleys-cardiff/?quarter=2024-25-Q1"


@pytest.fixture
def data(reference_data):
    return dataset.build()


def _vvc() -> S.Scope:
    scope = S.by_code("vale-valleys-cardiff")
    assert scope is not None
    return scope


def test_every_table_the_figures_read_stamps_its_writes(data):
    assert stamp.installed() == set(stamp.FIGURE_TABLES)


def test_a_write_that_bypasses_the_services_still_gives_a_new_stamp(data):
    before = stamp.current()
    placed = data["children"]["A"].milestones.get(kind="placed")
    Milestone.objects.filter(pk=placed.pk).update(date=date(2024, 4, 16))
    assert stamp.current() not in {None, before}


def test_a_rolled_back_write_leaves_the_stamp_as_it_was(data):
    before = stamp.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Ssda903Details.objects.filter(child=data["children"]["A"]).update(upn="A123456789012")
        raise RuntimeError
    assert stamp.current() == before


def test_a_corrected_milestone_changes_the_kept_figure_on_the_next_page(client_for, personas, data):
    client = client_for("director.national")
    assert "14.4" in client.get(REGION_PAGE).content.decode()  # NAS-C1 for VVC (test_measures)
    kept_before = kept.compute_all([QUARTER], [_vvc()], codes=["NAS-C1"]).get("NAS-C1", QUARTER, _vvc())
    entered = data["children"]["A"].milestones.get(kind="entered_care")
    milestone_correct(
        actor=personas["sw.cardiff"], milestone=entered, when=date(2022, 10, 1), reason="Typed wrongly"
    )
    fresh = M.compute_all([QUARTER], [_vvc()], codes=["NAS-C1"]).get("NAS-C1", QUARTER, _vvc())
    kept_after = kept.compute_all([QUARTER], [_vvc()], codes=["NAS-C1"]).get("NAS-C1", QUARTER, _vvc())
    assert kept_before is not None and fresh is not None
    assert kept_after == fresh and fresh.value != kept_before.value
    page = client.get(REGION_PAGE).content.decode()
    assert M.display(M.MEASURES[0], fresh.value) in page


def test_a_kept_dashboard_answers_in_a_few_queries(client_for, data):
    client = client_for("director.national")
    client.get("/performance/?quarter=2024-25-Q1")
    with CaptureQueriesContext(connection) as kept_page:
        page = client.get("/performance/?quarter=2024-25-Q1")
    # Session, user, roles, the stamp, the fragment's stamp, the nav's counts: no figure is computed.
    assert len(kept_page) <= 8
    assert "14.4" in page.content.decode()


def test_a_kept_region_page_answers_in_a_few_queries(client_for, data):
    client = client_for("manager.vvc")
    client.get(REGION_PAGE)
    with CaptureQueriesContext(connection) as kept_page:
        page = client.get(REGION_PAGE)
    assert len(kept_page) <= 11
    assert "14.4" in page.content.decode()


def test_the_ssda903_page_shows_details_saved_a_moment_ago(data):
    cardiff = Organisation.objects.get(code="cardiff")
    year = 2025
    before = returns.ssda903_summary(authority=cardiff, year=year)
    assert before == returns.ssda903_summary(authority=cardiff, year=year)
    child = data["children"]["A"]
    missing = {pk: fields for _ref, pk, fields in before.children}
    assert "upn" in missing[child.pk]
    Ssda903Details.objects.filter(child=child).update(upn="A123456789012")
    now = returns.ssda903_summary(authority=cardiff, year=year)
    after = {pk: fields for _ref, pk, fields in now.children}
    assert "upn" not in after[child.pk]
