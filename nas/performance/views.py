"""Pages of the performance framework. Each view parses input, asks the
policy through the access layer, calls one selector or service, and renders."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nas.access import scope as scope_rules
from nas.access.lookup import get_for_user, require
from nas.core.errors import add_errors
from nas.core.http import AuthenticatedRequest
from nas.core.records import StaleRecordError
from nas.jobs.selectors import recent_jobs_of
from nas.jobs.services import job_start
from nas.matching.figures import waiting_figures
from nas.organisations.models import Organisation
from nas.performance import cache as kept
from nas.performance import charts, forms, jobs, selectors, services
from nas.performance import measures as M
from nas.performance import periods as P
from nas.performance import scopes as S
from nas.performance.models import Intervention, QuarterlyReturn, ReturnStatus
from nas.performance.policies import figures as figures_policy
from nas.performance.policies import (
    governed_authority_id,
    governed_region_id,
    managed_region_id,
    read_authority_id,
)
from nas.performance.policies import interventions as intervention_policy
from nas.performance.policies import returns as return_policy


def _quarter(request: AuthenticatedRequest) -> tuple[forms.QuarterForm, P.Period]:
    form = forms.QuarterForm(request.GET or None)
    chosen = form.cleaned_data.get("quarter") if form.is_valid() else None
    return form, chosen or selectors.latest_complete_quarter()


def _scope_organisation(request: AuthenticatedRequest, code: str, action: str = "figures") -> S.Scope:
    """The scope named in the URL, if this person may see its figures."""
    user = request.user
    if action == "drill_down" and scope_rules.sees_aggregates_only(user):
        # A Board member sees aggregates only: for them no case list exists.
        raise Http404
    if code == S.AGENCIES_CODE:
        # The agencies' figures together are the national tier's view only.
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


def _charted(table: selectors.MeasureTable, prefix: str) -> dict[str, Any]:
    measure = table.measure
    series = [
        charts.Series(S.label(scope), [c.figure.value if c.figure else None for c in cells])
        for scope, cells in table.rows
    ]
    return {
        "table": table,
        "chart": charts.bar_chart(
            chart_id=f"{prefix}-{measure.code}",
            title=f"{measure.code}: {measure.name} ({measure.unit_label})",
            description=_(
                "Bar chart, quarter by quarter, one bar for each of: %(names)s. "
                "The table below gives the figures."
            )
            % {"names": ", ".join(s.name for s in series)},
            categories=[q.short_label for q in table.quarters],
            series=series,
            target=measure.target,
            target_label=_("Target %(target)s") % {"target": M.display_target(measure)}
            if measure.target
            else "",
        ),
    }


@require_GET
def index(request: AuthenticatedRequest) -> HttpResponse:
    """The national dashboard, or straight to the person's own region's or authority's figures."""
    user = request.user
    if figures_policy.can(user, "dashboard"):
        return dashboard(request)
    own = (
        managed_region_id(user)
        or read_authority_id(user)
        or governed_region_id(user)
        or governed_authority_id(user)
    )
    if own is None:
        raise PermissionDenied
    code = Organisation.objects.filter(pk=own).values_list("code", flat=True).get()
    return redirect("performance:scope", code=code)


def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """The summary first (every region against every measure for the quarter,
    with its status), then one measure quarter by quarter, with its chart: the
    one chosen, or the first. The other measures' details are a link away.

    The figures are kept between requests while the data stay the same
    (nas.performance.cache), and so is their part of the page: the template
    asks for them (the functions below) only when it has not kept it."""
    form, quarter = _quarter(request)
    scopes = S.national()
    chosen = M.get(request.GET.get("measure", "")) or M.MEASURES[0]

    def summary() -> list[tuple[M.Measure, list[tuple[S.Scope, Any]]]]:
        return [
            (t.measure, _latest_cells(t, scopes)) for t in selectors.tables(scopes=scopes, quarters=[quarter])
        ]

    def sections() -> list[dict[str, Any]]:
        quarters = P.last_quarters(selectors.RECENT_QUARTERS, quarter)
        return [
            _charted(t, "dash")
            for t in selectors.tables(scopes=scopes, quarters=quarters, codes=[chosen.code])
        ]

    return render(
        request,
        "performance/dashboard.html",
        {
            "form": form,
            "quarter": quarter,
            "scopes": scopes,
            "summary": summary,
            "sections": sections,
            "chosen": chosen,
            "measures": M.MEASURES,
            "drills_down": figures_policy.drills_down(request.user),
            "reports": figures_policy.can(request.user, "report"),
            "waiting": SimpleLazyObject(waiting_figures),
            "figures_version": kept.version(),
        },
    )


