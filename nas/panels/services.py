"""Writes for adoption panels and the agency decision maker's decisions. Each
takes the acting person, validates, runs in one transaction and records its
own audit entry; what a recommendation or a decision does to its subject (an
adopter household's milestones, say) is done by the subject's own hooks
(nas.panels.subjects), inside the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from nas.access import scope
from nas.accounts.roles import Role
from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.core.calendar import add_working_days
from nas.core.records import StaleRecordError, record_update
from nas.notifications import events as notifications
from nas.panels import subjects
from nas.panels.models import (
    AgendaItem,
    CentralMember,
    Decision,
    ItemKind,
    Meeting,
    PanelMember,
    PanelRole,
    Recommendation,
)

RECORD_TYPE = "panels.meeting"
CENTRAL_RECORD_TYPE = "panels.centralmember"


def _touch(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1, updated_at=timezone.now())


def _audit(actor: Any, meeting: Meeting, detail: dict[str, Any], action: str = AuditAction.UPDATE) -> None:
    audit_record(actor=actor, action=action, record_type=RECORD_TYPE, record_id=meeting.pk, detail=detail)


def meeting_create(*, actor: Any, organisation_id: int, when: date, venue: str = "") -> Meeting:
    if scope.adopter_owner_id(actor) != organisation_id:
        raise PermissionDenied
    meeting = Meeting(organisation_id=organisation_id, date=when, venue=venue.strip())
    with transaction.atomic():
        meeting.save()
        _audit(actor, meeting, {"date": when.isoformat()}, AuditAction.CREATE)
    return meeting


def _lock(meeting: Meeting, expected_version: int | None) -> Meeting:
    """The meeting's row, locked for this transaction; refuses if someone saved
    the meeting since the person opened it at `expected_version`."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleRecordError
    return locked


def _check_membership_open(meeting: Meeting) -> None:
    """Who sat and who was present is part of the record of each recommendation
    (and of the quorum it was made with), so it is fixed from the first one."""
    if meeting.minutes_are_final:
        raise ValidationError({"__all__": _("The minutes of this meeting are final: membership is fixed")})
    if meeting.items.exclude(recommendation="").exists():
        raise ValidationError(
            {
                "__all__": _(
                    "The panel has made a recommendation at this meeting: who sat and who was present "
                    "can no longer change"
                )
            }
        )


def _listed_as(actor: Any, meeting: Meeting, *, name: str, role: str, independent: bool) -> CentralMember:
    """The person of this name on the meeting's organisation's central list on
    its date, or a new entry for them (audited like any other)."""
    wanted = " ".join(name.split())
    same_name = CentralMember.objects.filter(organisation_id=meeting.organisation_id, name__iexact=wanted)
    for person in same_name.filter(Q(left_on__isnull=True) | Q(left_on__gt=meeting.date)).order_by(
        "joined_on"
    ):
        if person.joined_on > meeting.date:
            # Names given out of date order (an import): they sat earlier than the list said.
            record_update(
                actor=actor,
                record=person,
                record_type=CENTRAL_RECORD_TYPE,
                expected_version=person.version,
                changes={"joined_on": meeting.date},
                reason="sat on an earlier meeting",
            )
        return person
    person = CentralMember.objects.create(
        organisation_id=meeting.organisation_id,
        name=wanted,
        role=role,
        independent=independent,
        joined_on=meeting.date,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        record_type=CENTRAL_RECORD_TYPE,
        record_id=person.pk,
        detail={
            "role": role,
            "independent": independent,
            "joined_on": meeting.date.isoformat(),
            "from_meeting": meeting.pk,
        },
    )
    return person


def member_add(
    *,
    actor: Any,
    meeting: Meeting,
    name: str,
    role: str,
    independent: bool,
    present: bool = True,
    expected_version: int | None = None,
) -> PanelMember:
    """A member given by name, not chosen from the central list: how a script,
    an import or the demonstration data that has only names records one
    (pages choose, members_choose). The name is matched to the person on the
    organisation's central list on the meeting's date; someone not on it
    joins it, dated the meeting's, so the list stays the one record of who
    sits on the panel."""
    if role not in PanelRole.values:
        raise ValidationError({"role": _("Choose the member's role on the panel")})
    if not name.strip():
        raise ValidationError({"name": _("Enter the member's name")})
    if role == PanelRole.CHAIR and not independent:
        raise ValidationError(
            {"independent": _("The chair of an adoption panel must be independent of the agency")}
        )
    with transaction.atomic():
        locked = _lock(meeting, expected_version)
        _check_membership_open(locked)
        if role == PanelRole.CHAIR and locked.members.filter(role=PanelRole.CHAIR).exists():
            raise ValidationError({"role": _("The meeting already has a chair")})
        listed = _listed_as(actor, locked, name=name, role=role, independent=independent)
        if locked.members.filter(central_member=listed).exists():
            raise ValidationError({"name": _("Everyone chosen already sits on this meeting")})
        member = PanelMember.objects.create(
            meeting=locked,
            central_member=listed,
            name=name.strip(),
            role=role,
            independent=independent,
            present=present,
        )
        _touch(locked)
        _audit(actor, locked, {"member_added": member.pk, "role": role, "present": present})
    return member


