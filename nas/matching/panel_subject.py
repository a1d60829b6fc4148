"""A link between a child and a household as panel business: the match.

Adoption Agencies (Wales) Regulations 2005 (SI 2005/1313 (W.95)), Part 5
(duties of the adoption agency in respect of a proposed placement):

- reg. 33: the adoption panel considers the proposed placement and
  recommends whether the child should be placed for adoption with that
  particular prospective adopter;
- reg. 34: the adoption agency decides, taking the panel's recommendation
  into account, and notifies the prospective adopter. The Adoption Support
  Agencies (Wales) Regulations 2005, reg. 1(4), defines an "adoptive parent"
  as a person an agency "has decided in accordance with [regulation] 34(1)"
  is a suitable adoptive parent for a particular child, which fixes the Welsh
  numbering (England's equivalents are regs. 32 and 33 of SI 2005/389).

The agency that places the child is the child's local authority, so its
agency decision maker decides the match, whichever region's panel heard it
and whichever region or agency approved the adopters (`decided_by`). The
regulations' own text for regs. 33 and 34 could not be read here; the
division of roles follows the English text and the brief of the service.

The panel that hears the match is that of the region family-finding for the
child (the link's `owner_id`). A link comes to panel once the linking
meeting is held; a deferred recommendation leaves it waiting for another
meeting.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nas.matching import services
from nas.matching.models import Link, LinkState
from nas.matching.policies import links
from nas.panels import subjects
from nas.panels.models import AgendaItem, DecisionOutcome, ItemKind

RECORD_TYPE = "matching.link"


def describe(link: Link) -> str:
    """Profile references only: panel staff never see the child's or the adopters' names here."""
    child = getattr(getattr(link, "child", None), "matching_profile", None)
    household = getattr(getattr(link, "household", None), "matching_profile", None)
    # Before the linking meeting it is a link being explored, not yet a match.
    early = getattr(link, "state", "") in {LinkState.INTEREST, LinkState.ACCEPTED, LinkState.DECLINED}
    return str(
        (
            _("Link %(number)s: child %(child)s with household %(household)s")
            if early
            else _("Match %(number)s: child %(child)s with household %(household)s")
        )
        % {
            "number": link.pk,
            "child": child.reference if child else "–",
            "household": household.reference if household else "–",
        }
    )


def _check_item(link: Link, kind: str) -> None:
    if link.is_archived:
        raise ValidationError({"subject": _("This link is archived")})
    if link.state != LinkState.LINKING_MEETING:
        raise ValidationError({"subject": _("A match comes to panel once the linking meeting has been held")})
    waiting = AgendaItem.objects.filter(subject_type=RECORD_TYPE, subject_id=link.pk, recommendation="")
    if waiting.exists():
        raise ValidationError({"subject": _("This match is already on a panel's agenda")})


def _outcomes(link: Link, kind: str | None) -> list[str]:
    if kind == ItemKind.MATCH and link.state == LinkState.MATCHING_PANEL:
        return [DecisionOutcome.APPROVED, DecisionOutcome.NOT_APPROVED]
    return []


def _candidates(user: Any) -> QuerySet[Link]:
    return (
        links.scope(user)
        .filter(archived_at__isnull=True, state=LinkState.LINKING_MEETING, region_id=user.organisation_id)
        .select_related("child__matching_profile", "household__matching_profile")
        .order_by("pk")
    )


def _search(qs: QuerySet[Link], term: str) -> QuerySet[Link]:
    """By the match's number, or the child's or the household's profile reference."""
    term = term.strip()
    found = Q(child__matching_profile__reference__iexact=term) | Q(
        household__matching_profile__reference__iexact=term
    )
    if term.isdigit():
        found |= Q(pk=int(term))
    return qs.filter(found)


def _on_recommendation(*, actor: Any, item: Any, record: Link) -> None:
    if item.kind == ItemKind.MATCH:
        services.panel_recommendation(actor=actor, item=item, link=record)


def _on_decision(*, actor: Any, decision: Any, record: Link) -> None:
    services.match_decision(actor=actor, decision=decision, link=record)


def _decided_by(link: Link, item: Any) -> int:
    return link.child.local_authority_id


subjects.register(
    subjects.SubjectType(
        record_type=RECORD_TYPE,
        label=gettext_lazy("Match of a child with a household"),
        kinds=frozenset({ItemKind.MATCH}),
        describe=describe,
        check_item=_check_item,
        outcomes=_outcomes,
        candidates=_candidates,
        search=_search,
        describe_match=describe,
        on_recommendation=_on_recommendation,
        on_decision=_on_decision,
        url=lambda link: reverse("matching:link-detail", args=[link.pk]),
        decided_by=_decided_by,
    )
)
