"""Reads of the performance framework: the figures a person may see, set
side by side, and the cases behind a figure (anonymised for the national
tier, as the record's own access policy shows it otherwise)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nas.access.lookup import audit_listed
from nas.adopters.policies import enquiries as enquiry_policy
from nas.adopters.policies import households as household_policy
from nas.children.codes import DisruptionReason, PlanChangeReason
from nas.children.models import Child
from nas.children.policies import children as child_policy
from nas.matching.models import ChildProfile
from nas.organisations.models import Organisation
from nas.performance import cache as kept
from nas.performance import measures as M
from nas.performance import periods as P
from nas.performance import scopes as S
from nas.performance.policies import figures as figures_policy
from nas.performance.policies import national_team
from nas.support.policies import cases as support_policy

RECENT_QUARTERS = 8


def pseudonym(kind: str, pk: int) -> str:
    """A stable id that names nobody: the same case has the same id on every
    page, and only the service's key links it back to the record."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()
    return f"{kind[0].upper()}-{digest[:8].upper()}"


def latest_complete_quarter(today: date | None = None) -> P.Period:
    today = today or timezone.localdate()
    current = P.quarter_of(today)
    return P.from_index(P.quarter_index(current.start) - 1)


def visible_scopes(user: Any) -> list[S.Scope]:
    """The scopes whose figures this person may see, national first."""
    if figures_policy.can(user, "dashboard"):
        return S.national()
    visible = figures_policy.readable(user)
    regions = [S.region_scope(o) for o in Organisation.objects.regions().filter(pk__in=visible)]
    authorities = [
        S.for_authority(o)
        for o in Organisation.objects.local_authorities().filter(pk__in=visible).order_by("name_en")
    ]
    return [*regions, *authorities]


@dataclass(frozen=True)
class Cell:
    figure: M.Figure | None
    text: str
    rag: str
    period: str


def cell(measure: M.Measure, figure: M.Figure | None, period: P.Period) -> Cell:
    if figure is None:
        return Cell(None, _("Not applicable"), "", period.code)
    return Cell(figure, M.display(measure, figure.value), figure.rag, period.code)


@dataclass(frozen=True)
class CaseRow:
    label: str
    href: str
    day: date
    value: str


@dataclass(frozen=True)
class DrillDown:
    rows: list[CaseRow]
    #: Cases counted in the figure that this person may not see one by one.
    not_shown: int


def _filters(scope: S.Scope) -> M.Filters:
    return M.Filters(scope.authorities, scope.owners, scope.support_regions)


def _months(days: int | None) -> str:
    if days is None:
        return "–"
    return _("%(months).1f months") % {"months": days / M.DAYS_PER_MONTH}


def _on_time(value: bool) -> str:
    return _("On time") if value else _("Late")


