"""gunicorn's settings for the web process (the Procfile, the systemd unit
and the Containerfile all start it with `-c deploy/gunicorn.conf.py`).

Every value comes from the environment:

- PORT (8000) or GUNICORN_BIND (e.g. 127.0.0.1:8001 or unix:/run/nas/web.sock)
- WEB_WORKERS (the number of cores): worker processes
- WEB_THREADS (4): threads in each (the gthread worker: a page mostly waits
  on PostgreSQL, so threads serve more people per process's memory)
- WEB_TIMEOUT (30): seconds before a stuck request's worker is restarted
- WEB_MAX_REQUESTS (2000): a worker is replaced after this many requests
  (with jitter), which bounds any slow growth of its memory
- FORWARDED_ALLOW_IPS: the load balancers whose X-Forwarded-Proto is believed

gunicorn's own access log is off: it prints each path with its query string,
which may hold a searched name. The service's request log (nas.operations.logs)
writes one JSON line a request instead. In production the web process refuses
to start until the static files have been collected (`make build`), rather
than answering every page with an error.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

bind = (
    os.environ.get("GUNICORN_BIND")
    or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
proc_name = "nas-web"
# No control socket: it sits at one path per user, so two servers on one host
# (the two-server benchmark, a blue-green switch) would take each other's.
control_socket_disable = True
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "nas.operations.logs.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": [], "propagate": False},
    },
}


def on_starting(server: object) -> None:
    if os.environ.get("NAS_ENVIRONMENT") == "production":
        static_root = Path(os.environ.get("STATIC_ROOT", ROOT / "staticfiles"))
        if not (static_root / "staticfiles.json").exists():
            sys.exit(
                f"The static files have not been collected into {static_root}: run `make build` "
                "(or `manage.py collectstatic --no-input`) before starting the web server."
            )
