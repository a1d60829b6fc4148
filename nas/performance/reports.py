"""The national tier's reports: the bi-annual report to the Minister (a
half-year) and the annual report to the National Board (a financial year),
as PDF with charts (reportlab) and as Excel (openpyxl, with native charts),
in English or Welsh (one language a file: the reader chooses, as with the
service's pages).

Both reports hold, first, what changed: each measure for Wales in the
period against the period before (with its unit, target and rating), the
regions' own commentary from their submitted quarterly returns, and the
Director of Operations' interventions open in the period (a report to a
Minister says what changed and why). Then, for every measure, each region,
the voluntary agencies and Wales, quarter by quarter and for the whole
period, with the target and its red/amber/green; a brief sufficiency section (the forecast of children
waiting and households waiting four quarters after the period, and the
largest gap by characteristic: nas.sufficiency); then every measure's
definition and source. The PDF
uses DejaVu Sans (shipped in nas/performance/fonts, Bitstream Vera licence),
which has the Welsh letters ŵ and ŷ that the PDF standard fonts lack.

Accessibility: the PDF carries its title, author and language, its tables
repeat their header rows and every chart has its figures in a table beside
it, but it is not a tagged PDF (PDF/UA): reportlab (the open-source
edition) writes no structure tree, so a screen reader reads it as plain
text in reading order. The Excel file holds the same figures, and is the
accessible format to offer on request.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from html import escape
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from nas.core.spreadsheet import neutralise
from nas.performance import measures as M
from nas.performance import periods as P
from nas.performance import scopes as S

FONTS = Path(__file__).resolve().parent / "fonts"
Progress = Callable[[int, int, str], None]
KINDS = ("minister", "board")
FORMATS = ("pdf", "xlsx")
RAG_COLOURS = {"green": "#00703c", "amber": "#f47738", "red": "#d4351c", "": "#505a5f"}


@dataclass
class ReportData:
    kind: str
    period: P.Period
    language: str
    title: str
    subtitle: str
    quarters: list[P.Period]
    scopes: list[S.Scope]
    results: M.Results
    generated_at: str
    sufficiency: list[SufficiencyRow] = field(default_factory=list)
    #: The period before (a half before a half, a year before a year), for "what changed".
    previous: P.Period | None = None
    commentary: list[Commentary] = field(default_factory=list)
    interventions: list[InterventionRow] = field(default_factory=list)


@dataclass
class Commentary:
    """A region's commentary on its submitted return for a quarter of the period."""

    region: str
    quarter: str
    text: str


@dataclass
class InterventionRow:
    """One of the Director's interventions open at some time in the period."""

    region: str
    measure: str
    opened: str
    status: str
    concerns: str
    closing_note: str

    def cells(self) -> list[str]:
        return [self.region, self.measure, self.opened, self.status, self.concerns, self.closing_note]


@dataclass
class SufficiencyRow:
    """One area's forecast four quarters after the report's period."""

    where: str
    children: float
    households: float | None
    gap: float | None
    #: The characteristic with the largest gap, and the gap.
    largest: str
    largest_gap: float | None

    def cells(self) -> list[str]:
        def number(value: float | None) -> str:
            return "–" if value is None else f"{value:,.0f}"

        largest = f"{self.largest}: {number(self.largest_gap)}" if self.largest else "–"
        return [self.where, number(self.children), number(self.households), number(self.gap), largest]


def _noop(step: int, total: int, label: str) -> None:
    return None


def check(kind: str, period: P.Period) -> None:
    if kind not in KINDS:
        raise ValueError(kind)
    wanted = P.HALF if kind == "minister" else P.YEAR
    if period.kind != wanted:
        raise ValueError(period.code)


def previous_period(period: P.Period) -> P.Period:
    """The half before a half, the year before a year."""
    day = period.start - timedelta(days=1)
    return P.half_of(day) if period.kind == P.HALF else P.year_of(day)


def _commentary(period: P.Period) -> list[Commentary]:
    """Each region's commentary on the latest submitted version of its return
    for each quarter of the period (nas.performance.models.QuarterlyReturn)."""
    from nas.performance.models import QuarterlyReturn, ReturnStatus

    codes = [q.code for q in period.quarters()]
    latest: dict[tuple[int, str], Any] = {}
    submitted = (
        QuarterlyReturn.objects.filter(quarter__in=codes, status=ReturnStatus.SUBMITTED)
        .select_related("region")
        .order_by("region__name_en", "quarter", "revision")
    )
    for record in submitted:
        latest[(record.region_id, record.quarter)] = record
    return [
        Commentary(record.region.name, P.parse(record.quarter).label, record.commentary.strip())
        for record in latest.values()
        if record.commentary.strip()
    ]


