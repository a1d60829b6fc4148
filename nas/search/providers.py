"""What the one search box finds: each part of the service registers a
provider that searches its own records within the caller's scope, through
the record's access policy, and names each hit as that person may see it.

- Children: name, former names, case reference, date of birth; only for
  those who see children's identity (the owning authority's staff); a
  restricted (adopted) child's record only for those who may open it.
- Adopter households: reference, and the names of the people in them.
- People receiving adoption support: name and date of birth; support cases
  by reference.
- Panel meetings: date, venue, and the subjects on their agendas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nas.access.policies import Policy
from nas.search import matching

#: Candidates read before ranking, and hits shown, per kind of record.
CANDIDATES = 200
SHOWN = 20


@dataclass(frozen=True)
class Query:
    text: str
    terms: list[str]
    born: date | None
    references: list[str]

    @classmethod
    def parse(cls, text: str) -> Query:
        text = text.strip()[:100]
        return cls(text, matching.terms_of(text), matching.date_in(text), matching.references_in(text))

    @property
    def empty(self) -> bool:
        return not (self.terms or self.born or self.references)


@dataclass(frozen=True)
class Hit:
    title: str
    href: str
    detail: str = ""
    tag: str = ""
    rank: int = 0
    pk: int = 0


@dataclass
class Section:
    key: str
    label: str | Promise
    hits: list[Hit] = field(default_factory=list)
    #: The policy whose records were listed, for the audit trail.
    policy: Policy[Any] | None = None
    more: bool = False


Provider = Callable[[Any, Query], Section | None]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    _providers.append(provider)
    return provider


def registered() -> list[Provider]:
    return list(_providers)


def _ranked(qs: QuerySet[Any], query: Query, make: Callable[[Any, int], Hit]) -> tuple[list[Hit], bool]:
    found = list(qs[:CANDIDATES])
    hits = []
    for record in found:
        words = getattr(record, "search_text", "")
        rank = sum(matching.closeness(words, t) for t in query.terms)
        hits.append(make(record, rank))
    hits.sort(key=lambda h: (h.rank, h.title, h.pk))
    return hits[:SHOWN], len(found) > SHOWN


def _names_and(qs: QuerySet[Any], query: Query, *fields: str) -> QuerySet[Any]:
    qs = matching.annotate(qs, *fields)
    if query.terms:
        qs = qs.filter(matching.names_condition(query.terms))
    return qs


@register
def children(user: Any, query: Query) -> Section | None:
    from nas.children.policies import children as policy

    if not policy.can(user, "view_identity"):
        return None
    qs = policy.scope(user).select_related("post_adoption_record")
    if not policy.can(user, "open_restricted"):
        qs = qs.filter(restricted_at__isnull=True)
    if query.born:
        qs = qs.filter(date_of_birth=query.born)
    for reference in query.references:
        qs = qs.filter(case_reference__istartswith=reference)
    qs = _names_and(qs, query, "first_names", "last_name", "former_names")

    def make(child: Any, rank: int) -> Hit:
        detail = _("Born %(date)s · %(reference)s · %(stage)s") % {
            "date": child.date_of_birth.strftime("%d/%m/%Y"),
            "reference": child.case_reference,
            "stage": child.get_stage_display(),
        }
        if child.former_names:
            detail += " · " + _("formerly %(names)s") % {"names": child.former_names.replace("\n", ", ")}
        return Hit(
            title=str(child),
            href=reverse("children:detail", args=[child.pk]),
            detail=detail,
            tag=_("Restricted record")
            if child.is_restricted
            else (_("Archived") if child.is_archived else ""),
            rank=rank,
            pk=child.pk,
        )

    hits, more = _ranked(qs.order_by("last_name", "first_names", "pk"), query, make)
    return Section("children", gettext_lazy("Children"), hits, policy, more)


@register
def households(user: Any, query: Query) -> Section | None:
    from nas.adopters.codes import MemberRole
    from nas.adopters.models import HouseholdMember
    from nas.adopters.policies import households as policy

    if not policy.can(user, "list"):
        return None
    scoped = policy.scope(user)
    matched = Q()
    if query.references:
        by_ref = Q()
        for reference in query.references:
            by_ref |= Q(reference__iexact=reference) | Q(reference__istartswith=reference)
        matched &= by_ref
    if query.terms or query.born:
        members = _names_and(
            HouseholdMember.objects.filter(household__in=scoped), query, "first_names", "last_name"
        )
        if query.born:
            members = members.filter(date_of_birth=query.born)
        matched &= Q(pk__in=members.values("household_id"))
    qs = scoped.filter(matched).prefetch_related("members")

    def make(household: Any, rank: int) -> Hit:
        names = [str(m) for m in household.members.all() if m.role == MemberRole.APPLICANT]
        words = " ".join(str(m).lower() for m in household.members.all())
        rank = sum(matching.closeness(" " + words + " ", t) for t in query.terms)
        return Hit(
            title=household.reference,
            href=reverse("adopters:detail", args=[household.pk]),
            detail=", ".join(names) + (" · " if names else "") + str(household.get_stage_display()),
            tag=_("Archived") if household.is_archived else "",
            rank=rank,
            pk=household.pk,
        )

    hits, more = _ranked(qs.order_by("reference"), query, make)
    return Section("households", gettext_lazy("Adopter households"), hits, policy, more)


@register
def support_people(user: Any, query: Query) -> Section | None:
    from nas.support.policies import cases, people

    if not people.can(user, "view"):
        return None
    qs = people.scope(user)
    if query.born:
        qs = qs.filter(date_of_birth=query.born)
    if query.references:
        qs = qs.filter(
            cases__in=cases.scope(user).filter(reference__in=[r.upper() for r in query.references])
        )
    qs = _names_and(qs, query, "first_names", "last_name").distinct()

    def make(person: Any, rank: int) -> Hit:
        born = person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else "–"
        return Hit(
            title=str(person),
            href=reverse("support:person-detail", args=[person.pk]),
            detail=_("%(kind)s · born %(date)s") % {"kind": person.get_kind_display(), "date": born},
            tag=_("Archived") if person.is_archived else "",
            rank=rank,
            pk=person.pk,
        )

    hits, more = _ranked(qs.order_by("last_name", "first_names", "pk"), query, make)
    return Section("support_people", gettext_lazy("People receiving adoption support"), hits, people, more)


@register
def panel_meetings(user: Any, query: Query) -> Section | None:
    from nas.panels.models import AgendaItem
    from nas.panels.policies import meetings as policy

    if not policy.can(user, "list"):
        return None
    if query.references:
        return Section("panel_meetings", gettext_lazy("Panel meetings"), [], policy)
    qs = policy.scope(user)
    if query.born:
        qs = qs.filter(date=query.born)
    for term in query.terms:
        on_agenda = AgendaItem.objects.filter(subject_label__icontains=term).values("meeting_id")
        qs = qs.filter(Q(venue__icontains=term) | Q(pk__in=on_agenda))

    def make(meeting: Any, rank: int) -> Hit:
        return Hit(
            title=str(meeting),
            href=reverse("panels:detail", args=[meeting.pk]),
            detail=meeting.venue,
            rank=rank,
            pk=meeting.pk,
        )

    hits, more = _ranked(qs.order_by("-date", "-pk"), query, make)
    return Section("panel_meetings", gettext_lazy("Panel meetings"), hits, policy, more)
