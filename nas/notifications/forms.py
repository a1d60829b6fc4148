from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from nas.notifications.kinds import KINDS, Delivery


class PreferencesForm(forms.Form):
    """One choice per kind (statutory kinds without 'no email'), and the language."""

    language = forms.ChoiceField(label=_("Language of your emails"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, current: dict[str, str], user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the kinds the person can be sent: the page stays short.
        self.kinds = [code for code, kind in KINDS.items() if kind.concerns(user)]
        for code in self.kinds:
            kind = KINDS[code]
            choices = [(d.value, d.label) for d in Delivery if not (kind.statutory and d == Delivery.OFF)]
            help_text = _("Who is told: %(who)s.") % {"who": kind.who}
            if kind.statutory:
                help_text = f"{help_text} " + str(
                    _("A statutory timescale or the service's security: always emailed.")
                )
            self.fields[code] = forms.ChoiceField(
                label=str(kind.title),
                choices=choices,
                initial=current.get(code, kind.default),
                help_text=help_text,
            )

    def choices(self) -> dict[str, str]:
        return {code: self.cleaned_data[code] for code in self.kinds}