def _case_rows(
    measure: M.Measure, period: P.Period, scope: S.Scope
) -> tuple[str, list[tuple[int, date, str]]]:
    """(subject, [(pk, date, value)]) behind the figure."""
    f = _filters(scope)
    lo, hi = period.start, period.end
    family = measure.family
    if family == "placed":
        qs = M.placed_queryset(lo, hi, f)
        if measure.code == "NAS-F2":
            qs = qs.filter(area="same_region")
        rows = []
        for child, day, entered, decided, area, fee in qs.values_list(
            "child_id", "date", "entered", "decided", "area", "fee"
        ):
            if measure.code == "NAS-C1":
                value = _months((day - entered).days if entered else None)
            elif measure.code == "NAS-C3":
                value = _months((day - decided).days if decided else None)
            elif measure.code == "NAS-F1":
                value = _("Not known") if fee is None else f"£{fee / 100:,.0f}"
            else:
                value = str(M.AREA_LABELS.get(area, M.AREA_LABELS["unknown"]))
            rows.append((child, day, value))
        return M.Subject.CHILDREN, rows
    if family == "match":
        return M.Subject.CHILDREN, [
            (c, d, _months(days))
            for c, d, days in M.match_queryset(lo, hi, f).values_list("child_id", "date", "days")
        ]
    if family == "plan_changed":
        return M.Subject.CHILDREN, [
            (c, d, str(PlanChangeReason(r).label) if r in PlanChangeReason.values else r)
            for c, d, r in M.plan_changed_queryset(lo, hi, f).values_list("child_id", "date", "reason")
        ]
    if family == "disrupted":
        return M.Subject.CHILDREN, [
            (c, d, str(DisruptionReason(r).label) if r in DisruptionReason.values else "")
            for c, d, r in M.disrupted_queryset(lo, hi, f).values_list("child_id", "date", "detail__reason")
        ]
    if family == "child_register":
        return M.Subject.CHILDREN, [
            (c, d, _on_time(ok))
            for c, d, ok in M.child_register_queryset(lo, hi, f).values_list("child_id", "date", "on_time")
        ]
    if family == "adopted":
        window = P.three_years_to(period)
        field = {"A1": "a1_days", "A10": "a10_days", "A2": "a2_days", "A3": "a3_met"}[measure.code]
        rows = []
        for c, d, value in M.adopted_queryset(window.start, window.end, f).values_list(
            "child_id", "adopted", field
        ):
            if measure.code == "A3":
                text = _("Less than 14 months") if value else _("14 months or more")
            else:
                text = (
                    "–"
                    if value is None
                    else ngettext("%(days)s day", "%(days)s days", int(value)) % {"days": value}
                )
            rows.append((c, d, text))
        return M.Subject.CHILDREN, rows
    if family == "life_story":
        return M.Subject.CHILDREN, [
            (c, d, _on_time(ok))
            for c, d, ok in M.life_story_queryset(lo, hi, f).values_list(
                "child_id", "adoption_order", "on_time"
            )
        ]
    if family in M.WAITS or family == "sufficiency":
        # NAS-R1's cases are the children it counts (the households waiting are NAS-A4's cases).
        wait = M.WAITS[family] if family in M.WAITS else M.SUFFICIENCY_WAITS[0]
        on = min(period.end, timezone.localdate())
        owner = "child_id" if wait.owner == "child" else "household_id"
        subject = M.Subject.CHILDREN if wait.owner == "child" else M.Subject.ADOPTERS
        return subject, [
            (pk, d, _months((on - d).days))
            for pk, d in M.waiting_queryset(wait, on, f).values_list(owner, "date")
        ]
    if family == "enquiries":
        return M.Subject.ADOPTERS, [
            (h, d, _("Household's enquiry"))
            for h, d in M.enquiry_queryset(lo, hi, f).values_list("household_id", "date")
        ]
    if family == "approved":
        return M.Subject.ADOPTERS, [
            (h, d, _months(days) if measure.code == "NAS-A3" else _("Approved"))
            for h, d, days in M.approved_queryset(lo, hi, f).values_list("household_id", "date", "days")
        ]
    if family in {"stage_one", "stage_two", "adopter_register"}:
        queryset = {
            "stage_one": M.stage_one_queryset,
            "stage_two": M.stage_two_queryset,
            "adopter_register": M.adopter_register_queryset,
        }[family]
        return M.Subject.ADOPTERS, [
            (h, d, _on_time(ok))
            for h, d, ok in queryset(lo, hi, f).values_list("household_id", "date", "on_time")
        ]
    return M.Subject.SUPPORT, [
        (pk, d, _on_time(ok))
        for pk, d, ok in M.support_queryset(lo, hi, f).values_list("pk", "assessed_on", "on_time")
    ]


