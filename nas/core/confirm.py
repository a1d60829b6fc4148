"""A confirmation page before a step that cannot be taken back on the page
(recording the adoption order restricts the child's record at once): the
form's answers are carried to the confirmation, and the step is taken only
when it comes back with `confirmed`."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirmed") == "yes"


def confirm_adoption_order(request: HttpRequest, *, caption: str, when: date, back_href: str) -> HttpResponse:
    """Adoption and Children Act 2002, s.46 (the order), and the Adoption
    Agencies (Wales) Regulations 2005, reg. 41-42 (the case record kept,
    access restricted): the service restricts the child's record when the
    order is recorded, so the person confirms first."""
    hidden = [(k, v) for k, v in request.POST.items() if k not in {"csrfmiddlewaretoken", "confirmed"}]
    return render(
        request,
        "core/confirm.html",
        {
            "title": _("Check before you record the adoption order"),
            "caption": caption,
            "rows": [(_("Date of the adoption order"), date_format(when, "j F Y"))],
            "warning": _(
                "Recording the adoption order restricts the child's record at once: from then on only a "
                "manager who gives a reason can open the pre-adoption record. Check the date is the "
                "court's order date."
            ),
            "button": _("Yes, record the adoption order"),
            "back_href": back_href,
            "hidden": hidden,
        },
    )
