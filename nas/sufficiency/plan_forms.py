from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nas.core.forms import DateField
from nas.performance import measures
from nas.performance.models import Intervention
from nas.sufficiency.models import Progress


def _measure_choices() -> list[tuple[str, str]]:
    return [(m.code, f"{m.code}: {m.name}") for m in measures.MEASURES]


class ActionForm(forms.Form):
    measure = forms.ChoiceField(
        label=_("Measure the action is for"),
        choices=_measure_choices,
        error_messages={"required": _("Choose the measure the action is for")},
    )
    title = forms.CharField(
        label=_("Action"), max_length=200, error_messages={"required": _("Enter the action")}
    )
    owner = forms.CharField(
        label=_("Owner"), max_length=120, error_messages={"required": _("Enter who owns the action")}
    )
    due_on = DateField(
        label=_("Due by"), error_messages={"required": _("Enter the date the action is due by")}
    )
    expected_effect = forms.CharField(
        label=_("Expected effect on the measure"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the effect expected on the measure")},
    )
    intervention = forms.ModelChoiceField(
        label=_("Intervention it answers (optional)"),
        queryset=Intervention.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, region_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["intervention"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Intervention.objects.filter(region_id=region_id, status="open")


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How is it going?"),
        choices=Progress.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the action is going")},
    )
    note = forms.CharField(
        label=_("What was done this month"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter what was done this month")},
    )
