from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nas.sufficiency.forecast import HORIZONS, WhatIf


class ForecastForm(forms.Form):
    """How far ahead, and the what-if questions."""

    horizon = forms.TypedChoiceField(
        label=_("Quarters ahead"),
        choices=[(h, str(h)) for h in HORIZONS],
        coerce=int,
        required=False,
        initial=4,
    )
    recruitment = forms.IntegerField(
        label=_("Recruitment up by (%)"),
        help_text=_("More households starting Stage 1 each quarter, for example 20"),
        min_value=-90,
        max_value=300,
        required=False,
    )
    stage_two_weeks = forms.IntegerField(
        label=_("Stage 2 shorter by (weeks)"),
        help_text=_("On average, from Stage 2's start to the decision"),
        min_value=0,
        max_value=52,
        required=False,
    )
    siblings = forms.IntegerField(
        label=_("More sibling groups placed together (percentage points)"),
        help_text=_("Of the children waiting, how many more are in sibling groups to be placed together"),
        min_value=0,
        max_value=100,
        required=False,
    )

    def chosen(self) -> tuple[int, WhatIf]:
        """The horizon and what-if asked for (the plain forecast when the form is not valid)."""
        if not self.is_valid():
            return 4, WhatIf()
        data = self.cleaned_data
        return data.get("horizon") or 4, WhatIf(
            recruitment=float(data.get("recruitment") or 0),
            stage_two_weeks=float(data.get("stage_two_weeks") or 0),
            siblings=float(data.get("siblings") or 0),
        )
