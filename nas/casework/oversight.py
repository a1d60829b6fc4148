"""Management oversight: a manager's recorded oversight of a case (a case note
of the kind "management oversight"), and the cases that have gone without it
for longer than OVERSIGHT_MONTHS (default 3).

The interval is the service's own setting, not a statutory period: Welsh
practice guidance expects regular, recorded management oversight of every
allocated case, and councils' procedures set their own intervals (commonly
monthly to quarterly); none could be confirmed as law here.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Max, Min

from nas.accounts.models import User
from nas.casework import policies, records
from nas.casework.models import Allocation, CaseNote, NoteKind
from nas.performance import stamp
from nas.performance.cache import kept

SHOWN = 50


def oversight_due_before(today: date) -> date:
    return today - relativedelta(months=settings.OVERSIGHT_MONTHS)


def cases_without_oversight(*, user: Any, today: date, shown: int = SHOWN) -> tuple[int, list[Any]]:
    """How many allocated cases in this manager's scope have their last
    oversight (or, with none, their first allocation) older than
    OVERSIGHT_MONTHS, and the `shown` longest without it, longest first."""
    from nas.casework.selectors import CaseRow

    if not policies.is_manager(user):
        return 0, []
    total = 0
    cutoff = oversight_due_before(today)
    rows: list[tuple[date, CaseRow]] = []
    for case_record in records.allocated_types():
        if case_record.record_type not in records.NOTE_TYPES:
            continue  # oversight is a note, kept on the records notes are kept on
        # Keys only: the records and workers are read for the few listed, not for every case held.
        held = dict(
            policies.current_allocations()
            .filter(
                record_type=case_record.record_type, record_id__in=case_record.readable(user).values("pk")
            )
            .order_by()
            .values_list("record_id", "worker_id")
        )
        if not held:
            continue
        pairs = sorted(held.items())
        count, late = kept(
            "oversight-late-counted",
            (case_record.record_type, _digest(pairs), cutoff.isoformat()),
            functools.partial(_late, case_record.record_type, [pk for pk, _ in pairs], cutoff),
            on=stamp.CASEWORK,
        )
        total += count
        late = late[:shown]
        found = {r.pk: r for r in case_record.readable(user).filter(pk__in=[pk for pk, _ in late])}
        workers = {u.pk: str(u) for u in User.objects.filter(pk__in={held[pk] for pk, _ in late})}
        for record_id, since in late:
            record = found.get(record_id)
            if record is None:
                continue
            rows.append(
                (
                    since,
                    CaseRow(
                        record_type=case_record.record_type,
                        record_id=record_id,
                        kind=str(case_record.label),
                        name=case_record.describe(record),
                        url=case_record.url(record),
                        worker=workers.get(held[record_id], ""),
                        on=since,
                    ),
                )
            )
    rows.sort(key=lambda pair: pair[0])
    return total, [row for _, row in rows[:shown]]


def _digest(pairs: list[tuple[int, int]]) -> str:
    return hashlib.sha256(repr(pairs).encode()).hexdigest()


def _late(record_type: str, held: list[int], cutoff: date) -> tuple[int, list[tuple[int, date]]]:
    """How many of the held records are late, and (record, since) of the
    held records whose last oversight (or, with none, their first
    allocation) is before the cutoff, longest first, as
    many as a list shows: kept between requests while the notes and the
    allocations stay the same (nas.performance.cache)."""
    last = dict(
        CaseNote.objects.filter(
            record_type=record_type,
            record_id__in=held,
            kind=NoteKind.MANAGEMENT_OVERSIGHT,
            archived_at__isnull=True,
        )
        .values("record_id")
        .annotate(last=Max("contact_on"))
        .values_list("record_id", "last")
    )
    first = dict(
        Allocation.objects.filter(record_type=record_type, record_id__in=held)
        .values("record_id")
        .annotate(first=Min("started_at"))
        .values_list("record_id", "first")
    )
    late = []
    for record_id in held:
        since = last.get(record_id) or first[record_id].date()
        if since < cutoff:
            late.append((record_id, since))
    late.sort(key=lambda pair: pair[1])
    return len(late), late[:SHOWN]