def drill_down(*, user: Any, measure: M.Measure, period: P.Period, scope: S.Scope) -> DrillDown:
    """The cases behind a figure, as this person may see them, audited as a
    read of each case listed."""
    subject, raw = _case_rows(measure, period, scope)
    where = f"performance drill-down {measure.code} {period.code} {scope.code}"
    national = national_team(user)
    rows: list[CaseRow] = []
    total = len(raw)
    shown: set[int]
    if subject == M.Subject.CHILDREN:
        ids = {pk for pk, _d, _v in raw}
        if national:
            shown = ids
        else:
            shown = set(child_policy.scope(user).filter(pk__in=ids).values_list("pk", flat=True))
        identity = not national and child_policy.can(user, "view_identity")
        profiles = dict(ChildProfile.objects.filter(child_id__in=shown).values_list("child_id", "reference"))
        references = (
            dict(Child.objects.filter(pk__in=shown).values_list("pk", "case_reference")) if identity else {}
        )
        for pk, day, value in raw:
            if pk not in shown:
                continue
            label = references.get(pk) or profiles.get(pk) or pseudonym("child", pk)
            href = "" if national else reverse("children:detail", args=[pk])
            rows.append(CaseRow(label, href, day, value))
        audit_listed(user, child_policy, [Child(pk=pk) for pk in sorted(shown)], where=where)
    elif subject == M.Subject.ADOPTERS:
        from nas.adopters.models import Enquiry, Household

        ids = {pk for pk, _d, _v in raw}
        shown = (
            ids
            if national
            else set(household_policy.scope(user).filter(pk__in=ids).values_list("pk", flat=True))
        )
        references = (
            {} if national else dict(Household.objects.filter(pk__in=shown).values_list("pk", "reference"))
        )
        for pk, day, value in raw:
            if pk in shown:
                href = "" if national else reverse("adopters:detail", args=[pk])
                rows.append(CaseRow(references.get(pk) or pseudonym("household", pk), href, day, value))
        audit_listed(user, household_policy, [Household(pk=pk) for pk in sorted(shown)], where=where)
        if measure.code == "NAS-A1":
            forms = M.enquiry_form_queryset(period.start, period.end, _filters(scope))
            if not national:
                forms = forms.filter(pk__in=enquiry_policy.scope(user))
            form_rows = list(forms.values_list("pk", "received_at"))
            for pk, received in form_rows:
                rows.append(
                    CaseRow(
                        pseudonym("enquiry", pk), "", timezone.localtime(received).date(), _("Enquiry form")
                    )
                )
            audit_listed(user, enquiry_policy, [Enquiry(pk=pk) for pk, _r in form_rows], where=where)
            total += M.enquiry_form_queryset(period.start, period.end, _filters(scope)).count()
    else:
        from nas.support.models import SupportCase

        ids = {pk for pk, _d, _v in raw}
        shown = (
            ids
            if national
            else set(support_policy.scope(user).filter(pk__in=ids).values_list("pk", flat=True))
        )
        references = (
            {} if national else dict(SupportCase.objects.filter(pk__in=shown).values_list("pk", "reference"))
        )
        for pk, day, value in raw:
            if pk in shown:
                href = "" if national else reverse("support:case-detail", args=[pk])
                rows.append(CaseRow(references.get(pk) or pseudonym("support", pk), href, day, value))
        audit_listed(user, support_policy, [SupportCase(pk=pk) for pk in sorted(shown)], where=where)
    rows.sort(key=lambda r: (r.day, r.label))
    return DrillDown(rows, max(0, total - len(rows)))


@dataclass(frozen=True)
class MeasureTable:
    measure: M.Measure
    quarters: list[P.Period]
    #: (scope, [cell for each quarter])
    rows: list[tuple[S.Scope, list[Cell]]]


def tables(
    *, scopes: Sequence[S.Scope], quarters: Sequence[P.Period], codes: Sequence[str] | None = None
) -> list[MeasureTable]:
    """Each measure's figures for the scopes, quarter by quarter, from one
    compute_all (kept between requests while the data stay the same)."""
    results = kept.compute_all(list(quarters), list(scopes), codes=codes)
    out = []
    for measure in M.MEASURES:
        if codes is not None and measure.code not in codes:
            continue
        rows = [
            (scope, [cell(measure, results.get(measure.code, q, scope), q) for q in quarters])
            for scope in scopes
            if any(results.get(measure.code, q, scope) is not None for q in quarters)
        ]
        out.append(MeasureTable(measure, list(quarters), rows))
    return out


def return_figures(region: Any, quarter: P.Period, *, fresh: bool = True) -> dict[str, Any]:
    """A region's figures for a quarter, as a return holds them: computed
    afresh (what a return freezes), or, for a page, as kept between requests."""
    scope = S.region_scope(region)
    compute = M.compute_all if fresh else kept.compute_all
    results = compute([quarter], [scope])
    return {
        m.code: figure.as_json() if (figure := results.get(m.code, quarter, scope)) is not None else None
        for m in M.MEASURES
    }


@dataclass(frozen=True)
class Difference:
    """A measure whose frozen figure in a return is not today's figure."""

    measure: M.Measure
    frozen: str
    frozen_cases: int | None
    today: str
    today_cases: int | None
    #: The measure joined the framework after the return was frozen.
    added_since: bool = False


def return_differences(record: Any) -> list[Difference]:
    """What a frozen return's figures and today's figures for the same region
    and quarter disagree on. Both are computed by the same measures over the
    same scope (return_figures); they differ only when records were entered or
    changed after the return was frozen (a late entry, an import, a
    correction), so a draft, whose figures are computed again, has none."""
    if record.status == "draft":
        return []
    today = return_figures(record.region, P.parse(record.quarter), fresh=False)
    found = []
    for measure in M.MEASURES:
        then, now = record.figures.get(measure.code) or {}, today.get(measure.code) or {}
        if (then.get("value"), then.get("cases")) == (now.get("value"), now.get("cases")):
            continue
        found.append(
            Difference(
                measure,
                M.display(measure, then.get("value")),
                then.get("cases"),
                M.display(measure, now.get("value")),
                now.get("cases"),
                added_since=measure.code not in record.figures,
            )
        )
    return found
