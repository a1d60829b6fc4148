"""Run the database task worker (or another management command) as its own
process, against the test database, with the test job kinds loaded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start(*command: str, **env: str) -> subprocess.Popen[Any]:
    script = (
        "import django, sys; django.setup(); import tests.jobs.kinds; "
        "from django.core.management import call_command; call_command(*sys.argv[1:])"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nas.settings",
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": "database",
        "JOB_RESULTS_DIR": str(settings.JOB_RESULTS_DIR),
        "PYTHONPATH": str(ROOT),
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-c", script, *command],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def db_worker(*extra: str) -> subprocess.Popen[Any]:
    return start("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", *extra)
