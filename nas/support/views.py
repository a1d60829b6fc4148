"""Pages for adoption support. Each view reaches its record through the
access layer, parses a form, calls one service or selector, and renders."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nas.access.lookup import audit_listed, get_for_user, require
from nas.core.errors import add_errors
from nas.core.forms import is_search, keep_quiet
from nas.core.http import AuthenticatedRequest
from nas.core.records import StaleRecordError
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

FORM = "support/form.html"


def _step(
    request: AuthenticatedRequest,
    form: Any,
    action: Callable[[dict[str, Any]], str],
    *,
    success: str,
    page: dict[str, Any],
) -> HttpResponse:
    """Show the form; on a valid POST run the service, and go to the URL it
    gives back. A search step's button shows the form again with its matches,
    keeping what is typed and chosen, and saves nothing."""
    if is_search(request):
        keep_quiet(form)
    elif request.method == "POST" and form.is_valid():
        try:
            target = action(form.cleaned_data)
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(target)
    return render(request, FORM, {"form": form, **page})


def _data(request: AuthenticatedRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _people(request: AuthenticatedRequest) -> Any:
    return people.scope(request.user).filter(archived_at__isnull=True).order_by("last_name", "first_names")


# --- Caseload --------------------------------------------------------------

#: Open cases in the caseload's table at a time, as in the other lists.
CASELOAD_PAGE_SIZE = 50


@require_GET
def caseload(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, cases, "list")
    mine = request.GET.get("mine") == "1"
    service = request.GET.get("service", "")
    if service not in codes.ServiceKind.values:
        service = ""
    load = selectors.caseload(user=request.user, today=timezone.localdate(), mine=mine, service=service)
    # The figures count every open case; the table shows (and audits) a page of them.
    page = Paginator(load.rows, CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.audit_case_rows(request.user, list(page.object_list), where="support:caseload")
    return render(
        request,
        "support/caseload.html",
        {
            "load": load,
            "page": page,
            "mine": mine,
            "service": service,
            "services": codes.ServiceKind.choices,
        },
    )


# --- People ----------------------------------------------------------------


@require_GET
def person_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, people, "list")
    kind = request.GET.get("kind", "")
    if kind not in codes.PersonKind.values:
        kind = ""
    search = request.GET.get("q", "")[:100]
    page = Paginator(selectors.person_list(user=request.user, search=search, kind=kind), 50).get_page(
        request.GET.get("page")
    )
    audit_listed(request.user, people, page.object_list, where="support:person-list")
    return render(
        request,
        "support/person_list.html",
        {"page": page, "kind": kind, "search": search, "kinds": codes.PersonKind.choices},
    )


@require_http_methods(["GET", "POST"])
def person_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, people, "create")
    form = forms.PersonForm(_data(request), user=request.user)

    def create(data: dict[str, Any]) -> str:
        fields = dict(data)
        child = fields.pop("child_record")
        person = services.person_create(
            actor=request.user, region_id=request.user.organisation_id, child=child, **fields
        )
        return reverse("support:person-detail", args=[person.pk])

    return _step(
        request,
        form,
        create,
        success=_("The person's record is created."),
        page={"title": _("Add a person"), "back": reverse("support:person-list")},
    )


def _person(request: AuthenticatedRequest, pk: int, action: str = "view") -> SupportPerson:
    return get_for_user(
        request.user, people, pk=pk, action=action, queryset=SupportPerson.objects.select_related("child")
    )


@require_GET
def person_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    user = request.user
    return render(
        request,
        "support/person_detail.html",
        {
            "person": person,
            "cases": cases.scope(user)
            .filter(person=person)
            .select_related("worker")
            .order_by("-requested_on"),
            "requests": birth_records.scope(user).filter(person=person).order_by("-received_on"),
            "applications": intermediary.scope(user)
            .filter(applicant=person)
            .select_related("subject")
            .order_by("-received_on"),
            "sought": intermediary.scope(user)
            .filter(subject=person)
            .select_related("applicant")
            .order_by("-received_on"),
            "agreements": letterbox.scope(user)
            .filter(parties__person=person)
            .distinct()
            .order_by("reference"),
            "age": person.age_on(timezone.localdate()),
        },
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk, "edit")
    # The form works on a copy, so the service still sees the values as they were (for the audit trail).
    form = forms.PersonEditForm(
        _data(request), instance=copy.copy(person), user=request.user, initial={"version": person.version}
    )

    def save(data: dict[str, Any]) -> str:
        changes = {name: data[name] for name in form.changed_data if name not in {"version", "child_record"}}
        if "child_record" in form.changed_data:
            changes["child"] = data["child_record"]
        services.person_update(
            actor=request.user, person=person, expected_version=data["version"], changes=changes
        )
        return reverse("support:person-detail", args=[person.pk])

    return _step(
        request,
        form,
        save,
        success=_("The person's record is updated."),
        page={
            "title": _("Change the person's details"),
            "caption": str(person),
            "back": reverse("support:person-detail", args=[person.pk]),
        },
    )


# --- Support cases -----------------------------------------------------------


def _case(request: AuthenticatedRequest, pk: int, action: str = "view") -> SupportCase:
    return get_for_user(
        request.user,
        cases,
        pk=pk,
        action=action,
        queryset=SupportCase.objects.select_related(
            "person", "worker", "placing_authority", "receiving_authority", "region"
        ),
    )


@require_http_methods(["GET", "POST"])
def case_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, cases, "create")
    person_id = request.GET.get("person", "")
    form = forms.CaseForm(
        _data(request),
        people=_people(request),
        region=request.user.organisation,
        initial={
            "person": person_id if person_id.isdigit() else None,
            "requested_on": timezone.localdate(),
            "worker": request.user.pk,
        },
    )

    def create(data: dict[str, Any]) -> str:
        case = services.case_create(actor=request.user, region_id=request.user.organisation_id, **data)
        return reverse("support:case-detail", args=[case.pk])

    return _step(
        request,
        form,
        create,
        success=_("The support case is opened."),
        page={
            "title": _("Open a support case"),
            "back": reverse("support:caseload"),
            "rule": _(
                "The assessment of needs is due 42 working days after the request (Social Services and "
                "Well-being (Wales) Act 2014, Part 3 Code of Practice)."
            ),
        },
    )


@require_GET
def case_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    user = request.user
    today = timezone.localdate()
    due, due_what = selectors.next_deadline(case, today)
    return render(
        request,
        "support/case_detail.html",
        {
            "case": case,
            "stage": codes.CaseStage(selectors.case_stage(case)).label,
            "due": due,
            "due_what": codes.DueWhat(due_what).label if due_what else "",
            "overdue": due is not None and due_what != codes.DueWhat.DECISION and today > due,
            "not_working": (
                deadlines.decision_day_moved(case.representations_by)
                if due_what == codes.DueWhat.DECISION and case.representations_by
                else None
            ),
            "services": case.services.all(),
            "reviews": case.reviews.select_related("recorded_by").all(),
            "agreements": letterbox.scope(user).filter(case=case).order_by("reference"),
            "can_decide": cases.can(user, "decide", case),
            "can_act": cases.can(user, "edit", case) and case.is_open,
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def case_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, "edit")
    form = forms.CaseEditForm(
        _data(request), region=case.region, initial=forms.CaseEditForm.initial_for(case)
    )

    def save(data: dict[str, Any]) -> str:
        changes = {name: data[name] for name in form.changed_data if name in forms.CaseEditForm.FIELDS}
        services.case_update(actor=request.user, case=case, expected_version=data["version"], changes=changes)
        return reverse("support:case-detail", args=[case.pk])

    return _step(
        request,
        form,
        save,
        success=_("The case is updated."),
        page={
            "title": _("Change the case"),
            "caption": case.reference,
            "back": reverse("support:case-detail", args=[case.pk]),
            "rule": _(
                "When the adoptive family lives in another authority's area, the placing authority consults "
                "that authority in writing and allows 20 working days before deciding (Adoption Support "
                "Services (Local Authorities) (Wales) Regulations 2005, regulation 7(4) and (5))."
            ),
        },
    )


def _case_step(
    request: AuthenticatedRequest,
    pk: int,
    action: str,
    form_class: type,
    call: Callable[[SupportCase, dict[str, Any]], None],
    *,
    title: str,
    success: str,
    rule: str = "",
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    case = _case(request, pk, action)
    form = form_class(_data(request), initial={"version": case.version, **(initial or {})})

    def run(data: dict[str, Any]) -> str:
        call(case, data)
        return reverse("support:case-detail", args=[case.pk])

    return _step(
        request,
        form,
        run,
        success=success,
        page={
            "title": title,
            "caption": f"{case.reference}: {case.person}",
            "back": reverse("support:case-detail", args=[case.pk]),
            "rule": rule,
        },
    )


@require_http_methods(["GET", "POST"])
def case_assess(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def call(case: SupportCase, data: dict[str, Any]) -> None:
        services.case_assess(
            actor=request.user,
            case=case,
            expected_version=data["version"],
            **{k: v for k, v in data.items() if k != "version"},
        )

    return _case_step(
        request,
        pk,
        "assess",
        forms.AssessmentForm,
        call,
        title=_("Record the assessment and the notice of the proposal"),
        success=_("The assessment and the notice are recorded."),
        rule=_(
            "After the assessment the person is sent a statement of their needs and the services proposed, "
            "and may make representations within the period you set (Adoption Support Services (Local "
            "Authorities) (Wales) Regulations 2005, regulation 9)."
        ),
    )


@require_http_methods(["GET", "POST"])
def case_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def call(case: SupportCase, data: dict[str, Any]) -> None:
        services.case_decide(
            actor=request.user,
            case=case,
            expected_version=data["version"],
            decided_on=data["decided_on"],
            decision=data["decision"],
            representations_on=data["representations_on"],
        )

    return _case_step(
        request,
        pk,
        "decide",
        forms.DecisionForm,
        call,
        title=_("Record the decision"),
        success=_("The decision is recorded."),
        rule=_(
            "No decision before the person has made representations, said they are satisfied, or the period "
            "for representations has ended (regulation 9(4))."
        ),
    )


@require_http_methods(["GET", "POST"])
def case_service(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, "plan")
    form = forms.ServiceForm(
        _data(request), initial={"starts_on": timezone.localdate(), "version": case.version}
    )

    def add(data: dict[str, Any]) -> str:
        fields = dict(data)
        services.service_add(actor=request.user, case=case, expected_version=fields.pop("version"), **fields)
        return reverse("support:case-detail", args=[case.pk])

    return _step(
        request,
        form,
        add,
        success=_("The service is added to the plan."),
        page={
            "title": _("Add a service to the plan"),
            "caption": f"{case.reference}: {case.person}",
            "back": reverse("support:case-detail", args=[case.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
def case_plan(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def call(case: SupportCase, data: dict[str, Any]) -> None:
        services.plan_agree(
            actor=request.user,
            case=case,
            expected_version=data["version"],
            plan_agreed_on=data["plan_agreed_on"],
            plan_summary=data["plan_summary"],
        )

    return _case_step(
        request,
        pk,
        "plan",
        forms.PlanForm,
        call,
        title=_("Agree the support plan"),
        success=_("The support plan is agreed. Its first review is due within a year."),
        rule=_("The plan is reviewed when circumstances change, and at least once a year."),
    )


@require_http_methods(["GET", "POST"])
def case_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, "review")
    form = forms.ReviewForm(
        _data(request), initial={"reviewed_on": timezone.localdate(), "version": case.version}
    )

    def record(data: dict[str, Any]) -> str:
        fields = dict(data)
        services.review_record(
            actor=request.user, case=case, expected_version=fields.pop("version"), **fields
        )
        return reverse("support:case-detail", args=[case.pk])

    return _step(
        request,
        form,
        record,
        success=_("The review is recorded."),
        page={
            "title": _("Record a review of the plan"),
            "caption": f"{case.reference}: {case.person}",
            "back": reverse("support:case-detail", args=[case.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
def case_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    def call(case: SupportCase, data: dict[str, Any]) -> None:
        services.case_close(
            actor=request.user,
            case=case,
            expected_version=data["version"],
            closed_on=data["closed_on"],
            outcome=data["outcome"],
            closure_note=data["closure_note"],
        )

    return _case_step(
        request,
        pk,
        "close",
        forms.CloseForm,
        call,
        title=_("Close the case"),
        success=_("The case is closed. It is kept and can still be found."),
        initial={"closed_on": timezone.localdate()},
    )


# --- Letterbox -------------------------------------------------------------


@require_GET
def letterbox_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, letterbox, "list")
    today = timezone.localdate()
    agreements = list(selectors.agreement_list(user=request.user))
    waiting = selectors.exchanges_due(user=request.user, today=today)
    return render(request, "support/letterbox_list.html", {"agreements": agreements, "waiting": waiting})


@require_http_methods(["GET", "POST"])
def letterbox_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, letterbox, "create")
    case_id = request.GET.get("case", "")
    form = forms.AgreementForm(
        _data(request),
        cases=cases.scope(request.user).filter(closed_on__isnull=True).select_related("person"),
        region=request.user.organisation,
        initial={
            "case": case_id if case_id.isdigit() else None,
            "workers": [request.user.pk],
            "reminder_days": 14,
            "agreed_on": timezone.localdate(),
        },
    )

    def create(data: dict[str, Any]) -> str:
        agreement = services.agreement_create(
            actor=request.user,
            region_id=request.user.organisation_id,
            **{**data, "workers": list(data["workers"])},
        )
        return reverse("support:letterbox-detail", args=[agreement.pk])

    return _step(
        request,
        form,
        create,
        success=_("The letterbox agreement is recorded. Now add the people it names."),
        page={"title": _("Record a letterbox agreement"), "back": reverse("support:letterbox-list")},
    )


def _agreement(request: AuthenticatedRequest, pk: int, action: str = "view") -> LetterboxAgreement:
    return get_for_user(
        request.user,
        letterbox,
        pk=pk,
        action=action,
        queryset=LetterboxAgreement.objects.select_related("case", "case__person", "region"),
    )


@require_GET
def letterbox_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = selectors.with_history(_agreement(request, pk))
    today = timezone.localdate()
    history = selectors.exchange_history(agreement, today)
    letters = sorted(agreement.letters.all(), key=lambda letter: letter.pk)
    return render(
        request,
        "support/letterbox_detail.html",
        {
            "agreement": agreement,
            "parties": agreement.parties.all(),
            "workers": agreement.workers.all(),
            "history": list(reversed(history)),
            "letters": sorted(letters, key=lambda letter: letter.exchange_on, reverse=True),
            "today": today,
            "can_allocate": letterbox.can(request.user, "allocate", agreement),
        },
    )


@require_http_methods(["GET", "POST"])
def letterbox_workers(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk, "allocate")
    form = forms.AllocationForm(
        _data(request),
        region=agreement.region,
        initial={
            "version": agreement.version,
            "workers": list(agreement.workers.values_list("pk", flat=True)),
        },
    )

    def allocate(data: dict[str, Any]) -> str:
        services.agreement_allocate(
            actor=request.user,
            agreement=agreement,
            expected_version=data["version"],
            workers=list(data["workers"]),
        )
        return reverse("support:letterbox-detail", args=[agreement.pk])

    return _step(
        request,
        form,
        allocate,
        success=_("The allocated workers are changed."),
        page={
            "title": _("Change the allocated workers"),
            "caption": agreement.reference,
            "back": reverse("support:letterbox-detail", args=[agreement.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
def letterbox_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk, "end")
    form = forms.AgreementEndForm(
        _data(request), initial={"version": agreement.version, "ended_on": timezone.localdate()}
    )

    def end(data: dict[str, Any]) -> str:
        services.agreement_end(
            actor=request.user,
            agreement=agreement,
            expected_version=data["version"],
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
        )
        return reverse("support:letterbox-detail", args=[agreement.pk])

    return _step(
        request,
        form,
        end,
        success=_("The agreement has ended. It and its letters are kept."),
        page={
            "title": _("End the agreement"),
            "caption": agreement.reference,
            "back": reverse("support:letterbox-detail", args=[agreement.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
def letterbox_party(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk, "edit")
    form = forms.PartyForm(
        _data(request), people=_people(request), initial={"writes": True, "receives": True}
    )

    def add(data: dict[str, Any]) -> str:
        services.party_add(actor=request.user, agreement=agreement, **data)
        return reverse("support:letterbox-detail", args=[agreement.pk])

    return _step(
        request,
        form,
        add,
        success=_("The person is added to the agreement."),
        page={
            "title": _("Add a person the agreement names"),
            "caption": agreement.reference,
            "back": reverse("support:letterbox-detail", args=[agreement.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
def letter_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk, "record_letter")
    today = timezone.localdate()
    dates = deadlines.exchange_dates(
        agreement.first_exchange_on, agreement.per_year, until=today, and_next=True
    )
    form = forms.LetterForm(
        _data(request),
        agreement=agreement,
        exchange_dates=list(reversed(dates[-6:])),
        initial={"received_on": today},
    )

    def record(data: dict[str, Any]) -> str:
        letter = services.letter_record(actor=request.user, agreement=agreement, **data)
        return reverse("support:letter-detail", args=[letter.pk])

    return _step(
        request,
        form,
        record,
        success=_("The letter is recorded. A worker must check it before it is released."),
        page={
            "title": _("Record a letter"),
            "caption": agreement.reference,
            "back": reverse("support:letterbox-detail", args=[agreement.pk]),
        },
    )


def _letter(request: AuthenticatedRequest, pk: int, action: str = "view") -> Letter:
    return get_for_user(
        request.user,
        letters,
        pk=pk,
        action=action,
        queryset=Letter.objects.select_related("agreement", "writer__person", "checked_by", "released_by"),
    )


@require_GET
def letter_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    receivers = letter.agreement.parties.filter(receives=True).exclude(side=letter.writer.side)
    return render(
        request,
        "support/letter_detail.html",
        {"letter": letter, "receivers": receivers.select_related("person"), "statuses": codes.LetterStatus},
    )


@require_http_methods(["GET", "POST"])
def letter_check(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk, "check")
    form = forms.LetterCheckForm(
        _data(request), initial={"version": letter.version, "checked_on": timezone.localdate()}
    )

    def check(data: dict[str, Any]) -> str:
        services.letter_check(
            actor=request.user,
            letter=letter,
            expected_version=data["version"],
            approve=data["result"] == "approve",
            note=data["note"],
            withheld_reason=data["withheld_reason"],
            checked_on=data["checked_on"],
        )
        return reverse("support:letter-detail", args=[letter.pk])

    return _step(
        request,
        form,
        check,
        success=_("The check is recorded."),
        page={
            "title": _("Check the letter"),
            "caption": f"{letter.agreement.reference}: {letter.writer.person}",
            "back": reverse("support:letter-detail", args=[letter.pk]),
            "quote": letter.content,
        },
    )


@require_http_methods(["GET", "POST"])
def letter_release(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk, "release")
    form = forms.LetterReleaseForm(
        _data(request), initial={"version": letter.version, "released_on": timezone.localdate()}
    )

    def release(data: dict[str, Any]) -> str:
        services.letter_release(
            actor=request.user,
            letter=letter,
            expected_version=data["version"],
            released_on=data["released_on"],
        )
        return reverse("support:letter-detail", args=[letter.pk])

    return _step(
        request,
        form,
        release,
        success=_("The letter is released."),
        page={
            "title": _("Release the letter"),
            "caption": f"{letter.agreement.reference}: {letter.writer.person}",
            "back": reverse("support:letter-detail", args=[letter.pk]),
        },
    )


# --- Birth records ---------------------------------------------------------


@require_GET
def birth_records_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, birth_records, "list")
    return render(
        request,
        "support/birth_records_list.html",
        {"requests": selectors.birth_records_list(user=request.user)},
    )


@require_http_methods(["GET", "POST"])
def birth_records_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, birth_records, "create")
    person_id = request.GET.get("person", "")
    form = forms.BirthRecordsForm(
        _data(request),
        people=_people(request),
        region=request.user.organisation,
        initial={
            "person": person_id if person_id.isdigit() else None,
            "received_on": timezone.localdate(),
            "counselling_offered_on": timezone.localdate(),
            "worker": request.user.pk,
        },
    )

    def create(data: dict[str, Any]) -> str:
        record = services.birth_records_create(
            actor=request.user, region_id=request.user.organisation_id, **data
        )
        return reverse("support:birth-records-detail", args=[record.pk])

    return _step(
        request,
        form,
        create,
        success=_("The request is recorded."),
        page={
            "title": _("Record a request for birth records"),
            "back": reverse("support:birth-records-list"),
            "rule": _(
                "A person adopted before 12 November 1975 must see a counsellor before the information is "
                "given (Adoption and Children Act 2002, Schedule 2, paragraph 4). Everyone else is offered "
                "counselling."
            ),
        },
    )


def _request(request: AuthenticatedRequest, pk: int, action: str = "view") -> BirthRecordsRequest:
    return get_for_user(
        request.user,
        birth_records,
        pk=pk,
        action=action,
        queryset=BirthRecordsRequest.objects.select_related("person", "worker", "disclosed_by"),
    )


@require_GET
def birth_records_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = _request(request, pk)
    return render(
        request,
        "support/birth_records_detail.html",
        {"record": record, "sessions": record.sessions.select_related("counsellor")},
    )


@require_http_methods(["GET", "POST"])
def birth_records_counselling(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = _request(request, pk, "counsel")
    form = forms.CounsellingForm(
        _data(request), initial={"held_on": timezone.localdate(), "version": record.version}
    )

    def add(data: dict[str, Any]) -> str:
        fields = dict(data)
        services.counselling_record(
            actor=request.user, request=record, expected_version=fields.pop("version"), **fields
        )
        return reverse("support:birth-records-detail", args=[record.pk])

    return _step(
        request,
        form,
        add,
        success=_("The counselling session is recorded."),
        page={
            "title": _("Record a counselling session"),
            "caption": f"{record.reference}: {record.person}",
            "back": reverse("support:birth-records-detail", args=[record.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
def birth_records_disclosure(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = _request(request, pk, "disclose")
    form = forms.DisclosureForm(
        _data(request), initial={"version": record.version, "disclosed_on": timezone.localdate()}
    )

    def disclose(data: dict[str, Any]) -> str:
        services.birth_records_disclose(
            actor=request.user,
            request=record,
            expected_version=data["version"],
            disclosed_on=data["disclosed_on"],
            disclosure=data["disclosure"],
        )
        return reverse("support:birth-records-detail", args=[record.pk])

    return _step(
        request,
        form,
        disclose,
        success=_("The disclosure is recorded."),
        page={
            "title": _("Record what was disclosed"),
            "caption": f"{record.reference}: {record.person}",
            "back": reverse("support:birth-records-detail", args=[record.pk]),
        },
    )


# --- Intermediary service ----------------------------------------------------


@require_GET
def intermediary_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, intermediary, "list")
    return render(
        request,
        "support/intermediary_list.html",
        {"applications": selectors.intermediary_list(user=request.user)},
    )


@require_http_methods(["GET", "POST"])
def intermediary_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, intermediary, "create")
    form = forms.IntermediaryForm(
        _data(request),
        people=_people(request),
        region=request.user.organisation,
        initial={"received_on": timezone.localdate(), "worker": request.user.pk},
    )

    def create(data: dict[str, Any]) -> str:
        case = services.intermediary_create(
            actor=request.user, region_id=request.user.organisation_id, **data
        )
        return reverse("support:intermediary-detail", args=[case.pk])

    return _step(
        request,
        form,
        create,
        success=_("The application is recorded."),
        page={
            "title": _("Record an application for the intermediary service"),
            "back": reverse("support:intermediary-list"),
            "rule": _(
                "For adoptions before 30 December 2005. The applicant and the person sought must both be 18 "
                "or over, and adoptions before 12 November 1975 have priority (Adoption Information and "
                "Intermediary Services (Pre-Commencement Adoptions) (Wales) Regulations 2005, regulation 5)."
            ),
        },
    )


def _application(request: AuthenticatedRequest, pk: int, action: str = "view") -> IntermediaryCase:
    return get_for_user(
        request.user,
        intermediary,
        pk=pk,
        action=action,
        queryset=IntermediaryCase.objects.select_related("applicant", "subject", "worker"),
    )


@require_GET
def intermediary_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    return render(request, "support/intermediary_detail.html", {"application": application, "codes": codes})


@require_http_methods(["GET", "POST"])
def intermediary_checks(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "check")
    form = forms.IntermediaryChecksForm(_data(request), initial={"version": application.version})

    def record(data: dict[str, Any]) -> str:
        services.intermediary_checks(
            actor=request.user,
            case=application,
            expected_version=data["version"],
            **{k: v for k, v in data.items() if k != "version"},
        )
        return reverse("support:intermediary-detail", args=[application.pk])

    return _step(
        request,
        form,
        record,
        success=_("The checks are recorded."),
        page={
            "title": _("Record the checks"),
            "caption": application.reference,
            "back": reverse("support:intermediary-detail", args=[application.pk]),
            "rule": _(
                "Before anyone is approached: confirm the applicant's identity, age and relationship, ask "
                "the adoption agency whether the adopted person has registered a veto, and check the "
                "Adoption Contact Register (regulations 8, 11, 12 and 13)."
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def intermediary_outcome(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "close")
    form = forms.IntermediaryOutcomeForm(
        _data(request), initial={"version": application.version, "outcome_on": timezone.localdate()}
    )

    def record(data: dict[str, Any]) -> str:
        services.intermediary_outcome(
            actor=request.user,
            case=application,
            expected_version=data["version"],
            outcome=data["outcome"],
            outcome_on=data["outcome_on"],
            outcome_note=data["outcome_note"],
        )
        return reverse("support:intermediary-detail", args=[application.pk])

    return _step(
        request,
        form,
        record,
        success=_("The outcome is recorded."),
        page={
            "title": _("Record the outcome"),
            "caption": application.reference,
            "back": reverse("support:intermediary-detail", args=[application.pk]),
        },
    )
