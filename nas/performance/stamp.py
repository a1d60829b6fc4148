"""Stamps: values that change with every write to a table that kept answers
are computed from, in the writer's own transaction. One for the figures
(FIGURES: the measures, the waiting figures, the returns, equity and the
national plan), one for casework lists (CASEWORK: statutory visits and
reviews, management oversight), so a case note does not make the national
figures be computed again.

Database triggers keep it, so no writer has to know about it: a milestone
recorded, corrected or imported in bulk, a record edited or archived, an
enquiry, a support case, a document, a fee, a profile published, an
authority's care history replaced. A reader that sees the data sees the
stamp that goes with it (the same commit), which is what lets figures be
kept between requests (nas.performance.cache) and still never be older than
the data.

On SQLite the triggers fire for each row; on PostgreSQL once per statement
(a bulk load bumps the stamp once per statement, not once per row). The
stamp is random, not a counter, so a rolled-back write can never leave two
different states of the data under one stamp.

The triggers are (re)installed after every migrate (nas.performance.apps):
SQLite drops a table's triggers when a migration rebuilds the table, and a
new table a kept answer reads is added to its stamp's tables in one place.
"""

from __future__ import annotations

from typing import Any

from django.db import connections

from nas.performance.models import FiguresStamp

FIGURES = 1
CASEWORK = 2
JOURNEYS = 3
HOUSEHOLDS = 4
SUPPORT = 5

#: Every table the kept figures are computed from: the measures
#: (nas.performance.measures), the waiting figures (nas.matching.figures),
#: the SSDA903 return (nas.returns.selectors), and the equity report and the
#: national plan (nas.matching.selectors, through the matching engine).
FIGURE_TABLES = (
    "children_child",
    "children_siblinggroup",
    "children_milestone",
    "children_journeydates",
    "children_careepisode",
    "adopters_household",
    "adopters_householdmember",
    "adopters_milestone",
    "adopters_householddates",
    "adopters_enquiry",
    "support_supportcase",
    "documents_document",
    "returns_ssda903details",
    "matching_interagencyfee",
    "matching_childprofile",
    "matching_householdprofile",
    "matching_link",
    "matching_weightset",
    "organisations_organisation",
)
#: Every table the kept casework lists are computed from, given the records
#: in the person's scope (read live): the children's journeys
#: (nas.casework.statutory), the case notes and the allocations
#: (nas.casework.oversight), and the caseload's counts
#: (nas.casework.selectors.caseload).
CASEWORK_TABLES = (
    "children_child",
    "children_milestone",
    "casework_casenote",
    "casework_allocation",
    # The other records allocated (the caseload's counts of what is open and unallocated).
    "adopters_household",
    "support_supportcase",
    "support_letterboxagreement",
)
#: The children's journeys alone: what their deadlines are worked out from
#: (nas.children.deadlines, the worklists).
JOURNEY_TABLES = ("children_child", "children_milestone")
#: The households' journeys: what their statutory timescales are worked out
#: from (nas.adopters.deadlines, the adopters' worklists).
HOUSEHOLD_TABLES = ("adopters_household", "adopters_milestone")
#: The support cases: what their next assessment, decision or review is
#: worked out from (nas.support.selectors.case_rows, the caseload).
SUPPORT_TABLES = ("support_supportcase", "support_supportservice", "support_supportreview")
STAMPS = {
    FIGURES: FIGURE_TABLES,
    CASEWORK: CASEWORK_TABLES,
    JOURNEYS: JOURNEY_TABLES,
    HOUSEHOLDS: HOUSEHOLD_TABLES,
    SUPPORT: SUPPORT_TABLES,
}

_TABLE = FiguresStamp._meta.db_table
_OPERATIONS = ("INSERT", "UPDATE", "DELETE")
_FUNCTION = "performance_figures_stamp"


def _stamps_of(table: str) -> list[int]:
    return [pk for pk, tables in STAMPS.items() if table in tables]


def _sqlite(table: str) -> list[str]:
    bumps = " ".join(
        f"INSERT INTO {_TABLE} (id, stamp) VALUES ({pk}, random()) "  # noqa: S608  (constants, never input)
        "ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp;"
        for pk in _stamps_of(table)
    )
    made = []
    for op in _OPERATIONS:
        name = f"stamp_{table}_{op.lower()}"
        made += [
            f"DROP TRIGGER IF EXISTS {name}",
            f"CREATE TRIGGER {name} AFTER {op} ON {table} BEGIN {bumps} END",
        ]
    return made


def _postgresql(table: str) -> list[str]:
    made = []
    for pk in _stamps_of(table):
        name = f"stamp_{pk}"
        made += [
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_FUNCTION}({pk})",
        ]
    return made


_POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION performance_figures_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO performance_figuresstamp (id, stamp) VALUES (TG_ARGV[0]::int, floor(random() * 9e18)::bigint)
    ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp;
    RETURN NULL;
END
$$
"""


def install(using: str = "default") -> None:
    """(Re)create the triggers on every stamped table that exists, and give
    every stamp a new value (the data may have changed under it: a migrate,
    a flush)."""
    connection = connections[using]
    if connection.vendor not in {"sqlite", "postgresql"}:
        return
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        if _TABLE not in existing:
            return
        random = "random()" if connection.vendor == "sqlite" else "floor(random() * 9e18)::bigint"
        for pk in STAMPS:
            cursor.execute(
                f"INSERT INTO {_TABLE} (id, stamp) VALUES ({pk}, {random}) "  # noqa: S608
                "ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp"
            )
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRESQL_FUNCTION)
        for table in sorted({t for tables in STAMPS.values() for t in tables} & existing):
            for sql in _sqlite(table) if connection.vendor == "sqlite" else _postgresql(table):
                cursor.execute(sql)


def installed(stamp: int = FIGURES, using: str = "default") -> set[str]:
    """The tables whose writes change this stamp (for each operation)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'stamp_%'"
            )
            bumped: dict[str, int] = {}
            for table, sql in cursor.fetchall():
                if f"VALUES ({stamp}, random())" in sql:
                    bumped[table] = bumped.get(table, 0) + 1
            return {table for table, n in bumped.items() if n == len(_OPERATIONS)}
        cursor.execute(
            "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name = %s",
            [f"stamp_{stamp}"],
        )
        return {row[0] for row in cursor.fetchall()}


def current(stamp: int = FIGURES) -> int | None:
    """The stamp now; None when there is none (a database emptied since its
    migrate): then nothing is kept."""
    value: Any = FiguresStamp.objects.filter(pk=stamp).values_list("stamp", flat=True).first()
    return value
