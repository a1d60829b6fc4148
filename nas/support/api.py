"""Adoption support in the JSON API: the same forms, services and access
layer as the pages, the same validation messages in the caller's language.
A record outside the caller's scope answers 404; letters are reachable only
by the workers allocated to their agreement and the regional manager."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import Status

from nas.access.lookup import audit_listed, get_for_user, require
from nas.contract.errors import ErrorsOut
from nas.contract.schemas import Page, change_schema, form_data, form_schema, page_of
from nas.core.errors import api_errors
from nas.support import codes, deadlines, forms, selectors, services
from nas.support.models import (
    BirthRecordsRequest,
    IntermediaryCase,
    Letter,
    LetterboxAgreement,
    SupportCase,
    SupportPerson,
)
from nas.support.policies import birth_records, cases, intermediary, letterbox, letters, people

router = Router(tags=["support"])


# --- Schemas ---------------------------------------------------------------


class SupportPersonIn(form_schema(forms.PersonForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class SupportPersonChangeIn(change_schema(forms.PersonEditForm)):  # type: ignore[misc]
    """Only the fields sent change, with the version the caller read."""


class SupportCaseIn(form_schema(forms.CaseForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class SupportCaseChangeIn(change_schema(forms.CaseEditForm)):  # type: ignore[misc]
    """Only the fields sent change, with the version the caller read."""


class SupportAssessmentIn(form_schema(forms.AssessmentForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class SupportDecisionIn(form_schema(forms.DecisionForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class SupportServiceIn(form_schema(forms.ServiceForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class SupportPlanIn(form_schema(forms.PlanForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class SupportReviewIn(form_schema(forms.ReviewForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class SupportClosureIn(form_schema(forms.CloseForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class AgreementIn(form_schema(forms.AgreementForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class AgreementEndIn(form_schema(forms.AgreementEndForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class LetterboxAllocationIn(form_schema(forms.AllocationForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class PartyIn(form_schema(forms.PartyForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class LetterIn(form_schema(forms.LetterForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class LetterCheckIn(form_schema(forms.LetterCheckForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class LetterReleaseIn(form_schema(forms.LetterReleaseForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class BirthRecordsIn(form_schema(forms.BirthRecordsForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class CounsellingIn(form_schema(forms.CounsellingForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class DisclosureIn(form_schema(forms.DisclosureForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class IntermediaryIn(form_schema(forms.IntermediaryForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class IntermediaryChecksIn(form_schema(forms.IntermediaryChecksForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class IntermediaryOutcomeIn(form_schema(forms.IntermediaryOutcomeForm)):  # type: ignore[misc]
    """The fields of the page's form."""


class PersonRef(Schema):
    id: int
    kind: str
    name: str


class SupportPersonOut(Schema):
    id: int
    kind: str
    first_names: str
    last_name: str
    date_of_birth: date | None
    address: str
    phone: str
    email: str
    adoption_date: date | None
    child: int | None
    linked_record_type: str
    linked_record_id: str
    version: int


class ServiceOut(Schema):
    id: int
    kind: str
    detail: str
    provider: str
    starts_on: date
    ends_on: date | None
    amount: Decimal | None
    frequency: str


class ReviewOut(Schema):
    id: int
    reviewed_on: date
    summary: str
    changes: str


class SupportCaseOut(Schema):
    id: int
    reference: str
    person: PersonRef
    worker: str | None
    requested_on: date
    request_summary: str
    stage: str
    assessment_due: date
    next_due: date | None
    next_due_what: str
    overdue: bool
    placing_authority: str | None
    receiving_authority: str | None
    consulted_on: date | None
    consultation_ends: date | None
    assessed_on: date | None
    needs_statement: str
    proposal: str
    notice_sent_on: date | None
    representations_by: date | None
    representations_on: date | None
    decided_on: date | None
    decision: str
    plan_agreed_on: date | None
    plan_summary: str
    review_due: date | None
    closed_on: date | None
    outcome: str
    closure_note: str
    version: int
    services: list[ServiceOut]
    reviews: list[ReviewOut]


