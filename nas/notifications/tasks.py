"""The worker's tasks for notifications."""

from __future__ import annotations

from django_tasks import task

from nas.notifications import services


@task()
def send_pending_emails() -> int:
    return services.send_immediate_emails()
