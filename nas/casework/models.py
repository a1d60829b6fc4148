"""Casework around every record: who holds it, what was seen and said, and
what is due from whom.

Each of these names its record by type and id, like a document does
(nas.documents), and the record's own access policy decides who may read it
(nas.casework.records). Nothing here is deleted: an allocation ends, a note
is archived with the reason, a task is closed with the reason.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nas.core.models import NEVER_DELETED, Record


class Allocation(models.Model):
    """One period in which a worker (and their team) held a record. The
    current allocation is the one not yet ended; earlier ones are its history."""

    record_type = models.CharField(_("record type"), max_length=60)
    record_id = models.PositiveBigIntegerField(_("record"))
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("allocated worker"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    team = models.ForeignKey(
        "organisations.Team", verbose_name=_("team"), on_delete=models.PROTECT, null=True, blank=True
    )
    started_at = models.DateTimeField(_("allocated on"))
    ended_at = models.DateTimeField(_("ended on"), null=True, blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("allocated by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["record_type", "record_id", "ended_at"], name="allocation_by_record"),
            models.Index(fields=["worker", "ended_at"], name="allocation_by_worker"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id"],
                condition=Q(ended_at__isnull=True),
                name="one_current_allocation_per_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id}: {self.worker}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(NEVER_DELETED)


class NoteKind(models.TextChoices):
    """What a case note records. Stored values are never renamed, only added to."""

    HOME_VISIT = "home_visit", _("Home visit")
    OFFICE_VISIT = "office_visit", _("Office visit")
    TELEPHONE = "telephone", _("Telephone call")
    MEETING = "meeting", _("Meeting")
    SUPERVISION = "supervision", _("Supervision")
    MANAGEMENT_OVERSIGHT = "management_oversight", _("Management oversight")
    DECISION = "decision", _("Decision")
    LAC_REVIEW = "lac_review", _("Looked-after child review")
    PLACEMENT_VISIT = "placement_visit", _("Visit to a child placed for adoption")
    PLACEMENT_REVIEW = "placement_review", _("Review of a child placed for adoption")
    OTHER = "other", _("Other")


#: Kinds that are a visit to the child, where "was the child seen (alone)?" is asked.
VISIT_KINDS = frozenset({NoteKind.HOME_VISIT, NoteKind.OFFICE_VISIT, NoteKind.PLACEMENT_VISIT})


class CaseNote(Record):
    """A contact, meeting or decision on a record, written by staff in the
    record's scope. The author may change it for CASE_NOTE_EDIT_HOURS; after
    that it is added to only by an addendum (a note naming it)."""

    record_type = models.CharField(_("record type"), max_length=60)
    record_id = models.PositiveBigIntegerField(_("record"))
    kind = models.CharField(_("kind of note"), max_length=30, choices=NoteKind.choices)
    contact_on = models.DateField(_("date of the contact"))
    participants = models.TextField(_("who took part"), blank=True)
    text = models.TextField(_("note"))
    child_seen = models.BooleanField(_("the child was seen"), null=True, blank=True)
    seen_alone = models.BooleanField(_("the child was seen alone"), null=True, blank=True)
    sensitive = models.BooleanField(
        _("sensitive (third-party information)"),
        default=False,
        help_text=_("Only the allocated worker and managers will see it."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    addendum_to = models.ForeignKey(
        "self",
        verbose_name=_("addendum to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="addenda",
    )

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-contact_on", "-pk"]
        indexes = [
            models.Index(fields=["record_type", "record_id", "contact_on"], name="note_by_record"),
            models.Index(fields=["kind", "record_type", "record_id"], name="note_by_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.contact_on:%d/%m/%Y}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Task(Record):
    """Something a person or a team is asked to do on a record by a date."""

    record_type = models.CharField(_("record type"), max_length=60)
    record_id = models.PositiveBigIntegerField(_("record"))
    title = models.CharField(_("what needs doing"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    due_on = models.DateField(_("due by"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="casework_tasks",
    )
    team = models.ForeignKey(
        "organisations.Team", verbose_name=_("team"), on_delete=models.PROTECT, null=True, blank=True
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    close_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["assignee", "status", "due_on"], name="task_by_assignee"),
            models.Index(fields=["team", "status", "due_on"], name="task_by_team"),
            models.Index(fields=["record_type", "record_id", "status"], name="task_by_record"),
        ]

    def __str__(self) -> str:
        return self.title
