"""A record's chronology: everything dated that happened on it, in one
timeline, oldest first, so a person can "find their story in a logical
narrative": case notes (with their addenda), journey milestones, decisions,
allocations, links with families, letterbox letters and documents.

Each source is read within the reader's scope (a sensitive note only for
those who may read it) in one query, so the timeline costs the same number
of queries whatever its length. The PDF (English or Welsh) is drawn by the
standard documents' renderer (nas.documents.generated.render_pdf).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nas.casework import policies
from nas.casework.models import Allocation, CaseNote, NoteKind


class EntryKind(models.TextChoices):
    NOTE = "note", gettext_lazy("Case note")
    MILESTONE = "milestone", gettext_lazy("Milestone")
    DECISION = "decision", gettext_lazy("Decision")
    ALLOCATION = "allocation", gettext_lazy("Allocation")
    LINK = "link", gettext_lazy("Link with a family")
    LETTER = "letter", gettext_lazy("Letterbox letter")
    DOCUMENT = "document", gettext_lazy("Document")


@dataclass
class Entry:
    on: date
    kind: str
    title: str | Promise
    text: str = ""
    by: str = ""
    href: str = ""
    sensitive: bool = False
    #: Within a day: the order things were recorded in.
    order: int = 0
    #: The case note (and its addenda) an entry shows, for the audit of what was read.
    note_ids: tuple[int, ...] = ()

    @property
    def kind_label(self) -> str:
        return str(EntryKind(self.kind).label)


def _notes(user: Any, record_type: str, record_id: int) -> list[Entry]:
    notes = (
        policies.notes.scope(user)
        .filter(
            record_type=record_type, record_id=record_id, archived_at__isnull=True, addendum_to__isnull=True
        )
        .select_related("author")
        .prefetch_related(
            models.Prefetch(
                "addenda",
                queryset=CaseNote.objects.filter(archived_at__isnull=True)
                .select_related("author")
                .order_by("pk"),
            )
        )
    )
    entries = []
    for note in notes:
        text = note.text
        if note.child_seen is not None:
            seen = (
                _("Child seen alone.")
                if note.seen_alone
                else _("Child seen, not alone.")
                if note.child_seen
                else _("Child not seen.")
            )
            text = f"{seen} {text}"
        if note.participants:
            text = f"{text}\n{_('Took part:')} {note.participants}"
        for addendum in note.addenda.all():
            text += "\n" + _("Addendum by %(author)s, %(day)s: %(text)s") % {
                "author": addendum.author,
                "day": addendum.created_at.strftime("%d/%m/%Y"),
                "text": addendum.text,
            }
        entries.append(
            Entry(
                on=note.contact_on,
                kind=EntryKind.DECISION if note.kind == NoteKind.DECISION else EntryKind.NOTE,
                title=note.get_kind_display(),
                text=text,
                by=str(note.author),
                href=reverse("casework:note-detail", args=[note.pk]),
                sensitive=note.sensitive,
                order=note.pk,
                note_ids=(note.pk, *(a.pk for a in note.addenda.all())),
            )
        )
    return entries


def _allocations(record_type: str, record_id: int) -> list[Entry]:
    entries = []
    for allocation in Allocation.objects.filter(record_type=record_type, record_id=record_id).select_related(
        "worker", "team", "allocated_by"
    ):
        title = _("Allocated to %(worker)s") % {"worker": allocation.worker}
        if allocation.team:
            title += f" ({allocation.team.name})"
        entries.append(
            Entry(
                on=allocation.started_at.date(),
                kind=EntryKind.ALLOCATION,
                title=title,
                text=allocation.reason,
                by=str(allocation.allocated_by),
                order=allocation.pk,
            )
        )
    return entries


def _child_milestones(record_id: int) -> list[Entry]:
    from nas.children.models import Milestone
    from nas.children.policies import DECISIONS

    return [
        Entry(
            on=m.date,
            kind=EntryKind.DECISION if m.kind in DECISIONS else EntryKind.MILESTONE,
            title=m.get_kind_display(),
            by=str(m.recorded_by) if m.recorded_by else "",
            order=m.sequence,
        )
        for m in Milestone.objects.filter(child_id=record_id).select_related("recorded_by")
    ]


def _household_milestones(record_id: int) -> list[Entry]:
    from nas.adopters.journey import DECISIONS
    from nas.adopters.models import Milestone

    return [
        Entry(
            on=m.date,
            kind=EntryKind.DECISION if m.kind in DECISIONS else EntryKind.MILESTONE,
            title=m.get_kind_display(),
            by=str(m.recorded_by) if m.recorded_by else "",
            order=m.sequence,
        )
        for m in Milestone.objects.filter(household_id=record_id).select_related("recorded_by")
    ]


def _support_case_steps(record_id: int) -> list[Entry]:
    from nas.support.models import SupportCase

    case = SupportCase.objects.get(pk=record_id)
    steps: list[tuple[date | None, str, str, str]] = [
        (case.requested_on, EntryKind.MILESTONE, _("Support requested"), case.request_summary),
        (case.assessed_on, EntryKind.MILESTONE, _("Needs assessed"), case.needs_statement),
        (case.notice_sent_on, EntryKind.MILESTONE, _("Notice of the proposal sent"), case.proposal),
        (case.decided_on, EntryKind.DECISION, _("Decision on support"), case.get_decision_display()),
        (case.plan_agreed_on, EntryKind.MILESTONE, _("Support plan agreed"), case.plan_summary),
        (case.closed_on, EntryKind.MILESTONE, _("Case closed"), case.closure_note),
    ]
    return [
        Entry(on=day, kind=kind, title=title, text=text, order=i)
        for i, (day, kind, title, text) in enumerate(steps)
        if day is not None
    ]


def _panel_decisions(record_type: str, record_id: int) -> list[Entry]:
    from nas.panels.models import Decision

    return [
        Entry(
            on=d.decided_on,
            kind=EntryKind.DECISION,
            title=_("Decision: %(outcome)s") % {"outcome": d.get_outcome_display()},
            text=d.reasons,
            by=str(d.decided_by),
            order=d.pk,
        )
        for d in Decision.objects.filter(subject_type=record_type, subject_id=record_id).select_related(
            "decided_by"
        )
    ]


def _links(field: str, record_id: int) -> list[Entry]:
    from nas.matching.models import Link

    return [
        Entry(
            on=link.created_at.date(),
            kind=EntryKind.LINK,
            title=_("%(link)s: %(state)s") % {"link": link, "state": link.get_state_display()},
            href=reverse("matching:link-detail", args=[link.pk]),
            order=link.pk,
        )
        for link in Link.objects.filter(**{field: record_id})
    ]


def _letters(user: Any, case_id: int) -> list[Entry]:
    """Letterbox letters of the case's agreements, for those who may see them (the
    agreement's workers and the regional manager, nas.support.policies); not their content."""
    from nas.support.policies import letters

    return [
        Entry(
            on=letter.received_on,
            kind=EntryKind.LETTER,
            title=_("Letter for the exchange of %(day)s: %(status)s")
            % {"day": letter.exchange_on.strftime("%d/%m/%Y"), "status": letter.get_status_display()},
            href=reverse("support:letter-detail", args=[letter.pk]),
            order=letter.pk,
        )
        for letter in letters.scope(user).filter(agreement__case_id=case_id)
    ]


