import signal
import time
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from nas.jobs.scheduler import tick
from nas.jobs.services import worker_name


class Command(BaseCommand):
    help = (
        "Run the schedule (nas/jobs/schedule.py): every interval, claim each entry's latest slot in the "
        "database and queue its job for the worker. Safe to run more than one: each slot runs once."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="One tick, then stop.")
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between ticks (30).")
        parser.add_argument("--now", help="Take this ISO date-time as now (with --once; for checks).")

    def handle(self, *args: Any, once: bool, interval: float, now: str | None, **options: Any) -> None:
        fixed: datetime | None = None
        if now:
            fixed = parse_datetime(now)
            if fixed is None:
                raise CommandError(f"--now {now!r} is not an ISO date-time.")
            if timezone.is_naive(fixed):
                fixed = timezone.make_aware(fixed)
        name = worker_name()
        running = True

        def stop(signum: int, frame: Any) -> None:
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while True:
            close_old_connections()
            for claimed in tick(now=fixed or timezone.now(), claimed_by=name):
                self.stdout.write(f"{claimed.entry} {claimed.slot.isoformat()}: job {claimed.job_id}")
            if once or not running:
                return
            waited = 0.0
            while running and waited < interval:
                time.sleep(0.5)
                waited += 0.5
            if not running:
                return
