"""Form pieces every app shares: the GOV.UK date input (day, month and year
in three boxes) and its field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# A date sent as one value (the JSON API, a script, an older test): ISO first,
# then the day/month/year orders people type.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %m %Y"]
PARTS = ("day", "month", "year")


class DateInput(forms.Widget):
    """The GOV.UK date input: three boxes named `<name>-day`, `<name>-month`
    and `<name>-year` in a fieldset (https://design-system.service.gov.uk/components/date-input/).

    A single value under the field's own name is still read, so the API and
    anything that sends an ISO date keep working; the three boxes win when
    both are sent."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        parts = {part: str(data.get(f"{name}-{part}") or "").strip() for part in PARTS}
        if any(parts.values()):
            return parts
        if any(f"{name}-{part}" in data for part in PARTS):
            return ""
        return data.get(name)

    def id_for_label(self, id_: str) -> str:
        # A label or an error summary's link goes to the first box.
        return f"{id_}-day" if id_ else id_

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and not any(f"{name}-{part}" in data for part in PARTS)

    def parts(self, value: Any) -> dict[str, str]:
        """The three boxes' values: what was typed, or the date being edited."""
        if isinstance(value, dict):
            return {part: str(value.get(part, "")) for part in PARTS}
        if isinstance(value, str) and value:
            value = _parse(value) or value
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        return dict.fromkeys(PARTS, "")

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        # Pages render it through the govuk_field tag (nas/templates/includes/date_input.html);
        # this plain rendering is for anything else that prints the field.
        from django.template.loader import render_to_string

        id_ = (attrs or {}).get("id") or f"id_{name}"
        labels = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
        boxes = [
            {
                "part": part,
                "id": f"{id_}-{part}",
                "name": f"{name}-{part}",
                "value": typed,
                "label": labels[part],
                "width": 4 if part == "year" else 2,
            }
            for part, typed in self.parts(value).items()
        ]
        return render_to_string("includes/date_boxes.html", {"id": id_, "boxes": boxes})


def _parse(value: str) -> date | None:
    try:
        return forms.DateField(input_formats=DATE_FORMATS).to_python(value)
    except forms.ValidationError:
        return None


class DateField(forms.DateField):
    """A date typed in the GOV.UK date input (day, month, year), with its hint
    and its errors in the Design System's words: "… must include a month",
    "… must be a real date"."""

    widget = DateInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("help_text", _("For example, 27 3 2026"))
        super().__init__(**kwargs)
        self.error_messages["invalid"] = _("Enter a real date, for example 27 3 2026")

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, dict):
            missing = [part for part in PARTS if not value.get(part)]
            if len(missing) == len(PARTS):
                return super().to_python("")
            if missing:
                raise forms.ValidationError(_MISSING[tuple(missing)], code="incomplete")
            day, month, year = (value[part] for part in PARTS)
            if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
                if year.isdigit() and len(year) != 4:
                    raise forms.ValidationError(_("The year must include 4 numbers"), code="invalid")
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(value)

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            data = self.to_python(data)
        except forms.ValidationError:
            return True
        return super().has_changed(initial, data)


_MISSING = {
    ("day",): _("The date must include a day"),
    ("month",): _("The date must include a month"),
    ("year",): _("The date must include a year"),
    ("day", "month"): _("The date must include a day and month"),
    ("day", "year"): _("The date must include a day and year"),
    ("month", "year"): _("The date must include a month and year"),
}


def date_boxes(field: forms.BoundField) -> list[dict[str, Any]]:
    """The three boxes of a bound date field, each with its id, name, value,
    width and whether it is the part in error (every part when the date as a
    whole is wrong; only the missing ones when some are missing)."""
    widget = field.field.widget
    assert isinstance(widget, DateInput)
    parts = widget.parts(field.value())
    typed = (
        widget.value_from_datadict(field.form.data, None, field.html_name) if field.form.is_bound else None
    )
    missing = {part for part in PARTS if not parts[part]} if isinstance(typed, dict) else set()
    in_error = missing or set(PARTS) if field.errors else set()
    labels = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
    return [
        {
            "part": part,
            "id": f"{field.auto_id}-{part}",
            "name": f"{field.html_name}-{part}",
            "value": parts[part],
            "label": labels[part],
            "width": 4 if part == "year" else 2,
            "error": part in in_error,
        }
        for part in PARTS
    ]


