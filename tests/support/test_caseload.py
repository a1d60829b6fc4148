"""The regional caseload: open cases, assessments due and overdue, by service,
for support workers and regional managers; a fixed number of queries."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nas.core.worklist import worklist_for
from nas.support import codes, selectors, services

pytestmark = pytest.mark.django_db


def _with_service(case, worker, manager, kind):
    services.case_assess(
        actor=worker,
        case=case,
        expected_version=case.version,
        assessed_on=date(2025, 3, 1),
        needs_statement="n",
        proposal="p",
        notice_sent_on=date(2025, 3, 3),
        representations_by=date(2025, 3, 31),
    )
    case.refresh_from_db()
    services.case_decide(
        actor=manager,
        case=case,
        expected_version=case.version,
        decided_on=date(2025, 4, 1),
        decision="provide",
        representations_on=None,
    )
    case.refresh_from_db()
    services.service_add(
        actor=worker,
        case=case,
        kind=kind,
        detail="d",
        provider="p",
        starts_on=date(2025, 4, 2),
        amount=Decimal("10") if kind == codes.ServiceKind.FINANCIAL else None,
        frequency="weekly" if kind == codes.ServiceKind.FINANCIAL else "",
    )
    case.refresh_from_db()
    return case


def test_the_caseload_counts_assessments_due_and_overdue_and_cases_by_service(make_case, worker, manager):
    today = timezone.localdate()
    overdue = make_case(requested_on=today - timedelta(days=120))
    due_soon = make_case(requested_on=today - timedelta(days=52))
    make_case(requested_on=today)
    _with_service(make_case(), worker, manager, codes.ServiceKind.THERAPEUTIC)
    _with_service(make_case(), worker, manager, codes.ServiceKind.FINANCIAL)
    load = selectors.caseload(user=worker, today=today)
    assert load.open_cases == 5
    assert load.assessments_overdue == 1
    assert load.assessments_due == 1
    by_service = {kind: count for kind, _label, count in load.by_service}
    assert by_service[codes.ServiceKind.THERAPEUTIC] == 1 and by_service[codes.ServiceKind.FINANCIAL] == 1
    rows = {row.case: row for row in load.rows}
    assert rows[overdue].overdue and not rows[due_soon].overdue
    assert rows[due_soon].due == due_soon.assessment_due
    filtered = selectors.caseload(user=worker, today=today, service=codes.ServiceKind.THERAPEUTIC)
    assert [r.services for r in filtered.rows] == [[codes.ServiceKind.THERAPEUTIC]]


def test_the_caseload_is_the_regions_own(make_case, make_person, north, worker, personas):
    make_case()
    assert selectors.caseload(user=personas["ff.north"], today=timezone.localdate()).open_cases == 0
    assert selectors.caseload(user=personas["ff.vvc"], today=timezone.localdate()).open_cases == 0


def test_an_overdue_assessment_is_on_the_workers_home_page(make_case, worker):
    case = make_case(requested_on=timezone.localdate() - timedelta(days=120))
    section = next(s for s in worklist_for(worker) if s.key == "support_cases")
    assert [(i.title, i.overdue) for i in section.items] == [(f"{case.reference}: {case.person}", True)]


def test_the_caseload_page_does_a_fixed_number_of_queries(make_case, worker, manager, client_for):
    """No N+1: the caseload page costs the same with 2 cases as with 12."""
    client = client_for("manager.vvc")
    for _ in range(2):
        _with_service(make_case(), worker, manager, codes.ServiceKind.COUNSELLING)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/support/").status_code == 200
    for _ in range(10):
        _with_service(make_case(), worker, manager, codes.ServiceKind.TRAINING)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/support/")
    assert response.status_code == 200 and response.content.count(b"/support/cases/") >= 12
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_lists_do_a_fixed_number_of_queries(make_case, make_person, worker, client_for, vvc):
    client = client_for("support.vvc")
    urls = [
        "/support/people/",
        "/support/letterbox/",
        "/support/birth-records/",
        "/support/intermediary/",
        "/api/v1/support/caseload",
        "/api/v1/support/letterbox",
        "/api/v1/support/birth-records",
        "/api/v1/support/intermediary",
    ]

    def add_records(n):
        for _ in range(n):
            adopted = make_person(
                codes.PersonKind.ADOPTED_ADULT, date_of_birth=date(1965, 1, 1), adoption_date=date(1966, 1, 1)
            )
            relative = make_person(codes.PersonKind.BIRTH_RELATIVE)
            services.birth_records_create(
                actor=worker,
                region_id=vvc.pk,
                person=adopted,
                received_on=date(2025, 1, 6),
                counselling_offered_on=date(2025, 1, 6),
            )
            services.intermediary_create(
                actor=worker,
                region_id=vvc.pk,
                applicant=adopted,
                subject=relative,
                received_on=date(2025, 1, 6),
                adoption_date=date(1966, 1, 1),
            )
            agreement = services.agreement_create(
                actor=worker,
                region_id=vvc.pk,
                workers=[worker],
                per_year=2,
                agreed_on=date(2025, 1, 1),
                first_exchange_on=date(2025, 2, 1),
            )
            services.party_add(
                actor=worker, agreement=agreement, person=relative, side="birth", writes=True, receives=True
            )

    def counts():
        found = {}
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            found[url] = len(queries)
        return found

    # Each list opened once first: what is kept between requests is computed
    # on the first open after a write (nas.performance.cache), and counted then.
    add_records(2)
    counts()
    few = counts()
    add_records(6)
    counts()
    assert counts() == few


def test_the_caseload_pages_and_the_home_page_audit_a_read_of_every_case_and_person_they_name(
    make_case, worker, client_for
):
    from nas.audit.models import AuditEvent

    case = make_case(requested_on=timezone.localdate() - timedelta(days=120))
    client = client_for("support.vvc")
    for url, where in (
        ("/support/", "support:caseload"),
        ("/api/v1/support/caseload", "api:support/caseload"),
        ("/api/v1/support/cases", "api:support/caseload"),
        ("/", "home support_cases"),
    ):
        assert client.get(url).status_code == 200
        for record_type, pk in (("support.case", case.pk), ("support.person", case.person_id)):
            assert (
                AuditEvent.objects.for_record(record_type, pk)
                .filter(action="view", actor_username="support.vvc", detail__listed_in=where)
                .exists()
            ), (url, record_type)


def test_the_case_page_makes_a_fixed_number_of_queries_however_many_services_and_reviews(
    make_case, worker, manager, client_for
):
    short = _with_service(make_case(), worker, manager, codes.ServiceKind.COUNSELLING)
    long = _with_service(make_case(), worker, manager, codes.ServiceKind.COUNSELLING)
    for n in range(5):
        long.refresh_from_db()
        services.service_add(
            actor=worker,
            case=long,
            kind=codes.ServiceKind.TRAINING,
            detail=f"Course {n}",
            provider="Region",
            starts_on=long.decided_on,
            expected_version=long.version,
        )
    client = client_for("support.vvc")
    assert client.get(f"/support/cases/{short.pk}/").status_code == 200
    with CaptureQueriesContext(connection) as few:
        client.get(f"/support/cases/{short.pk}/")
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/support/cases/{long.pk}/").status_code == 200
    assert long.services.count() == 6
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_caseload_table_shows_and_audits_a_page_of_the_open_cases(make_case, client_for, settings):
    """The figures count every open case; the table shows (and the audit records) 50 at a time."""
    from nas.audit.models import AuditEvent
    from nas.support.views import CASELOAD_PAGE_SIZE

    for _ in range(CASELOAD_PAGE_SIZE + 3):
        make_case()
    client = client_for("manager.vvc")
    before = AuditEvent.objects.filter(record_type="support.case").count()
    first = client.get("/support/")
    assert first.status_code == 200
    assert len(re.findall(rb'href="/support/cases/\d+/"', first.content)) == CASELOAD_PAGE_SIZE
    assert f"{CASELOAD_PAGE_SIZE + 3} open cases".encode() in first.content
    assert AuditEvent.objects.filter(record_type="support.case").count() - before == CASELOAD_PAGE_SIZE
    second = client.get("/support/?page=2")
    assert len(re.findall(rb'href="/support/cases/\d+/"', second.content)) == 3
    assert b'rel="prev"' in second.content
