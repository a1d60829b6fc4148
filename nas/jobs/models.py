"""Long work done in the task worker, and the schedule's claimed slots.

A Job is one piece of long work (a report, an export, the national plan)
asked for by a person or by the schedule: what it is (its kind and
parameters), how far it has got, and the file or figures it made, kept for
download. Its idempotency key makes asking twice (a double click, two
schedulers) give the same job, and its attempt number fences a worker that
was taken for dead: only the attempt that claimed the job may finish it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    kind = models.CharField(_("kind of work"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    #: None: started by the schedule.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked for by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("asked for at"), default=timezone.now)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    #: The file the job made, in the job results storage (JOB_RESULTS_DIR).
    result_name = models.CharField(max_length=300, blank=True)
    result_filename = models.CharField(max_length=200, blank=True)
    result_content_type = models.CharField(max_length=100, blank=True)
    result_size = models.PositiveBigIntegerField(null=True, blank=True)
    #: Figures the job worked out (the national plan, the equity report), for its page.
    result_data = models.JSONField(null=True, blank=True)
    result_removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="job_by_status_heartbeat"),
            models.Index(fields=["kind", "status", "finished_at"], name="job_by_kind_status"),
            models.Index(fields=["requested_by", "created_at"], name="job_by_requester"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def has_file(self) -> bool:
        return bool(self.result_name) and self.result_removed_at is None

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}


class ScheduleSlot(models.Model):
    """One run of a scheduled entry, claimed by the scheduler that got here
    first: the unique constraint is what makes two schedulers safe."""

    entry = models.CharField(max_length=60)
    slot = models.DateTimeField()
    claimed_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.CharField(max_length=100)
    job = models.ForeignKey(Job, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-slot", "entry"]
        constraints = [models.UniqueConstraint(fields=["entry", "slot"], name="one_claim_per_schedule_slot")]

    def __str__(self) -> str:
        return f"{self.entry} {self.slot:%Y-%m-%d %H:%M}"
