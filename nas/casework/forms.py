from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from nas.casework.models import NoteKind
from nas.children.forms import ReasonForm
from nas.core.forms import DateField

__all__ = ["AllocationForm", "NoteForm", "NoteEditForm", "AddendumForm", "ReasonForm", "TaskForm"]


def _choices(field: forms.Field, choices: list[tuple[str, Any]]) -> None:
    cast(forms.ChoiceField, field).choices = choices


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class AllocationForm(forms.Form):
    worker = forms.ChoiceField(
        label=_("Allocated worker"), error_messages={"required": _("Choose the worker to allocate")}
    )
    team = forms.ChoiceField(
        label=_("Team (optional)"),
        required=False,
        help_text=_("Leave empty for the worker's own team."),
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, workers: list[Any], teams: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self.fields["worker"],
            [("", "")] + [(str(w.pk), w.get_full_name() or w.username) for w in workers],
        )
        _choices(self.fields["team"], [("", "")] + [(str(t.pk), t.name) for t in teams])


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of note is it?"),
        choices=NoteKind.choices,
        error_messages={"required": _("Choose what kind of note this is")},
    )
    contact_on = DateField(
        label=_("Date of the contact"), error_messages={"required": _("Enter the date of the contact")}
    )
    participants = forms.CharField(
        label=_("Who took part (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    text = forms.CharField(
        label=_("Note"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Enter the note")},
    )
    child_seen = forms.ChoiceField(
        label=_("Was the child seen? (visits to a child)"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    seen_alone = forms.ChoiceField(
        label=_("Was the child seen alone?"), choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    sensitive = forms.ChoiceField(
        label=_("Does the note hold sensitive third-party information?"),
        help_text=_("A sensitive note is seen only by the allocated worker, managers and its author."),
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="no",
        required=False,
    )

    def __init__(
        self, *args: Any, child: bool = True, kinds: list[tuple[str, Any]] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            _choices(self.fields["kind"], kinds)
        if not child:
            del self.fields["child_seen"]
            del self.fields["seen_alone"]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "contact_on": data["contact_on"],
            "participants": data["participants"],
            "text": data["text"],
            "child_seen": yes_no(data.get("child_seen")),
            "seen_alone": yes_no(data.get("seen_alone")),
            "sensitive": bool(yes_no(data.get("sensitive"))),
        }


class NoteEditForm(NoteForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


class AddendumForm(forms.Form):
    text = forms.CharField(
        label=_("Addendum"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter the addendum")},
    )


class TaskForm(forms.Form):
    title = forms.CharField(
        label=_("What needs doing"), max_length=200, error_messages={"required": _("Enter what needs doing")}
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due_on = DateField(label=_("Due by"), error_messages={"required": _("Enter the date it is due by")})
    assignee = forms.ChoiceField(label=_("Person"), required=False)
    team = forms.ChoiceField(label=_("Or a team"), required=False)

    def __init__(self, *args: Any, people: list[Any], teams: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self.fields["assignee"],
            [("", "")] + [(str(p.pk), p.get_full_name() or p.username) for p in people],
        )
        _choices(self.fields["team"], [("", "")] + [(str(t.pk), t.name) for t in teams])


class TaskReassignForm(TaskForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Enter the reason")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["title"], self.fields["details"], self.fields["due_on"]


class TaskCloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What happened to the task?"),
        choices=[("done", _("Done")), ("cancelled", _("Cancelled"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose done or cancelled")},
    )
    reason = forms.CharField(
        label=_("Note or reason (a reason is needed to cancel)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ChronologyFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Show"), required=False)
    since = DateField(label=_("From"), required=False)
    until = DateField(label=_("To"), required=False)

    def __init__(self, *args: Any, kinds: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["kind"], [("", _("Everything"))] + kinds)
