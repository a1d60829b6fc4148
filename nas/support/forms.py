"""Forms for adoption support: they parse and check what a person typed, for
the pages and the API alike; the services then apply the rules."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from nas.accounts.models import User
from nas.children.models import Child, PostAdoptionRecord
from nas.children.policies import children as child_policy
from nas.core.forms import ChooserField, DateField, name_search
from nas.organisations.models import Organisation
from nas.support import codes
from nas.support.models import LetterboxAgreement, LetterboxParty, SupportCase, SupportPerson
from nas.support.policies import SUPPORT_ROLES


def _date(label: Any, message: Any, required: bool = True) -> DateField:
    return DateField(label=label, required=required, error_messages={"required": message})


def _text(
    label: Any, message: Any = None, rows: int = 4, required: bool = True, **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=kwargs.pop("max_length", 10_000),
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message} if message else {},
        **kwargs,
    )


def _choice(label: Any, choices: Any, message: Any, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": message, "invalid_choice": message},
    )


def support_staff(region: Organisation) -> QuerySet[User]:
    return (
        User.objects.filter(organisation=region, is_active=True, roles__role__in=SUPPORT_ROLES)
        .distinct()
        .order_by("last_name", "first_name")
    )


def _search_people(qs: QuerySet[SupportPerson], term: str) -> QuerySet[SupportPerson]:
    return name_search(qs, term, names=("first_names", "last_name"), born="date_of_birth")


def describe_person(person: SupportPerson) -> str:
    """Enough to tell two people of one name apart: date of birth, who they
    are, and their number in the service."""
    born = (
        _("born %(date)s") % {"date": formats.date_format(person.date_of_birth, "j F Y")}
        if person.date_of_birth
        else _("date of birth not known")
    )
    return f"{person} – {born} – {person.get_kind_display()} – " + str(
        _("person %(number)s") % {"number": person.pk}
    )


def person_chooser(label: Any, message: Any) -> ChooserField:
    return ChooserField(
        label=label,
        queryset=SupportPerson.objects.none(),
        search=_search_people,
        describe=describe_person,
        search_hint=_("Search by name or date of birth, for example Megan Jones or 27 3 1980"),
        error_messages={"required": message, "invalid_choice": message},
    )


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


# --- People ----------------------------------------------------------------


class PersonForm(forms.ModelForm):
    date_of_birth = DateField(label=_("Date of birth"), required=False)
    adoption_date = DateField(
        label=_("Date of the adoption order"),
        required=False,
        help_text=_("For an adopted person. For example, 27 3 1974"),
    )
    child_record = forms.CharField(
        label=_("Child's record in Wales (optional)"),
        required=False,
        max_length=40,
        help_text=_(
            "The post-adoption reference (PA-…) from the child's authority, or the profile number of a "
            "child referred to your region."
        ),
    )

    class Meta:
        model = SupportPerson
        fields = [
            "kind",
            "first_names",
            "last_name",
            "date_of_birth",
            "address",
            "phone",
            "email",
            "adoption_date",
        ]
        widgets = {"kind": forms.RadioSelect, "address": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "kind": {
                "required": _("Choose who this person is"),
                "invalid_choice": _("Choose who this person is"),
            },
            "first_names": {"required": _("Enter their first names")},
            "last_name": {"required": _("Enter their last name")},
            "email": {"invalid": _("Enter an email address like name@example.com")},
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = list(codes.PersonKind.choices)  # type: ignore[attr-defined]
        instance = kwargs.get("instance")
        if instance is not None and instance.child_id and not self.is_bound:
            record = PostAdoptionRecord.objects.filter(child_id=instance.child_id).first()
            self.initial["child_record"] = record.reference if record else str(instance.child_id)

    def clean_child_record(self) -> Child | None:
        value = self.cleaned_data["child_record"].strip()
        if not value:
            return None
        # Both ways go through the children's access policy: a reference to a child outside
        # this person's scope is "not found", exactly like one that does not exist.
        visible = child_policy.scope(self.user)
        if value.upper().startswith("PA-"):
            child = visible.filter(post_adoption_record__reference__iexact=value).first()
            if child is not None:
                return child
        elif value.isdigit():
            child = visible.filter(pk=int(value)).first()
            if child is not None:
                return child
        raise forms.ValidationError(
            _("No child's record matches. Check the post-adoption reference or the profile number.")
        )


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


# --- Support cases -----------------------------------------------------------


class CaseForm(forms.Form):
    person = person_chooser(_("Who the support is for"), _("Choose who the support is for"))
    requested_on = _date(_("Date support was requested"), _("Enter the date support was requested"))
    request_summary = _text(_("What was asked for"), _("Enter what was asked for"))
    worker = forms.ModelChoiceField(
        label=_("Support worker"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a support worker of your region")},
    )

    def __init__(
        self, *args: Any, people: QuerySet[SupportPerson], region: Organisation, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people
        cast(forms.ModelChoiceField, self.fields["worker"]).queryset = support_staff(region)


class CaseEditForm(VersionedForm):
    worker = forms.ModelChoiceField(
        label=_("Support worker"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a support worker of your region")},
    )
    request_summary = _text(_("What was asked for"), _("Enter what was asked for"))
    placing_authority = forms.ModelChoiceField(
        label=_("Placing authority"),
        queryset=Organisation.objects.local_authorities().order_by("name_en"),
        required=False,
        error_messages={"invalid_choice": _("Choose a local authority")},
    )
    receiving_authority = forms.ModelChoiceField(
        label=_("Authority where the adoptive family lives"),
        queryset=Organisation.objects.local_authorities().order_by("name_en"),
        required=False,
        error_messages={"invalid_choice": _("Choose a local authority")},
    )
    consulted_on = DateField(label=_("Date the receiving authority was consulted in writing"), required=False)

    FIELDS = ["worker", "request_summary", "placing_authority", "receiving_authority", "consulted_on"]

    def __init__(self, *args: Any, region: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["worker"]).queryset = support_staff(region)

    @classmethod
    def initial_for(cls, case: SupportCase) -> dict[str, Any]:
        return {
            "version": case.version,
            "worker": case.worker_id,
            "request_summary": case.request_summary,
            "placing_authority": case.placing_authority_id,
            "receiving_authority": case.receiving_authority_id,
            "consulted_on": case.consulted_on,
        }


class AssessmentForm(VersionedForm):
    assessed_on = _date(
        _("Date the assessment was completed"), _("Enter the date the assessment was completed")
    )
    needs_statement = _text(_("Statement of needs"), _("Enter the statement of needs"), rows=6)
    proposal = _text(
        _("Services proposed"), _("Enter the services proposed, or say that none are proposed"), rows=4
    )
    notice_sent_on = _date(_("Date notice of the proposal was sent"), _("Enter the date the notice was sent"))
    representations_by = _date(
        _("Representations to be made by"), _("Enter the date by which representations may be made")
    )


class DecisionForm(VersionedForm):
    representations_on = DateField(
        label=_("Date the person made representations or said they were satisfied (if they did)"),
        required=False,
    )
    decided_on = _date(_("Date of the decision"), _("Enter the date of the decision"))
    decision = _choice(_("Decision"), codes.Decision.choices, _("Choose the decision"))


class ServiceForm(VersionedForm):
    kind = _choice(_("Service"), codes.ServiceKind.choices, _("Choose the service"))
    detail = _text(_("What will be provided"), _("Enter what will be provided"), rows=3)
    provider = forms.CharField(
        label=_("Who provides it"), max_length=200, error_messages={"required": _("Enter who provides it")}
    )
    starts_on = _date(_("Start date"), _("Enter the start date"))
    ends_on = DateField(label=_("End date (if known)"), required=False)
    amount = forms.DecimalField(
        label=_("Amount (£), for financial support"),
        required=False,
        max_digits=9,
        decimal_places=2,
        min_value=0,
        error_messages={"invalid": _("Enter an amount in pounds, like 120.50")},
    )
    frequency = forms.ChoiceField(
        label=_("How often it is paid"),
        choices=[("", _("Not a payment")), *codes.Frequency.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose how often it is paid")},
    )


class PlanForm(VersionedForm):
    plan_agreed_on = _date(_("Date the plan was agreed"), _("Enter the date the plan was agreed"))
    plan_summary = _text(_("The support plan"), _("Enter the support plan"), rows=6)


class ReviewForm(VersionedForm):
    reviewed_on = _date(_("Date of the review"), _("Enter the date of the review"))
    summary = _text(_("What the review found"), _("Enter what the review found"))
    changes = _text(_("Changes to the plan"), required=False, rows=3)


class CloseForm(VersionedForm):
    closed_on = _date(_("Date closed"), _("Enter the date the case closed"))
    outcome = _choice(_("Outcome"), codes.CaseOutcome.choices, _("Choose the outcome"))
    closure_note = _text(_("Closing note"), required=False, rows=3)


# --- Letterbox -------------------------------------------------------------


class AgreementForm(forms.Form):
    case = ChooserField(
        label=_("Support case (optional)"),
        queryset=SupportCase.objects.none(),
        required=False,
        search=lambda qs, term: name_search(
            qs,
            term,
            names=("person__first_names", "person__last_name"),
            born="person__date_of_birth",
            reference="reference",
        ),
        describe=lambda case: f"{case.reference} – {describe_person(case.person)}",
        search_hint=_("Search by the case reference, or the name or date of birth of the person it is for"),
        error_messages={"invalid_choice": _("Choose a case of your region")},
    )
    workers = forms.ModelMultipleChoiceField(
        label=_("Workers allocated to the agreement"),
        help_text=_("Only they and the regional manager will see the agreement and its letters."),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Allocate at least one worker to the agreement"),
            "invalid_choice": _("Choose workers of your region"),
        },
    )
    per_year = forms.TypedChoiceField(
        label=_("How often letters are exchanged"),
        choices=codes.LetterboxFrequency.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how often letters are exchanged"),
            "invalid_choice": _("Choose how often letters are exchanged"),
        },
    )
    agreed_on = _date(_("Date the families agreed"), _("Enter the date the families agreed"))
    first_exchange_on = _date(_("Date of the first exchange"), _("Enter the date of the first exchange"))
    reminder_days = forms.IntegerField(
        label=_("Remind the workers this many days before each exchange"),
        initial=14,
        min_value=1,
        max_value=90,
        error_messages={
            "required": _("Enter a number of days from 1 to 90"),
            "invalid": _("Enter a number of days from 1 to 90"),
            "min_value": _("Enter a number of days from 1 to 90"),
            "max_value": _("Enter a number of days from 1 to 90"),
        },
    )
    terms = _text(_("What the letters may contain"), required=False, rows=3)

    def __init__(self, *args: Any, cases: QuerySet[SupportCase], region: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["case"]).queryset = cases
        staff = support_staff(region)
        field = cast(forms.ModelMultipleChoiceField, self.fields["workers"])
        field.queryset = staff
        field.choices = [(u.pk, str(u)) for u in staff]


class AllocationForm(VersionedForm):
    """The regional manager changes who is allocated to a letterbox agreement."""

    workers = forms.ModelMultipleChoiceField(
        label=_("Workers allocated to the agreement"),
        help_text=_("Only they and the regional manager will see the agreement and its letters."),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Allocate at least one worker to the agreement"),
            "invalid_choice": _("Choose workers of your region"),
        },
    )

    def __init__(self, *args: Any, region: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = support_staff(region)
        field = cast(forms.ModelMultipleChoiceField, self.fields["workers"])
        field.queryset = staff
        field.choices = [(u.pk, str(u)) for u in staff]


class AgreementEndForm(VersionedForm):
    ended_on = _date(_("Date the agreement ended"), _("Enter the date the agreement ended"))
    end_reason = _text(_("Why the agreement ended"), _("Enter why the agreement ended"), rows=3)


class PartyForm(forms.Form):
    person = person_chooser(_("Person"), _("Choose the person"))
    side = _choice(_("Family"), codes.FamilySide.choices, _("Choose the family"))
    writes = forms.BooleanField(label=_("Writes a letter at each exchange"), required=False)
    receives = forms.BooleanField(label=_("Receives the other family's letters"), required=False)

    def __init__(self, *args: Any, people: QuerySet[SupportPerson], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people


def _party_label(party: LetterboxParty) -> str:
    return f"{party.person} ({party.get_side_display()})"


class LetterForm(forms.Form):
    writer = forms.ModelChoiceField(
        label=_("Written by"),
        queryset=LetterboxParty.objects.none(),
        error_messages={
            "required": _("Choose who wrote the letter"),
            "invalid_choice": _("Choose who wrote the letter"),
        },
    )
    exchange_on = forms.TypedChoiceField(
        label=_("Exchange"),
        coerce=date.fromisoformat,
        error_messages={
            "required": _("Choose the exchange the letter is for"),
            "invalid_choice": _("Choose one of the agreement's exchange dates"),
        },
    )
    received_on = _date(_("Date received"), _("Enter the date the letter was received"))
    content = _text(_("The letter"), _("Enter the letter"), rows=10, max_length=50_000)

    def __init__(
        self, *args: Any, agreement: LetterboxAgreement, exchange_dates: list[date], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        writers = agreement.parties.filter(writes=True).select_related("person")
        field = cast(forms.ModelChoiceField, self.fields["writer"])
        field.queryset = writers
        field.label_from_instance = _party_label  # type: ignore[method-assign,assignment]
        cast(forms.TypedChoiceField, self.fields["exchange_on"]).choices = [("", "")] + [
            (d.isoformat(), formats.date_format(d, "j F Y")) for d in exchange_dates
        ]


class LetterCheckForm(VersionedForm):
    checked_on = _date(_("Date checked"), _("Enter the date the letter was checked"))
    result = _choice(
        _("Can the letter be released?"),
        [("approve", _("Yes, it can be released")), ("withhold", _("No, withhold it"))],
        _("Choose whether the letter can be released"),
    )
    note = _text(_("Notes from the check"), required=False, rows=3)
    withheld_reason = _text(_("Why the letter is withheld"), required=False, rows=3)


class LetterReleaseForm(VersionedForm):
    released_on = _date(_("Date released"), _("Enter the date the letter was released"))


# --- Birth records and intermediary -----------------------------------------


class BirthRecordsForm(forms.Form):
    person = person_chooser(_("Adopted adult"), _("Choose the adopted adult"))
    received_on = _date(_("Date the request was received"), _("Enter the date the request was received"))
    adoption_date = DateField(
        label=_("Date of the adoption order"),
        required=False,
        help_text=_("Leave blank to use the date on the person's record."),
    )
    counselling_offered_on = _date(
        _("Date the person was told counselling is available"), _("Enter the date counselling was offered")
    )
    worker = forms.ModelChoiceField(
        label=_("Worker"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a support worker of your region")},
    )

    def __init__(
        self, *args: Any, people: QuerySet[SupportPerson], region: Organisation, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people.filter(
            kind=codes.PersonKind.ADOPTED_ADULT
        )
        cast(forms.ModelChoiceField, self.fields["worker"]).queryset = support_staff(region)


class CounsellingForm(VersionedForm):
    held_on = _date(_("Date of the session"), _("Enter the date of the session"))
    notes = _text(_("Notes of the session"), _("Enter notes of the session"))


class DisclosureForm(VersionedForm):
    disclosed_on = _date(_("Date of disclosure"), _("Enter the date of disclosure"))
    disclosure = _text(_("What was disclosed"), _("Enter what was disclosed"))


class IntermediaryForm(forms.Form):
    applicant = person_chooser(_("Applicant"), _("Choose the applicant"))
    subject = person_chooser(_("Person sought"), _("Choose the person sought"))
    received_on = _date(
        _("Date the application was received"), _("Enter the date the application was received")
    )
    adoption_date = _date(_("Date of the adoption order"), _("Enter the date of the adoption order"))
    subject_adult_confirmed = forms.BooleanField(
        label=_("The person sought is known to be 18 or over"), required=False
    )
    worker = forms.ModelChoiceField(
        label=_("Worker"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a support worker of your region")},
    )

    def __init__(
        self, *args: Any, people: QuerySet[SupportPerson], region: Organisation, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["applicant"]).queryset = people
        cast(forms.ModelChoiceField, self.fields["subject"]).queryset = people
        cast(forms.ModelChoiceField, self.fields["worker"]).queryset = support_staff(region)


class IntermediaryChecksForm(VersionedForm):
    identity_confirmed_on = _date(
        _("Date the applicant's identity, age and relationship were confirmed"),
        _("Enter the date identity was confirmed"),
    )
    adoption_agency = forms.CharField(
        label=_("The appropriate adoption agency"),
        max_length=200,
        error_messages={"required": _("Enter the adoption agency involved in the adoption")},
    )
    veto_checked_on = _date(
        _("Date the agency was asked about a veto"), _("Enter the date of the veto check")
    )
    veto = _choice(_("What the veto check found"), codes.Veto.choices, _("Choose what the veto check found"))
    veto_detail = _text(_("What the adopted person specified"), required=False, rows=3)
    register_checked_on = _date(
        _("Date the Adoption Contact Register was checked"), _("Enter the date the register was checked")
    )
    register_entry = _choice(
        _("What the Adoption Contact Register shows"),
        codes.RegisterEntry.choices,
        _("Choose what the Adoption Contact Register shows"),
    )


class IntermediaryOutcomeForm(VersionedForm):
    outcome = _choice(_("Outcome"), codes.IntermediaryOutcome.choices, _("Choose the outcome"))
    outcome_on = _date(_("Date of the outcome"), _("Enter the date of the outcome"))
    outcome_note = _text(_("What happened"), required=False, rows=4)