def _interventions(period: P.Period) -> list[InterventionRow]:
    """The Director's interventions open at any time in the period: opened by
    its end, and not closed before its start."""
    from django.db.models import Q

    from nas.performance.models import Intervention, InterventionStatus

    found = (
        Intervention.objects.filter(created_at__date__lte=period.end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__date__gte=period.start))
        .select_related("region")
        .order_by("region__name_en", "created_at")
    )
    names = {m.code: f"{m.code} {m.name}" for m in M.MEASURES}
    rows = []
    for item in found:
        closed = item.status == InterventionStatus.CLOSED and item.closed_at is not None
        status = (
            _("Closed on %(day)s") % {"day": timezone.localtime(item.closed_at).strftime("%d/%m/%Y")}
            if closed and item.closed_at is not None
            else _("Open: the region's response is due by %(day)s")
            % {"day": item.response_due_on.strftime("%d/%m/%Y")}
        )
        rows.append(
            InterventionRow(
                item.region.name,
                names.get(item.measure, item.measure),
                timezone.localtime(item.created_at).strftime("%d/%m/%Y"),
                status,
                item.concerns,
                item.closing_note,
            )
        )
    return rows


def build(kind: str, period: P.Period, language: str, progress: Progress = _noop) -> ReportData:
    check(kind, period)
    progress(0, 3, "figures")
    scopes = S.national()
    quarters = period.quarters()
    previous = previous_period(period)
    results = M.compute_all([*quarters, period, previous], scopes)
    with override(language):
        title = (
            _("Report to the Minister for Children and Social Care")
            if kind == "minister"
            else _("Annual report to the National Board")
        )
        subtitle = _("National Adoption Service for Wales: performance, %(period)s") % {
            "period": period.label
        }
        generated = _(
            "Made on %(day)s from the journeys' dated milestones; measures version %(version)s."
        ) % {
            "day": timezone.localdate().strftime("%d/%m/%Y"),
            "version": M.MEASURES_VERSION,
        }
        sufficiency = _sufficiency(period, [s for s in scopes if s.kind != S.AGENCIES])
        commentary = _commentary(period)
        interventions = _interventions(period)
    progress(1, 3, "figures")
    return ReportData(
        kind,
        period,
        language,
        title,
        subtitle,
        quarters,
        scopes,
        results,
        generated,
        sufficiency,
        previous,
        commentary,
        interventions,
    )


def change(data: ReportData, measure: M.Measure) -> tuple[float | None, float | None, str]:
    """Wales's figure for the period before and for the period, and the change
    between them in the measure's unit ("+2.5", "–" when either is missing)."""
    wales = next(s for s in data.scopes if s.kind == S.WALES)
    before = _value(data, measure, data.previous, wales) if data.previous else None
    now = _value(data, measure, data.period, wales)
    if before is None or now is None:
        return before, now, "–"
    difference = now - before
    whole = measure.unit in {M.Unit.COUNT, M.Unit.DAYS, M.Unit.POUNDS}
    places = 0 if whole else (2 if measure.unit == M.Unit.RATIO else 1)
    text = f"{difference:+,.{places}f}"
    if not text.strip("+-0.,"):
        return before, now, f"{0:.{places}f}"
    return before, now, text


def _summary_header(data: ReportData) -> list[str]:
    return [
        _("Measure"),
        _("Unit"),
        data.previous.short_label if data.previous else "",
        data.period.short_label,
        _("Change"),
        _("Target"),
        _("Rating"),
    ]


SUFFICIENCY_QUARTERS = 4


def _sufficiency(period: P.Period, scopes: list[S.Scope]) -> list[SufficiencyRow]:
    """The forecast from the day after the period (nas.sufficiency.forecast), without its band."""
    from nas.sufficiency import forecast

    found = forecast.forecasts(
        scopes, period.end + timedelta(days=1), horizon=SUFFICIENCY_QUARTERS, bootstrap=0
    )
    rows = []
    for scope in scopes:
        each = found[scope.code]
        gaps = {g.code: g for g in each.gaps}
        others = [g for g in each.gaps if g.code != "all" and g.gap is not None and g.gap > 0]
        largest = max(others, key=lambda g: g.gap or 0, default=None)
        rows.append(
            SufficiencyRow(
                S.label(scope),
                each.last.children_waiting,
                each.last.households_waiting,
                gaps["all"].gap,
                str(largest.label) if largest else "",
                largest.gap if largest else None,
            )
        )
    return rows


def _intervention_header() -> list[str]:
    return [_("Region"), _("Measure"), _("Opened"), _("Status"), _("Concerns"), _("Why it was closed")]


