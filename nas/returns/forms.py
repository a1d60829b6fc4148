from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from nas.returns import services
from nas.returns.models import DETAIL_FIELDS, Ssda903Details
from nas.returns.ssda903 import CollectionYear

RADIOS = {"placed_with_foster_carers", "adoption_order_reason", "adopters_sex"}


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Collection year"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        last = services.current_collection_year()
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (
                year,
                _("%(period)s (1 April %(start)s to 31 March %(end)s)")
                % {"period": CollectionYear(year), "start": year - 1, "end": year},
            )
            for year in range(last, services.FIRST_YEAR - 1, -1)
        ]
        field.error_messages["invalid_choice"] = _("Choose a collection year from the list")
        field.error_messages["required"] = _("Choose a collection year")


class DetailsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Ssda903Details
        fields = DETAIL_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["upn"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        for name in DETAIL_FIELDS:
            field = self.fields[name]
            choices = getattr(Ssda903Details._meta.get_field(name), "choices", None)
            if isinstance(field, forms.ChoiceField) and choices:
                options = list(choices)
                if name in RADIOS:
                    field.choices = options
                    field.widget = forms.RadioSelect(choices=options)
                else:
                    field.choices = [("", _("Not recorded yet")), *options]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data.update(services.check_details(data))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        return data
