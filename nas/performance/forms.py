"""Forms of the performance pages and API: they parse and check what a person
typed; the services apply the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nas.core.forms import DateField
from nas.organisations.models import Organisation
from nas.performance import measures
from nas.performance import periods as P


def _text(label: Any, message: Any, rows: int = 4, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message},
    )


def _date(label: Any, message: Any, required: bool = True) -> DateField:
    return DateField(label=label, required=required, error_messages={"required": message})


class PeriodField(forms.CharField):
    def __init__(self, kinds: tuple[str, ...], **kwargs: Any) -> None:
        self.kinds = kinds
        super().__init__(max_length=12, **kwargs)

    def clean(self, value: Any) -> P.Period | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        try:
            period = P.parse(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if period.kind not in self.kinds:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return period


#: Ended quarters offered in the list, newest first (five years).
QUARTERS_LISTED = 20


class QuarterForm(forms.Form):
    """The quarter, chosen from a list of the ended quarters (the latest
    first); a quarter given in the address is still read and listed."""

    quarter = PeriodField(
        (P.QUARTER,),
        label=_("Quarter"),
        required=False,
        error_messages={"invalid": _("Choose a quarter from the list")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from nas.performance.selectors import latest_complete_quarter

        listed = list(reversed(P.last_quarters(QUARTERS_LISTED, latest_complete_quarter())))
        given = self.data.get("quarter") if self.is_bound else None
        choices = [(q.code, q.label) for q in listed]
        if given and given not in {code for code, _label in choices}:
            choices.append((given, given))
        self.fields["quarter"].widget = forms.Select(choices=choices)


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommentaryForm(VersionedForm):
    commentary = _text(_("The region's commentary"), _("Enter the commentary"), rows=6, required=False)


class CorrectionForm(forms.Form):
    reason = _text(_("Why the submitted return needs correcting"), _("Enter the reason for the correction"))


def _measure_choices() -> list[tuple[str, str]]:
    return [(m.code, f"{m.code}: {m.name}") for m in measures.MEASURES]


class InterventionOpenForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Organisation.objects.regions().order_by("name_en"),
        empty_label=None,
        error_messages={"required": _("Choose a region"), "invalid_choice": _("Choose a region")},
    )
    measure = forms.ChoiceField(
        label=_("Measure the region falls short on"),
        choices=_measure_choices,
        error_messages={
            "required": _("Choose the measure the region falls short on"),
            "invalid_choice": _("Choose the measure the region falls short on"),
        },
    )
    concerns = _text(_("Concerns"), _("Enter the concerns"), rows=6)
    action = _text(_("First action of the plan"), _("Enter the first action of the plan"), rows=3)
    action_due_on = _date(_("Action to be done by"), _("Enter the date the action is to be done by"))
    review_on = _date(_("First review date"), _("Enter the first review date"))
    response_due_on = _date(_("The region's response is due by"), _("Enter the date the response is due by"))


class InterventionUpdateForm(VersionedForm):
    text = _text(_("Update"), _("Enter the update"))
    action = _text(_("New action (optional)"), "", rows=2, required=False)
    action_due_on = _date(_("New action to be done by"), "", required=False)
    review_on = _date(_("New review date (optional)"), "", required=False)
    response_due_on = _date(_("New date for the region's response (optional)"), "", required=False)


class InterventionRespondForm(VersionedForm):
    text = _text(_("The region's response"), _("Enter the region's response"), rows=6)
    done = forms.TypedMultipleChoiceField(
        label=_("Actions done"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, actions: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["done"].choices = actions or []  # type: ignore[attr-defined]


class InterventionReviewForm(VersionedForm):
    outcome = _text(_("Outcome of the review"), _("Enter the outcome of the review"))


class InterventionCloseForm(VersionedForm):
    note = _text(_("Why the intervention is being closed"), _("Enter why the intervention is being closed"))


class ReportForm(forms.Form):
    KINDS = (
        ("minister", _("Bi-annual report to the Minister")),
        ("board", _("Annual report to the National Board")),
    )
    FORMATS = (("pdf", _("PDF, with charts")), ("xlsx", _("Excel")))
    LANGUAGES = (("en", _("English")), ("cy", _("Welsh")))

    kind = forms.ChoiceField(
        label=_("Report"),
        choices=KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a report"), "invalid_choice": _("Choose a report")},
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=12,
        help_text=_("A half-year for the Minister (2025-26-H1) or a year for the Board (2025-26)"),
        error_messages={"required": _("Enter the period")},
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=FORMATS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a format"), "invalid_choice": _("Choose a format")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a language"), "invalid_choice": _("Choose a language")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, text = data.get("kind"), data.get("period")
        if kind and text:
            try:
                period = P.parse(text)
            except ValueError:
                period = None
            wanted = P.HALF if kind == "minister" else P.YEAR
            if period is None or period.kind != wanted:
                self.add_error(
                    "period",
                    _("Enter a half-year such as 2025-26-H1")
                    if kind == "minister"
                    else _("Enter a financial year such as 2025-26"),
                )
            else:
                data["period"] = period
        return data
