"""The reports to the Minister and the National Board: PDF with charts (a
page turned into an image has drawn pixels in the chart area), Excel with
native charts, English and Welsh, and the command with its progress bar."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nas.performance import measures, periods, reports
from tests.performance import dataset

pytestmark = pytest.mark.django_db
HALF = periods.parse("2024-25-H1")


@pytest.fixture
def data(reference_data):
    return dataset.build()


def _page_image(pdf: bytes, index: int):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    return len(document), document[index].render(scale=1).to_pil().convert("L")


def test_the_pdf_report_renders_its_charts(data):
    pdf = reports.render(reports.build("minister", HALF, "en"), "pdf")
    assert pdf.startswith(b"%PDF")
    # The first measure's page follows the summary of what changed.
    first = _first_page_with(pdf, "NAS-C1: ")
    pages, image = _page_image(pdf, first)
    assert pages > 10
    width, height = image.size
    # The first measure's chart sits in the upper part of its page, below its heading:
    # its bars and axes are drawn in ink, not left white.
    chart = image.crop((int(width * 0.1), int(height * 0.12), int(width * 0.9), int(height * 0.42)))
    drawn = sum(1 for value in chart.tobytes() if value < 200)
    assert drawn > 2000, drawn
    # NAS-C1 for VVC in 2024-25 Q1 (and so the half-year) has coloured bars: non-grey pixels.
    colour = _page_colour_pixels(pdf, first)
    assert colour > 500, colour


def _first_page_with(pdf: bytes, text: str) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    return next(i for i in range(len(document)) if text in document[i].get_textpage().get_text_range())


def _page_colour_pixels(pdf: bytes, index: int) -> int:
    import pypdfium2 as pdfium

    pixels = pdfium.PdfDocument(pdf)[index].render(scale=1).to_pil().convert("RGB").tobytes()
    triples = zip(pixels[0::3], pixels[1::3], pixels[2::3], strict=True)
    return sum(1 for r, g, b in triples if max(r, g, b) - min(r, g, b) > 60)


def test_the_welsh_pdf_embeds_a_font_with_welsh_letters(data):
    import pypdfium2 as pdfium

    pdf = reports.render(reports.build("board", periods.parse("2024-25"), "cy"), "pdf")
    assert b"DejaVuSans" in pdf
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "Cymru" in text


def test_the_excel_report_has_the_figures_and_charts(data):
    from openpyxl import load_workbook

    content = reports.render(reports.build("board", periods.parse("2024-25"), "en"), "xlsx")
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Summary", "What changed", "Quarters", "Definitions", "Sufficiency"]
    summary = book["Summary"]
    rows = {row[0]: row for row in summary.iter_rows(min_row=6, values_only=True)}
    header = next(summary.iter_rows(min_row=5, max_row=5, values_only=True))
    vvc = header.index("Vale, Valleys and Cardiff Adoption Collaborative")
    assert rows["NAS-C6"][vvc] == 3  # the year 2024-25 holds Q1's three placements
    assert len(book["Quarters"]._charts) >= 20


def test_text_a_spreadsheet_would_run_is_written_as_plain_text_in_the_excel_report(data):
    """Organisation names come from the database: one that begins with = is
    written with a leading apostrophe (nas.core.spreadsheet.neutralise)."""
    from openpyxl import load_workbook

    from nas.organisations.models import Organisation

    Organisation.objects.filter(code="vale-valleys-cardiff").update(
        name_en='=HYPERLINK("http://ev.il","VVC")'
    )
    content = reports.render(reports.build("board", periods.parse("2024-25"), "en"), "xlsx")
    book = load_workbook(io.BytesIO(content))
    header = next(book["Summary"].iter_rows(min_row=5, max_row=5, values_only=True))
    assert '\'=HYPERLINK("http://ev.il","VVC")' in header
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and v.startswith("=") for v in row)


def _pdf_text(pdf: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def test_the_ministers_report_says_what_changed_and_why_in_the_regions_and_the_directors_words(
    data, personas
):
    """Issue 16: a report to a Minister says what changed and why: each
    measure against the half before with its unit, the regions' commentary on
    their submitted returns, and the Director's interventions; no code names."""
    from datetime import timedelta

    from django.utils import timezone

    from nas.organisations.models import Organisation
    from nas.performance import services

    region = Organisation.objects.get(code="vale-valleys-cardiff")
    manager = personas["manager.vvc"]
    record = services.return_draft(actor=manager, region=region, quarter="2024-25-Q1")
    services.return_commentary(
        actor=manager,
        record=record,
        commentary="Three placements in the quarter after a summer of matching events.",
        expected_version=record.version,
    )
    record.refresh_from_db()
    for step in ("check", "sign_off", "submit"):
        services.return_step(actor=manager, record=record, step=step, expected_version=record.version)
        record.refresh_from_db()
    today = timezone.localdate()
    services.intervention_open(
        actor=personas["director.national"],
        region=region,
        measure="NAS-C4",
        concerns="Children wait too long for a match.",
        action="Review every child waiting over six months.",
        action_due_on=today + timedelta(days=30),
        review_on=today + timedelta(days=20),
        response_due_on=today + timedelta(days=7),
    )

    report = reports.build("minister", HALF, "en")
    assert report.previous == periods.parse("2023-24-H2")
    assert [c.text for c in report.commentary] == [
        "Three placements in the quarter after a summer of matching events."
    ]
    text = _pdf_text(reports.render(report, "pdf"))
    assert "What the regions said" in text and "summer of matching events" in text
    assert "23-24 H2" in text and "Change" in text and "Unit" in text
    assert "nas." not in text
    # The intervention is open in the half that holds today, and not in 2024-25's.
    assert "No intervention was open in the period." in text
    current = reports.build("minister", periods.half_of(today), "en")
    assert [(i.region, i.measure.split()[0]) for i in current.interventions] == [
        ("Vale, Valleys and Cardiff Adoption Collaborative", "NAS-C4")
    ]
    words = " ".join(_pdf_text(reports.render(current, "pdf")).split())
    assert "Children wait too long for a match." in words