def error_anchor(field: forms.BoundField) -> str:
    """Where an error summary's link for this field goes: the first radio or
    checkbox, the first date box in error, or the input itself."""
    widget = field.field.widget
    if isinstance(field.field, ChooserField):
        return f"{field.auto_id}-q"
    if isinstance(widget, DateInput):
        return next((box["id"] for box in date_boxes(field) if box["error"]), f"{field.auto_id}-day")
    if getattr(widget, "input_type", "") in ("checkbox", "radio"):
        return f"{field.auto_id}_0"
    return str(field.id_for_label)


# --- Choosing a person or record from many: a search step -----------------

#: How many matches a search step lists at once.
CHOOSER_LIMIT = 20


class ChooserInput(forms.RadioSelect):
    """The radios of a search step (rendered by the govuk_chooser tag)."""


class ChooserField(forms.ModelChoiceField):
    """One record chosen from many by a search step: a search box, then radios
    listing the matches with enough to tell people apart (name, date of birth,
    reference). It works without JavaScript: the search box belongs to a small
    GET form of its own (`<name>-q`), so searching reloads the page with the
    matches listed. Every id the scoped queryset holds is accepted; one outside
    it is "not found", whatever the page listed.

    `search(queryset, term)` narrows the queryset to the matches;
    `describe(record)` is the radio's label."""

    widget = ChooserInput

    def __init__(
        self,
        *,
        search: Any,
        describe: Any,
        search_hint: Any = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("queryset", None)
        kwargs.setdefault("empty_label", None)
        super().__init__(**kwargs)
        self.search = search
        self.describe = describe
        self.search_hint = search_hint or _("Search by name, date of birth or reference")

    def matches(self, term: str, selected: Any) -> tuple[list[Any], int]:
        """At most CHOOSER_LIMIT matches of `term` (with the record already
        chosen first), and how many matched in all; with no term, the whole
        list when it is short, else only the record already chosen."""
        qs = self.queryset
        assert qs is not None
        chosen = []
        if selected not in (None, ""):
            try:
                chosen = list(qs.filter(pk=int(selected)))
            except (TypeError, ValueError):
                chosen = []
        found = self.search(qs, term) if term else qs
        rows = list(found[: CHOOSER_LIMIT + 1])
        total = len(rows) if len(rows) <= CHOOSER_LIMIT else found.count()
        if not term and total > CHOOSER_LIMIT:
            return chosen, 0
        listed = chosen + [r for r in rows[:CHOOSER_LIMIT] if r not in chosen]
        return listed, total


def name_search(qs: Any, term: str, *, names: tuple[str, ...], born: str = "", reference: str = "") -> Any:
    """Records whose names hold every word typed, or born on the date typed
    (27/3/2015, 27 3 2015, 2015-03-27), or with the reference typed."""
    from django.db.models import Q

    term = term.strip()[:100]
    day = _parse(term) if born else None
    if day is not None:
        return qs.filter(**{born: day})
    query = Q()
    for word in term.split()[:5]:
        query &= Q(*[Q(**{f"{name}__icontains": word}) for name in names], _connector=Q.OR)
    if reference:
        query |= Q(**{f"{reference}__iexact": term})
    if term.isdigit():
        query |= Q(pk=int(term))
    return qs.filter(query)


#: The name of a search step's buttons (and of the add and remove buttons of a
#: list being made): a POST that carries one of them shows the page again with
#: the matches, keeping everything typed and chosen on it, and saves nothing.
SEARCH = "search"


def is_search(request: Any) -> bool:
    """A POST from a search step's button: show the page again, save nothing."""
    return request.method == "POST" and SEARCH in request.POST


def keep_quiet(form: forms.BaseForm) -> forms.BaseForm:
    """A bound form shown again while searching: what was typed and chosen
    stays on the page, and no error is shown for what is not filled in yet."""
    quiet: Any = form
    quiet._errors = forms.utils.ErrorDict()
    return form
