from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from nas.children.forms import ReasonForm
from nas.core.forms import DateField
from nas.documents.life_story import LATE_KINDS
from nas.documents.models import DocumentKind

__all__ = [
    "ArchiveForm",
    "DocumentFilterForm",
    "LateLifeStoryForm",
    "UploadForm",
    "VersionForm",
    "ReasonForm",
]

FILE_HINT = _("A PDF, a Word document or an image (PNG, JPEG or TIFF).")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of document is it?"),
        choices=DocumentKind.choices,
        error_messages={"required": _("Choose what kind of document this is")},
    )
    dated = DateField(
        label=_("Date of the document"),
        help_text=_(
            "For example, 27 3 2026. For a life-story book or later-life letter, the day it was given "
            "to the adopters."
        ),
        error_messages={"required": _("Enter the date of the document")},
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=FILE_HINT,
        allow_empty_file=True,
        error_messages={"required": _("Choose a file to upload"), "invalid": _("Choose a file to upload")},
    )


class LateLifeStoryForm(UploadForm):
    """A life-story book or later-life letter given after the adoption order
    (services.life_story_late_upload): only those two kinds."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = [(value, label) for value, label in DocumentKind.choices if value in LATE_KINDS]
        kind.widget = forms.RadioSelect(choices=kind.choices)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("New version"),
        help_text=FILE_HINT,
        allow_empty_file=True,
        error_messages={"required": _("Choose a file to upload"), "invalid": _("Choose a file to upload")},
    )


class ArchiveForm(ReasonForm):
    pass


SORTS = {
    "dated": ("dated", "pk"),
    "-dated": ("-dated", "-pk"),
    "kind": ("kind", "-dated"),
    "uploaded": ("created_at", "pk"),
    "-uploaded": ("-created_at", "-pk"),
}


class DocumentFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *DocumentKind.choices]
    )
    archived = forms.BooleanField(label=_("Include archived documents"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-dated", _("Newest first")),
            ("dated", _("Oldest first")),
            ("kind", _("Kind")),
            ("-uploaded", _("Most recently added")),
        ],
    )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "kind": data.get("kind") or "",
            "archived": bool(data.get("archived")),
            "sort": data.get("sort") or "-dated",
        }
