"""`{% documents_link "children.child" child %}`: the link to a record's
documents, with how many there are, for those who may read them."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from nas.documents import generated, subjects
from nas.documents.selectors import counts_by_record

register = template.Library()


@register.inclusion_tag("documents/link.html", takes_context=True)
def documents_link(context: template.Context, record_type: str, record: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    subject = subjects.get(record_type)
    if user is None or subject is None or record is None:
        return {"show": False}
    if not subject.readable(user).filter(pk=record.pk).exists():
        return {"show": False}
    count = counts_by_record(user, record_type, [record.pk]).get(record.pk, 0)
    return {
        "show": True,
        "href": reverse("documents:list", args=[record_type, record.pk]),
        "count": count,
        "standard": _standard(user, record_type, record),
    }


def _standard(user: Any, record_type: str, record: Any) -> list[tuple[str, str]]:
    """The service's standard documents filled from this record: (label, address)."""
    found: list[tuple[str, Any]] = []
    if record_type == "children.child":
        found.append(("child-summary", record))
        found += [
            ("placement-plan-cover", link)
            for link in generated.TEMPLATES["placement-plan-cover"]
            .readable(user)
            .filter(child=record, placed_on__isnull=False)
        ]
    elif record_type == "adopters.household":
        found += [
            ("decision-letter", d)
            for d in generated.TEMPLATES["decision-letter"].readable(user).filter(subject_id=record.pk)
        ]
    elif record_type == "panels.meeting":
        found += [
            ("panel-recommendation", item)
            for item in generated.TEMPLATES["panel-recommendation"].readable(user).filter(meeting=record)
        ]
    links = []
    for key, source in found:
        label = str(generated.TEMPLATES[key].label)
        if key == "panel-recommendation":
            label = f"{label}: {source.subject_label}"
        elif key == "decision-letter":
            label = f"{label} ({source.decided_on:%d/%m/%Y})"
        links.append((label, reverse("documents:generated", args=[key, source.pk])))
    return links
