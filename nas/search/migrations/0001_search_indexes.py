"""The search indexes (PostgreSQL only; SQLite reads the rows).

pg_trgm's trigram GIN index on each record's names as one lower-case text
(" first names last name former names "), which answers the LIKE patterns
of a name with a typing slip, and a full-text GIN index on the same text's
words ('simple' configuration: names are not stemmed), which answers word
prefixes. The expressions are exactly those nas.search.matching writes.

CREATE EXTENSION needs a role allowed to create it (pg_trgm is a trusted
extension from PostgreSQL 13: the database owner may).
"""

from django.db import migrations

TABLES = {
    "children_child": ("first_names", "last_name", "former_names"),
    "adopters_householdmember": ("first_names", "last_name"),
    "support_supportperson": ("first_names", "last_name"),
}


def _text(columns):
    return "(' ' || " + " || ' ' || ".join(f"LOWER({c})" for c in columns) + " || ' ')"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in TABLES.items():
        text = _text(columns)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_trgm ON {table} USING gin ({text} gin_trgm_ops)"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_words ON {table} "
            f"USING gin (to_tsvector('simple'::regconfig, {text}))"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_words")


class Migration(migrations.Migration):
    dependencies = [
        ("children", "0004_former_names"),
        ("adopters", "0004_household_dates"),
        ("support", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