def _latest_cells(table: selectors.MeasureTable, scopes: list[S.Scope]) -> list[tuple[S.Scope, Any]]:
    latest = {scope.code: cells[-1] for scope, cells in table.rows}
    return [(scope, latest.get(scope.code)) for scope in scopes]


@require_GET
def scope_page(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """A region's or an authority's figures: every measure for the quarter
    first, then the chosen measure (the first by default) quarter by quarter.
    Kept between requests as the dashboard is."""
    scope = _scope_organisation(request, code)
    form, quarter = _quarter(request)
    summary = [t for t in selectors.tables(scopes=[scope], quarters=[quarter]) if t.rows]
    measures = [t.measure for t in summary]
    chosen = M.get(request.GET.get("measure", ""))
    if chosen not in measures:
        chosen = measures[0] if measures else None

    def sections() -> list[dict[str, Any]]:
        if chosen is None:
            return []
        quarters = P.last_quarters(selectors.RECENT_QUARTERS, quarter)
        detail = selectors.tables(scopes=[scope], quarters=quarters, codes=[chosen.code])
        return [_charted(t, "scope") for t in detail if t.rows]

    return render(
        request,
        "performance/scope.html",
        {
            "scope": scope,
            "form": form,
            "quarter": quarter,
            "summary": [(t.measure, t.rows[0][1][-1]) for t in summary],
            "sections": sections,
            "chosen": chosen,
            "measures": measures,
            "drills_down": figures_policy.drills_down(request.user),
            "figures_version": kept.version(),
        },
    )


@require_GET
def measures_page(request: AuthenticatedRequest) -> HttpResponse:
    if not figures_policy.can(request.user, "figures"):
        raise PermissionDenied
    return render(
        request,
        "performance/measures.html",
        {"measures": M.MEASURES, "version": M.MEASURES_VERSION, "amber": int(M.AMBER_BAND * 100)},
    )


@require_GET
def drill_down(request: AuthenticatedRequest, code: str, period: str, scope: str) -> HttpResponse:
    measure = M.get(code)
    if measure is None:
        raise Http404
    try:
        chosen = P.parse(period)
    except ValueError:
        raise Http404 from None
    target = _scope_organisation(request, scope, action="drill_down")
    results = kept.compute_all([chosen], [target], codes=[measure.code])
    figure = results.get(measure.code, chosen, target)
    if figure is None:
        raise Http404
    cases = selectors.drill_down(user=request.user, measure=measure, period=chosen, scope=target)
    return render(
        request,
        "performance/drill_down.html",
        {
            "measure": measure,
            "period": chosen,
            "scope": target,
            "figure": figure,
            "text": M.display(measure, figure.value),
            "cases": cases,
        },
    )


# --- Quarterly returns -----------------------------------------------------


@require_GET
def return_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, return_policy, "list")
    region_id = managed_region_id(request.user)
    if region_id is not None:
        # Drafted automatically: the quarter just ended and the one under way.
        region = Organisation.objects.get(pk=region_id)
        latest = selectors.latest_complete_quarter()
        for quarter in (latest, P.from_index(P.quarter_index(latest.start) + 1)):
            services.return_draft(actor=request.user, region=region, quarter=quarter.code)
    records = (
        return_policy.scope(request.user)
        .select_related("region", "submitted_by")
        .order_by("-quarter", "region__name_en", "-revision")
    )
    return render(request, "performance/returns.html", {"returns": records})


def _return(request: AuthenticatedRequest, pk: int, action: str = "view") -> QuarterlyReturn:
    return get_for_user(
        request.user,
        return_policy,
        pk=pk,
        action=action,
        queryset=QuarterlyReturn.objects.select_related(
            "region", "supersedes", "checked_by", "signed_off_by", "submitted_by"
        ),
    )


