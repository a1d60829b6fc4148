"""The catalogue of notifications: what the service tells people, who, and
when (the tamato pattern: each kind carries its name and, where a rule of
law lies behind it, its source; tests/notifications names each rule).

A notification names its kind and links into the service; it never carries
a child's or an adopter's name, date of birth or reference (the email says
the kind and the link, nothing else). Each person chooses per kind how the
email comes: at once, in the daily digest, or not at all; the kinds marked
statutory cannot be turned off, because a statutory timescale or the
service's security depends on someone acting on them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nas.accounts.roles import Role


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Email me at once")
    DIGEST = "digest", _("Email me in a daily summary")
    OFF = "off", _("No email (it is still listed under notifications)")


@dataclass(frozen=True)
class Kind:
    code: str
    #: What happened, as the list and the email's subject say it (no one's name).
    title: str | Promise
    #: Who is told, in words (the notification settings page shows it).
    who: str | Promise
    default: str = Delivery.IMMEDIATE
    #: A statutory timescale or the service's security rests on it: email cannot be turned off.
    statutory: bool = False
    #: Who may receive it at all, beyond seeing its record (the audit chain
    #: is about no record: only administrators hear of it).
    audience: Callable[[Any], bool] | None = None
    #: The roles it is for (the settings page offers a person only their kinds); empty: everyone.
    roles: frozenset[str] = frozenset()

    def concerns(self, user: Any) -> bool:
        return not self.roles or bool(user.role_set & self.roles)


def _administrator(user: Any) -> bool:
    return user.has_role(Role.ADMINISTRATOR)


#: Who keeps a record with deadlines: its allocated worker and their managers.
_CASE_KEEPERS = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.ADOPTER_ASSESSOR,
        Role.SUPPORT_WORKER,
        Role.REGIONAL_MANAGER,
    }
)
_LINK_SIDES = frozenset(
    {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ADOPTER_ASSESSOR, Role.FAMILY_FINDER, Role.REGIONAL_MANAGER}
)
_RETURNS = frozenset({Role.REGIONAL_MANAGER, Role.PERFORMANCE_ANALYST})
_ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in [
        Kind(
            "deadline_soon",
            _("A deadline falls due in 5 working days"),
            _("The allocated worker"),
            Delivery.DIGEST,
            statutory=True,
            roles=_CASE_KEEPERS,
        ),
        Kind(
            "deadline_today",
            _("A deadline falls due today"),
            _("The allocated worker"),
            statutory=True,
            roles=_CASE_KEEPERS,
        ),
        Kind(
            "deadline_overdue",
            _("A deadline has passed"),
            _("The allocated worker and their manager"),
            statutory=True,
            roles=_CASE_KEEPERS,
        ),
        Kind("link_interest", _("Interest expressed in a link"), _("Both sides' workers"), roles=_LINK_SIDES),
        Kind("link_accepted", _("A link was accepted"), _("Both sides' workers"), roles=_LINK_SIDES),
        Kind("link_declined", _("A link was declined"), _("Both sides' workers"), roles=_LINK_SIDES),
        Kind(
            "decision_waiting",
            _("A decision is waiting for you"),
            _("The agency decision maker"),
            statutory=True,
            roles=frozenset({Role.AGENCY_DECISION_MAKER}),
        ),
        Kind(
            "panel_agenda",
            _("A panel meeting's agenda and papers have changed"),
            _("The panel's members with an account, and its advisers"),
            roles=frozenset({Role.PANEL_ADVISER}),
        ),
        Kind(
            "return_due",
            _("A quarterly return is due"),
            _("The region's manager and the performance analysts"),
            Delivery.DIGEST,
            roles=_RETURNS,
        ),
        Kind(
            "return_sent_back",
            _("A quarterly return was sent back for correction"),
            _("The region's manager and the performance analysts"),
            roles=_RETURNS,
        ),
        Kind(
            "intervention_opened",
            _("An intervention was opened"),
            _("The region's manager"),
            roles=frozenset({Role.REGIONAL_MANAGER}),
        ),
        Kind(
            "intervention_due",
            _("An intervention's response or review is due"),
            _("The region's manager"),
            Delivery.DIGEST,
            roles=frozenset({Role.REGIONAL_MANAGER}),
        ),
        Kind(
            "letter_due",
            _("A letterbox letter is due"),
            _("The workers allocated to the agreement"),
            Delivery.DIGEST,
            roles=frozenset({Role.SUPPORT_WORKER, Role.REGIONAL_MANAGER}),
        ),
        Kind(
            "letter_missed",
            _("A letterbox letter was missed"),
            _("The workers allocated to the agreement"),
            roles=frozenset({Role.SUPPORT_WORKER, Role.REGIONAL_MANAGER}),
        ),
        Kind(
            "task_given",
            _("A task was given to you or your team"),
            _("The person given the task, or the members of the team given it"),
        ),
        Kind(
            "account_locked",
            _("A staff account was locked after failed sign-ins"),
            _("Administrators"),
            statutory=True,
            audience=_administrator,
            roles=_ADMINISTRATORS,
        ),
        Kind(
            "audit_chain_broken",
            _("The audit trail's chain is broken"),
            _("Administrators"),
            statutory=True,
            audience=_administrator,
            roles=_ADMINISTRATORS,
        ),
        Kind(
            "job_finished",
            _("Work you asked for has finished"),
            _("The person who asked for it"),
            Delivery.OFF,
        ),
    ]
}


def get(code: str) -> Kind:
    return KINDS[code]
