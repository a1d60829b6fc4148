from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from nas.accounts.roles import Role
from nas.adopters import codes, services
from nas.adopters.journey import REASONED
from nas.adopters.models import Household, HouseholdMember
from nas.children.codes import ContactPlan, Ethnicity, NeedLevel
from nas.core.forms import DateField
from nas.organisations.models import Organisation, OrganisationKind

HOUSEHOLD_FIELDS = [
    "kind",
    "assessor",
    "residence_authority",
    "address",
    "email",
    "phone",
    "language",
    "ethnicities",
    "religion",
]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _local_authorities() -> Any:
    return Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY).order_by("name_en")


class HouseholdForm(forms.ModelForm):
    ethnicities = forms.MultipleChoiceField(
        label=_("Ethnic backgrounds in the household (optional)"),
        help_text=_("Family finding weighs a shared heritage; it is never a bar."),
        choices=Ethnicity.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose only from the backgrounds listed")},
    )

    class Meta:
        model = Household
        fields = HOUSEHOLD_FIELDS
        widgets = {
            "kind": forms.RadioSelect,
            "language": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "kind": {"required": _("Choose the kind of adoption")},
            "email": {"invalid": _("Enter an email address like name@example.com")},
        }

    def __init__(self, *args: Any, owner: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assessor"]).queryset = owner.staff.filter(
            is_active=True, roles__role=Role.ADOPTER_ASSESSOR
        ).distinct()
        cast(forms.ModelChoiceField, self.fields["residence_authority"]).queryset = _local_authorities()
        self.fields["assessor"].required = False
        self.fields["residence_authority"].required = False


class NewHouseholdForm(HouseholdForm):
    enquiry_date = DateField(
        label=_("Date of the enquiry"), error_messages={"required": _("Enter the date of the enquiry")}
    )
    first_names = forms.CharField(
        label=_("First applicant's first names"),
        max_length=120,
        error_messages={"required": _("Enter the first applicant's first names")},
    )
    last_name = forms.CharField(
        label=_("First applicant's last name"),
        max_length=120,
        error_messages={"required": _("Enter the first applicant's last name")},
    )
    second_first_names = forms.CharField(
        label=_("Second applicant's first names"), max_length=120, required=False
    )
    second_last_name = forms.CharField(
        label=_("Second applicant's last name"), max_length=120, required=False
    )

    field_order = ["enquiry_date", "first_names", "last_name", "second_first_names", "second_last_name"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("second_first_names")) != bool(data.get("second_last_name")):
            self.add_error("second_last_name", _("Enter both names of the second applicant, or neither"))
        return data

    def applicants(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        people = [{"first_names": data["first_names"], "last_name": data["last_name"]}]
        if data.get("second_first_names"):
            people.append({"first_names": data["second_first_names"], "last_name": data["second_last_name"]})
        return people

    def household_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in HOUSEHOLD_FIELDS}


