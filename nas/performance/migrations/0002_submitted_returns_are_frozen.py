"""A submitted quarterly return is frozen in the database itself: an UPDATE
of a submitted row is refused by a trigger, whatever code runs it (the model
and the service refuse first; deletion is refused by the Record base)."""

from django.db import migrations

MESSAGE = "A submitted quarterly return is never changed"

SQLITE = [
    f"""CREATE TRIGGER performance_submitted_return_frozen
    BEFORE UPDATE ON performance_quarterlyreturn
    WHEN OLD.status = 'submitted'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS performance_submitted_return_frozen;"]

POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION performance_submitted_return_frozen() RETURNS trigger AS $$
    BEGIN
        IF OLD.status = 'submitted' THEN
            RAISE EXCEPTION '{MESSAGE}';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER performance_submitted_return_frozen
    BEFORE UPDATE ON performance_quarterlyreturn
    FOR EACH ROW EXECUTE FUNCTION performance_submitted_return_frozen();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS performance_submitted_return_frozen ON performance_quarterlyreturn;",
    "DROP FUNCTION IF EXISTS performance_submitted_return_frozen();",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