def _sufficiency_header() -> list[str]:
    return [
        _("Where"),
        _("Children waiting"),
        _("Households waiting"),
        _("Gap"),
        _("Largest gap by characteristic"),
    ]


def _sufficiency_note(data: ReportData) -> str:
    return _(
        "Forecast for the end of the fourth quarter after %(period)s, from the milestones up to then: a "
        "stock-and-flow model whose method, range and backtest are on the sufficiency pages. The gap is "
        "the children waiting less the approved households waiting."
    ) % {"period": data.period.label}


def filename(kind: str, period: P.Period, language: str, fmt: str) -> str:
    return f"nas-{kind}-report-{period.code}-{language}.{fmt}"


def render(data: ReportData, fmt: str, progress: Progress = _noop) -> bytes:
    with override(data.language):
        if fmt == "pdf":
            return _pdf(data, progress)
        if fmt == "xlsx":
            return _xlsx(data, progress)
    raise ValueError(fmt)


def _value(data: ReportData, measure: M.Measure, period: P.Period, scope: S.Scope) -> float | None:
    figure = data.results.get(measure.code, period, scope)
    return None if figure is None else figure.value


def _applies(data: ReportData, measure: M.Measure, scope: S.Scope) -> bool:
    return data.results.get(measure.code, data.period, scope) is not None


def _rag_word(rag: str) -> str:
    return {"green": _("Green"), "amber": _("Amber"), "red": _("Red")}.get(rag, _("Not rated"))


# --- PDF -------------------------------------------------------------------


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))


def _chart(data: ReportData, measure: M.Measure) -> Any:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    from nas.performance.charts import PALETTE

    scopes = [s for s in data.scopes if _applies(data, measure, s)]
    drawing = Drawing(480, 230)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 80, 420, 130
    chart.data = [tuple((_value(data, measure, q, s) or 0) for q in data.quarters) for s in scopes] or [
        tuple(0 for _q in data.quarters)
    ]
    chart.categoryAxis.categoryNames = [q.short_label for q in data.quarters]
    chart.categoryAxis.labels.fontName = "DejaVuSans"
    chart.valueAxis.labels.fontName = "DejaVuSans"
    chart.valueAxis.valueMin = 0
    for index in range(len(scopes)):
        chart.bars[index].fillColor = colors.HexColor(PALETTE[index % len(PALETTE)])
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 40, 58
    legend.fontName = "DejaVuSans"
    legend.fontSize = 7
    legend.columnMaximum = 4
    legend.deltax = 230
    legend.deltay = 11
    legend.dx = legend.dy = 6
    legend.alignment = "right"
    legend.colorNamePairs = [
        (colors.HexColor(PALETTE[i % len(PALETTE)]), S.label(s)) for i, s in enumerate(scopes)
    ]
    drawing.add(legend)
    drawing.add(String(40, 218, f"{measure.code} ({measure.unit_label})", fontName="DejaVuSans", fontSize=8))
    return drawing


