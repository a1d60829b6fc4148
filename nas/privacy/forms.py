from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nas.privacy.subjects import KINDS


class FindSubjectForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Whose records?"),
        choices=[(code, kind.label) for code, kind in KINDS.items()],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whose records to export")},
    )
    record = forms.IntegerField(
        label=_("Record number"),
        help_text=_("The number at the end of the record's address, for example 123 in /children/123/"),
        min_value=1,
        error_messages={
            "required": _("Enter the record number"),
            "invalid": _("Enter the record number as digits, like 123"),
            "min_value": _("Enter the record number as digits, like 123"),
        },
    )


class ExportForm(forms.Form):
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[("pdf", _("PDF, to read")), ("json", _("JSON, machine-readable"))],
        widget=forms.RadioSelect,
        initial="pdf",
        error_messages={"required": _("Choose a format")},
    )
    third_party = forms.BooleanField(
        label=_("Include notes that may tell about other people (managers only)"),
        help_text=_("Only after weighing those people's interests: the law lets you withhold them."),
        required=False,
    )
