"""What may come to panel: each part of the service registers the record type
of its subjects, the kinds of business they come for, and what the panel's
recommendation and the decision maker's decision do to them. The record
itself is always reached through its access policy (nas.access), so a panel
adviser can put on the agenda only what they may see.

Later work adds its subjects the same way: family finding registers
"matching.link" for ItemKind.MATCH (nas.matching.panel_subject), and its
decisions arrive through nas.panels.services.decision_record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nas.access.policies import Policy, for_record_type
from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.panels.models import DecisionOutcome, ItemKind

Hook = Callable[..., None]


@dataclass(frozen=True)
class SubjectType:
    record_type: str
    label: str | Promise
    kinds: frozenset[str]
    #: How the subject is named on agendas (never a person's identity beyond the owner's scope).
    describe: Callable[[Any], str]
    #: Raises ValidationError if the record may not come to panel for this kind of business now.
    check_item: Callable[[Any, str], None] = lambda record, kind: None
    #: The decisions open to the decision maker for an item of this kind (or with no item: None).
    outcomes: Callable[[Any, str | None], list[str]] = lambda record, kind: list(DecisionOutcome.values)
    #: The subjects a panel adviser may choose from when building an agenda.
    candidates: Callable[[Any], models.QuerySet[Any]] | None = None
    #: The search step of "add to the agenda": the candidates matching what was typed, and
    #: each match's label, with enough to tell two apart (never beyond what the adviser may see).
    search: Callable[[models.QuerySet[Any], str], models.QuerySet[Any]] | None = None
    describe_match: Callable[[Any], str] | None = None
    #: Called for a recommendation, and for each item when the minutes are final; never for
    #: a deferred item (a deferral is no recommendation: the subject comes to a later meeting).
    on_recommendation: Hook | None = None
    on_minutes_final: Hook | None = None
    on_decision: Hook | None = None
    #: Where a person in scope reads the subject's record.
    url: Callable[[Any], str] | None = None
    #: The organisation whose agency decision maker decides, given (record, agenda item), when
    #: it is not the panel's own region or agency: a match is decided by the child's local
    #: authority (nas.matching.panel_subject). Such items are decided on the subject's own page.
    decided_by: Callable[[Any, Any], int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_registry: dict[str, SubjectType] = {}


def register(subject: SubjectType) -> SubjectType:
    if subject.record_type in _registry:
        raise ValueError(f"{subject.record_type} is already a panel subject.")
    _registry[subject.record_type] = subject
    return subject


def get(record_type: str) -> SubjectType | None:
    return _registry.get(record_type)


def registered() -> dict[str, SubjectType]:
    return dict(_registry)


def resolve(
    user: Any, record_type: str, record_id: object, *, for_update: bool = False
) -> tuple[SubjectType, Any]:
    """The subject's record if this person may see it, else 404."""
    subject = get(record_type)
    policy: Policy[Any] | None = for_record_type(record_type)
    if subject is None or policy is None:
        raise Http404
    qs = policy.scope(user)
    if for_update:
        qs = qs.select_for_update()
    try:
        return subject, qs.get(pk=record_id)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def audit_read(user: Any, record_type: str, record: Any) -> None:
    """A page or API call that shows a subject it reached with `resolve` (the
    decision page names the household) reads it: audited like any read."""
    policy = for_record_type(record_type)
    if policy is not None and policy.audited_reads:
        audit_record(actor=user, action=AuditAction.VIEW, record_type=record_type, record_id=record.pk)


def _child_label(child: Any) -> str:
    # The region's staff see a child's needs profile, never the identity.
    return str(_("Child profile %(ref)s") % {"ref": child.pk})


def _child_candidates(user: Any) -> models.QuerySet[Any]:
    policy = for_record_type("children.child")
    assert policy is not None
    # An adopted child's record is restricted at the order (nas.children): it never comes to panel.
    return (
        policy.scope(user)
        .filter(archived_at__isnull=True, restricted_at__isnull=True)
        .select_related("local_authority", "matching_profile")
        .order_by("pk")
    )


def _child_search(qs: models.QuerySet[Any], term: str) -> models.QuerySet[Any]:
    # By the profile's reference or the record's number: the region never searches a child's name.
    term = term.strip()
    found = models.Q(matching_profile__reference__iexact=term)
    if term.isdigit():
        found |= models.Q(pk=int(term))
    return qs.filter(found)


def _child_match(child: Any) -> str:
    profile = getattr(child, "matching_profile", None)
    reference = profile.reference if profile is not None else child.pk
    return str(
        _("Child profile %(ref)s – %(authority)s – stage: %(stage)s")
        % {"ref": reference, "authority": child.local_authority, "stage": child.get_stage_display()}
    )


def _child_url(child: Any) -> str:
    from django.urls import reverse

    return reverse("children:detail", args=[child.pk])


# A child's case that still comes to panel (a relinquished baby, say). The
# child's own milestones stay with the local authority: the panel records its
# recommendation and the decision is the authority's decision maker's.
register(
    SubjectType(
        record_type="children.child",
        label=_("Child"),
        kinds=frozenset({ItemKind.CHILD_CASE}),
        describe=_child_label,
        outcomes=lambda record, kind: [],
        candidates=_child_candidates,
        search=_child_search,
        describe_match=_child_match,
        url=_child_url,
    )
)