def _figure_rows(record: QuarterlyReturn) -> list[dict[str, Any]]:
    rows = []
    for measure in M.MEASURES:
        stored = record.figures.get(measure.code)
        if stored is None:
            continue
        rows.append(
            {
                "measure": measure,
                "text": M.display(measure, stored.get("value")),
                "cases": stored.get("cases"),
                "rag": stored.get("rag", ""),
                "wait": stored.get("average_wait"),
            }
        )
    return rows


@require_GET
def return_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = _return(request, pk)
    return _render_return(request, record)


def _render_return(
    request: AuthenticatedRequest,
    record: QuarterlyReturn,
    *,
    commentary: Any = None,
    correction: Any = None,
    status: int = 200,
) -> HttpResponse:
    keeps = return_policy.can(request.user, "check", record)
    latest = not QuarterlyReturn.objects.filter(
        region=record.region, quarter=record.quarter, revision__gt=record.revision
    ).exists()
    return render(
        request,
        "performance/return_detail.html",
        {
            "record": record,
            "rows": _figure_rows(record),
            "differences": selectors.return_differences(record),
            "keeps": keeps,
            "sends_back": return_policy.can(request.user, "send_back", record),
            "latest": latest,
            "ended": P.parse(record.quarter).end < timezone.localdate(),
            "commentary_form": commentary
            or forms.CommentaryForm(initial={"commentary": record.commentary, "version": record.version}),
            "correction_form": correction or forms.CorrectionForm(),
            "versions": QuarterlyReturn.objects.filter(region=record.region, quarter=record.quarter).order_by(
                "revision"
            ),
            "Status": ReturnStatus,
        },
        status=status,
    )


RETURN_ACTIONS = {"refresh", "commentary", "check", "sign-off", "submit", "correct", "send-back"}


@require_POST
def return_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    if action not in RETURN_ACTIONS:
        raise Http404
    record = _return(request, pk, action=action.replace("-", "_"))
    version = _int(request.POST.get("version"))
    try:
        if action == "commentary":
            form = forms.CommentaryForm(request.POST)
            if not form.is_valid():
                return _render_return(request, record, commentary=form, status=400)
            services.return_commentary(
                actor=request.user,
                record=record,
                commentary=form.cleaned_data["commentary"],
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("The commentary is saved."))
        elif action == "refresh":
            services.return_refresh(actor=request.user, record=record, expected_version=version)
            messages.success(request, _("The figures have been computed again."))
        elif action in {"correct", "send-back"}:
            correction_form = forms.CorrectionForm(request.POST)
            if not correction_form.is_valid():
                return _render_return(request, record, correction=correction_form, status=400)
            write = services.return_correct if action == "correct" else services.return_send_back
            new = write(actor=request.user, record=record, reason=correction_form.cleaned_data["reason"])
            messages.success(request, _("Version %(number)s has been drafted.") % {"number": new.revision})
            return redirect("performance:return-detail", pk=new.pk)
        else:
            step = action.replace("-", "_")
            services.return_step(actor=request.user, record=record, step=step, expected_version=version)
            messages.success(
                request,
                {
                    "check": _("The return is checked."),
                    "sign_off": _("The return is signed off."),
                    "submit": _("The return is submitted to the national team. It can no longer be changed."),
                }[step],
            )
    except StaleRecordError:
        messages.error(request, str(StaleRecordError.message))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _render_return(request, record, status=400)
    return redirect("performance:return-detail", pk=record.pk)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- Interventions ---------------------------------------------------------


@require_GET
def intervention_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, intervention_policy, "list")
    records = (
        intervention_policy.scope(request.user)
        .select_related("region", "opened_by")
        .order_by("status", "-created_at")
    )
    return render(
        request,
        "performance/interventions.html",
        {
            "interventions": [(i, M.get(i.measure)) for i in records],
            "opens": intervention_policy.can(request.user, "open"),
        },
    )


