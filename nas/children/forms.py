from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from nas.children import codes
from nas.children.journey import MilestoneKind
from nas.children.models import Child
from nas.children.ssda903 import is_case_reference
from nas.core.forms import DateField
from nas.organisations.models import Organisation, OrganisationKind

CHILD_FIELDS = [
    "case_reference",
    "first_names",
    "last_name",
    "former_names",
    "date_of_birth",
    "sex",
    "ethnicity",
    "religion",
    "language",
    "legal_status",
    "early_permanence",
    "health_needs",
    "developmental_needs",
    "behavioural_needs",
    "disability",
    "needs_summary",
    "contact_plan",
    "location_limits",
    "avoid_authorities",
    "team",
    "social_worker",
]


class ChildForm(forms.ModelForm):
    date_of_birth = DateField(
        label=_("Date of birth"), error_messages={"required": _("Enter the date of birth")}
    )

    class Meta:
        model = Child
        fields = CHILD_FIELDS
        error_messages = {
            "case_reference": {"required": _("Enter the case reference from your case system")},
            "first_names": {"required": _("Enter the child's first names")},
            "last_name": {"required": _("Enter the child's last name")},
            "sex": {"required": _("Choose the child's sex")},
            "ethnicity": {"required": _("Choose the child's ethnicity")},
        }
        widgets = {
            "needs_summary": forms.Textarea(attrs={"rows": 4}),
            "location_limits": forms.Textarea(attrs={"rows": 2}),
            "former_names": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, authority: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_names"].required = True
        self.fields["last_name"].required = True
        cast(
            forms.ModelMultipleChoiceField, self.fields["avoid_authorities"]
        ).queryset = Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY)
        self.fields["avoid_authorities"].widget = forms.CheckboxSelectMultiple()
        cast(forms.ModelMultipleChoiceField, self.fields["avoid_authorities"]).choices = [
            (o.pk, o.name)
            for o in Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY).order_by("name_en")
        ]
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = authority.teams.all()
        cast(forms.ModelChoiceField, self.fields["social_worker"]).queryset = authority.staff.filter(
            is_active=True, roles__role="social_worker"
        )
        self.fields["legal_status"].required = False

    def clean_case_reference(self) -> str:
        reference = str(self.cleaned_data["case_reference"]).strip()
        if not is_case_reference(reference):
            raise forms.ValidationError(
                _(
                    "This is not a case reference: use up to 40 letters and digits, with hyphens, "
                    "slashes, underscores, full stops or single spaces between them"
                )
            )
        return reference


class NewChildForm(ChildForm):
    entered_care = DateField(
        label=_("Date the child entered care"),
        error_messages={"required": _("Enter the date the child entered care")},
    )

    class Meta(ChildForm.Meta):
        fields = [*CHILD_FIELDS[:4], "entered_care", *CHILD_FIELDS[4:]]


class EditChildForm(ChildForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MilestoneForm(forms.Form):
    date = DateField(label=_("Date"), error_messages={"required": _("Enter the date")})
    version = forms.IntegerField(widget=forms.HiddenInput)
    basis = forms.ChoiceField(
        label=_("Authority to place"), choices=[("", "")] + list(codes.AuthorityBasis.choices), required=False
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "")], required=False)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    placement_area = forms.ChoiceField(
        label=_("Where do the adopters live?"),
        choices=codes.PlacementArea.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose where the child is placed"),
            "invalid_choice": _("Choose where the child is placed"),
        },
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind != MilestoneKind.AUTHORITY_TO_PLACE:
            del self.fields["basis"]
        if kind != MilestoneKind.PLACED:
            del self.fields["placement_area"]
        if kind == MilestoneKind.PLAN_CHANGED:
            cast(forms.ChoiceField, self.fields["reason"]).choices = [("", "")] + list(
                codes.PlanChangeReason.choices
            )
        elif kind == MilestoneKind.DISRUPTED:
            cast(forms.ChoiceField, self.fields["reason"]).choices = [("", "")] + list(
                codes.DisruptionReason.choices
            )
        else:
            del self.fields["reason"]
            del self.fields["note"]

    def detail(self) -> dict[str, Any]:
        found = {k: v for k, v in self.cleaned_data.items() if k in {"basis", "reason", "note"}}
        if self.kind == MilestoneKind.PLACED:
            # Recorded by hand, with no link to a household (nas.matching records the rest).
            found = {
                "household": None,
                "household_owner": "",
                "household_region": "",
                "placement_area": self.cleaned_data["placement_area"],
                "inter_agency_fee_pence": None,
            }
        return found


class CorrectionForm(forms.Form):
    date = DateField(label=_("Correct date"), error_messages={"required": _("Enter the correct date")})
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the reason for the correction")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the reason")},
    )


class SiblingGroupForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the group"),
        max_length=120,
        error_messages={"required": _("Enter a name for the group")},
    )
    # Chosen one at a time by the search step of the page (nas.children.selectors.sibling_group_draft)
    # and carried in hidden fields, so hundreds of children are never listed at once.
    children = forms.ModelMultipleChoiceField(
        label=_("Children in the group"),
        queryset=Child.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": _("Choose at least two children for a sibling group"),
            "invalid_choice": _("Choose the children from your authority's children"),
        },
    )
    placed_together = forms.TypedChoiceField(
        label=_("Are the children to be placed together?"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes, together")), ("no", _("No, apart"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the children are to be placed together")},
    )
    reason_apart = forms.CharField(
        label=_("Why apart"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["children"]).queryset = candidates


class ImportForm(forms.Form):
    upload = forms.FileField(
        label=_("Files to import"),
        help_text=_(
            "One CSV or Excel file in the children layout, or the SSDA903 tables (Header, Episodes, "
            "PlacedAdoption, AD1) as CSV files. The return's other tables may come too: they are skipped."
        ),
        widget=forms.ClearableFileInput(attrs={"allow_multiple_selected": True, "accept": ".csv,.xlsx"}),
        error_messages={"required": _("Choose a file to import")},
    )
    mode = forms.ChoiceField(
        label=_("If some children have problems"),
        choices=[
            ("all", _("Import nothing until every problem is fixed")),
            ("partial", _("Import the children with no problem and list the others")),
        ],
        initial="all",
        required=False,
        widget=forms.RadioSelect,
    )


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()
