"""Small display helpers for family finding's pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def pounds(amount: int | None) -> str:
    """Whole pounds as money, e.g. £27,000 (grouped as the reader's language groups)."""
    if amount is None:
        return "–"
    return f"£{number_format(amount, 0, force_grouping=True)}"


@register.filter
def pence_as_pounds(pence: int | None) -> str:
    if pence is None:
        return "–"
    return pounds(pence // 100)


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.0f}%"


@register.filter
def group_name(group: Any) -> str:
    """An equity group in words: a region's name, not its code; an ethnicity's
    name, not its SSDA903 code (the report keeps the codes, which do not change
    with the language it was worked out in)."""
    from nas.children.codes import Ethnicity
    from nas.organisations.models import Organisation

    if group.dimension == "region":
        found = Organisation.objects.filter(code=group.group).first()
        return found.name if found else str(group.group)
    if group.dimension == "ethnicity" and group.group in Ethnicity.values:
        return f"{Ethnicity(group.group).label} ({group.group})"
    return str(group.group)