def member_set_present(
    *, actor: Any, member: PanelMember, present: bool, expected_version: int | None = None
) -> None:
    with transaction.atomic():
        locked = _lock(member.meeting, expected_version)
        _check_membership_open(locked)
        PanelMember.objects.filter(pk=member.pk).update(present=present)
        member.present = present
        _touch(locked)
        _audit(actor, locked, {"member": member.pk, "present": present})


def _check_central_entry(*, name: str, role: str, independent: bool) -> None:
    if not name.strip():
        raise ValidationError({"name": _("Enter the member's name")})
    if role not in PanelRole.values:
        raise ValidationError({"role": _("Choose the member's role on the panel")})
    if role == PanelRole.CHAIR and not independent:
        raise ValidationError(
            {"independent": _("The chair of an adoption panel must be independent of the agency")}
        )


def _may_keep_list(actor: Any, organisation_id: int) -> None:
    if scope.adopter_owner_id(actor) != organisation_id or not actor.has_role(Role.PANEL_ADVISER):
        raise PermissionDenied


def central_member_add(
    *, actor: Any, name: str, role: str, independent: bool, joined_on: date
) -> CentralMember:
    """Put a person on the panel adviser's own region's or agency's central list."""
    organisation_id = scope.adopter_owner_id(actor)
    if organisation_id is None:
        raise PermissionDenied
    _may_keep_list(actor, organisation_id)
    _check_central_entry(name=name, role=role, independent=independent)
    member = CentralMember(
        organisation_id=organisation_id,
        name=" ".join(name.split()),
        role=role,
        independent=independent,
        joined_on=joined_on,
    )
    with transaction.atomic():
        member.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=CENTRAL_RECORD_TYPE,
            record_id=member.pk,
            detail={"role": role, "independent": independent, "joined_on": joined_on.isoformat()},
        )
    return member


def _first_and_last_sitting(member: CentralMember) -> tuple[date | None, date | None]:
    dates = list(member.sittings.order_by("meeting__date").values_list("meeting__date", flat=True))
    return (dates[0], dates[-1]) if dates else (None, None)


def central_member_update(
    *,
    actor: Any,
    member: CentralMember,
    expected_version: int,
    name: str,
    role: str,
    independent: bool,
    joined_on: date,
) -> None:
    """Correct a person's entry on the central list. Meetings they already sat
    on keep the name and role they sat with."""
    _may_keep_list(actor, member.organisation_id)
    _check_central_entry(name=name, role=role, independent=independent)
    first, _last = _first_and_last_sitting(member)
    if first is not None and joined_on > first:
        raise ValidationError(
            {
                "joined_on": _("They sat on the panel of %(date)s: they joined the list on or before it")
                % {"date": first.strftime("%d/%m/%Y")}
            }
        )
    if member.left_on is not None and joined_on > member.left_on:
        raise ValidationError({"joined_on": _("The date they joined must be before the date they left")})
    record_update(
        actor=actor,
        record=member,
        record_type=CENTRAL_RECORD_TYPE,
        expected_version=expected_version,
        changes={
            "name": " ".join(name.split()),
            "role": role,
            "independent": independent,
            "joined_on": joined_on,
        },
    )


def central_member_leave(*, actor: Any, member: CentralMember, left_on: date, expected_version: int) -> None:
    """Date a person's leaving the central list. They stay on it, as having
    left, so every meeting they sat on still names them."""
    _may_keep_list(actor, member.organisation_id)
    if member.left_on is not None:
        raise ValidationError({"left_on": _("This person has already left the central list")})
    if left_on < member.joined_on:
        raise ValidationError({"left_on": _("The date they left must be on or after the date they joined")})
    _first, last = _first_and_last_sitting(member)
    if last is not None and left_on <= last:
        raise ValidationError(
            {
                "left_on": _("They sit on the panel of %(date)s: the date they left must be after it")
                % {"date": last.strftime("%d/%m/%Y")}
            }
        )
    record_update(
        actor=actor,
        record=member,
        record_type=CENTRAL_RECORD_TYPE,
        expected_version=expected_version,
        changes={"left_on": left_on},
    )


