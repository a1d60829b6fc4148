"""The worker's heartbeat: a thread of the worker process that writes its
row of WorkerHeartbeat every WORKER_HEARTBEAT_SECONDS, on its own database
connection. /readyz reads the newest row. When the database is away the
beat is skipped and tried again next time."""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from nas.operations.models import WorkerHeartbeat

logger = logging.getLogger("nas.worker")


def beat(*, worker_id: str, started_at: datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": timezone.now(),
        },
    )


class Heartbeat(threading.Thread):
    def __init__(self, worker_id: str) -> None:
        super().__init__(name="nas-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def start(self) -> None:
        # The first beat is written before the worker takes a task, so a
        # worker that cannot reach the database fails at once, loudly.
        beat(worker_id=self.worker_id, started_at=self.started_at)
        super().start()

    def run(self) -> None:
        while not self.stopping.wait(settings.WORKER_HEARTBEAT_SECONDS):
            close_old_connections()
            try:
                beat(worker_id=self.worker_id, started_at=self.started_at)
            except DatabaseError as error:
                logger.warning("heartbeat skipped", extra={"error": type(error).__name__})
                connection.close()
        connection.close()

    def stop(self) -> None:
        self.stopping.set()
