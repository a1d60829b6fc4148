"""python manage.py worker: the task worker of the configured backend, with
a heartbeat that /readyz checks.

It runs the worker of the configured backend in this process, with the
heartbeat thread beside it: `db_worker` for the database backend (the
default), `rqworker default --job-class django_tasks_rq.Job` for Redis
(TASKS_BACKEND=rq). The Procfile and the systemd unit run this command, so
production needs no other worker command.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string

from nas.operations.heartbeat import Heartbeat


class Command(BaseCommand):
    help = "Run the task worker with a heartbeat that /readyz checks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue-name", default="default")
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--batch", action="store_true", help="Stop when the queue is empty (for tests).")

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = get_random_string(32)
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            if settings.TASKS_BACKEND == "rq":
                self.run_rq(worker_id, options)
                return
            command_options: dict[str, Any] = {
                "queue_name": options["queue_name"],
                "interval": options["interval"],
                "worker_id": worker_id,
                "reload": False,
                "batch": options["batch"],
                "verbosity": options["verbosity"],
            }
            if options["max_tasks"] is not None:
                command_options["max_tasks"] = options["max_tasks"]
            call_command("db_worker", **command_options)
        finally:
            heartbeat.stop()
            heartbeat.join(timeout=5)

    def run_rq(self, worker_id: str, options: dict[str, Any]) -> None:
        rq_options: dict[str, Any] = {
            "job_class": "django_tasks_rq.Job",
            "name": f"nas-{worker_id}",
            "burst": options["batch"],
            "verbosity": options["verbosity"],
        }
        if options["max_tasks"] is not None:
            rq_options["max_jobs"] = options["max_tasks"]
        call_command("rqworker", options["queue_name"], **rq_options)
