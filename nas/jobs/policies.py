"""Who may see and do what with long work.

- A person sees the jobs they asked for, follows their progress, downloads
  what they made (while they may still ask for that work: someone who has
  lost the role cannot fetch the file) and tries a failed one again.
- An administrator sees every job (the jobs page: recent runs, failures with
  their error) and tries failed ones again, but downloads only their own:
  a report or an export is for the person who asked for it.
- Nobody else sees a job (404).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from nas.access.policies import Policy, register
from nas.accounts.roles import Role
from nas.jobs import registry
from nas.jobs.models import Job, JobStatus


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def administers(user: Any) -> bool:
    return _signed_in(user) and user.has_role(Role.ADMINISTRATOR)


class JobPolicy(Policy[Job]):
    model = Job
    record_type = "jobs.job"
    # A job's record names its kind and parameters, never a person; its file is audited when fetched.
    audited_reads = False

    def scope(self, user: Any) -> models.QuerySet[Job]:
        if not _signed_in(user):
            return Job.objects.none()
        if administers(user):
            return Job.objects.all()
        return Job.objects.filter(requested_by=user)

    def can(self, user: Any, action: str, record: Job | None = None) -> bool:
        if not _signed_in(user):
            return False
        if action == "list":
            return administers(user)
        if record is None:
            return False
        if action == "view":
            return self.scope(user).filter(pk=record.pk).exists()
        mine = record.requested_by_id == user.pk
        if action == "download":
            spec = registry.get(record.kind)
            still_allowed = (
                spec is not None and spec.may_start is not None and spec.may_start(user, record.params)
            )
            return mine and record.has_file and still_allowed
        if action == "retry":
            return record.status == JobStatus.FAILED and (mine or administers(user))
        return False


jobs = register(JobPolicy())