def members_choose(
    *,
    actor: Any,
    meeting: Meeting,
    central_member_ids: list[int],
    chair_id: int | None = None,
    expected_version: int | None = None,
) -> list[PanelMember]:
    """Choose the meeting's members from the people on the central list on the
    meeting's date, and its chair among them (the chair sits whether or not
    also ticked). The chair must be independent of the agency; someone listed
    as a chair who does not chair this meeting sits as an independent member,
    since a meeting has one chair."""
    wanted = list(dict.fromkeys(central_member_ids))
    if chair_id is not None and chair_id not in wanted:
        wanted.append(chair_id)
    if not wanted:
        raise ValidationError({"members": _("Choose the members from the central list")})
    with transaction.atomic():
        locked = _lock(meeting, expected_version)
        _check_membership_open(locked)
        listed = {
            m.pk: m
            for m in CentralMember.objects.filter(organisation_id=locked.organisation_id, pk__in=wanted)
        }
        if len(listed) != len(wanted) or not all(m.on_list_on(locked.date) for m in listed.values()):
            raise ValidationError(
                {"members": _("Choose only people on the central list on the date of the meeting")}
            )
        sitting = set(
            locked.members.filter(central_member__isnull=False).values_list("central_member_id", flat=True)
        )
        has_chair = locked.members.filter(role=PanelRole.CHAIR).exists()
        if chair_id is not None:
            if has_chair:
                raise ValidationError({"chair": _("The meeting already has a chair")})
            if chair_id in sitting:
                raise ValidationError({"chair": _("Choose a chair who does not already sit on this meeting")})
            if not listed[chair_id].independent:
                raise ValidationError(
                    {"chair": _("The chair of an adoption panel must be independent of the agency")}
                )
        elif not has_chair:
            raise ValidationError({"chair": _("Choose who chairs the meeting")})
        # The chair first, as the meeting's members are read.
        new = sorted((listed[pk] for pk in wanted if pk not in sitting), key=lambda p: p.pk != chair_id)
        if not new:
            raise ValidationError({"members": _("Everyone chosen already sits on this meeting")})

        def role_at_meeting(person: CentralMember) -> str:
            if person.pk == chair_id:
                return PanelRole.CHAIR
            return PanelRole.INDEPENDENT if person.role == PanelRole.CHAIR else person.role

        added = PanelMember.objects.bulk_create(
            [
                PanelMember(
                    meeting=locked,
                    central_member=person,
                    name=person.name,
                    role=role_at_meeting(person),
                    independent=person.independent,
                    present=True,
                )
                for person in new
            ]
        )
        _touch(locked)
        _audit(
            actor,
            locked,
            {"members_chosen": [person.pk for person in new], "chair": chair_id},
        )
    return added


@dataclass(frozen=True)
class Quorum:
    quorate: bool
    voting_present: int
    problems: list[str]


def quorum(meeting: Meeting, members: list[PanelMember] | None = None) -> Quorum:
    """Whether the meeting may make recommendations.

    Source: Adoption Agencies (Wales) Regulations 2005, reg. 6 as substituted
    by the Adoption Agencies (Wales) (Amendment) Regulations 2014 (SI 2014/567),
    on when an adoption panel is quorate. The rule applied is: at least
    ADOPTION_PANEL_QUORUM voting members present (5 by default), including
    the chair or the vice chair, and a social worker. The exact wording of the
    Welsh reg. 6 could not be read here; the numbers follow England's reg. 6(2)
    as amended in 2012 and are configurable.
    """
    members = members if members is not None else list(meeting.members.all())
    present = [m for m in members if m.present and m.votes]
    problems = []
    needed = settings.ADOPTION_PANEL_QUORUM
    if len(present) < needed:
        problems.append(
            _("At least %(needed)s voting members must be present; %(present)s are.")
            % {"needed": needed, "present": len(present)}
        )
    if not any(m.role in {PanelRole.CHAIR, PanelRole.VICE_CHAIR} for m in present):
        problems.append(_("The chair or the vice chair must be present."))
    if not any(m.role == PanelRole.SOCIAL_WORKER for m in present):
        problems.append(_("A social worker must be present."))
    return Quorum(not problems, len(present), problems)


