"""Reads for the statutory returns: the children of one authority, with what
the SSDA903 return needs of them, in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from nas.children.models import Child, Milestone
from nas.organisations.models import Organisation
from nas.returns.models import DETAIL_FIELDS, Ssda903Details
from nas.returns.ssda903 import ChildFacts, Details, Ssda903Return, build_return


def authority_children(*, authority: Organisation) -> QuerySet[Child]:
    """Every child of the authority, archived ones included (archiving closes
    a case; it does not undo what happened in it)."""
    return (
        Child.objects.filter(local_authority=authority)
        .select_related("ssda903_details")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.only("child_id", "kind", "date", "detail", "sequence").order_by(
                    "sequence"
                ),
            )
        )
    )


def field_label(name: str) -> str:
    """The label of an SSDA903 detail, in the person's language."""
    return str(getattr(Ssda903Details._meta.get_field(name), "verbose_name", name))


def details_of(child: Child) -> Ssda903Details | None:
    try:
        return child.ssda903_details
    except Ssda903Details.DoesNotExist:
        return None


def facts_for(child: Child) -> ChildFacts:
    details = details_of(child)
    return ChildFacts(
        pk=child.pk,
        case_reference=child.case_reference,
        date_of_birth=child.date_of_birth,
        sex=child.sex,
        ethnicity=child.ethnicity,
        early_permanence=child.early_permanence,
        milestones=tuple((m.kind, m.date, m.detail or {}) for m in child.milestones.all()),
        details=Details(**{name: getattr(details, name) for name in DETAIL_FIELDS}) if details else Details(),
    )


def ssda903_return(*, authority: Organisation, year: int) -> Ssda903Return:
    children: Any = authority_children(authority=authority)
    return build_return((facts_for(c) for c in children), authority=authority.code, year=year)
