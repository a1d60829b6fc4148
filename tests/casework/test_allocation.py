"""Allocation: a manager allocates and reallocates a record (dated, audited);
every worker has "My cases"; a manager sees the caseload and unallocated work."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nas.audit.models import AuditEvent
from nas.casework import selectors, services
from nas.casework.models import Allocation
from nas.children.models import Child

pytestmark = pytest.mark.django_db


def _allocate(personas, child, worker, **kw):
    return services.allocation_set(
        actor=personas["tm.cardiff"], record_type="children.child", record=child, worker=worker, **kw
    )


def test_a_manager_allocates_a_child_and_it_is_in_the_workers_cases(personas, child, cla_team, client_for):
    allocation = _allocate(personas, child, personas["sw.cardiff"])
    assert allocation.team == cla_team
    child.refresh_from_db()
    assert child.social_worker == personas["sw.cardiff"] and child.team == cla_team
    response = client_for("sw.cardiff").get("/casework/my-cases/")
    assert response.status_code == 200
    assert str(child) in response.content.decode()
    assert AuditEvent.objects.filter(record_type="casework.allocation", record_id=str(allocation.pk)).exists()
    assert AuditEvent.objects.filter(
        record_type="children.child", record_id=str(child.pk), detail__allocation=allocation.pk
    ).exists()


def test_reallocating_ends_the_earlier_allocation_and_moves_the_case(
    personas, child, second_worker, client_for
):
    first = _allocate(personas, child, personas["sw.cardiff"])
    second = _allocate(personas, child, second_worker, reason="Caseload balance")
    first.refresh_from_db()
    assert first.ended_at == second.started_at
    assert Child.objects.get(pk=child.pk).social_worker == second_worker
    history = selectors.allocation_history(record_type="children.child", record_id=child.pk)
    assert [a.worker for a in history] == [second_worker, personas["sw.cardiff"]]
    assert [r.record_id for r in selectors.my_cases(user=second_worker)] == [child.pk]
    assert selectors.my_cases(user=personas["sw.cardiff"]) == []
    page = client_for("tm.cardiff").get(f"/casework/of/children.child/{child.pk}/allocation/")
    assert "Caseload balance" in page.content.decode()


def test_the_same_worker_is_not_allocated_twice(personas, child):
    _allocate(personas, child, personas["sw.cardiff"])
    with pytest.raises(ValidationError):
        _allocate(personas, child, personas["sw.cardiff"])
    assert Allocation.objects.filter(record_id=child.pk).count() == 1


def test_only_a_manager_allocates(personas, child, client_for):
    with pytest.raises(PermissionDenied):
        services.allocation_set(
            actor=personas["sw.cardiff"],
            record_type="children.child",
            record=child,
            worker=personas["sw.cardiff"],
        )
    response = client_for("sw.cardiff").post(
        f"/casework/of/children.child/{child.pk}/allocation/", {"worker": personas["sw.cardiff"].pk}
    )
    assert response.status_code == 403


def test_a_worker_of_another_organisation_or_role_is_not_allocated(personas, child):
    with pytest.raises(ValidationError):
        _allocate(personas, child, personas["sw.wrexham"])
    with pytest.raises(ValidationError):
        _allocate(personas, child, personas["adm.cardiff"])  # the decision maker holds no cases


def test_allocation_page_for_a_manager_allocates_through_the_form(personas, child, client_for):
    client = client_for("tm.cardiff")
    url = f"/casework/of/children.child/{child.pk}/allocation/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"worker": personas["sw.cardiff"].pk, "reason": ""})
    assert response.status_code == 302
    assert Child.objects.get(pk=child.pk).social_worker == personas["sw.cardiff"]
    assert client.post(url, {"worker": ""}).status_code == 400


def test_the_caseload_counts_each_workers_cases_and_the_unallocated_work(
    personas, make_child, second_worker, client_for
):
    children = [make_child() for _ in range(3)]
    _allocate(personas, children[0], personas["sw.cardiff"])
    _allocate(personas, children[1], second_worker)
    load = selectors.caseload(user=personas["tm.cardiff"])
    totals = {w.worker.username: w.by_kind.get("children.child", 0) for w in load.workers}
    assert totals["sw.cardiff"] == 1 and totals["sw2.cardiff"] == 1
    assert load.unallocated_counts["children.child"] == 1
    assert [r.record_id for r in load.unallocated] == [children[2].pk]
    assert client_for("tm.cardiff").get("/casework/caseload/").status_code == 200
    assert client_for("sw.cardiff").get("/casework/caseload/").status_code == 403


def test_the_caseloads_kept_counts_change_with_the_next_allocation_and_the_next_child(
    personas, make_child, second_worker
):
    """The counts are kept between requests (nas.performance.cache) on the
    casework stamp: an allocation or a new child changes them at once."""
    manager = personas["tm.cardiff"]
    first = make_child()
    before = selectors.caseload(user=manager)
    _allocate(personas, first, second_worker)
    after = selectors.caseload(user=manager)
    held = {w.worker.username: w.total for w in after.workers}
    assert held["sw2.cardiff"] == 1
    assert after.unallocated_counts["children.child"] == before.unallocated_counts["children.child"] - 1
    make_child()
    assert (
        selectors.caseload(user=manager).unallocated_counts["children.child"]
        == after.unallocated_counts["children.child"] + 1
    )


def test_the_caseload_shows_the_most_urgent_few_and_each_list_has_its_own_page(
    personas, make_child, client_for, settings
):
    from nas.casework.selectors import SUMMARY_SHOWN

    children = [make_child() for _ in range(SUMMARY_SHOWN + 2)]
    manager = client_for("tm.cardiff")
    summary = manager.get("/casework/caseload/").content.decode()
    listed = [c.pk for c in children if f"/children/{c.pk}/" in summary]
    assert len(listed) == SUMMARY_SHOWN
    assert f"Showing the {SUMMARY_SHOWN} most urgent of {len(children)}." in summary
    assert 'href="/casework/caseload/unallocated/"' in summary
    whole = manager.get("/casework/caseload/unallocated/").content.decode()
    assert all(f"/children/{c.pk}/" in whole for c in children)
    assert manager.get("/casework/caseload/no-such-list/").status_code == 404
    assert client_for("sw.cardiff").get("/casework/caseload/unallocated/").status_code == 403
    api = manager.get("/api/v1/casework/caseload").json()
    assert api["unallocated"]["children.child"] == len(children)


def test_a_support_case_is_allocated_through_the_api_and_its_worker_follows(personas, client_for):
    from datetime import date

    from nas.organisations.models import Organisation
    from nas.support import services as support

    vvc = Organisation.objects.get(code="vale-valleys-cardiff")
    person = support.person_create(
        actor=personas["support.vvc"],
        region_id=vvc.pk,
        kind="birth_parent",
        first_names="Api",
        last_name="Person",
        date_of_birth=date(1980, 1, 1),
    )
    case = support.case_create(
        actor=personas["support.vvc"],
        region_id=vvc.pk,
        person=person,
        requested_on=date(2025, 1, 6),
        request_summary="Help",
    )
    client = client_for("manager.vvc")
    response = client.post(
        "/api/v1/casework/allocations",
        {"record_type": "support.case", "record_id": case.pk, "worker_id": personas["support.vvc"].pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    case.refresh_from_db()
    assert case.worker == personas["support.vvc"]
    mine = client_for("support.vvc").get("/api/v1/casework/my-cases").json()
    assert [(c["record_type"], c["record_id"]) for c in mine] == [("support.case", case.pk)]
    assert (
        client_for("sw.cardiff")
        .get(f"/api/v1/casework/allocations?record_type=support.case&record_id={case.pk}")
        .status_code
        == 404
    )


def test_reallocating_a_letterbox_agreement_moves_who_may_see_it(personas, client_for):
    """Only the agreement's allocated workers and the regional manager see it (nas.support.policies):
    the allocation keeps the agreement's workers in step, so access follows it."""
    from datetime import date

    from django.test import Client

    from nas.accounts.services import staff_create
    from nas.organisations.models import Organisation
    from nas.support import services as support

    vvc = Organisation.objects.get(code="vale-valleys-cardiff")
    other = staff_create(
        actor=None,
        username="support2.vvc",
        password="not-used-Aa1!long-enough",
        organisation_id=vvc.pk,
        roles=["support_worker"],
    )
    agreement = support.agreement_create(
        actor=personas["support.vvc"],
        region_id=vvc.pk,
        workers=[personas["support.vvc"]],
        per_year=1,
        agreed_on=date(2025, 1, 1),
        first_exchange_on=date(2025, 2, 1),
    )
    for worker in (personas["support.vvc"], other):
        services.allocation_set(
            actor=personas["manager.vvc"], record_type="support.letterbox", record=agreement, worker=worker
        )
    url = f"/support/letterbox/{agreement.pk}/"
    assert client_for("support.vvc").get(url).status_code == 404
    new_worker = Client()
    new_worker.force_login(other)
    assert new_worker.get(url).status_code == 200
    assert [(r.record_type, r.record_id) for r in selectors.my_cases(user=other)] == [
        ("support.letterbox", agreement.pk)
    ]
