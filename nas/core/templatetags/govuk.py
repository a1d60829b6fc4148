"""GOV.UK Design System form fields for Django forms: label, hint, error
message and the input with the right classes and aria-describedby."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.http import QueryDict

from nas.core.forms import ChooserField, DateInput, date_boxes
from nas.core.forms import error_anchor as _error_anchor

register = template.Library()

_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.FileInput: "govuk-file-upload",
}


@register.inclusion_tag("includes/field.html")
def govuk_field(field: forms.BoundField, width: str = "", label_class: str = "") -> dict[str, Any]:
    widget = field.field.widget
    if isinstance(widget, DateInput):
        return {"field": field, "boxes": date_boxes(field), "id": field.auto_id}
    css = next((c for kind, c in _CLASSES.items() if isinstance(widget, kind)), "govuk-input")
    if field.errors:
        css += f" {css}--error"
    if width:
        css += f" govuk-input--width-{width}"
    described_by = []
    if field.help_text:
        described_by.append(f"{field.id_for_label}-hint")
    if field.errors:
        described_by.append(f"{field.id_for_label}-error")
    attrs: dict[str, str | bool] = {"class": css}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return {"field": field, "widget": field.as_widget(attrs=attrs), "label_class": label_class}


@register.inclusion_tag("includes/choices.html")
def govuk_choices(
    field: forms.BoundField, legend_class: str = "govuk-fieldset__legend--s", inline: bool = False
) -> dict[str, Any]:
    """Radios or checkboxes in a fieldset, as the GOV.UK components lay them out
    (side by side with `inline`, for short choices)."""
    multiple = isinstance(field.field.widget, forms.CheckboxSelectMultiple)
    value = field.value()
    selected = (
        {str(v) for v in value}
        if isinstance(value, (list, tuple))
        else {str(value)}
        if value not in (None, "")
        else set()
    )
    items = [
        {
            "id": f"{field.auto_id}_{i}",
            "value": str(choice_value),
            "label": label,
            "checked": str(choice_value) in selected,
        }
        for i, (choice_value, label) in enumerate(getattr(field.field, "choices", []))
        if str(choice_value) != ""
    ]
    return {
        "field": field,
        "items": items,
        "multiple": multiple,
        "legend_class": legend_class,
        "inline": inline,
    }


@register.filter
def field_value(form: forms.Form, name: str) -> Any:
    return form[name].value()


@register.filter
def error_anchor(field: forms.BoundField) -> str:
    return _error_anchor(field)


@register.inclusion_tag("includes/chooser.html", takes_context=True)
def govuk_chooser(context: template.Context, field: forms.BoundField) -> dict[str, Any]:
    """A search step for a ChooserField: the search box (in the page's GET
    form, see chooser_forms) and the matches as radios."""
    chooser = field.field
    assert isinstance(chooser, ChooserField)
    request = context.get("request")
    term = (request.GET.get(f"{field.html_name}-q", "") if request else "").strip()[:100]
    selected = field.value()
    records, total = chooser.matches(term, selected)
    items = [
        {
            "id": f"{field.auto_id}_{i}",
            "value": str(record.pk),
            "label": chooser.describe(record),
            "checked": str(record.pk) == str(selected),
        }
        for i, record in enumerate(records)
    ]
    return {
        "field": field,
        "items": items,
        "term": term,
        "total": total,
        "more": total > len(items),
        "search_hint": chooser.search_hint,
        "form_id": f"{field.auto_id}-search",
    }


@register.inclusion_tag("includes/chooser_forms.html", takes_context=True)
def chooser_forms(context: template.Context, form: forms.BaseForm) -> dict[str, Any]:
    """The GET form each search step's box and button belong to (HTML's form
    attribute), placed after the page's own form since forms do not nest. It
    carries the page's other query parameters, so one search keeps another."""
    request = context.get("request")
    query: Any = request.GET if request else QueryDict()
    searches = []
    for field in form:
        if isinstance(field.field, ChooserField):
            name = f"{field.html_name}-q"
            keep = [(k, v) for k in query for v in query.getlist(k) if k not in (name, "page")]
            searches.append({"id": f"{field.auto_id}-search", "keep": keep})
    return {"searches": searches}
