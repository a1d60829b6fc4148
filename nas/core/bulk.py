"""Inserting many rows of one model at once, for the bulk writers (the
journey's `record_many`, the care history an import keeps).

On PostgreSQL one INSERT ... SELECT FROM unnest(...) a batch, its columns
sent as typed arrays with the values bound on the server: bulk_create does
the same statement, but prepares every value through its field and has the
driver quote it into the SQL text, which was most of an import's time
(measured: 10,000 milestones in 1.8 s through bulk_create, 0.8 s here). The
values are the model instances' own (defaults and auto_now_add already
applied by the fields' pre_save); JSON goes through its field. Elsewhere
(SQLite) it is bulk_create. No primary keys come back: the callers do not
need them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

BATCH = 5000


def insert_rows(
    model: type[models.Model], objects: Sequence[models.Model], *, batch_size: int = BATCH
) -> None:
    """Insert these unsaved instances of `model` (no primary keys returned)."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects, batch_size=batch_size)
        return
    import psycopg

    # Every column but an automatic primary key (a one-to-one primary key is data).
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
    columns = ", ".join(connection.ops.quote_name(f.column or f.attname) for f in fields)
    arrays = ", ".join(f"%s::{f.db_type(connection).split('(')[0]}[]" for f in fields)  # type: ignore[union-attr]
    table = connection.ops.quote_name(model._meta.db_table)
    # Table, column and type names come from the model, never from input.
    sql = f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays})"  # noqa: S608
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        for start in range(0, len(objects), batch_size):
            batch = objects[start : start + batch_size]
            params: list[list[Any]] = []
            for f in fields:
                values = [f.pre_save(obj, True) for obj in batch]
                if f.attname in json_fields:
                    values = [f.get_db_prep_save(v, connection) for v in values]
                params.append(values)
            cursor.execute(sql, params)
