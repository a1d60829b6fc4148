"""`{% documents_link "children.child" child %}`: the link to a record's
documents, with how many there are, for those who may read them."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from nas.documents import subjects
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
    }
