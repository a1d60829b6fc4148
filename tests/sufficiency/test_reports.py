"""The sufficiency section of the Minister's and the Board's reports
(nas.performance.reports): the forecast four quarters after the period."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from nas.performance import periods, reports


def test_the_board_report_has_a_sufficiency_section_for_wales_and_each_region(known):
    data = reports.build("board", periods.parse("2024-25"), "en")
    where = [row.where for row in data.sufficiency]
    assert where[-1] == "Wales" and "Vale, Valleys and Cardiff Adoption Collaborative" in where
    assert "Voluntary adoption agencies" not in where
    vvc = next(r for r in data.sufficiency if r.where.startswith("Vale"))
    assert vvc.households is not None and vvc.gap == vvc.children - vvc.households
    book = load_workbook(io.BytesIO(reports.render(data, "xlsx")))
    sheet = book["Sufficiency"]
    assert sheet["A3"].value == "Where"
    assert sheet.max_row == 3 + len(data.sufficiency)


def test_the_ministers_report_in_welsh_has_the_section_too(known):
    data = reports.build("minister", periods.parse("2024-25-H2"), "cy")
    assert data.sufficiency[-1].where == "Cymru"
    assert reports.render(data, "pdf").startswith(b"%PDF")
