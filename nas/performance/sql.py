"""Date arithmetic the measures need inside the database, written once for
PostgreSQL (production) and SQLite (the embedded default) so every measure
is one set-based query on either."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Func


class DaysBetween(Func):
    """Whole days from `start` to `end` (negative if `end` is earlier)."""

    output_field = models.IntegerField()
    arity = 2
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def __init__(self, end: Any, start: Any) -> None:
        super().__init__(end, start)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)", [*end_params, *start_params]


class AddMonths(Func):
    """The same day `months` later, or the month's last day if it is shorter
    (31 January + 1 month = 28 or 29 February), as nas.core.calendar.add_months."""

    output_field = models.DateField()

    def __init__(self, expression: Any, months: int) -> None:
        self.months = int(months)
        super().__init__(expression)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        # PostgreSQL's date + interval already keeps to the month's last day.
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(({sql} + INTERVAL '{self.months} months') AS date)", params

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        # SQLite rolls 31 January + 1 month over to 3 March; the last day of the
        # target month caps it, and ISO dates compare as text.
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"MIN(date({sql}, '+{self.months} months'), "
            f"date({sql}, 'start of month', '+{self.months + 1} months', '-1 day'))",
            [*params, *params],
        )


class AddDays(Func):
    output_field = models.DateField()

    def __init__(self, expression: Any, days: int) -> None:
        self.days = int(days)
        super().__init__(expression)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(({sql} + {self.days}) AS date)", params

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, '{self.days:+d} days')", params
