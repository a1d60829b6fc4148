"""GOV.UK Design System form fields for Django forms: label, hint, error
message and the input with the right classes and aria-describedby."""

from __future__ import annotations

from typing import Any

from django import forms, template

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
    """A search step for a ChooserField: the search box and its button, and
    the matches as radios. The box and the button belong to the page's own
    form: searching posts the whole form (nas.core.forms.is_search), so what
    is typed and chosen elsewhere on the page, another search step's choice
    included, is kept. A link may open the page with a search made
    (`?<name>-q=`)."""
    chooser = field.field
    assert isinstance(chooser, ChooserField)
    request = context.get("request")
    name = f"{field.html_name}-q"
    source: Any = field.form.data if field.form.is_bound else (request.GET if request else {})
    term = str(source.get(name, "")).strip()[:100]
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
    }