def _documents(record_type: str, record_id: int) -> list[Entry]:
    from nas.documents.models import Document

    return [
        Entry(
            on=d.dated,
            kind=EntryKind.DOCUMENT,
            title=d.get_kind_display(),
            text=d.description,
            by=str(d.uploaded_by),
            href=reverse("documents:detail", args=[d.pk]),
            order=d.pk,
        )
        for d in Document.objects.filter(
            record_type=record_type, record_id=record_id, archived_at__isnull=True
        ).select_related("uploaded_by")
    ]


def chronology(
    *,
    user: Any,
    record_type: str,
    record_id: int,
    kind: str = "",
    since: date | None = None,
    until: date | None = None,
) -> list[Entry]:
    """The record's timeline as this person may see it, oldest first,
    filtered by kind of entry and by date. The record is already in scope."""
    entries = _notes(user, record_type, record_id) + _allocations(record_type, record_id)
    entries += _documents(record_type, record_id)
    if record_type == "children.child":
        entries += _child_milestones(record_id) + _links("child_id", record_id)
    elif record_type == "adopters.household":
        entries += _household_milestones(record_id) + _links("household_id", record_id)
        entries += _panel_decisions(record_type, record_id)
    elif record_type == "support.case":
        entries += _support_case_steps(record_id) + _letters(user, record_id)
    elif record_type == "matching.link":
        entries += _panel_decisions(record_type, record_id)
    if kind:
        entries = [e for e in entries if e.kind == kind]
    if since:
        entries = [e for e in entries if e.on >= since]
    if until:
        entries = [e for e in entries if e.on <= until]
    order = {k: i for i, k in enumerate(EntryKind.values)}
    entries.sort(key=lambda e: (e.on, order[e.kind], e.order))
    return entries


def pdf(*, record_name: str, record_label: str, entries: list[Entry], language: str) -> bytes:
    """The chronology as a PDF in the language given (the caller sets it)."""
    from nas.documents.generated import Content, render_pdf

    rows = [
        (
            f"{e.on:%d/%m/%Y}\n{e.kind_label}",
            f"{e.title}" + (f" – {e.by}" if e.by else "") + (f"\n{e.text}" if e.text else ""),
        )
        for e in entries
    ]
    content = Content(
        title=_("Chronology"),
        subtitle=f"{record_label}: {record_name}",
        sections=[
            (_("Entries (%(count)s)") % {"count": len(entries)}, rows, [] if rows else [_("No entries.")])
        ],
        source=_(
            "From the case record: case notes, milestones, decisions, allocations, links, letters and "
            "documents, as the reader may see them. Sensitive notes are included only for those allowed to "
            "read them."
        ),
        filename="chronology",
    )
    return render_pdf(content, language)


def audit_read(*, user: Any, entries: list[Entry], where: str) -> None:
    """A chronology shows case notes: a read of each (nas.access.lookup.audit_listed)."""
    from nas.audit.models import AuditAction
    from nas.audit.services import audit_records

    ids = [pk for entry in entries for pk in entry.note_ids]
    if ids:
        audit_records(
            actor=user,
            action=AuditAction.VIEW,
            record_type=policies.notes.record_type,
            entries=[(pk, {"listed_in": where}) for pk in ids],
        )
