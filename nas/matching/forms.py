from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nas.children.codes import DisruptionReason
from nas.core.forms import DateField
from nas.matching import engine
from nas.matching.models import DeclineReason, FeeKind, HouseholdSharedField, LinkSide, SharedField


class ProfileForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    shared_fields = forms.MultipleChoiceField(
        label=_("What else to share"),
        help_text=_("Age band, number of children, needs, disability and region are always shared."),
        choices=SharedField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose only from the fields listed")},
    )
    about = forms.CharField(
        label=_("About the child"),
        help_text=_("What a family should know, in your own words. No names, schools or places."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _("Write no more than 2,000 characters")},
    )
    avoid_own_authority = forms.BooleanField(label=_("Not in the child's own authority"), required=False)
    avoid_neighbouring_authorities = forms.BooleanField(
        label=_("Not in the child's own authority or one next to it"), required=False
    )


class PublishForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    target = forms.ChoiceField(
        choices=[
            ("region", _("Publish to the region")),
            ("national", _("Publish on the national register")),
            ("withdraw", _("Withdraw from publication")),
        ],
        error_messages={"required": _("Choose where to publish the profile")},
    )


class WeightsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the reason for the change")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in engine.CRITERIA:
            self.fields[name] = forms.IntegerField(
                label=engine.CRITERION_LABELS[name],
                min_value=0,
                max_value=100,
                error_messages={
                    "required": _("Enter a whole number from 0 to 100"),
                    "invalid": _("Enter a whole number from 0 to 100"),
                    "min_value": _("Enter a whole number from 0 to 100"),
                    "max_value": _("Enter a whole number from 0 to 100"),
                },
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def weights(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in engine.CRITERIA}


class FeeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Who pays whom"),
        choices=FeeKind.choices,
        error_messages={"required": _("Choose who pays whom")},
    )
    children = forms.IntegerField(
        label=_("Number of children placed together"),
        min_value=1,
        max_value=10,
        error_messages={
            "required": _("Enter a number of children from 1 to 10"),
            "invalid": _("Enter a number of children from 1 to 10"),
            "min_value": _("Enter a number of children from 1 to 10"),
            "max_value": _("Enter a number of children from 1 to 10"),
        },
    )
    amount = forms.IntegerField(
        label=_("Fee in pounds"),
        min_value=1,
        max_value=1_000_000,
        error_messages={
            "required": _("Enter the fee in whole pounds, from £1 to £1,000,000"),
            "invalid": _("Enter the fee in whole pounds, from £1 to £1,000,000"),
            "min_value": _("Enter the fee in whole pounds, from £1 to £1,000,000"),
            "max_value": _("Enter the fee in whole pounds, from £1 to £1,000,000"),
        },
    )
    valid_from = DateField(
        label=_("For placements from"), error_messages={"required": _("Enter the date the rate starts")}
    )
    valid_to = DateField(label=_("For placements until (optional)"), required=False)
    source = forms.CharField(
        label=_("Source"),
        help_text=_("Where the rate comes from, so others can check it."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter where the rate comes from, so others can check it")},
    )


class HouseholdProfileForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    shared_fields = forms.MultipleChoiceField(
        label=_("What else to share"),
        help_text=_(
            "The approval range, the region they live in, who approved them and how long they have "
            "waited are always shared."
        ),
        choices=HouseholdSharedField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose only from the fields listed")},
    )
    about = forms.CharField(
        label=_("About the household"),
        help_text=_("What a child's worker should know, in your own words. No names, addresses or places."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _("Write no more than 2,000 characters")},
    )


class InterestForm(forms.Form):
    """Interest in a family for a child, or in a child for a family."""

    side = forms.ChoiceField(
        choices=LinkSide.choices,
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose whose side you express interest for")},
    )
    profile = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": _("Choose the child's profile")}
    )
    household = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": _("Choose the household's profile")}
    )
    note = forms.CharField(
        label=_("Why this could work (optional)"),
        help_text=_("The other side reads this. No names, schools or places."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Write no more than 2,000 characters")},
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class DeclineForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("Why are you declining?"),
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the reason for declining"),
            "invalid_choice": _("Choose the reason for declining"),
        },
    )
    feedback = forms.CharField(
        label=_("Your feedback"),
        help_text=_("The other side and family finding learn from it. No names, schools or places."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Enter your feedback: the other side and family finding learn from it"),
            "max_length": _("Write no more than 2,000 characters"),
        },
    )


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    date = DateField(label=_("Date"), error_messages={"required": _("Enter the date")})
    reason = forms.ChoiceField(
        label=_("Why did the placement end?"),
        choices=DisruptionReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, step: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if step == "disrupted":
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _("Choose why the placement ended")
        else:
            del self.fields["reason"]
            del self.fields["note"]


class NationalPlanForm(forms.Form):
    parity = forms.BooleanField(label=_("Use the parity guard"), required=False)
    floor = forms.DecimalField(
        label=_("Parity floor"),
        help_text=_(
            "Each protected group is matched at no less than this share of the rate of the other "
            "children, for example 0.8."
        ),
        min_value=Decimal("0.1"),
        max_value=Decimal("1"),
        decimal_places=2,
        required=False,
        error_messages={
            "invalid": _("Enter a number from 0.1 to 1, for example 0.8"),
            "min_value": _("Enter a number from 0.1 to 1, for example 0.8"),
            "max_value": _("Enter a number from 0.1 to 1, for example 0.8"),
            "max_decimal_places": _("Enter a number from 0.1 to 1, for example 0.8"),
        },
    )

    def floor_value(self) -> float:
        return float(self.cleaned_data.get("floor") or Decimal("0.8"))