class CaseRowOut(Schema):
    id: int
    reference: str
    person: PersonRef
    worker: str | None
    stage: str
    next_due: date | None
    next_due_what: str
    overdue: bool
    services: list[str]


class ServiceCountOut(Schema):
    service: str
    open_cases: int


class CaseloadOut(Schema):
    open_cases: int
    assessments_due: int
    assessments_overdue: int
    reviews_due: int
    reviews_overdue: int
    exchanges_due: int
    exchanges_overdue: int
    birth_records_waiting: int
    intermediary_open: int
    intermediary_priority: int
    by_service: list[ServiceCountOut]
    cases: list[CaseRowOut]


class PartyOut(Schema):
    id: int
    person: PersonRef
    side: str
    writes: bool
    receives: bool


class ExchangeOut(Schema):
    exchange_on: date
    party: int
    letter: int | None
    missed: bool


class LetterSummaryOut(Schema):
    id: int
    writer: int
    exchange_on: date
    received_on: date
    status: str


class AgreementOut(Schema):
    id: int
    reference: str
    case: int | None
    per_year: int
    first_exchange_on: date
    reminder_days: int
    agreed_on: date
    ended_on: date | None
    end_reason: str
    terms: str
    workers: list[str]
    parties: list[PartyOut]
    exchanges: list[ExchangeOut]
    letters: list[LetterSummaryOut]
    version: int


class LetterOut(Schema):
    id: int
    agreement: int
    writer: PartyOut
    exchange_on: date
    received_on: date
    content: str
    status: str
    checked_on: date | None
    checked_by: str | None
    check_note: str
    withheld_reason: str
    released_on: date | None
    released_by: str | None
    version: int


class SessionOut(Schema):
    id: int
    held_on: date
    counsellor: str
    notes: str


class BirthRecordsOut(Schema):
    id: int
    reference: str
    person: PersonRef
    received_on: date
    adoption_date: date
    route: str
    counselling_required: bool
    counselling_offered_on: date | None
    sessions: list[SessionOut]
    disclosed_on: date | None
    disclosure: str
    version: int


class IntermediaryOut(Schema):
    id: int
    reference: str
    applicant: PersonRef
    subject: PersonRef
    received_on: date
    adoption_date: date
    priority: bool
    subject_adult_confirmed: bool
    identity_confirmed_on: date | None
    adoption_agency: str
    veto_checked_on: date | None
    veto: str
    veto_detail: str
    register_checked_on: date | None
    register_entry: str
    outcome: str
    outcome_on: date | None
    outcome_note: str
    version: int


# --- Shapes ----------------------------------------------------------------


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _ref(person: SupportPerson) -> dict[str, Any]:
    return {"id": person.pk, "kind": person.kind, "name": str(person)}


def _username(user: Any) -> str | None:
    return user.username if user is not None else None


def _person_out(person: SupportPerson) -> dict[str, Any]:
    return {
        **{name: getattr(person, name) for name in SupportPersonOut.model_fields if name not in {"child"}},
        "child": person.child_id,
    }


def _case_out(case: SupportCase) -> dict[str, Any]:
    today = timezone.localdate()
    due, what = selectors.next_deadline(case, today)
    return {
        "id": case.pk,
        "reference": case.reference,
        "person": _ref(case.person),
        "worker": _username(case.worker),
        "requested_on": case.requested_on,
        "request_summary": case.request_summary,
        "stage": selectors.case_stage(case),
        "assessment_due": case.assessment_due,
        "next_due": due,
        "next_due_what": what,
        "overdue": due is not None and what != codes.DueWhat.DECISION and today > due,
        "placing_authority": case.placing_authority.code if case.placing_authority else None,
        "receiving_authority": case.receiving_authority.code if case.receiving_authority else None,
        "consulted_on": case.consulted_on,
        "consultation_ends": case.consultation_ends,
        **{
            name: getattr(case, name)
            for name in (
                "assessed_on",
                "needs_statement",
                "proposal",
                "notice_sent_on",
                "representations_by",
                "representations_on",
                "decided_on",
                "decision",
                "plan_agreed_on",
                "plan_summary",
                "review_due",
                "closed_on",
                "outcome",
                "closure_note",
                "version",
            )
        },
        "services": [
            {
                name: getattr(s, name)
                for name in ("kind", "detail", "provider", "starts_on", "ends_on", "amount", "frequency")
            }
            | {"id": s.pk}
            for s in case.services.all()
        ],
        "reviews": [
            {"id": r.pk, "reviewed_on": r.reviewed_on, "summary": r.summary, "changes": r.changes}
            for r in case.reviews.all()
        ],
    }