def _pdf(data: ReportData, progress: Progress) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    _register_fonts()
    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=9, leading=12)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=10)
    h1 = ParagraphStyle("h1", fontName="DejaVuSans-Bold", fontSize=18, leading=22, spaceAfter=8)
    h2 = ParagraphStyle(
        "h2", fontName="DejaVuSans-Bold", fontSize=12, leading=15, spaceBefore=6, spaceAfter=4
    )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=data.title,
        author=_("National Adoption Service for Wales"),
        lang=data.language,
    )
    story: list[Any] = [
        Paragraph(data.title, h1),
        Paragraph(data.subtitle, body),
        Spacer(1, 4 * mm),
        Paragraph(data.generated_at, small),
        Paragraph(
            _(
                "Red, amber or green against the target: green meets it; amber misses it by no more than "
                "10% of the target (10 percentage points for a percentage); red misses it by more."
            ),
            small,
        ),
        Spacer(1, 4 * mm),
        Paragraph(_("Summary for Wales"), h2),
    ]
    story.append(
        Paragraph(
            _(
                "Each measure for Wales in %(period)s against %(previous)s, the change in the measure's "
                "unit, its target and its rating."
            )
            % {"period": data.period.label, "previous": data.previous.label if data.previous else ""},
            small,
        )
    )
    summary: list[list[Any]] = [_summary_header(data)]
    for measure in M.MEASURES:
        before, now, moved = change(data, measure)
        summary.append(
            [
                Paragraph(f"{measure.code} {measure.name}", small),
                Paragraph(measure.unit_label, small),
                M.display(measure, before),
                M.display(measure, now),
                moved,
                M.display_target(measure),
                _rag_word(M.rag(measure, now)),
            ]
        )
    story.append(
        _table(
            summary,
            [64 * mm, 24 * mm, 16 * mm, 16 * mm, 16 * mm, 18 * mm, 20 * mm],
            TableStyle,
            colors,
        )
    )
    story.append(Paragraph(_("What the regions said"), h2))
    if data.commentary:
        for item in data.commentary:
            story.append(Paragraph(f"<b>{escape(item.region)}</b>, {escape(item.quarter)}", body))
            story.append(Paragraph(escape(item.text).replace("\n", "<br/>"), small))
            story.append(Spacer(1, 2 * mm))
    else:
        story.append(
            Paragraph(_("No region wrote a commentary on its submitted returns for the period."), small)
        )
    story.append(Paragraph(_("The Director of Operations' interventions"), h2))
    if data.interventions:
        rows = [
            _intervention_header(),
            *[[Paragraph(escape(c), small) for c in r.cells()] for r in data.interventions],
        ]
        story.append(_table(rows, [26 * mm, 30 * mm, 18 * mm, 26 * mm, 44 * mm, 30 * mm], TableStyle, colors))
    else:
        story.append(Paragraph(_("No intervention was open in the period."), small))
    total = len(M.MEASURES)
    for index, measure in enumerate(M.MEASURES, start=1):
        progress(index, total, measure.code)
        story.append(PageBreak() if index % 2 == 1 else Spacer(1, 6 * mm))
        story.append(Paragraph(f"{measure.code}: {measure.name}", h2))
        story.append(Paragraph(str(measure.definition), small))
        story.append(_chart(data, measure))
        header = [_("Where"), *[q.short_label for q in data.quarters], data.period.short_label]
        rows = [header]
        for scope in data.scopes:
            if not _applies(data, measure, scope):
                continue
            rows.append(
                [
                    S.label(scope),
                    *[M.display(measure, _value(data, measure, q, scope)) for q in data.quarters],
                    M.display(measure, _value(data, measure, data.period, scope)),
                ]
            )
        width = (174 - 50) / (len(header) - 1)
        story.append(_table(rows, [50 * mm, *[width * mm] * (len(header) - 1)], TableStyle, colors))
        if measure.target is not None:
            story.append(Paragraph(_("Target: %(target)s") % {"target": M.display_target(measure)}, small))
    story.append(PageBreak())
    if data.sufficiency:
        story.append(Paragraph(_("Sufficiency: the next four quarters"), h2))
        story.append(Paragraph(_sufficiency_note(data), small))
        rows = [_sufficiency_header(), *[row.cells() for row in data.sufficiency]]
        story.append(_table(rows, [50 * mm, 22 * mm, 22 * mm, 16 * mm, 64 * mm], TableStyle, colors))
        story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(_("Definitions and sources"), h2))
    for measure in M.MEASURES:
        story.append(Paragraph(f"<b>{measure.code}</b> {measure.name}", body))
        story.append(Paragraph(str(measure.definition), small))
        story.append(Paragraph(_("Source: %(source)s") % {"source": str(measure.source)}, small))
        story.append(Spacer(1, 2 * mm))
    document.build(story)
    progress(total, total, "pdf")
    return buffer.getvalue()