@require_http_methods(["GET", "POST"])
def intervention_new(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, intervention_policy, "open")
    initial: dict[str, Any] = {k: request.GET[k] for k in ("measure",) if k in request.GET}
    if "region" in request.GET:
        initial["region"] = Organisation.objects.regions().filter(code=request.GET["region"]).first()
    form = forms.InterventionOpenForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            intervention = services.intervention_open(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The intervention is open. The region's manager has been given it to respond to.")
            )
            return redirect("performance:intervention-detail", pk=intervention.pk)
    return render(
        request,
        "performance/intervention_new.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _intervention(request: AuthenticatedRequest, pk: int, action: str = "view") -> Intervention:
    return get_for_user(
        request.user,
        intervention_policy,
        pk=pk,
        action=action,
        queryset=Intervention.objects.select_related("region", "opened_by", "closed_by"),
    )


def _render_intervention(
    request: AuthenticatedRequest,
    intervention: Intervention,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    actions = list(intervention.actions.all())
    initial = {"version": intervention.version}
    open_actions = [(a.pk, a.text) for a in actions if a.done_on is None]
    context = {
        "intervention": intervention,
        "measure": M.get(intervention.measure),
        "actions": actions,
        "reviews": list(intervention.reviews.all()),
        "entries": list(intervention.entries.select_related("author")),
        # The actions of the region's plan that answer it (nas.sufficiency).
        "plan_actions": list(intervention.plan_actions.all()),
        "director": intervention_policy.can(user, "update", intervention) and intervention.is_open,
        "responds": intervention_policy.can(user, "respond", intervention) and intervention.is_open,
        "update_form": forms.InterventionUpdateForm(initial=initial),
        "respond_form": forms.InterventionRespondForm(initial=initial, actions=open_actions),
        "review_form": forms.InterventionReviewForm(initial=initial),
        "close_form": forms.InterventionCloseForm(initial=initial),
    }
    context.update(bound or {})
    return render(request, "performance/intervention_detail.html", context, status=status)


@require_GET
def intervention_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _render_intervention(request, _intervention(request, pk))


INTERVENTION_ACTIONS = {"update", "respond", "review", "close"}


@require_POST
def intervention_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    if action not in INTERVENTION_ACTIONS:
        raise Http404
    intervention = _intervention(request, pk, action=action)
    form: Any
    if action == "respond":
        open_actions = [(a.pk, a.text) for a in intervention.actions.filter(done_on__isnull=True)]
        form = forms.InterventionRespondForm(request.POST, actions=open_actions)
    else:
        form = {
            "update": forms.InterventionUpdateForm,
            "review": forms.InterventionReviewForm,
            "close": forms.InterventionCloseForm,
        }[action](request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            if action == "update":
                services.intervention_update(
                    actor=request.user, intervention=intervention, expected_version=version, **data
                )
            elif action == "respond":
                services.intervention_respond(
                    actor=request.user,
                    intervention=intervention,
                    text=data["text"],
                    done_actions=data["done"],
                    expected_version=version,
                )
            elif action == "review":
                services.intervention_review(
                    actor=request.user,
                    intervention=intervention,
                    outcome=data["outcome"],
                    expected_version=version,
                )
            else:
                services.intervention_close(
                    actor=request.user, intervention=intervention, note=data["note"], expected_version=version
                )
        except StaleRecordError:
            form.add_error(None, StaleRecordError.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("performance:intervention-detail", pk=intervention.pk)
    return _render_intervention(request, intervention, {f"{action}_form": form, "bound": action}, status=400)


# --- Reports ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def report_page(request: AuthenticatedRequest) -> HttpResponse:
    """The reports are made in the worker: the form asks for one and the job's
    page follows its progress and offers the file."""
    if not figures_policy.can(request.user, "report"):
        raise PermissionDenied
    form = forms.ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = job_start(
            actor=request.user,
            kind=jobs.REPORT,
            params={
                "kind": form.cleaned_data["kind"],
                "period": form.cleaned_data["period"].code,
                "format": form.cleaned_data["format"],
                "language": form.cleaned_data["language"],
            },
            idempotency_key=request.POST.get("idempotency_key"),
        )
        return redirect("jobs:detail", pk=job.pk)
    latest = selectors.latest_complete_quarter()
    return render(
        request,
        "performance/reports.html",
        {
            "form": form,
            "half": P.half_of(latest.start).code,
            "year": P.year_of(latest.start).code,
            "idempotency_key": uuid.uuid4().hex,
            "recent": recent_jobs_of(user=request.user, kind=jobs.REPORT),
        },
        status=400 if request.method == "POST" else 200,
    )