def item_add(
    *,
    actor: Any,
    meeting: Meeting,
    kind: str,
    subject_type: str,
    subject_id: int,
    papers_received_on: date | None = None,
    expected_version: int | None = None,
) -> AgendaItem:
    """Put a subject on the agenda. The subject is reached through its own
    access policy: a panel adviser can add only what they may see."""
    if kind not in ItemKind.values:
        raise ValidationError({"kind": _("Choose the kind of business")})
    with transaction.atomic():
        locked = _lock(meeting, expected_version)
        if locked.minutes_are_final:
            raise ValidationError({"kind": _("The minutes of this meeting are final: the agenda is closed")})
        subject, record = subjects.resolve(actor, subject_type, subject_id)
        if kind not in subject.kinds:
            raise ValidationError({"kind": _("This record cannot come to panel for that kind of business")})
        if getattr(record, "owner_id", locked.organisation_id) != locked.organisation_id:
            raise ValidationError({"subject": _("This record belongs to another region or agency")})
        subject.check_item(record, kind)
        if locked.items.filter(kind=kind, subject_type=subject_type, subject_id=record.pk).exists():
            raise ValidationError({"subject": _("This is already on the agenda")})
        position = (locked.items.aggregate(top=Max("position"))["top"] or 0) + 1
        item = AgendaItem.objects.create(
            meeting=locked,
            position=position,
            kind=kind,
            subject_type=subject_type,
            subject_id=record.pk,
            subject_label=subject.describe(record)[:120],
            papers_received_on=papers_received_on,
        )
        _touch(locked)
        _audit(actor, locked, {"item_added": item.pk, "kind": kind, "subject": f"{subject_type}:{record.pk}"})
        notifications.panel_agenda_changed(actor=actor, meeting=locked)
    return item


def recommendation_record(
    *,
    actor: Any,
    item: AgendaItem,
    recommendation: str,
    reasons: str,
    expected_version: int | None = None,
) -> None:
    """Record the panel's recommendation on an item, made at a quorate meeting.
    `expected_version` is the meeting's."""
    if recommendation not in Recommendation.values:
        raise ValidationError({"recommendation": _("Choose the panel's recommendation")})
    if not reasons.strip():
        raise ValidationError({"reasons": _("Enter the panel's reasons")})
    with transaction.atomic():
        meeting = _lock(item.meeting, expected_version)
        if meeting.date > timezone.localdate():
            raise ValidationError(
                {"recommendation": _("The panel cannot recommend before the meeting has met")}
            )
        if meeting.minutes_are_final:
            raise ValidationError({"recommendation": _("The minutes of this meeting are final")})
        check = quorum(meeting)
        if not check.quorate:
            raise ValidationError({"recommendation": [_("The meeting is not quorate."), *check.problems]})
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if locked.recommendation:
            raise ValidationError({"recommendation": _("The recommendation is already recorded")})
        now = timezone.now()
        AgendaItem.objects.filter(pk=item.pk).update(
            recommendation=recommendation, reasons=reasons.strip(), recommended_by=actor, recommended_at=now
        )
        item.recommendation, item.reasons, item.recommended_by, item.recommended_at = (
            recommendation,
            reasons.strip(),
            actor,
            now,
        )
        _touch(meeting)
        _audit(actor, meeting, {"item": item.pk, "recommendation": recommendation})
        if recommendation == Recommendation.DEFERRED:
            # A deferral is no recommendation: the subject stays where it was, so it can
            # come back to a later meeting, and the decision maker has nothing to decide.
            return
        subject = subjects.get(item.subject_type)
        if subject is not None and subject.on_recommendation is not None:
            _subject, record = subjects.resolve(actor, item.subject_type, item.subject_id)
            subject.on_recommendation(actor=actor, item=item, record=record)


