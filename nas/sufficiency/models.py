"""The region's plan: actions tied to the framework's measures, each with an
owner, a due date and the effect expected, and the progress recorded on it
month by month (DESIGN.md section 1: "each region keeps a plan reported on
monthly"). An action may answer an intervention of the Director of
Operations. Nothing here is deleted: an action is closed (done or dropped)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nas.core.models import NEVER_DELETED, Record


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Progress(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    DONE = "done", _("Done")


class PlanAction(Record):
    region = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="plan_actions",
        limit_choices_to={"kind": "region"},
    )
    measure = models.CharField(_("measure"), max_length=20)
    title = models.CharField(_("action"), max_length=200)
    owner = models.CharField(_("owner"), max_length=120)
    due_on = models.DateField(_("due by"))
    expected_effect = models.TextField(_("expected effect on the measure"))
    intervention = models.ForeignKey(
        "performance.Intervention",
        verbose_name=_("intervention it answers"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_actions",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["region", "status"], name="plan_action_by_region")]

    def __str__(self) -> str:
        return self.title

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(NEVER_DELETED)


class PlanProgress(models.Model):
    """One month's progress on an action (one entry a month; a later entry for
    the same month is refused, so the record of each month stands)."""

    action = models.ForeignKey(PlanAction, on_delete=models.PROTECT, related_name="progress")
    month = models.DateField(_("month"))
    status = models.CharField(_("progress"), max_length=10, choices=Progress.choices)
    note = models.TextField(_("what was done this month"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("monthly progress")
        verbose_name_plural = _("monthly progress")
        ordering = ["action", "-month"]
        constraints = [models.UniqueConstraint(fields=["action", "month"], name="one_progress_a_month")]

    def __str__(self) -> str:
        return f"{self.action_id} {self.month:%Y-%m}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(NEVER_DELETED)


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft, with the Regional Collaborative Board")
    APPROVED = "approved", _("Approved and sent to the National Board")


class AnnualReview(Record):
    """A regional service's annual review: drafted by the Regional Adoption
    Manager from the year's figures, the plan's progress and the forecast;
    commented on and approved by the Regional Collaborative Board; once
    approved, sent to the National Board (which then reads it).

    Basis: each regional collaborative's partnership agreement requires an
    annual review (for example the Mid & West Wales Adoption Collaborative's
    agreement, clause 17 "Annual review"); the collaboratives and their
    governance are prescribed by the Joint Adoption Arrangements (Wales)
    Directions 2015 (Vale of Glamorgan Council, Scrutiny Committee (Social
    Care and Health) report, 2 November 2015). The Directions' own text was
    not read here."""

    region = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="annual_reviews",
        limit_choices_to={"kind": "region"},
    )
    year = models.CharField(_("financial year"), max_length=7)
    #: What the draft was made from: the year's figures, the plan, the forecast.
    figures = models.JSONField(_("figures"), default=dict)
    commentary = models.TextField(_("the manager's commentary"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual review")
        verbose_name_plural = _("annual reviews")
        ordering = ["-year", "region__name_en"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="one_review_a_year")]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(NEVER_DELETED)


class ReviewComment(models.Model):
    review = models.ForeignKey(AnnualReview, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on an annual review")
        verbose_name_plural = _("comments on annual reviews")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"comment on {self.review_id}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(NEVER_DELETED)
