"""The performance framework in the JSON API: the same selectors, services
and access layer as the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from nas.access import scope as scope_rules
from nas.access.lookup import get_for_user, require
from nas.contract.errors import ErrorsOut
from nas.contract.schemas import Day, Id, LongText, Text, Version, form_data, form_schema
from nas.organisations.models import Organisation
from nas.performance import cache as kept
from nas.performance import forms, reports, selectors, services
from nas.performance import measures as M
from nas.performance import periods as P
from nas.performance import scopes as S
from nas.performance.models import Intervention, QuarterlyReturn
from nas.performance.policies import figures as figures_policy
from nas.performance.policies import interventions as intervention_policy
from nas.performance.policies import returns as return_policy

router = Router(tags=["performance"])


class ReturnActionIn(Schema):
    """The version read (every action but correct and send-back), the commentary, or the reason."""

    version: Version | None = None
    commentary: LongText = ""
    reason: LongText = ""


class InterventionOpenIn(form_schema(forms.InterventionOpenForm, fields={"region": (Text | Id, ...)})):  # type: ignore[misc]
    """A new intervention: the region (its code), the measure, the concerns and the first plan."""


class InterventionActionIn(Schema):
    """update (text, and a new action or dates), respond (text, the actions done), review (outcome),
    close (note); each with the version read."""

    version: Version | None = None
    text: LongText | None = None
    action: LongText | None = None
    action_due_on: Day | None = None
    review_on: Day | None = None
    response_due_on: Day | None = None
    done: list[Id] | None = None
    outcome: LongText | None = None
    note: LongText | None = None


class MeasureOut(Schema):
    code: str
    name: str
    definition: str
    source: str
    unit: str
    direction: str
    target: float | None
    window: str
    confirmed: str


class FigureOut(Schema):
    measure: str
    period: str
    scope: str
    value: float | None
    cases: int
    parts: dict[str, int]
    average_wait: float | None
    rag: str


class DrillDownCaseOut(Schema):
    case: str
    date: date
    value: str


class DrillDownOut(Schema):
    measure: str
    period: str
    scope: str
    value: float | None
    cases: list[DrillDownCaseOut]
    not_shown: int


class QuarterlyReturnOut(Schema):
    id: int
    region: str
    quarter: str
    revision: int
    status: str
    version: int
    measures_version: str
    figures: dict[str, Any]
    commentary: str
    reason: str
    submitted_at: Any = None


class InterventionOut(Schema):
    id: int
    region: str
    measure: str
    status: str
    version: int
    concerns: str
    response_due_on: date
    actions: list[dict[str, Any]]
    reviews: list[dict[str, Any]]
    history: list[dict[str, Any]]


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _form_errors(form: Any) -> Status:
    return Status(422, {"errors": {k: [str(m) for m in v] for k, v in form.errors.items()}})


def _scope(request: HttpRequest, code: str, action: str = "figures") -> S.Scope:
    user = _user(request)
    if action == "drill_down" and scope_rules.sees_aggregates_only(user):
        raise Http404
    if code == S.AGENCIES_CODE:
        if not figures_policy.can(user, "dashboard"):
            raise Http404
        return S.agencies()
    pk = (
        Organisation.objects.filter(code=code)
        .exclude(kind="voluntary_agency")
        .values_list("pk", flat=True)
        .first()
    )
    organisation = get_for_user(user, figures_policy, pk=pk, action=action)
    scope = S.by_code(organisation.code)
    if scope is None:
        raise Http404
    return scope


def _period(code: str) -> P.Period:
    try:
        return P.parse(code)
    except ValueError:
        raise Http404 from None


def _figure(code: str, period: P.Period, scope: S.Scope, figure: M.Figure) -> dict[str, Any]:
    return {
        "measure": code,
        "period": period.code,
        "scope": scope.code,
        "cases": figure.cases,
        **figure.as_json(),
    }


@router.get("/measures", response=list[MeasureOut], summary="The measures: code, definition, source, target")
def measure_list(request: HttpRequest) -> list[dict[str, Any]]:
    if not figures_policy.can(_user(request), "figures"):
        raise PermissionDenied
    return [
        {
            "code": m.code,
            "name": str(m.name),
            "definition": str(m.definition),
            "source": str(m.source),
            "unit": m.unit,
            "direction": m.direction,
            "target": m.target,
            "window": m.window,
            "confirmed": str(m.confirmed),
        }
        for m in M.MEASURES
    ]


@router.get(
    "/figures",
    response=list[FigureOut],
    summary="Every measure for a quarter (default: the last complete one), for each scope the caller may see",
)
def figure_list(request: HttpRequest, period: str = "") -> list[dict[str, Any]]:
    user = _user(request)
    if not figures_policy.can(user, "figures"):
        raise PermissionDenied
    chosen = _period(period) if period else selectors.latest_complete_quarter()
    scopes = selectors.visible_scopes(user)
    results = kept.compute_all([chosen], scopes)
    return [
        _figure(m.code, chosen, scope, figure)
        for scope in scopes
        for m in M.MEASURES
        if (figure := results.get(m.code, chosen, scope)) is not None
    ]


@router.get(
    "/figures/{scope}", response=list[FigureOut], summary="Every measure for one region, authority or Wales"
)
def scope_figures(request: HttpRequest, scope: str, period: str = "") -> list[dict[str, Any]]:
    target = _scope(request, scope)
    chosen = _period(period) if period else selectors.latest_complete_quarter()
    results = kept.compute_all([chosen], [target])
    return [
        _figure(m.code, chosen, target, figure)
        for m in M.MEASURES
        if (figure := results.get(m.code, chosen, target)) is not None
    ]


@router.get(
    "/figures/{scope}/{code}/{period}/cases",
    response=DrillDownOut,
    summary="The cases behind a figure (anonymised for the national tier); audited",
)
def drill_down(request: HttpRequest, scope: str, code: str, period: str) -> dict[str, Any]:
    measure = M.get(code)
    if measure is None:
        raise Http404
    chosen = _period(period)
    target = _scope(request, scope, action="drill_down")
    figure = kept.compute_all([chosen], [target], codes=[code]).get(code, chosen, target)
    if figure is None:
        raise Http404
    cases = selectors.drill_down(user=_user(request), measure=measure, period=chosen, scope=target)
    return {
        "measure": code,
        "period": chosen.code,
        "scope": target.code,
        "value": figure.value,
        "cases": [{"case": r.label, "date": r.day, "value": r.value} for r in cases.rows],
        "not_shown": cases.not_shown,
    }


def _return_out(record: QuarterlyReturn) -> dict[str, Any]:
    return {
        "id": record.pk,
        "region": record.region.code,
        "quarter": record.quarter,
        "revision": record.revision,
        "status": record.status,
        "version": record.version,
        "measures_version": record.measures_version,
        "figures": record.figures,
        "commentary": record.commentary,
        "reason": record.reason,
        "submitted_at": record.submitted_at,
    }


@router.get("/returns", response=list[QuarterlyReturnOut], summary="The quarterly returns the caller may see")
def return_list(request: HttpRequest) -> list[dict[str, Any]]:
    require(_user(request), return_policy, "list")
    return [_return_out(r) for r in return_policy.scope(_user(request)).select_related("region")]


@router.get("/returns/{pk}", response=QuarterlyReturnOut, summary="A quarterly return")
def return_read(request: HttpRequest, pk: int) -> dict[str, Any]:
    record = get_for_user(
        _user(request), return_policy, pk=pk, queryset=QuarterlyReturn.objects.select_related("region")
    )
    return _return_out(record)


@router.post(
    "/returns/{pk}/{action}",
    response={200: QuarterlyReturnOut, 201: QuarterlyReturnOut, 409: ErrorsOut, 422: ErrorsOut},
    summary=(
        "refresh, commentary, check, sign-off, submit (with the version read), correct (with the reason); "
        "send-back (the national team, with the reason)"
    ),
)
def return_action(request: HttpRequest, pk: int, action: str, payload: ReturnActionIn) -> Any:
    names = {"refresh", "commentary", "check", "sign-off", "submit", "correct", "send-back"}
    if action not in names:
        raise Http404
    user = _user(request)
    record = get_for_user(
        user,
        return_policy,
        pk=pk,
        action=action.replace("-", "_"),
        queryset=QuarterlyReturn.objects.select_related("region"),
    )
    version = payload.version
    if action not in {"correct", "send-back"} and version is None:
        return Status(422, {"errors": {"version": [_("Send the version you read")]}})
    if action in {"correct", "send-back"}:
        write = services.return_correct if action == "correct" else services.return_send_back
        new = write(actor=user, record=record, reason=payload.reason)
        return Status(201, _return_out(new))
    if action == "commentary":
        services.return_commentary(
            actor=user,
            record=record,
            commentary=payload.commentary,
            expected_version=version,
        )
    elif action == "refresh":
        services.return_refresh(actor=user, record=record, expected_version=version)
    else:
        services.return_step(
            actor=user, record=record, step=action.replace("-", "_"), expected_version=version
        )
    record.refresh_from_db()
    return Status(200, _return_out(record))


def _intervention_out(i: Intervention) -> dict[str, Any]:
    return {
        "id": i.pk,
        "region": i.region.code,
        "measure": i.measure,
        "status": i.status,
        "version": i.version,
        "concerns": i.concerns,
        "response_due_on": i.response_due_on,
        "actions": [
            {"id": a.pk, "text": a.text, "due_on": a.due_on, "done_on": a.done_on} for a in i.actions.all()
        ],
        "reviews": [
            {"due_on": r.due_on, "held_on": r.held_on, "outcome": r.outcome} for r in i.reviews.all()
        ],
        "history": [
            {"kind": e.kind, "text": e.text, "author": e.author.username, "at": e.at}
            for e in i.entries.select_related("author")
        ],
    }


@router.get("/interventions", response=list[InterventionOut], summary="The interventions the caller may see")
def intervention_list(request: HttpRequest) -> list[dict[str, Any]]:
    require(_user(request), intervention_policy, "list")
    records = (
        intervention_policy.scope(_user(request))
        .select_related("region")
        .prefetch_related("actions", "reviews")
    )
    return [_intervention_out(i) for i in records]


@router.post(
    "/interventions",
    response={201: InterventionOut, 422: ErrorsOut},
    summary="Open an intervention (the Director of Operations)",
)
def intervention_create(request: HttpRequest, payload: InterventionOpenIn) -> Any:
    user = _user(request)
    require(user, intervention_policy, "open")
    data = form_data(payload)
    if isinstance(data.get("region"), str):
        region = Organisation.objects.regions().filter(code=data["region"]).first()
        data["region"] = region.pk if region else None
    form = forms.InterventionOpenForm(data)
    if not form.is_valid():
        return _form_errors(form)
    intervention = services.intervention_open(actor=user, **form.cleaned_data)
    return Status(201, _intervention_out(intervention))


@router.get(
    "/interventions/{pk}", response=InterventionOut, summary="An intervention with its plan and history"
)
def intervention_read(request: HttpRequest, pk: int) -> dict[str, Any]:
    record = get_for_user(
        _user(request), intervention_policy, pk=pk, queryset=Intervention.objects.select_related("region")
    )
    return _intervention_out(record)


@router.post(
    "/interventions/{pk}/{action}",
    response={200: InterventionOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="update, review, close (the Director) or respond (the region's manager), with the version read",
)
def intervention_action(
    request: HttpRequest,
    pk: int,
    action: str,
    payload: InterventionActionIn,
) -> Any:
    if action not in {"update", "respond", "review", "close"}:
        raise Http404
    user = _user(request)
    intervention = get_for_user(
        user,
        intervention_policy,
        pk=pk,
        action=action,
        queryset=Intervention.objects.select_related("region"),
    )
    form: Any
    if action == "respond":
        choices = [(a.pk, a.text) for a in intervention.actions.filter(done_on__isnull=True)]
        form = forms.InterventionRespondForm(form_data(payload), actions=choices)
    else:
        form = {
            "update": forms.InterventionUpdateForm,
            "review": forms.InterventionReviewForm,
            "close": forms.InterventionCloseForm,
        }[action](form_data(payload))
    if not form.is_valid():
        return _form_errors(form)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    if action == "update":
        services.intervention_update(actor=user, intervention=intervention, expected_version=version, **data)
    elif action == "respond":
        services.intervention_respond(
            actor=user,
            intervention=intervention,
            text=data["text"],
            done_actions=data["done"],
            expected_version=version,
        )
    elif action == "review":
        services.intervention_review(
            actor=user, intervention=intervention, outcome=data["outcome"], expected_version=version
        )
    else:
        services.intervention_close(
            actor=user, intervention=intervention, note=data["note"], expected_version=version
        )
    intervention.refresh_from_db()
    return Status(200, _intervention_out(intervention))


@router.get(
    "/reports/{kind}/{period}",
    summary="The report to the Minister (a half-year) or the Board (a year): ?format=pdf|xlsx&language=en|cy",
)
def report(
    request: HttpRequest, kind: str, period: str, format: str = "pdf", language: str = "en"
) -> HttpResponse:  # noqa: A002
    if not figures_policy.can(_user(request), "report"):
        raise PermissionDenied
    chosen = _period(period)
    if kind not in reports.KINDS or format not in reports.FORMATS or language not in ("en", "cy"):
        raise Http404
    try:
        reports.check(kind, chosen)
    except ValueError:
        raise Http404 from None
    content = reports.render(reports.build(kind, chosen, language), format)
    response = HttpResponse(
        content,
        content_type="application/pdf"
        if format == "pdf"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{reports.filename(kind, chosen, language, format)}"'
    )
    return response