def minutes_finalise(
    *, actor: Any, meeting: Meeting, minutes: str, final_on: date, expected_version: int | None = None
) -> None:
    """Finalise the minutes and send them, with the papers, to the decision
    maker: the decision maker's timescale runs from this date."""
    if not minutes.strip():
        raise ValidationError({"minutes": _("Enter the minutes")})
    if final_on > timezone.localdate():
        raise ValidationError({"final_on": _("The date cannot be in the future")})
    with transaction.atomic():
        locked = _lock(meeting, expected_version)
        if locked.minutes_are_final:
            raise ValidationError({"minutes": _("The minutes are already final")})
        if final_on < locked.date:
            raise ValidationError({"final_on": _("The minutes cannot be final before the meeting")})
        items = list(locked.items.all())
        if not items:
            raise ValidationError({"minutes": _("The agenda is empty")})
        if any(not item.recommendation for item in items):
            raise ValidationError({"minutes": _("Record a recommendation for every item before finalising")})
        Meeting.objects.filter(pk=meeting.pk).update(
            minutes=minutes.strip(),
            minutes_final_on=final_on,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        meeting.minutes, meeting.minutes_final_on = minutes.strip(), final_on
        _audit(actor, meeting, {"minutes_final_on": final_on.isoformat()})
        for item in items:
            if item.recommendation == Recommendation.DEFERRED:
                continue
            subject = subjects.get(item.subject_type)
            if subject is not None and subject.on_minutes_final is not None:
                _subject, record = subjects.resolve(actor, item.subject_type, item.subject_id)
                subject.on_minutes_final(actor=actor, item=item, record=record, final_on=final_on)
        notifications.decisions_waiting(
            actor=actor,
            meeting=meeting,
            items=[i for i in items if i.recommendation != Recommendation.DEFERRED],
        )


def decision_due(item: AgendaItem) -> date | None:
    """The decision maker's deadline: ADM_DECISION_WORKING_DAYS working days
    from the final panel minutes and papers (see nas.adopters.deadlines.adm_decision
    for the source: no period in the Welsh Regulations, North Wales practice 10)."""
    final_on = item.meeting.minutes_final_on
    if final_on is None or item.recommendation == Recommendation.DEFERRED:
        return None
    return add_working_days(final_on, settings.ADM_DECISION_WORKING_DAYS)


def outcomes_for(subject: subjects.SubjectType, record: Any, item: AgendaItem | None) -> list[str]:
    """The decisions open now. A deferred item has none: the panel made no recommendation."""
    if item is not None and item.recommendation == Recommendation.DEFERRED:
        return []
    return subject.outcomes(record, item.kind if item is not None else None)


def decision_record(
    *,
    actor: Any,
    subject_type: str,
    subject_id: int,
    outcome: str,
    reasons: str,
    decided_on: date,
    agenda_item: AgendaItem | None = None,
) -> Decision:
    """The agency decision maker records a decision, with reasons, on a subject:
    after a panel's recommendation (with its agenda item) or, where the law
    allows, on its own (the final decision after a qualifying determination)."""
    registered = subjects.get(subject_type)
    decided_elsewhere = registered is not None and registered.decided_by is not None
    if not actor.has_role(Role.AGENCY_DECISION_MAKER) or (
        not decided_elsewhere and scope.adopter_owner_id(actor) is None
    ):
        raise PermissionDenied
    if not reasons.strip():
        raise ValidationError({"reasons": _("Enter the reasons for the decision")})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The date cannot be in the future")})
    with transaction.atomic():
        subject, record = subjects.resolve(actor, subject_type, subject_id, for_update=True)
        if agenda_item is not None:
            item = AgendaItem.objects.select_related("meeting").select_for_update().get(pk=agenda_item.pk)
            if (item.subject_type, item.subject_id) != (subject_type, record.pk):
                raise ValidationError({"outcome": _("This agenda item is about another record")})
            if Decision.objects.filter(agenda_item=item).exists():
                raise ValidationError({"outcome": _("The decision on this item is already recorded")})
            if not item.recommendation:
                raise ValidationError({"outcome": _("The panel has not made its recommendation yet")})
            if item.recommendation == Recommendation.DEFERRED:
                raise ValidationError(
                    {"outcome": _("The panel deferred this item: there is no recommendation to decide on")}
                )
            if not item.meeting.minutes_are_final:
                raise ValidationError({"outcome": _("The panel's minutes are not final yet")})
            assert item.meeting.minutes_final_on is not None
            if decided_on < item.meeting.minutes_final_on:
                raise ValidationError(
                    {"decided_on": _("The decision cannot be dated before the final minutes")}
                )
            organisation_id = item.meeting.organisation_id
        else:
            item = None
            organisation_id = getattr(record, "owner_id", None) or actor.organisation_id
        if subject.decided_by is not None:
            organisation_id = subject.decided_by(record, item)
        if organisation_id != actor.organisation_id:
            raise PermissionDenied
        allowed = outcomes_for(subject, record, item)
        if outcome not in allowed:
            raise ValidationError({"outcome": _("Choose one of the decisions open at this point")})
        decision = Decision.objects.create(
            subject_type=subject_type,
            subject_id=record.pk,
            agenda_item=item,
            organisation_id=organisation_id,
            outcome=outcome,
            reasons=reasons.strip(),
            decided_by=actor,
            decided_on=decided_on,
        )
        if item is not None:
            _audit(actor, item.meeting, {"item": item.pk, "decision": decision.pk, "outcome": outcome})
        if subject.on_decision is not None:
            subject.on_decision(actor=actor, decision=decision, record=record)
    return decision
