"""The national tier's performance records: the regions' quarterly returns,
the Director of Operations' interventions, and a calendar of working days
the measures count with.

No figure is stored here except a submitted return's frozen copy: every
measure is computed from the journeys' dated milestones (measures.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nas.core.models import NEVER_DELETED, ArchivableQuerySet, Record

REGION = {"kind": "region"}
FROZEN = "A submitted quarterly return is never changed: correct it with a new version and a reason."


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CHECKED = "checked", _("Checked")
    SIGNED_OFF = "signed_off", _("Signed off")
    SUBMITTED = "submitted", _("Submitted")


class ReturnQuerySet(ArchivableQuerySet):
    def update(self, **kwargs: Any) -> int:
        if self.filter(status=ReturnStatus.SUBMITTED).exists():
            raise TypeError(FROZEN)
        return super().update(**kwargs)


class QuarterlyReturn(Record):
    """A region's figures for one financial quarter: drafted automatically
    from the measures, checked and signed off by the regional manager,
    submitted to the national team and frozen from then on. A correction is
    a new version (n + 1) with its reason, through the same steps."""

    region = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="quarterly_returns",
        limit_choices_to=REGION,
    )
    quarter = models.CharField(_("quarter"), max_length=10, help_text=_("For example 2025-26-Q1"))
    revision = models.PositiveIntegerField(_("version of the return"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    measures_version = models.CharField(_("version of the measures' definitions"), max_length=20)
    figures_at = models.DateTimeField(_("figures computed at"), null=True, blank=True)
    commentary = models.TextField(_("the region's commentary"), blank=True)
    reason = models.TextField(_("reason for the correction"), blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = ReturnQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("quarterly return")
        verbose_name_plural = _("quarterly returns")
        ordering = ["-quarter", "region__name_en", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "quarter", "revision"], name="one_return_version_per_number"
            ),
            # Only one version of a quarter's return is being worked on at a time.
            models.UniqueConstraint(
                fields=["region", "quarter"],
                condition=~models.Q(status="submitted"),
                name="one_open_return_per_quarter",
            ),
            models.CheckConstraint(
                condition=models.Q(revision=1) | ~models.Q(reason=""),
                name="a_correction_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.code} {self.quarter} v{self.revision}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReturnStatus.SUBMITTED

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = type(self)._default_manager.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == ReturnStatus.SUBMITTED:
                raise TypeError(FROZEN)
        super().save(*args, **kwargs)


class InterventionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Undeletable(models.Model):
    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(NEVER_DELETED)


class Intervention(Record):
    """The Director of Operations' intervention in a region that falls short
    on a measure: the concerns, an action plan, review dates, and the
    history of updates and the region's responses. Closed, never deleted."""

    region = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="interventions",
        limit_choices_to=REGION,
    )
    measure = models.CharField(_("measure"), max_length=20)
    concerns = models.TextField(_("concerns"))
    response_due_on = models.DateField(_("the region's response is due by"))
    status = models.CharField(
        _("status"), max_length=10, choices=InterventionStatus.choices, default=InterventionStatus.OPEN
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closing_note = models.TextField(_("why the intervention was closed"), blank=True)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["status", "-created_at"]
        indexes = [models.Index(fields=["region", "status"], name="intervention_by_region")]

    def __str__(self) -> str:
        return f"{self.measure} ({self.region})"

    @property
    def is_open(self) -> bool:
        return self.status == InterventionStatus.OPEN


class InterventionAction(Undeletable):
    """One item of the action plan."""

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="actions")
    text = models.TextField(_("action"))
    due_on = models.DateField(_("to be done by"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.text[:60]


class InterventionReview(Undeletable):
    """A date on which the Director reviews the region's progress."""

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField(_("review date"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    outcome = models.TextField(_("outcome of the review"), blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("review date")
        verbose_name_plural = _("review dates")

    def __str__(self) -> str:
        return f"{self.due_on:%Y-%m-%d}"


class EntryKind(models.TextChoices):
    OPENED = "opened", _("Intervention opened")
    UPDATE = "update", _("Update from the Director of Operations")
    RESPONSE = "response", _("The region's response")
    REVIEW = "review", _("Review held")
    CLOSED = "closed", _("Intervention closed")


class InterventionEntry(Undeletable):
    """The history: what was said, by whom and when. Entries are only added."""

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    text = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class CalendarDay(models.Model):
    """A day of the Welsh working calendar (nas.core.calendar) as a row, so a
    measure that counts working days can count them inside one query:
    `working_index` is the number of working days from 1 January 1970 up to
    and including the day. Filled on demand by calendar.ensure_days."""

    day = models.DateField(primary_key=True)
    working_index = models.PositiveIntegerField(db_index=True)
    working = models.BooleanField()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"


class FiguresStamp(models.Model):
    """One row whose `stamp` takes a new random value, in the same
    transaction, whenever a table the computed figures read is written
    (database triggers, nas.performance.stamp). Figures kept between requests
    are keyed on it (nas.performance.cache), so none outlives the data it was
    computed from. Written by the triggers only."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    stamp = models.BigIntegerField()

    class Meta:
        verbose_name = _("figures stamp")
        verbose_name_plural = _("figures stamps")

    def __str__(self) -> str:
        return str(self.stamp)
