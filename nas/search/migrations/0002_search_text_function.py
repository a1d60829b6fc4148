"""The search text as a function the planner knows to be costly (PostgreSQL
only; SQLite reads the rows).

0001 indexed the names as an inline expression (' ' || lower(a) || ' ' ||
...). The planner costs such an expression as almost free, so for a name
with a slip, whose one-slip patterns it cannot estimate, it would read the
rows the first name's patterns find and test the last name's patterns on
each of them (half a second at scale 10) rather than combine both names'
index scans first (a few milliseconds). nas_search_text() makes the same
text, declared with a cost that says what testing a row takes; the
trigram and full-text indexes are rebuilt on it, and nas.search.matching
calls it on PostgreSQL.

The function gives NULL when any part is NULL, as the expression did.
"""

from django.db import migrations

TABLES = {
    "children_child": ("first_names", "last_name", "former_names"),
    "adopters_householdmember": ("first_names", "last_name"),
    "support_supportperson": ("first_names", "last_name"),
}

FUNCTION = """
CREATE OR REPLACE FUNCTION nas_search_text(VARIADIC parts text[]) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 1000 AS $$
DECLARE
    out text := ' ';
    part text;
BEGIN
    FOREACH part IN ARRAY parts LOOP
        out := out || lower(part) || ' ';
    END LOOP;
    RETURN out;
END
$$
"""


def _inline(columns):
    return "(' ' || " + " || ' ' || ".join(f"LOWER({c})" for c in columns) + " || ' ')"


def _call(columns):
    return "nas_search_text(" + ", ".join(f"{c}::text" for c in columns) + ")"


def _indexes(schema_editor, text):
    for table, columns in TABLES.items():
        expression = text(columns)
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_words")
        schema_editor.execute(f"CREATE INDEX {table}_search_trgm ON {table} USING gin ({expression} gin_trgm_ops)")
        schema_editor.execute(
            f"CREATE INDEX {table}_search_words ON {table} USING gin (to_tsvector('simple'::regconfig, {expression}))"
        )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    _indexes(schema_editor, _call)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _indexes(schema_editor, _inline)
    schema_editor.execute("DROP FUNCTION IF EXISTS nas_search_text(VARIADIC text[])")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
