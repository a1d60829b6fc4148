"""`{% casework_links "children.child" child %}`: the links from a record's
page to its case notes, chronology, tasks and allocation (with who holds it),
for those who may read them; and `lookup` for tables keyed by kind."""

from __future__ import annotations

from typing import Any

from django import template

from nas.casework import records
from nas.casework.policies import current_allocations, may_allocate

register = template.Library()


@register.filter
def lookup(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.inclusion_tag("casework/_casework_links.html", takes_context=True)
def casework_links(context: template.Context, record_type: str, record: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    case_record = records.get(record_type)
    if user is None or case_record is None or record is None:
        return {"show": False}
    if not case_record.readable(user).filter(pk=record.pk).exists():
        return {"show": False}
    allocated = record_type in records.ALLOCATED_TYPES
    current = (
        current_allocations()
        .filter(record_type=record_type, record_id=record.pk)
        .select_related("worker")
        .first()
        if allocated
        else None
    )
    return {
        "show": True,
        "casework_type": record_type,
        "casework_record": record,
        "notes": record_type in records.NOTE_TYPES,
        "allocated": allocated,
        "current": current,
        "may_allocate": allocated and may_allocate(user, case_record, record),
    }
