"""What the production benchmarks start and stop: a Redis server of their
own (never the shared one on 6379), gunicorn web servers with the
production process settings, and a small HTTP client that signs in as a
persona. Each is started on a free port on 127.0.0.1 and stopped by the
benchmark that started it."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "var" / "bench-production"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not happen within {seconds:.0f} s")
        time.sleep(0.1)


class Redis:
    """A redis-server of the benchmark's own, without persistence."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> Redis:
        server = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [server, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, 10, f"redis on {self.port} answering")
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def environment(database_url: str, **extra: str) -> dict[str, str]:
    """A deployment's environment, with the demonstration sign-in (password
    alone) so the simulated people can sign in through the real page."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "NAS_ENVIRONMENT": "development",
        "DEBUG": "false",
        "DEMO_MODE": "true",
        "DATABASE_CONN_MAX_AGE": "300",
        "TASKS_BACKEND": "database",
        **extra,
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


class Gunicorn:
    def __init__(
        self, env: dict[str, str], *, port: int | None = None, workers: int = 2, threads: int = 4
    ) -> None:
        self.port = port or free_port()
        self.env = {
            **env,
            "PORT": str(self.port),
            "WEB_WORKERS": str(workers),
            "WEB_THREADS": str(threads),
            # No recycling of workers while memory is measured.
            "WEB_MAX_REQUESTS": env.get("WEB_MAX_REQUESTS", "0"),
        }
        self.process: subprocess.Popen[bytes] | None = None
        RUN.mkdir(parents=True, exist_ok=True)
        self.log = RUN / f"web-{self.port}.log"

    def start(self) -> Gunicorn:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "nas.wsgi:application"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("wb"),
        )
        wait_for(lambda: self.status("/healthz") == 200, 60, f"gunicorn on {self.port} answering")
        return self

    def status(self, path: str) -> int | None:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            return connection.getresponse().status
        except OSError:
            return None

    def memory(self) -> dict[str, int]:
        """Resident memory (bytes) of the master and of each worker."""
        import psutil

        assert self.process is not None
        master = psutil.Process(self.process.pid)
        found = {"master": master.memory_info().rss}
        for n, child in enumerate(sorted(master.children(), key=lambda p: p.pid)):
            found[f"worker {n + 1}"] = child.memory_info().rss
        return found

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=40)
            self.process = None


class Browser:
    """One person's cookies and connection to one server (or another)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def use(self, port: int) -> None:
        """Go on with the same cookies against another server."""
        self.connection.close()
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, payload: object = None
    ) -> tuple[int, bytes]:
        headers = {"Host": "127.0.0.1", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        elif payload is not None:
            body = json.dumps(payload)
            headers["Content-Type"] = "application/json"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://127.0.0.1:{self.port}/"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content

    def sign_in(self, username: str, password: str) -> int:
        self.request("GET", "/sign-in/")
        status, _ = self.request("POST", "/sign-in/", form={"username": username, "password": password})
        return status


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")
