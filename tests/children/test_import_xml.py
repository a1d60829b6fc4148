"""The SSDA903 return as the DfE's XML file (nas.children.ssda903_xml): the
same return as CSV tables or as XML imports the same children, journeys and
care history, and exports the same tables; a problem is named at the XML
file's line and element; the return's other parts in it are skipped with a
notice; a file with a document type declaration is refused."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest

from nas.children.imports import import_children
from nas.children.models import CareEpisode, Child
from nas.organisations.models import Organisation
from nas.returns.selectors import ssda903_return
from tests.returns.test_round_trip import RETURN, YEAR, _files

pytestmark = pytest.mark.django_db

HEADER = ["CHILDID", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
AD1 = ["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]
EPISODE = ["DECOM", "RNE", "LS", "CIN", "PL", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE",
           "HOME_POST", "PL_POST", "URN"]  # fmt: skip
DECISION = ["DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"]


def _leaves(names, values, indent):
    return "".join(f"{indent}<{n}>{escape(v)}</{n}>\n" for n, v in zip(names, values, strict=True) if v)


def as_xml(tables, *, review=False) -> bytes:
    """The tables as the DfE's XML (EXPSSDA903), in the order of its schema."""
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<EXPSSDA903>\n']
    for header in tables["Header"]:
        ref = header[0]
        out.append("  <CHILD>\n    <HEADER>\n" + _leaves(HEADER, header, "      "))
        for row in tables["AD1"]:
            if row[0] == ref:
                out.append(_leaves(AD1, row[2:], "      "))
        if review:
            out.append("      <AREVIEW><REVIEW>01/01/2025</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>\n")
        for row in tables["PlacedAdoption"]:
            if row[0] == ref:
                out.append(
                    "      <AD_PLACED>\n" + _leaves(DECISION, row[2:], "        ") + "      </AD_PLACED>\n"
                )
        out.append("    </HEADER>\n")
        for row in tables["Episodes"]:
            if row[0] == ref:
                out.append("    <EPISODE>\n" + _leaves(EPISODE, row[1:], "      ") + "    </EPISODE>\n")
        out.append("  </CHILD>\n")
    out.append("</EXPSSDA903>\n")
    return "".join(out).encode()


def _import(personas, authority, files):
    org = Organisation.objects.get(code=authority)
    return import_children(actor=personas["tm.cardiff"], local_authority_id=org.pk, files=files)


EPISODE_FIELDS = ("start", "end", "reason_new", "place", "urn")


def _journeys(authority):
    return {
        c.case_reference: (
            c.stage,
            c.sex,
            [(m.kind, m.date, m.detail) for m in c.milestones.order_by("sequence")],
            [tuple(vars(e)[f] for f in EPISODE_FIELDS) for e in c.care_episodes.all()],
        )
        for c in Child.objects.filter(local_authority__code=authority)
    }


def test_the_xml_imports_the_same_as_the_csv_tables(personas):
    assert _import(personas, "cardiff", _files(RETURN)).ok
    from_xml = _import(personas, "swansea", [("return.xml", as_xml(RETURN))])
    assert from_xml.ok, [str(e) for e in from_xml.errors]
    assert from_xml.created == 3
    assert _journeys("swansea") == _journeys("cardiff")
    assert CareEpisode.objects.filter(child__local_authority__code="swansea").count() == len(
        RETURN["Episodes"]
    )
    exported = {
        code: ssda903_return(authority=Organisation.objects.get(code=code), year=YEAR).tables
        for code in ("cardiff", "swansea")
    }
    assert exported["swansea"] == exported["cardiff"] == RETURN
    # And the XML imported again changes nothing.
    assert _import(personas, "swansea", [("return.xml", as_xml(RETURN))]).nothing_changed


def test_a_problem_in_the_xml_is_named_at_its_line_and_element(personas):
    tables = {**RETURN, "Episodes": [[*RETURN["Episodes"][0][:3], "Z9", *RETURN["Episodes"][0][4:]],
                                     *RETURN["Episodes"][1:]]}  # fmt: skip
    content = as_xml(tables)
    line = content.decode().splitlines().index("    <EPISODE>") + 1
    result = _import(personas, "cardiff", [("return.xml", content)])
    assert ("return.xml", line, "LS") in {(e.file, e.row, e.column) for e in result.errors}
    assert not Child.objects.exists()


def test_the_returns_other_parts_in_the_xml_are_skipped_with_a_notice(personas):
    result = _import(personas, "cardiff", [("return.xml", as_xml(RETURN, review=True))])
    assert result.ok, [str(e) for e in result.errors]
    assert [(n.file, n.message) for n in result.notices] == [
        ("return.xml", "Skipped: the SSDA903 Reviews table is not used by the adoption journey")
    ]


def test_an_xml_file_with_a_document_type_declaration_is_refused(personas):
    bomb = b'<?xml version="1.0"?>\n<!DOCTYPE EXPSSDA903 [<!ENTITY a "aaaa">]>\n<EXPSSDA903>&a;</EXPSSDA903>'
    result = _import(personas, "cardiff", [("return.xml", bomb)])
    assert [(e.file, e.row) for e in result.errors] == [("return.xml", None)]
    assert "cannot be read as the DfE's SSDA903 XML" in result.errors[0].message
