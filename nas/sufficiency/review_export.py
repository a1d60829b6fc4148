"""An annual review as PDF (reportlab, DejaVu Sans for ŵ and ŷ) or Excel
(openpyxl), in English or Welsh, like the reports to the Minister and the
Board (nas.performance.reports)."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import override

from nas.performance import measures
from nas.performance.reports import FONTS
from nas.sufficiency.models import AnnualReview

FORMATS = ("pdf", "xlsx")
LANGUAGES = ("en", "cy")


def filename(review: AnnualReview, fmt: str, language: str) -> str:
    return f"nas-annual-review-{review.region.code}-{review.year}-{language}.{fmt}"


def _lines(review: AnnualReview) -> tuple[str, list[tuple[str, str]], list[str]]:
    """The title, the figures (label, value) and the paragraphs, in the active language."""
    figures = review.figures or {}
    title = _("Annual review %(year)s: %(name)s") % {"year": review.year, "name": review.region.name}
    rows = []
    for code, value in figures.get("measures", {}).items():
        measure = measures.BY_CODE.get(code)
        if measure is not None:
            rows.append((f"{code}: {measure.name}", measures.display(measure, value)))
    plan = figures.get("plan", {})
    ahead = figures.get("forecast", {})
    paragraphs = [
        _("%(n)s open actions when drafted: %(a)s on track, %(b)s at risk, %(c)s off track.")
        % {
            "n": plan.get("open", 0),
            "a": plan.get("on_track", 0),
            "b": plan.get("at_risk", 0),
            "c": plan.get("off_track", 0),
        },
        _("By %(q)s: about %(c)s children waiting and %(h)s households waiting; a gap of %(g)s.")
        % {
            "q": ahead.get("quarter", ""),
            "c": ahead.get("children_waiting", "–"),
            "h": ahead.get("households_waiting", "–"),
            "g": (ahead.get("gaps") or {}).get("all", "–"),
        },
        str(review.get_status_display()),
    ]
    if review.commentary:
        paragraphs.insert(0, review.commentary)
    paragraphs += [f"{c.author.get_full_name()}: {c.text}" for c in review.comments.select_related("author")]
    return title, rows, paragraphs


def render(review: AnnualReview, fmt: str, language: str) -> bytes:
    if fmt not in FORMATS or language not in LANGUAGES:
        raise ValueError(fmt)
    with override(language):
        title, rows, paragraphs = _lines(review)
        return _pdf(title, rows, paragraphs, language) if fmt == "pdf" else _xlsx(title, rows, paragraphs)


def _pdf(title: str, rows: list[tuple[str, str]], paragraphs: list[str], language: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONTS / "DejaVuSans.ttf")))
    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=9, leading=12)
    heading = ParagraphStyle("h1", fontName="DejaVuSans", fontSize=16, leading=20, spaceAfter=8)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=title, lang=language)
    story: list[Any] = [Paragraph(title, heading)]
    table = Table([[Paragraph(label, body), value] for label, value in rows] or [["", ""]])
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), "DejaVuSans"), ("FONTSIZE", (0, 0), (-1, -1), 8)])
    story += [table, Spacer(1, 12)]
    story += [Paragraph(text.replace("\n", "<br/>"), body) for text in paragraphs]
    document.build(story)
    return buffer.getvalue()


def _xlsx(title: str, rows: list[tuple[str, str]], paragraphs: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Annual review")[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for label, value in rows:
        sheet.append([label, value])
    sheet.append([])
    for text in paragraphs:
        sheet.append([text])
    sheet.column_dimensions["A"].width = 80
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
