"""Renders any form field the GOV.UK way, so one form template serves every
adoption support form: radios and checkboxes in a fieldset, a single
checkbox, or a labelled input."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.template.loader import render_to_string

from nas.core.forms import ChooserField
from nas.core.templatetags.govuk import govuk_choices, govuk_chooser, govuk_field

register = template.Library()


@register.simple_tag(takes_context=True)
def support_field(context: template.Context, field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(field.field, ChooserField):
        return render_to_string("includes/chooser.html", govuk_chooser(context, field))
    if isinstance(widget, forms.HiddenInput):
        return str(field)
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return render_to_string("includes/choices.html", govuk_choices(field))
    if isinstance(widget, forms.CheckboxInput):
        return render_to_string("support/includes/checkbox.html", {"field": field})
    width = "10" if isinstance(field.field, (forms.DateField, forms.IntegerField, forms.DecimalField)) else ""
    return render_to_string("includes/field.html", govuk_field(field, width=width))


@register.filter
def label_of(choices: Any, value: Any) -> Any:
    """The label of a coded value, e.g. {{ codes.Veto|label_of:case.veto }}."""
    return dict(choices).get(value, value)
