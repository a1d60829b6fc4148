"""England's SSDA903 return as the DfE's XML file, read into the same four
tables as the CSV files (nas.children.ssda903.SSDA903_TABLES), so the import
checks and keeps them the same way.

The shape is the DfE's XML schema for the return ("Expanded SSDA903 Return",
root element EXPSSDA903), as the DfE's own validator reads it
(csc-validator-be-903, lac_validator/ingress.py, read_xml_from_text):

    <EXPSSDA903>
      <CHILD>
        <HEADER>
          <CHILDID/> <SEX/> <DOB/> <ETHNIC/> <UPN/> <MOTHER/> <MC_DOB/>
          <DATE_INT/> <DATE_MATCH/> <FOSTER_CARE/> <NB_ADOPTR/> <SEX_ADOPTR/> <LS_ADOPTR/>   (AD1)
          <AD_PLACED>   (PlacedAdoption, one a decision)
            <DATE_PLACED/> <DATE_PLACED_CEASED/> <REASON_PLACED_CEASED/>
          </AD_PLACED>
          <AREVIEW/> <AMISSING/> <OC2/> <PERMANENCE/> ...   (the return's other tables)
        </HEADER>
        <EPISODE>   (Episodes, one an episode)
          <DECOM/> <RNE/> <LS/> <CIN/> <PL/> <PLACE_PROVIDER/> <DEC/> <REC/>
          <REASON_PLACE_CHANGE/> <HOME_POST/> <PL_POST/> <URN/>
        </EPISODE>
      </CHILD>
    </EXPSSDA903>

CHILDID is the tables' CHILD, PL their PLACE. A problem is reported at the
line of the XML file where the child's header, episode or decision begins,
and the element's name as the column. A file with a document type
declaration is refused: the return has none, and entities are how XML
files attack the programs that read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from nas.children.ssda903 import SSDA903_TABLES

#: The XML's element names where they differ from the tables' columns.
RENAMED = {"CHILDID": "CHILD", "PL": "PLACE"}
#: Elements of a child's HEADER that hold the return's other tables (not read).
OTHER_PARTS = {
    "AREVIEW": "Reviews",
    "AMISSING": "Missing",
    "OC2": "OC2",
    "PERMANENCE": "PrevPerm",
    "UASC": "UASC",
    "IN_TOUCH": "OC3",
}


class XmlRefused(ValueError):
    """The file cannot be read as the DfE's SSDA903 XML."""


@dataclass
class Node:
    tag: str
    line: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def leaves(self) -> dict[str, str]:
        """The values of this element's childless children, by column name."""
        return {RENAMED.get(c.tag, c.tag): c.text.strip() for c in self.children if not c.children}


@dataclass
class XmlTables:
    #: table -> (header, rows, the line of each row)
    tables: dict[str, tuple[list[str], list[list[str]], list[int]]]
    #: The return's other tables the file holds (skipped).
    skipped: list[str]


def _tree(content: bytes) -> Node:
    parser = expat.ParserCreate()
    stack: list[Node] = []
    root: list[Node] = []

    def start(tag: str, _attrs: Any) -> None:
        node = Node(tag, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            stack[-1].text += data

    def refuse_doctype(*_args: Any) -> None:
        raise XmlRefused("a document type declaration")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    try:
        parser.Parse(content, True)
    except expat.ExpatError as error:
        raise XmlRefused(str(error)) from None
    return root[0]


def read(content: bytes) -> XmlTables:
    """The Header, Episodes, PlacedAdoption and AD1 tables of the XML file."""
    root = _tree(content)
    columns = SSDA903_TABLES
    found: dict[str, tuple[list[str], list[list[str]], list[int]]] = {
        name: (cols, [], []) for name, cols in columns.items()
    }
    skipped: set[str] = set()

    def add(table: str, values: dict[str, str], line: int) -> None:
        _header, rows, lines = found[table]
        rows.append([values.get(c, "") for c in columns[table]])
        lines.append(line)

    if root.tag != "EXPSSDA903":
        raise XmlRefused(f"the root element is {root.tag}, not EXPSSDA903")
    for child in root.children:
        if child.tag != "CHILD":
            continue
        header = next((n for n in child.children if n.tag == "HEADER"), None)
        values = {**child.leaves(), **(header.leaves() if header else {})}
        add("Header", values, (header or child).line)
        if "DATE_INT" in values:
            where = next(n.line for n in (header or child).children if n.tag == "DATE_INT")
            add("AD1", values, where)
        for part in [*(header.children if header else []), *child.children]:
            if part.tag == "EPISODE":
                add("Episodes", {"CHILD": values.get("CHILD", ""), **part.leaves()}, part.line)
            elif part.tag == "AD_PLACED":
                add(
                    "PlacedAdoption",
                    {"CHILD": values.get("CHILD", ""), "DOB": values.get("DOB", ""), **part.leaves()},
                    part.line,
                )
            elif part.tag in OTHER_PARTS:
                skipped.add(OTHER_PARTS[part.tag])
    tables = {name: table for name, table in found.items() if table[1] or name in ("Header", "Episodes")}
    return XmlTables(tables, sorted(skipped))
