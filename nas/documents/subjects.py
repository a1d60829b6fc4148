"""The records a document can be attached to, each guarded by its own access
policy (nas.access): a document's access is always its record's access.

For each record type: which records' documents a person may read (a
queryset built from the record's policy scope), whether they may add to or
archive them (the record's own "change" action), how it is named and where
it lives. A later part of the service adds its records with `register`.

A child's pre-adoption record is restricted at the adoption order, and its
documents with it: they leave this scope and are reached only through the
post-adoption record, for the people the law allows (nas.documents.restricted).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Subject:
    record_type: str
    label: str | Promise
    #: The records whose documents this person may read.
    readable: Callable[[Any], models.QuerySet[Any]]
    #: Whether this person may add documents (and versions) to the record, or archive them.
    may_write: Callable[[Any, Any], bool]
    #: How the record is named on its documents' pages (within the reader's scope).
    describe: Callable[[Any], str]
    #: Where a reader finds the record itself.
    url: Callable[[Any], str]
    #: The policy whose audit trail records reads of the record.
    audit_type: str = ""


_registry: dict[str, Subject] = {}


def register(subject: Subject) -> Subject:
    if subject.record_type in _registry:
        raise ValueError(f"{subject.record_type} already takes documents.")
    _registry[subject.record_type] = subject
    return subject


def get(record_type: str) -> Subject | None:
    return _registry.get(record_type)


def registered() -> dict[str, Subject]:
    return dict(_registry)


def resolve(user: Any, record_type: str, record_id: object) -> tuple[Subject, Any]:
    """The record if this person may read its documents, else 404."""
    subject = get(record_type)
    if subject is None:
        raise Http404
    try:
        return subject, subject.readable(user).get(pk=record_id)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def readable_q(user: Any) -> models.Q:
    """Documents whose record this person may read, as one condition."""
    condition = models.Q(pk__in=[])
    for subject in _registry.values():
        condition |= models.Q(
            record_type=subject.record_type, record_id__in=subject.readable(user).values("pk")
        )
    return condition


# --- The service's records -------------------------------------------------------


def _children(user: Any) -> models.QuerySet[Any]:
    from nas.children.policies import children

    # Documents name the child: only those who see the child's identity read them,
    # and never those of a restricted (adopted) child's record here.
    if not children.can(user, "view_identity"):
        return children.scope(user).none()
    return children.scope(user).filter(restricted_at__isnull=True)


def _child_may_write(user: Any, child: Any) -> bool:
    from nas.children.policies import children

    return children.can(user, "edit", child) and not child.is_archived


def _child_describe(child: Any) -> str:
    return f"{child} ({child.case_reference})"


def _households(user: Any) -> models.QuerySet[Any]:
    from nas.adopters.policies import households

    return households.scope(user)


def _household_may_write(user: Any, household: Any) -> bool:
    from nas.adopters.policies import households

    return households.can(user, "edit", household) and not household.is_archived


def _members(user: Any) -> models.QuerySet[Any]:
    from nas.adopters.models import HouseholdMember
    from nas.adopters.policies import households

    return HouseholdMember.objects.filter(household__in=households.scope(user)).select_related("household")


def _member_may_write(user: Any, member: Any) -> bool:
    from nas.adopters.policies import households

    return households.can(user, "manage_members", member.household) and not member.household.is_archived


def _support_cases(user: Any) -> models.QuerySet[Any]:
    from nas.support.policies import cases

    return cases.scope(user)


def _support_case_may_write(user: Any, case: Any) -> bool:
    from nas.support.policies import cases

    return cases.can(user, "edit", case) and not case.is_archived


def _meetings(user: Any) -> models.QuerySet[Any]:
    from nas.panels.policies import meetings

    return meetings.scope(user)


def _meeting_may_write(user: Any, meeting: Any) -> bool:
    from nas.panels.policies import meetings

    return meetings.can(user, "manage", meeting)


def _links(user: Any) -> models.QuerySet[Any]:
    from nas.matching.policies import links

    return links.scope(user)


def _link_may_write(user: Any, link: Any) -> bool:
    from nas.matching.policies import side_of

    return bool(side_of(user, link)) and not link.is_archived


def _letters(user: Any) -> models.QuerySet[Any]:
    from nas.support.policies import letters

    return letters.scope(user)


def _letter_may_write(user: Any, letter: Any) -> bool:
    from nas.support.policies import letters

    return letters.can(user, "edit", letter) and not letter.is_archived


register(
    Subject(
        "children.child",
        _("Child"),
        _children,
        _child_may_write,
        _child_describe,
        lambda child: reverse("children:detail", args=[child.pk]),
        "children.child",
    )
)
register(
    Subject(
        "adopters.household",
        _("Household"),
        _households,
        _household_may_write,
        lambda household: household.reference,
        lambda household: reverse("adopters:detail", args=[household.pk]),
        "adopters.household",
    )
)
register(
    Subject(
        "adopters.member",
        _("Member of a household"),
        _members,
        _member_may_write,
        lambda member: f"{member} ({member.household.reference})",
        lambda member: reverse("adopters:detail", args=[member.household_id]),
        "adopters.household",
    )
)
register(
    Subject(
        "support.case",
        _("Support case"),
        _support_cases,
        _support_case_may_write,
        lambda case: case.reference,
        lambda case: reverse("support:case-detail", args=[case.pk]),
        "support.case",
    )
)
register(
    Subject(
        "panels.meeting",
        _("Panel meeting"),
        _meetings,
        _meeting_may_write,
        str,
        lambda meeting: reverse("panels:detail", args=[meeting.pk]),
        "panels.meeting",
    )
)
register(
    Subject(
        "matching.link",
        _("Link"),
        _links,
        _link_may_write,
        str,
        lambda link: reverse("matching:link-detail", args=[link.pk]),
        "matching.link",
    )
)
register(
    Subject(
        "support.letter",
        _("Letterbox letter"),
        _letters,
        _letter_may_write,
        str,
        lambda letter: reverse("support:letter-detail", args=[letter.pk]),
        "support.letter",
    )
)