def _table(rows: list[list[Any]], widths: list[float], table_style: Any, colors: Any) -> Any:
    from reportlab.platypus import Table

    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        table_style(
            [
                ("FONTNAME", (0, 0), (-1, -1), "DejaVuSans"),
                ("FONTNAME", (0, 0), (-1, 0), "DejaVuSans-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#b1b4b6")),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


# --- Excel -----------------------------------------------------------------


def _xlsx(data: ReportData, progress: Progress) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    summary = book.active
    summary.title = _("Summary")[:31]
    # Organisation names and titles are text from the database: written safely.
    summary.append([neutralise(data.title)])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([neutralise(data.subtitle)])
    summary.append([data.generated_at])
    summary.append([])
    header = [_("Measure"), _("Name"), _("Unit"), _("Target"), *[neutralise(S.label(s)) for s in data.scopes]]
    summary.append(header)
    for cell in summary[5]:
        cell.font = Font(bold=True)
    for measure in M.MEASURES:
        row: list[Any] = [measure.code, str(measure.name), measure.unit_label, measure.target]
        fills = []
        for scope in data.scopes:
            figure = data.results.get(measure.code, data.period, scope)
            row.append(None if figure is None or figure.value is None else round(figure.value, 2))
            fills.append("" if figure is None else figure.rag)
        summary.append(row)
        for offset, rag in enumerate(fills):
            if rag:
                summary.cell(row=summary.max_row, column=5 + offset).fill = PatternFill(
                    "solid", fgColor=RAG_COLOURS[rag].lstrip("#")
                )
    summary.column_dimensions["B"].width = 60
    changed = book.create_sheet(_("What changed")[:31])
    changed.append([_("What changed")])
    changed["A1"].font = Font(bold=True, size=12)
    first, *rest = _summary_header(data)
    changed.append([first, _("Name"), *rest])
    for cell in changed[2]:
        cell.font = Font(bold=True)
    for measure in M.MEASURES:
        before, now, moved = change(data, measure)
        changed.append(
            [
                measure.code,
                str(measure.name),
                measure.unit_label,
                None if before is None else round(before, 2),
                None if now is None else round(now, 2),
                moved,
                measure.target,
                _rag_word(M.rag(measure, now)),
            ]
        )
    changed.append([])
    changed.append([_("What the regions said")])
    changed.cell(row=changed.max_row, column=1).font = Font(bold=True)
    for said in data.commentary:
        changed.append([neutralise(said.region), said.quarter, neutralise(said.text)])
    changed.append([])
    changed.append([_("The Director of Operations' interventions")])
    changed.cell(row=changed.max_row, column=1).font = Font(bold=True)
    changed.append(_intervention_header())
    for intervention in data.interventions:
        changed.append([neutralise(cell) for cell in intervention.cells()])
    changed.column_dimensions["B"].width = 50
    sheet = book.create_sheet(_("Quarters")[:31])
    total = len(M.MEASURES)
    line = 1
    for index, measure in enumerate(M.MEASURES, start=1):
        progress(index, total, measure.code)
        sheet.cell(
            row=line, column=1, value=f"{measure.code}: {measure.name} ({measure.unit_label})"
        ).font = Font(bold=True)
        top = line + 1
        sheet.cell(row=top, column=1, value=_("Where"))
        for column, quarter in enumerate(data.quarters, start=2):
            sheet.cell(row=top, column=column, value=quarter.code)
        sheet.cell(row=top, column=len(data.quarters) + 2, value=data.period.code)
        rows = 0
        for scope in data.scopes:
            if not _applies(data, measure, scope):
                continue
            rows += 1
            sheet.cell(row=top + rows, column=1, value=neutralise(S.label(scope)))
            for column, quarter in enumerate([*data.quarters, data.period], start=2):
                value = _value(data, measure, quarter, scope)
                sheet.cell(row=top + rows, column=column, value=None if value is None else round(value, 2))
        if rows:
            chart = BarChart()
            chart.title = measure.code
            chart.y_axis.title = measure.unit_label
            values = Reference(
                sheet, min_col=1, max_col=len(data.quarters) + 1, min_row=top + 1, max_row=top + rows
            )
            chart.add_data(values, from_rows=True, titles_from_data=True)
            chart.set_categories(Reference(sheet, min_col=2, max_col=len(data.quarters) + 1, min_row=top))
            chart.height, chart.width = 6, 14
            sheet.add_chart(chart, f"{_column(len(data.quarters) + 4)}{line}")
        line = top + max(rows, 1) + 12
    sheet.column_dimensions["A"].width = 36
    definitions = book.create_sheet(_("Definitions")[:31])
    definitions.append([_("Measure"), _("Name"), _("Definition"), _("Source"), _("Target"), _("Unit")])
    for cell in definitions[1]:
        cell.font = Font(bold=True)
    for measure in M.MEASURES:
        definitions.append(
            [
                measure.code,
                str(measure.name),
                str(measure.definition),
                str(measure.source),
                measure.target,
                measure.unit_label,
            ]
        )
    if data.sufficiency:
        enough = book.create_sheet(_("Sufficiency")[:31])
        enough.append([_("Sufficiency: the next four quarters")])
        enough["A1"].font = Font(bold=True, size=12)
        enough.append([_sufficiency_note(data)])
        enough.append(_sufficiency_header())
        for cell in enough[3]:
            cell.font = Font(bold=True)
        for item in data.sufficiency:
            enough.append(
                [
                    neutralise(item.where),
                    round(item.children, 1),
                    None if item.households is None else round(item.households, 1),
                    None if item.gap is None else round(item.gap, 1),
                    item.largest,
                    None if item.largest_gap is None else round(item.largest_gap, 1),
                ]
            )
        enough.column_dimensions["A"].width = 40
        enough.column_dimensions["E"].width = 44
    buffer = io.BytesIO()
    book.save(buffer)
    progress(total, total, "xlsx")
    return buffer.getvalue()


def _column(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(number))