class EditHouseholdForm(HouseholdForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MemberForm(forms.ModelForm):
    date_of_birth = DateField(label=_("Date of birth"), required=False)
    # The household's version when the page was opened (optional in the API).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = HouseholdMember
        fields = ["role", "first_names", "last_name", "date_of_birth", "relationship"]
        widgets = {"role": forms.RadioSelect}
        error_messages = {
            "role": {"required": _("Choose the person's role in the household")},
            "first_names": {"required": _("Enter the person's first names")},
            "last_name": {"required": _("Enter the person's last name")},
        }


class MemberEditForm(MemberForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in services.MEMBER_FIELDS if name in self.cleaned_data}


class ApprovalRangeForm(forms.Form):
    age_min = forms.IntegerField(
        label=_("Youngest age of child (years)"),
        min_value=0,
        max_value=17,
        error_messages={"required": _("Enter the youngest age of child they could adopt")},
    )
    age_max = forms.IntegerField(
        label=_("Oldest age of child (years)"),
        min_value=0,
        max_value=17,
        error_messages={"required": _("Enter the oldest age of child they could adopt")},
    )
    max_children = forms.IntegerField(
        label=_("Most children at once"),
        min_value=1,
        max_value=6,
        error_messages={"required": _("Enter the most children they could adopt at once")},
    )
    sibling_group = forms.TypedChoiceField(
        label=_("Will they take a sibling group?"),
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether they will take a sibling group")},
    )
    health_needs = forms.ChoiceField(
        label=_("Health needs they can meet"),
        choices=NeedLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the level of needs they can meet")},
    )
    developmental_needs = forms.ChoiceField(
        label=_("Developmental needs they can meet"),
        choices=NeedLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the level of needs they can meet")},
    )
    behavioural_needs = forms.ChoiceField(
        label=_("Emotional and behavioural needs they can meet"),
        choices=NeedLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the level of needs they can meet")},
    )
    disability = forms.TypedChoiceField(
        label=_("Can they care for a disabled child?"),
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether they can care for a disabled child")},
    )
    contact = forms.MultipleChoiceField(
        label=_("Contact they can manage"),
        choices=ContactPlan.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the contact they can manage")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    review_on = DateField(
        label=_("Date of the review of the approval"),
        help_text=_("Once approved, the range changes only at a review of the approval."),
        error_messages={"required": _("Enter the date of the review")},
    )
    note = forms.CharField(
        label=_("What the review found (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, review: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not review:
            del self.fields["review_on"]
            del self.fields["note"]

    def changes(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {"version", "review_on", "note"}
        }

    def review(self) -> dict[str, Any]:
        return {
            "review_on": self.cleaned_data.get("review_on"),
            "note": self.cleaned_data.get("note", ""),
        }

    @classmethod
    def initial_for(cls, household: Household) -> dict[str, Any]:
        def yes_no(value: bool) -> str:
            return "yes" if value else "no"

        return {
            "age_min": household.age_min,
            "age_max": household.age_max,
            "max_children": household.max_children,
            "sibling_group": yes_no(household.sibling_group) if household.has_approval_range else None,
            "health_needs": household.health_needs,
            "developmental_needs": household.developmental_needs,
            "behavioural_needs": household.behavioural_needs,
            "disability": yes_no(household.disability) if household.has_approval_range else None,
            "contact": household.contact,
            "version": household.version,
        }


class MilestoneForm(forms.Form):
    date = DateField(label=_("Date"), error_messages={"required": _("Enter the date")})
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Reason"), choices=[], widget=forms.RadioSelect, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        code_set = REASONED.get(kind)
        if code_set is None:
            del self.fields["reason"]
        else:
            field = cast(forms.ChoiceField, self.fields["reason"])
            field.choices = services.REASON_CODES[code_set].choices
            field.required = True
            field.error_messages["required"] = _("Choose the reason")

    def detail(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in {"reason", "note"} and v}


class EnquiryForm(forms.Form):
    """The public enquiry form: nobody is signed in."""

    organisation = forms.ModelChoiceField(
        label=_("Who would you like to hear from?"),
        help_text=_("Your regional adoption service, or a voluntary adoption agency."),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose a region or an agency"),
        error_messages={
            "required": _("Choose a region or an agency"),
            "invalid_choice": _("Choose a region or an agency"),
        },
    )
    first_names = forms.CharField(
        label=_("First names"), max_length=120, error_messages={"required": _("Enter your first names")}
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=120, error_messages={"required": _("Enter your last name")}
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address like name@example.com"),
        },
    )
    phone = forms.CharField(label=_("Telephone number (optional)"), max_length=40, required=False)
    residence_authority = forms.ModelChoiceField(
        label=_("Which local authority do you live in? (optional)"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("I would rather not say"),
    )
    kind = forms.ChoiceField(
        label=_("What kind of adoption are you thinking of?"),
        choices=codes.HouseholdKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of adoption you are thinking of")},
    )
    message = forms.CharField(
        label=_("Anything you would like to tell us or ask (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the service may keep these details and contact me about adopting"),
        error_messages={
            "required": _("Agree that we may keep your details and contact you, or we cannot reply")
        },
    )
    # A field people never see: only robots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = services.enquiry_destinations()
        cast(forms.ModelChoiceField, self.fields["residence_authority"]).queryset = _local_authorities()
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "type": "tel"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["first_names"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