def _party_out(party: Any) -> dict[str, Any]:
    return {
        "id": party.pk,
        "person": _ref(party.person),
        "side": party.side,
        "writes": party.writes,
        "receives": party.receives,
    }


def _agreement_out(agreement: LetterboxAgreement) -> dict[str, Any]:
    history = selectors.exchange_history(agreement, timezone.localdate())
    return {
        "id": agreement.pk,
        "reference": agreement.reference,
        "case": agreement.case_id,
        "per_year": agreement.per_year,
        "first_exchange_on": agreement.first_exchange_on,
        "reminder_days": agreement.reminder_days,
        "agreed_on": agreement.agreed_on,
        "ended_on": agreement.ended_on,
        "end_reason": agreement.end_reason,
        "terms": agreement.terms,
        "workers": [w.username for w in agreement.workers.all()],
        "parties": [_party_out(p) for p in agreement.parties.all()],
        "exchanges": [
            {
                "exchange_on": e.exchange_on,
                "party": e.party.pk,
                "letter": e.letter.pk if e.letter else None,
                "missed": e.overdue,
            }
            for e in history
        ],
        "letters": [
            {
                "id": letter.pk,
                "writer": letter.writer_id,
                "exchange_on": letter.exchange_on,
                "received_on": letter.received_on,
                "status": letter.status,
            }
            for letter in agreement.letters.all()
        ],
        "version": agreement.version,
    }


def _letter_out(letter: Letter) -> dict[str, Any]:
    return {
        "id": letter.pk,
        "agreement": letter.agreement_id,
        "writer": _party_out(letter.writer),
        "exchange_on": letter.exchange_on,
        "received_on": letter.received_on,
        "content": letter.content,
        "status": letter.status,
        "checked_on": letter.checked_on,
        "checked_by": _username(letter.checked_by),
        "check_note": letter.check_note,
        "withheld_reason": letter.withheld_reason,
        "released_on": letter.released_on,
        "released_by": _username(letter.released_by),
        "version": letter.version,
    }


def _birth_records_out(record: BirthRecordsRequest) -> dict[str, Any]:
    return {
        "id": record.pk,
        "reference": record.reference,
        "person": _ref(record.person),
        "received_on": record.received_on,
        "adoption_date": record.adoption_date,
        "route": record.route,
        "counselling_required": record.counselling_required,
        "counselling_offered_on": record.counselling_offered_on,
        "sessions": [
            {"id": s.pk, "held_on": s.held_on, "counsellor": s.counsellor.username, "notes": s.notes}
            for s in record.sessions.all()
        ],
        "disclosed_on": record.disclosed_on,
        "disclosure": record.disclosure,
        "version": record.version,
    }


def _intermediary_out(case: IntermediaryCase) -> dict[str, Any]:
    return {
        **{
            name: getattr(case, name)
            for name in IntermediaryOut.model_fields
            if name not in {"applicant", "subject"}
        },
        "applicant": _ref(case.applicant),
        "subject": _ref(case.subject),
    }


# --- Running a form and a service ------------------------------------------


def _run(
    form: Any, call: Callable[[dict[str, Any]], Any], status: int, shape: Callable[[Any], dict[str, Any]]
) -> Any:
    if not form.is_valid():
        return api_errors(form)
    result = call(form.cleaned_data)
    return Status(status, shape(result))


def _people(user: Any) -> Any:
    return people.scope(user).filter(archived_at__isnull=True)


