"""A support case from the request to closure: the assessment and notice, the
decision, the plan with its services, reviews and closure, with their rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from nas.audit.models import AuditEvent
from nas.core.records import StaleRecordError
from nas.organisations.models import Organisation
from nas.support import codes, selectors, services
from nas.support.models import SupportCase, SupportService
from nas.support.policies import cases

pytestmark = pytest.mark.django_db


def _decide(manager, case, when=date(2025, 4, 1), **kwargs):
    services.case_decide(
        actor=manager,
        case=case,
        expected_version=case.version,
        decided_on=when,
        decision=kwargs.pop("decision", codes.Decision.PROVIDE),
        representations_on=kwargs.pop("representations_on", None),
    )
    case.refresh_from_db()
    return case


def test_a_case_goes_from_request_to_closure_and_every_step_is_audited(make_case, assessed, worker, manager):
    case = make_case()
    assert selectors.case_stage(case) == codes.CaseStage.ASSESSMENT
    case = assessed(case)
    assert selectors.case_stage(case) == codes.CaseStage.NOTICE
    case = _decide(manager, case)
    services.service_add(
        actor=worker,
        case=case,
        kind=codes.ServiceKind.FINANCIAL,
        detail="Adoption allowance",
        provider="Vale of Glamorgan",
        starts_on=date(2025, 4, 7),
        amount=Decimal("40.00"),
        frequency="weekly",
    )
    case.refresh_from_db()
    services.plan_agree(
        actor=worker,
        case=case,
        expected_version=case.version,
        plan_agreed_on=date(2025, 4, 8),
        plan_summary="Plan",
    )
    case.refresh_from_db()
    assert case.review_due == date(2026, 4, 8)
    services.review_record(actor=worker, case=case, reviewed_on=date(2025, 10, 1), summary="Going well")
    case.refresh_from_db()
    assert case.review_due == date(2026, 10, 1)
    services.case_close(
        actor=worker,
        case=case,
        expected_version=case.version,
        closed_on=date(2026, 1, 5),
        outcome=codes.CaseOutcome.NEEDS_MET,
        closure_note="Family settled",
    )
    case.refresh_from_db()
    assert selectors.case_stage(case) == codes.CaseStage.CLOSED
    assert SupportService.objects.get(case=case).ends_on == date(2026, 1, 5)
    trail = AuditEvent.objects.for_record("support.case", case.pk)
    assert trail.count() == 7  # created, assessed, decided, service, plan, review, closed
    assert {e.actor_username for e in trail} == {"support.vvc", "manager.vvc"}
    with pytest.raises(ValidationError, match="This case is closed"):
        services.review_record(actor=worker, case=case, reviewed_on=date(2026, 2, 1), summary="Late")


def test_the_decision_waits_for_the_period_for_representations_si_2005_1512_reg_9_4(
    make_case, assessed, manager
):
    case = assessed(make_case())
    with pytest.raises(ValidationError, match="The period for representations runs until 31 March 2025"):
        _decide(manager, case, when=date(2025, 3, 31))
    # Once the person has said they are satisfied, the decision need not wait.
    case = _decide(manager, case, when=date(2025, 3, 12), representations_on=date(2025, 3, 10))
    assert case.decision == codes.Decision.PROVIDE


def test_an_out_of_area_placement_allows_20_working_days_after_consultation_si_2005_1512_reg_7_5(
    make_case, assessed, worker, manager
):
    case = make_case()
    cardiff, newport = (Organisation.objects.get(code=c) for c in ("cardiff", "newport"))
    services.case_update(
        actor=worker,
        case=case,
        expected_version=case.version,
        changes={
            "placing_authority": cardiff,
            "receiving_authority": newport,
            "consulted_on": date(2025, 3, 20),
        },
    )
    case.refresh_from_db()
    assert case.consultation_ends == date(2025, 4, 17)
    case = assessed(case)
    with pytest.raises(ValidationError, match="allow 20 working days, until 17 April 2025"):
        _decide(manager, case, when=date(2025, 4, 16))
    assert _decide(manager, case, when=date(2025, 4, 17)).decided_on == date(2025, 4, 17)


def test_an_out_of_area_decision_needs_the_consultation_recorded_first_si_2005_1512_reg_7_4(
    make_case, assessed, worker, manager
):
    """SI 2005/1512 (W.116), reg. 7(4)-(5): consult the authority where the family lives, then wait
    20 working days; a case with no consultation date cannot be decided at all."""
    case = make_case()
    cardiff, newport = (Organisation.objects.get(code=c) for c in ("cardiff", "newport"))
    services.case_update(
        actor=worker,
        case=case,
        expected_version=case.version,
        changes={"placing_authority": cardiff, "receiving_authority": newport},
    )
    case = assessed(case)
    with pytest.raises(ValidationError, match="record the date that authority was consulted"):
        _decide(manager, case, when=date(2025, 6, 2))
    case.refresh_from_db()
    assert case.decided_on is None
    services.case_update(
        actor=worker, case=case, expected_version=case.version, changes={"consulted_on": date(2025, 5, 1)}
    )
    case.refresh_from_db()
    assert _decide(manager, case, when=date(2025, 6, 2)).decided_on == date(2025, 6, 2)


def test_the_consultation_needs_both_authorities_and_they_must_differ(make_case, worker):
    case = make_case()
    cardiff = Organisation.objects.get(code="cardiff")
    with pytest.raises(ValidationError, match="Choose the placing authority"):
        services.case_update(
            actor=worker, case=case, expected_version=case.version, changes={"consulted_on": date(2025, 2, 1)}
        )
    with pytest.raises(ValidationError, match="no consultation is needed"):
        services.case_update(
            actor=worker,
            case=case,
            expected_version=case.version,
            changes={"placing_authority": cardiff, "receiving_authority": cardiff},
        )


def test_only_the_regional_manager_decides(make_case, worker, manager):
    case = make_case()
    assert cases.can(manager, "decide", case)
    assert not cases.can(worker, "decide", case)
    assert cases.can(worker, "assess", case)


def test_financial_support_needs_an_amount_and_how_often(make_case, assessed, worker, manager):
    case = _decide(manager, assessed(make_case()))
    with pytest.raises(ValidationError, match="Enter the amount of financial support"):
        services.service_add(
            actor=worker,
            case=case,
            kind=codes.ServiceKind.FINANCIAL,
            detail="Allowance",
            provider="LA",
            starts_on=date(2025, 4, 7),
        )


def test_no_services_and_no_plan_before_a_decision_to_provide_them(make_case, assessed, worker, manager):
    case = make_case()
    with pytest.raises(ValidationError, match="once the decision to provide them is recorded"):
        services.service_add(
            actor=worker, case=case, kind="counselling", detail="x", provider="y", starts_on=date(2025, 4, 7)
        )
    case = _decide(manager, assessed(case), decision=codes.Decision.NOT_PROVIDE)
    with pytest.raises(ValidationError, match="A plan is agreed once the decision"):
        services.plan_agree(
            actor=worker,
            case=case,
            expected_version=case.version,
            plan_agreed_on=date(2025, 4, 8),
            plan_summary="x",
        )


def test_a_stale_version_never_overwrites(make_case, worker):
    case = make_case()
    services.case_update(
        actor=worker, case=case, expected_version=1, changes={"request_summary": "First change"}
    )
    with pytest.raises(StaleRecordError):
        services.case_update(
            actor=worker, case=case, expected_version=1, changes={"request_summary": "Second"}
        )
    case.refresh_from_db()
    assert case.request_summary == "First change"


def test_support_records_are_never_deleted(make_case):
    case = make_case()
    with pytest.raises(TypeError, match="never deleted"):
        case.delete()
    with pytest.raises(TypeError, match="never deleted"):
        case.person.delete()


def test_an_adopted_adult_must_be_18_or_over(make_person):
    with pytest.raises(ValidationError, match="An adopted adult must be 18 or over"):
        make_person(codes.PersonKind.ADOPTED_ADULT, date_of_birth=date(2015, 1, 1))


def test_a_service_or_review_is_not_added_to_a_case_closed_since_the_page_was_opened(
    make_case, assessed, worker, manager, client_for
):
    """The case's state is read from the locked row, and the page's version is checked."""
    case = _decide(manager, assessed(make_case()), when=date(2025, 4, 1))
    opened = SupportCase.objects.get(pk=case.pk)  # as the page had it: open, decision to provide
    services.case_close(
        actor=worker,
        case=case,
        expected_version=case.version,
        closed_on=date(2025, 4, 2),
        outcome="moved",
        closure_note="Family moved away",
    )
    with pytest.raises(ValidationError, match="This case is closed"):
        services.service_add(
            actor=worker,
            case=opened,
            kind="counselling",
            detail="x",
            provider="y",
            starts_on=date(2025, 4, 7),
        )
    with pytest.raises(StaleRecordError):
        services.review_record(
            actor=worker,
            case=opened,
            reviewed_on=date(2025, 4, 7),
            summary="x",
            expected_version=opened.version,
        )
    page = client_for("support.vvc").post(
        f"/support/cases/{case.pk}/services/new/",
        {
            "kind": "counselling",
            "detail": "x",
            "provider": "y",
            "starts_on": "7/4/2025",
            "version": opened.version,
        },
    )
    assert "Someone else changed this record" in page.content.decode()
    assert not case.services.exists() and not case.reviews.exists()


def test_the_case_page_says_a_decision_day_on_a_bank_holiday_moves_to_the_next_working_day(
    make_case, worker, client_for
):
    case = make_case(requested_on=date(2026, 11, 2))
    services.case_assess(
        actor=worker,
        case=case,
        expected_version=case.version,
        assessed_on=date(2026, 11, 20),
        needs_statement="Needs therapy",
        proposal="Therapy",
        notice_sent_on=date(2026, 11, 24),
        representations_by=date(2026, 12, 24),
    )
    page = client_for("support.vvc").get(f"/support/cases/{case.pk}/").content.decode()
    assert 'data-testid="due">29 December 2026<' in page
    assert "Friday 25 December 2026 is not a working day" in page
    assert "the decision is possible from the next working day" in page
