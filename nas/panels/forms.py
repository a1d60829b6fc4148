from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from nas.core.forms import ChooserField, DateField
from nas.panels import subjects
from nas.panels.models import DecisionOutcome, ItemKind, Meeting, PanelRole, Recommendation

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _version() -> forms.IntegerField:
    """The meeting's version when the page was opened: a change saved by someone
    else since then is refused rather than silently added to."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


class MeetingForm(forms.Form):
    date = DateField(
        label=_("Date of the meeting"), error_messages={"required": _("Enter the date of the meeting")}
    )
    venue = forms.CharField(label=_("Where (optional)"), max_length=200, required=False)


class _PanelPersonForm(forms.Form):
    """Who a person on the panel is: their name, role and independence (a
    meeting's member, an entry on the region's central list)."""

    version = _version()
    name = forms.CharField(
        label=_("Name"), max_length=160, error_messages={"required": _("Enter the member's name")}
    )
    role = forms.ChoiceField(
        label=_("Role on the panel"),
        choices=PanelRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the member's role on the panel")},
    )
    independent = forms.TypedChoiceField(
        label=_("Independent of the agency?"),
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the member is independent of the agency")},
    )


class MemberForm(_PanelPersonForm):
    present = forms.TypedChoiceField(
        label=_("Present at the meeting?"),
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={"required": _("Choose whether the member is present")},
    )


class CentralMemberForm(_PanelPersonForm):
    joined_on = DateField(
        label=_("Date they joined the central list"),
        error_messages={"required": _("Enter the date they joined the central list")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["independent"].help_text = _("The chair must be independent of the agency.")


class LeaveForm(forms.Form):
    version = _version()
    left_on = DateField(
        label=_("Date they left the central list"),
        help_text=_("They stay on the list as having left, so the meetings they sat on still name them."),
        error_messages={"required": _("Enter the date they left the central list")},
    )


def _describe(member: Any) -> str:
    """The person, their role, and whether they are independent (a chair always is)."""
    if member.independent and member.role != PanelRole.CHAIR:
        return f"{member.name} ({member.get_role_display()}, {_('independent')})"
    return f"{member.name} ({member.get_role_display()})"


class ChooseMembersForm(forms.Form):
    """A meeting's members, ticked from those on the central list on the
    meeting's date, and (while the meeting has none) its chair among them."""

    version = _version()
    members = forms.TypedMultipleChoiceField(
        label=_("Members of this meeting"),
        help_text=_(
            "Everyone on the central list on the date of the meeting who does not already sit on it."
        ),
        choices=[],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    chair = forms.TypedChoiceField(
        label=_("Who chairs the meeting?"),
        help_text=_(
            "Only a member independent of the agency may chair. The chair sits whether or not ticked above."
        ),
        choices=[],
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who chairs the meeting")},
    )

    def __init__(self, *args: Any, available: list[Any], chairs: list[Any] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedMultipleChoiceField, self.fields["members"]).choices = [
            (m.pk, _describe(m)) for m in available
        ]
        if chairs is None:
            # The meeting has its chair already.
            del self.fields["chair"]
        else:
            cast(forms.TypedChoiceField, self.fields["chair"]).choices = [
                (m.pk, _describe(m)) for m in chairs
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("members") and not data.get("chair") and not self.has_error("chair"):
            self.add_error("members", _("Choose the members from the central list"))
        return data


def _no_search(qs: Any, term: str) -> Any:
    term = term.strip()
    return qs.filter(pk=int(term)) if term.isdigit() else qs.none()


class ItemForm(forms.Form):
    """The second step of adding to the agenda: the kind of business is
    chosen (and carried in a hidden field), and who or what the panel is to
    consider is found by a search step among what may come for it, within
    the adviser's region (nas.panels.subjects)."""

    version = _version()
    kind = forms.ChoiceField(
        choices=ItemKind.choices,
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose the kind of business")},
    )
    subject = ChooserField(
        label=_("Who or what the panel is to consider"),
        search=_no_search,
        describe=str,
        error_messages={
            "required": _("Choose who or what the panel is to consider"),
            "invalid_choice": _("Choose who or what the panel is to consider"),
        },
    )
    papers_received_on = DateField(label=_("Papers received on (optional)"), required=False)

    def __init__(self, *args: Any, user: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only what may come for the kind of business chosen: households for an approval or
        # a review, links for a match, a child's case for a child.
        self.subject_type = next(
            (s for s in subjects.registered().values() if s.candidates is not None and kind in s.kinds),
            None,
        )
        chooser = cast(ChooserField, self.fields["subject"])
        if self.subject_type is None or self.subject_type.candidates is None:
            chooser.queryset = Meeting.objects.none()
            return
        chooser.queryset = self.subject_type.candidates(user)
        chooser.search = self.subject_type.search or _no_search
        chooser.describe = self.subject_type.describe_match or self.subject_type.describe
        chooser.search_hint = _hints().get(kind, chooser.search_hint)

    def subject_key(self) -> tuple[str, int]:
        assert self.subject_type is not None
        return self.subject_type.record_type, self.cleaned_data["subject"].pk


def _hints() -> dict[str, Any]:
    return {
        ItemKind.ADOPTER_APPROVAL: _("Search by the household's reference or an applicant's name"),
        ItemKind.REVIEW: _("Search by the household's reference or an applicant's name"),
        ItemKind.MATCH: _(
            "Search by the match's number, or the child's or the household's profile reference"
        ),
        ItemKind.CHILD_CASE: _("Search by the child's profile reference"),
    }


class KindForm(forms.Form):
    """The first step of adding to the agenda: the kind of business, so the
    next step lists only what may come for it."""

    kind = forms.ChoiceField(
        label=_("Kind of business"),
        choices=ItemKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of business")},
    )


class RecommendationForm(forms.Form):
    version = _version()
    recommendation = forms.ChoiceField(
        label=_("The panel's recommendation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the panel's recommendation")},
    )
    reasons = forms.CharField(
        label=_("The panel's reasons"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter the panel's reasons")},
    )


class MinutesForm(forms.Form):
    version = _version()
    minutes = forms.CharField(
        label=_("Minutes"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Enter the minutes")},
    )
    final_on = DateField(
        label=_("Date the final minutes and papers went to the decision maker"),
        error_messages={"required": _("Enter the date the final minutes went to the decision maker")},
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Your decision"),
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose your decision")},
    )
    reasons = forms.CharField(
        label=_("Your reasons"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter the reasons for the decision")},
    )
    decided_on = DateField(
        label=_("Date of the decision"), error_messages={"required": _("Enter the date of the decision")}
    )

    def __init__(self, *args: Any, outcomes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(DecisionOutcome.choices)
        cast(forms.ChoiceField, self.fields["outcome"]).choices = [(o, labels[o]) for o in outcomes]