def _case(request: HttpRequest, pk: int, action: str = "view", audit: bool = True) -> SupportCase:
    return get_for_user(
        _user(request),
        cases,
        pk=pk,
        action=action,
        audit=audit,
        queryset=SupportCase.objects.select_related(
            "person", "worker", "placing_authority", "receiving_authority", "region"
        ),
    )


def _agreement(request: HttpRequest, pk: int, action: str = "view", audit: bool = True) -> LetterboxAgreement:
    return get_for_user(
        _user(request),
        letterbox,
        pk=pk,
        action=action,
        audit=audit,
        queryset=LetterboxAgreement.objects.prefetch_related("parties__person", "workers", "letters"),
    )


def _letter(request: HttpRequest, pk: int, action: str = "view", audit: bool = True) -> Letter:
    return get_for_user(
        _user(request),
        letters,
        pk=pk,
        action=action,
        audit=audit,
        queryset=Letter.objects.select_related("writer__person", "checked_by", "released_by"),
    )


def _record(request: HttpRequest, pk: int, action: str = "view", audit: bool = True) -> BirthRecordsRequest:
    return get_for_user(
        _user(request),
        birth_records,
        pk=pk,
        action=action,
        audit=audit,
        queryset=BirthRecordsRequest.objects.select_related("person").prefetch_related(
            "sessions__counsellor"
        ),
    )


def _application(request: HttpRequest, pk: int, action: str = "view", audit: bool = True) -> IntermediaryCase:
    return get_for_user(
        _user(request),
        intermediary,
        pk=pk,
        action=action,
        audit=audit,
        queryset=IntermediaryCase.objects.select_related("applicant", "subject"),
    )


# --- Caseload and people ---------------------------------------------------


@router.get("/caseload", response=CaseloadOut, summary="The region's adoption support caseload")
def caseload(request: HttpRequest, mine: bool = False, service: str = "") -> dict[str, Any]:
    user = _user(request)
    require(user, cases, "list")
    if service not in codes.ServiceKind.values:
        service = ""
    load = selectors.caseload(user=user, today=timezone.localdate(), mine=mine, service=service)
    rows = list(load.rows)  # every case, read once
    selectors.audit_case_rows(user, rows, where="api:support/caseload")
    return {
        **{
            name: getattr(load, name)
            for name in CaseloadOut.model_fields
            if name not in {"by_service", "cases"}
        },
        "by_service": [{"service": kind, "open_cases": count} for kind, _label, count in load.by_service],
        "cases": [
            {
                "id": row.case.pk,
                "reference": row.case.reference,
                "person": _ref(row.case.person),
                "worker": _username(row.case.worker),
                "stage": row.stage,
                "next_due": row.due,
                "next_due_what": row.due_what,
                "overdue": row.overdue,
                "services": row.services,
            }
            for row in rows
        ],
    }


@router.get("/people", response=list[SupportPersonOut], summary="People the caller's region supports")
def person_list(request: HttpRequest, page: Query[Page], q: str = "", kind: str = "") -> list[dict[str, Any]]:
    user = _user(request)
    require(user, people, "list")
    rows = selectors.person_list(
        user=user, search=q[:100], kind=kind if kind in codes.PersonKind.values else ""
    )
    shown = page_of(rows, page)
    audit_listed(user, people, shown, where="api:support/people")
    return [_person_out(p) for p in shown]


@router.post("/people", response={201: SupportPersonOut, 422: ErrorsOut}, summary="Add a person")
def person_create(request: HttpRequest, payload: SupportPersonIn) -> Any:
    user = _user(request)
    require(user, people, "create")

    def create(data: dict[str, Any]) -> SupportPerson:
        fields = dict(data)
        child = fields.pop("child_record")
        return services.person_create(actor=user, region_id=user.organisation_id, child=child, **fields)

    return _run(forms.PersonForm(form_data(payload), user=user), create, 201, _person_out)


@router.get("/people/{pk}", response=SupportPersonOut, summary="One person")
def person_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _person_out(get_for_user(_user(request), people, pk=pk))


