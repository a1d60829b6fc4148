"""Small display helpers for family finding's pages."""

from __future__ import annotations

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