def test_the_welsh_ministers_report_names_its_sections_in_welsh(data):
    text = _pdf_text(reports.render(reports.build("minister", HALF, "cy"), "pdf"))
    assert "What the regions said" not in text
    assert "Director of Operations" not in text
    # Quarters and halves are named in Welsh on the axes and in the tables.
    assert "24-25 Ch1" in text and "24-25 Q1" not in text


def test_a_report_needs_the_right_kind_of_period(data):
    with pytest.raises(ValueError):
        reports.build("minister", periods.parse("2024-25"), "en")
    with pytest.raises(ValueError):
        reports.build("board", HALF, "en")


def test_the_command_writes_the_report_with_a_progress_bar(data, tmp_path, capsys):
    out = tmp_path / "minister.pdf"
    call_command("performance_report", kind="minister", period="2024-25-H1", fmt="pdf", out=str(out))
    captured = capsys.readouterr()
    assert out.read_bytes().startswith(b"%PDF")
    total = len(measures.MEASURES)
    assert "[" in captured.err and f"{total}/{total}" in captured.err
    with pytest.raises(CommandError, match="half-year"):
        call_command("performance_report", kind="minister", period="2024-25", fmt="pdf", out=str(out))


def test_the_director_asks_for_a_report_on_the_page_and_downloads_it_from_the_job(
    client_for, data, django_capture_on_commit_callbacks
):
    director = client_for("director.national")
    form = {"kind": "board", "period": "2024-25", "format": "xlsx", "language": "cy", "idempotency_key": "k1"}
    with django_capture_on_commit_callbacks(execute=True):
        asked = director.post("/performance/reports/", form)
    job_page = asked["Location"]
    assert asked.status_code == 302 and job_page.startswith("/jobs/")
    assert "Download" in director.get(job_page).content.decode()
    response = director.get(f"{job_page}download/")
    assert response.status_code == 200 and "cy.xlsx" in response["Content-Disposition"]
    assert director.post("/performance/reports/", form)["Location"] == job_page  # the same key: the same job
    wrong = director.post("/performance/reports/", {**form, "kind": "minister", "format": "pdf"})
    assert wrong.status_code == 400 and "half-year" in wrong.content.decode()
    api = director.get("/api/v1/performance/reports/minister/2024-25-H1?format=pdf")
    assert api.status_code == 200 and api.content.startswith(b"%PDF")
    # The National Board makes and reads its own annual report (aggregates only).
    assert client_for("board.national").get("/performance/reports/").status_code == 200
    assert client_for("manager.vvc").get("/performance/reports/").status_code == 403