@router.patch(
    "/people/{pk}",
    response={200: SupportPersonOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Change a person",
)
def person_update(request: HttpRequest, pk: int, payload: SupportPersonChangeIn) -> Any:
    user = _user(request)
    sent = form_data(payload)
    person = get_for_user(user, people, pk=pk, action="edit")
    current = forms.PersonEditForm(instance=copy.copy(person), user=user)
    merged = {name: current[name].value() for name in current.fields} | sent
    form = forms.PersonEditForm(merged, instance=copy.copy(person), user=user)

    def save(data: dict[str, Any]) -> SupportPerson:
        changes = {k: data[k] for k in sent if k in data and k not in {"version", "child_record"}}
        if "child_record" in sent:
            changes["child"] = data["child_record"]
        services.person_update(actor=user, person=person, expected_version=data["version"], changes=changes)
        return get_for_user(user, people, pk=pk, audit=False)

    return _run(form, save, 200, _person_out)


# --- Support cases -----------------------------------------------------------


@router.get("/cases", response=list[CaseRowOut], summary="Open support cases in the caller's region")
def case_list(request: HttpRequest, mine: bool = False, service: str = "") -> list[dict[str, Any]]:
    return caseload(request, mine=mine, service=service)["cases"]


@router.post("/cases", response={201: SupportCaseOut, 422: ErrorsOut}, summary="Open a support case")
def case_create(request: HttpRequest, payload: SupportCaseIn) -> Any:
    user = _user(request)
    require(user, cases, "create")
    form = forms.CaseForm(form_data(payload), people=_people(user), region=user.organisation)
    return _run(
        form,
        lambda data: services.case_create(actor=user, region_id=user.organisation_id, **data),
        201,
        _case_out,
    )


@router.get("/cases/{pk}", response=SupportCaseOut, summary="One support case, with its plan and reviews")
def case_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _case_out(_case(request, pk))


def _case_step(
    request: HttpRequest, pk: int, action: str, form: Any, call: Callable[[SupportCase, dict[str, Any]], Any]
) -> Any:
    case = _case(request, pk, action)
    bound = form(case)

    def run(data: dict[str, Any]) -> SupportCase:
        call(case, data)
        return _case(request, pk, audit=False)

    return _run(bound, run, 200, _case_out)


STEP_RESPONSES = {200: SupportCaseOut, 409: ErrorsOut, 422: ErrorsOut}


@router.patch(
    "/cases/{pk}", response=STEP_RESPONSES, summary="Change the allocation, request or consultation"
)
def case_update(request: HttpRequest, pk: int, payload: SupportCaseChangeIn) -> Any:
    user = _user(request)
    sent = form_data(payload)

    def form(case: SupportCase) -> Any:
        return forms.CaseEditForm(forms.CaseEditForm.initial_for(case) | sent, region=case.region)

    return _case_step(
        request,
        pk,
        "edit",
        form,
        lambda case, data: services.case_update(
            actor=user,
            case=case,
            expected_version=data["version"],
            changes={k: data[k] for k in sent if k in forms.CaseEditForm.FIELDS},
        ),
    )


@router.post("/cases/{pk}/assessment", response=STEP_RESPONSES, summary="Record the assessment and notice")
def case_assess(request: HttpRequest, pk: int, payload: SupportAssessmentIn) -> Any:
    user = _user(request)
    return _case_step(
        request,
        pk,
        "assess",
        lambda case: forms.AssessmentForm(form_data(payload)),
        lambda case, data: services.case_assess(
            actor=user,
            case=case,
            expected_version=data["version"],
            **{k: v for k, v in data.items() if k != "version"},
        ),
    )


@router.post(
    "/cases/{pk}/decision", response=STEP_RESPONSES, summary="Record the decision (regional manager)"
)
def case_decide(request: HttpRequest, pk: int, payload: SupportDecisionIn) -> Any:
    user = _user(request)
    return _case_step(
        request,
        pk,
        "decide",
        lambda case: forms.DecisionForm(form_data(payload)),
        lambda case, data: services.case_decide(
            actor=user,
            case=case,
            expected_version=data["version"],
            decided_on=data["decided_on"],
            decision=data["decision"],
            representations_on=data["representations_on"],
        ),
    )


@router.post("/cases/{pk}/services", response=STEP_RESPONSES, summary="Add a service to the plan")
def case_service(request: HttpRequest, pk: int, payload: SupportServiceIn) -> Any:
    user = _user(request)
    return _case_step(
        request,
        pk,
        "plan",
        lambda case: forms.ServiceForm(form_data(payload)),
        lambda case, data: services.service_add(
            actor=user,
            case=case,
            expected_version=data["version"],
            **{k: v for k, v in data.items() if k != "version"},
        ),
    )


@router.post("/cases/{pk}/plan", response=STEP_RESPONSES, summary="Agree the support plan")
def case_plan(request: HttpRequest, pk: int, payload: SupportPlanIn) -> Any:
    user = _user(request)
    return _case_step(
        request,
        pk,
        "plan",
        lambda case: forms.PlanForm(form_data(payload)),
        lambda case, data: services.plan_agree(
            actor=user,
            case=case,
            expected_version=data["version"],
            plan_agreed_on=data["plan_agreed_on"],
            plan_summary=data["plan_summary"],
        ),
    )


@router.post("/cases/{pk}/reviews", response=STEP_RESPONSES, summary="Record a review of the plan")
def case_review(request: HttpRequest, pk: int, payload: SupportReviewIn) -> Any:
    user = _user(request)
    return _case_step(
        request,
        pk,
        "review",
        lambda case: forms.ReviewForm(form_data(payload)),
        lambda case, data: services.review_record(
            actor=user,
            case=case,
            expected_version=data["version"],
            **{k: v for k, v in data.items() if k != "version"},
        ),
    )


@router.post("/cases/{pk}/closure", response=STEP_RESPONSES, summary="Close the case with its outcome")
def case_close(request: HttpRequest, pk: int, payload: SupportClosureIn) -> Any:
    user = _user(request)
    return _case_step(
        request,
        pk,
        "close",
        lambda case: forms.CloseForm(form_data(payload)),
        lambda case, data: services.case_close(
            actor=user,
            case=case,
            expected_version=data["version"],
            closed_on=data["closed_on"],
            outcome=data["outcome"],
            closure_note=data["closure_note"],
        ),
    )


# --- Letterbox -------------------------------------------------------------


@router.get(
    "/letterbox", response=list[AgreementOut], summary="Letterbox agreements the caller is allocated to"
)
def letterbox_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = _user(request)
    require(user, letterbox, "list")
    agreements = (
        letterbox.scope(user).prefetch_related("parties__person", "workers", "letters").order_by("reference")
    )
    return [_agreement_out(a) for a in agreements]


@router.post(
    "/letterbox", response={201: AgreementOut, 422: ErrorsOut}, summary="Record a letterbox agreement"
)
def letterbox_create(request: HttpRequest, payload: AgreementIn) -> Any:
    user = _user(request)
    require(user, letterbox, "create")
    form = forms.AgreementForm(
        form_data(payload), cases=cases.scope(user).filter(closed_on__isnull=True), region=user.organisation
    )
    return _run(
        form,
        lambda data: services.agreement_create(
            actor=user, region_id=user.organisation_id, **{**data, "workers": list(data["workers"])}
        ),
        201,
        _agreement_out,
    )


@router.get(
    "/letterbox/{pk}", response=AgreementOut, summary="One letterbox agreement, its parties and exchanges"
)
def letterbox_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _agreement_out(selectors.with_history(_agreement(request, pk)))


@router.post(
    "/letterbox/{pk}/end",
    response={200: AgreementOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="End a letterbox agreement (it and its letters are kept)",
)
def letterbox_end(request: HttpRequest, pk: int, payload: AgreementEndIn) -> Any:
    user = _user(request)
    agreement = _agreement(request, pk, "end")

    def end(data: dict[str, Any]) -> LetterboxAgreement:
        services.agreement_end(
            actor=user,
            agreement=agreement,
            expected_version=data["version"],
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
        )
        return _agreement(request, pk, audit=False)

    return _run(forms.AgreementEndForm(form_data(payload)), end, 200, _agreement_out)


@router.put(
    "/letterbox/{pk}/workers",
    response={200: AgreementOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Change the workers allocated to an agreement (regional manager)",
)
def letterbox_workers(request: HttpRequest, pk: int, payload: LetterboxAllocationIn) -> Any:
    user = _user(request)
    agreement = _agreement(request, pk, "allocate")

    def allocate(data: dict[str, Any]) -> LetterboxAgreement:
        services.agreement_allocate(
            actor=user, agreement=agreement, expected_version=data["version"], workers=list(data["workers"])
        )
        return selectors.with_history(_agreement(request, pk, audit=False))

    return _run(
        forms.AllocationForm(form_data(payload), region=user.organisation), allocate, 200, _agreement_out
    )


@router.post(
    "/letterbox/{pk}/parties",
    response={201: AgreementOut, 422: ErrorsOut},
    summary="Add a person the agreement names",
)
def letterbox_party(request: HttpRequest, pk: int, payload: PartyIn) -> Any:
    user = _user(request)
    agreement = _agreement(request, pk, "edit")

    def add(data: dict[str, Any]) -> LetterboxAgreement:
        services.party_add(actor=user, agreement=agreement, **data)
        return _agreement(request, pk, audit=False)

    return _run(forms.PartyForm(form_data(payload), people=_people(user)), add, 201, _agreement_out)


@router.post(
    "/letterbox/{pk}/letters", response={201: LetterOut, 422: ErrorsOut}, summary="Record a letter received"
)
def letter_create(request: HttpRequest, pk: int, payload: LetterIn) -> Any:
    user = _user(request)
    agreement = _agreement(request, pk, "record_letter")
    dates = deadlines.exchange_dates(
        agreement.first_exchange_on, agreement.per_year, until=timezone.localdate(), and_next=True
    )
    form = forms.LetterForm(form_data(payload), agreement=agreement, exchange_dates=dates)
    return _run(
        form,
        lambda data: services.letter_record(actor=user, agreement=agreement, **data),
        201,
        lambda letter: _letter_out(_letter(request, letter.pk, audit=False)),
    )


@router.get(
    "/letters/{pk}", response=LetterOut, summary="One letter (allocated workers and the regional manager)"
)
def letter_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _letter_out(_letter(request, pk))


@router.post(
    "/letters/{pk}/check",
    response={200: LetterOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Check a letter: approve it for release or withhold it with the reason",
)
def letter_check(request: HttpRequest, pk: int, payload: LetterCheckIn) -> Any:
    user = _user(request)
    letter = _letter(request, pk, "check")

    def check(data: dict[str, Any]) -> Letter:
        services.letter_check(
            actor=user,
            letter=letter,
            expected_version=data["version"],
            approve=data["result"] == "approve",
            note=data["note"],
            withheld_reason=data["withheld_reason"],
            checked_on=data["checked_on"],
        )
        return _letter(request, pk, audit=False)

    return _run(forms.LetterCheckForm(form_data(payload)), check, 200, _letter_out)


@router.post(
    "/letters/{pk}/release",
    response={200: LetterOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Release a checked letter",
)
def letter_release(request: HttpRequest, pk: int, payload: LetterReleaseIn) -> Any:
    user = _user(request)
    letter = _letter(request, pk, "release")

    def release(data: dict[str, Any]) -> Letter:
        services.letter_release(
            actor=user, letter=letter, expected_version=data["version"], released_on=data["released_on"]
        )
        return _letter(request, pk, audit=False)

    return _run(forms.LetterReleaseForm(form_data(payload)), release, 200, _letter_out)


# --- Birth records ---------------------------------------------------------


@router.get(
    "/birth-records", response=list[BirthRecordsOut], summary="Birth records requests in the caller's region"
)
def birth_records_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = _user(request)
    require(user, birth_records, "list")
    return [_birth_records_out(r) for r in selectors.birth_records_list(user=user)]


@router.post("/birth-records", response={201: BirthRecordsOut, 422: ErrorsOut}, summary="Record a request")
def birth_records_create(request: HttpRequest, payload: BirthRecordsIn) -> Any:
    user = _user(request)
    require(user, birth_records, "create")
    form = forms.BirthRecordsForm(form_data(payload), people=_people(user), region=user.organisation)
    return _run(
        form,
        lambda data: services.birth_records_create(actor=user, region_id=user.organisation_id, **data),
        201,
        _birth_records_out,
    )


@router.get("/birth-records/{pk}", response=BirthRecordsOut, summary="One birth records request")
def birth_records_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _birth_records_out(_record(request, pk))


@router.post(
    "/birth-records/{pk}/counselling",
    response={201: BirthRecordsOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Record a counselling session",
)
def birth_records_counselling(request: HttpRequest, pk: int, payload: CounsellingIn) -> Any:
    user = _user(request)
    record = _record(request, pk, "counsel")

    def add(data: dict[str, Any]) -> BirthRecordsRequest:
        services.counselling_record(
            actor=user,
            request=record,
            expected_version=data["version"],
            **{k: v for k, v in data.items() if k != "version"},
        )
        return _record(request, pk, audit=False)

    return _run(forms.CounsellingForm(form_data(payload)), add, 201, _birth_records_out)


@router.post(
    "/birth-records/{pk}/disclosure",
    response={200: BirthRecordsOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Record what was disclosed and when",
)
def birth_records_disclosure(request: HttpRequest, pk: int, payload: DisclosureIn) -> Any:
    user = _user(request)
    record = _record(request, pk, "disclose")

    def disclose(data: dict[str, Any]) -> BirthRecordsRequest:
        services.birth_records_disclose(
            actor=user,
            request=record,
            expected_version=data["version"],
            disclosed_on=data["disclosed_on"],
            disclosure=data["disclosure"],
        )
        return _record(request, pk, audit=False)

    return _run(forms.DisclosureForm(form_data(payload)), disclose, 200, _birth_records_out)


# --- Intermediary service ----------------------------------------------------


@router.get(
    "/intermediary", response=list[IntermediaryOut], summary="Intermediary applications, priority first"
)
def intermediary_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = _user(request)
    require(user, intermediary, "list")
    return [_intermediary_out(c) for c in selectors.intermediary_list(user=user)]


@router.post(
    "/intermediary", response={201: IntermediaryOut, 422: ErrorsOut}, summary="Record an application"
)
def intermediary_create(request: HttpRequest, payload: IntermediaryIn) -> Any:
    user = _user(request)
    require(user, intermediary, "create")
    form = forms.IntermediaryForm(form_data(payload), people=_people(user), region=user.organisation)
    return _run(
        form,
        lambda data: services.intermediary_create(actor=user, region_id=user.organisation_id, **data),
        201,
        _intermediary_out,
    )


@router.get("/intermediary/{pk}", response=IntermediaryOut, summary="One intermediary application")
def intermediary_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _intermediary_out(_application(request, pk))


@router.post(
    "/intermediary/{pk}/checks",
    response={200: IntermediaryOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Record the identity, veto and Adoption Contact Register checks",
)
def intermediary_checks(request: HttpRequest, pk: int, payload: IntermediaryChecksIn) -> Any:
    user = _user(request)
    application = _application(request, pk, "check")

    def record(data: dict[str, Any]) -> IntermediaryCase:
        services.intermediary_checks(
            actor=user,
            case=application,
            expected_version=data["version"],
            **{k: v for k, v in data.items() if k != "version"},
        )
        return _application(request, pk, audit=False)

    return _run(forms.IntermediaryChecksForm(form_data(payload)), record, 200, _intermediary_out)


@router.post(
    "/intermediary/{pk}/outcome",
    response={200: IntermediaryOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Record the outcome",
)
def intermediary_outcome(request: HttpRequest, pk: int, payload: IntermediaryOutcomeIn) -> Any:
    user = _user(request)
    application = _application(request, pk, "close")

    def record(data: dict[str, Any]) -> IntermediaryCase:
        services.intermediary_outcome(
            actor=user,
            case=application,
            expected_version=data["version"],
            outcome=data["outcome"],
            outcome_on=data["outcome_on"],
            outcome_note=data["outcome_note"],
        )
        return _application(request, pk, audit=False)

    return _run(forms.IntermediaryOutcomeForm(form_data(payload)), record, 200, _intermediary_out)
