"""Page latency of the main pages under 20 concurrent users, on the whole of
Wales (the synthetic national dataset at scale 1), against the real server.

- The database is var/bench-latency.sqlite3 (or the PostgreSQL database
  named by PAGE_LATENCY_DATABASE_URL, as in production): migrated, with the
  demonstration personas (seed_demo) and `generate_national_data --scale 1
  --seed 42`, made once and reused (about 35 seconds the first time).
- The server is gunicorn (2 workers of 4 threads: this machine has 2
  cores) on a free port on 127.0.0.1, with DEBUG off and DEMO_MODE on, so
  the personas sign in with their password through the real sign-in page.
  Its workers share a cache in Redis (PAGE_LATENCY_REDIS_URL, a database of
  the local Redis of its own), as the servers of a deployment do.
- 20 users, each a persona (a Cardiff social worker, team manager and
  decision maker, the Vale, Valleys and Cardiff region's assessor, support
  worker, family finder and manager, the Director of Operations) in a
  thread of its own with its own connection and session, go from page to
  page of their work (home, children, a child's record, the worklists,
  adopters, a household, the support caseload, family-finding profiles),
  pausing between pages as a person does (0.5 to 1.5 seconds, locust's
  usual wait). Every fifth request is /healthz, the baseline: the cheapest
  request the same server answers under the same load.
- It prints p50 and p95 per page and overall, the ratio of each to the
  baseline's, and the largest HTML each page sent. The targets (issue 16): a
  p95 under 150 ms on every main page and no page over 200 KB of HTML. The
  pages cover every role's main work: lists and records, the dashboard, a
  region's and an authority's figures, the returns, the SSDA903 return, the
  equity report, the national register and the national plan.

- Before measuring, each user opens each of its pages once (not measured):
  the figures, worklists and returns are kept between requests while their
  data stay the same (nas.performance.cache), as the service runs; each is
  computed again once after a write to the tables it reads. That first
  computation is printed per page ("first open"), the slowest of the users'.

Bounded: the warm pass, 5 seconds of warm-up, then 40 seconds measured (PAGE_LATENCY_SECONDS).
"""

from __future__ import annotations

import ast
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "var" / "bench-latency.sqlite3"
# PAGE_LATENCY_DATABASE_URL=postgres://postgres@127.0.0.1:5432/nas_latency measures the
# production database instead (the database is made and filled once, then reused).
DATABASE_URL = os.environ.get("PAGE_LATENCY_DATABASE_URL", f"sqlite:///{DATABASE}")
USERS = int(os.environ.get("PAGE_LATENCY_USERS", "20"))
# The web servers share one cache, as a deployment of more than one does (REDIS_URL): what one
# worker computed and kept, the other reads. A database of the local Redis of its own.
REDIS_URL = os.environ.get("PAGE_LATENCY_REDIS_URL", "redis://127.0.0.1:6379/13")
WARM_UP = 5.0
MEASURE = float(os.environ.get("PAGE_LATENCY_SECONDS", "40"))
THINK = (0.5, 1.5)
TARGET_P95_MS = 150

# (persona, pages): a page is a name and a path, "{child}" and "{household}"
# standing for a record in the persona's scope.
PERSONAS = [
    (
        "sw.cardiff",
        [
            ("home", "/"),
            ("children list", "/children/"),
            ("child's record", "/children/{child}/"),
            ("child's profile", "/family-finding/profiles/{profile}/"),
            ("profiles list, searched", "/family-finding/profiles/?q=a&sort=waiting"),
            ("notifications", "/notifications/"),
            ("notification settings", "/notifications/settings/"),
            ("child's documents", "/documents/of/children.child/{child}/"),
            ("search, a name with a slip", "/search/?q=Jnoes"),
            ("my cases", "/casework/my-cases/"),
            ("my tasks", "/casework/my-tasks/"),
            ("child's chronology", "/casework/of/children.child/{child}/chronology/"),
        ],
    ),
    (
        "tm.cardiff",
        [
            ("home", "/"),
            ("children list", "/children/"),
            ("children's worklist", "/children/worklist/"),
            ("child's record", "/children/{child}/"),
            ("life-story work", "/documents/life-story/"),
            ("subject access export", "/data-protection/subject-access/child/{child}/"),
            ("records retention", "/data-protection/retention/"),
            ("SSDA903 return", "/returns/ssda903/cardiff/"),
            ("performance: an authority", "/performance/figures/cardiff/"),
            ("caseload", "/casework/caseload/"),
            ("child's case notes", "/casework/of/children.child/{child}/notes/"),
        ],
    ),
    (
        "adm.cardiff",
        [
            ("home", "/"),
            ("children's worklist", "/children/worklist/"),
            ("links list", "/family-finding/links/"),
        ],
    ),
    (
        "assessor.vvc",
        [
            ("home", "/"),
            ("adopters list", "/adopters/"),
            ("adopters' worklist", "/adopters/worklist/"),
            ("household's record", "/adopters/{household}/"),
            ("households' profiles", "/family-finding/households/"),
            ("enquiries", "/adopters/enquiries/"),
        ],
    ),
    (
        "support.vvc",
        [("home", "/"), ("support caseload", "/support/"), ("support people", "/support/people/")],
    ),
    (
        "manager.vvc",
        [
            ("home", "/"),
            ("support caseload", "/support/"),
            ("adopters list", "/adopters/"),
            ("records retention", "/data-protection/retention/"),
            ("performance: a region", "/performance/figures/vale-valleys-cardiff/"),
            ("equity: a region", "/family-finding/equity/"),
            ("national register", "/family-finding/register/"),
            ("quarterly returns", "/performance/returns/"),
        ],
    ),
    (
        "ff.vvc",
        [
            ("home", "/"),
            ("family-finding profiles", "/family-finding/profiles/"),
            ("links list", "/family-finding/links/"),
            ("national plan (figures)", "/family-finding/national-plan/"),
        ],
    ),
    (
        "director.national",
        [
            ("home", "/"),
            ("family-finding profiles", "/family-finding/profiles/"),
            ("dashboard", "/performance/"),
            ("equity: Wales", "/family-finding/equity/"),
            ("national plan", "/family-finding/national-plan/"),
            ("national register", "/family-finding/register/"),
            ("quarterly returns", "/performance/returns/"),
        ],
    ),
    ("board.national", [("home", "/"), ("dashboard", "/performance/"), ("reports", "/performance/reports/")]),
    ("admin.national", [("home", "/"), ("background jobs", "/jobs/")]),
]
#: No page sends more HTML than this (issue 16).
TARGET_HTML_KB = 200
BASELINE = ("baseline: /healthz", "/healthz")
# The generated casework is held by synthetic workers who cannot sign in: the Cardiff social
# worker persona takes over a typical caseload of theirs (15 children), once.
GIVE_CASELOAD = (
    "from nas.accounts.models import User; from nas.casework.models import Allocation; "
    "from nas.children.models import Child; sw = User.objects.get(username='sw.cardiff'); "
    "mine = Allocation.objects.filter(worker=sw, ended_at=None).exists(); "
    "held = list(Allocation.objects.filter(record_type='children.child', ended_at=None, "
    "record_id__in=Child.objects.filter(local_authority__code='cardiff').values('pk'))"
    ".order_by('pk').values_list('pk', 'record_id')[:15]) if not mine else []; "
    "Allocation.objects.filter(pk__in=[a for a, _ in held]).update(worker=sw); "
    "Child.objects.filter(pk__in=[c for _, c in held]).update(social_worker=sw)"
)


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DEMO_MODE": "true",
        "DEBUG": "false",
        "NAS_ENVIRONMENT": "development",
        # Persistent connections, as a deployment would run.
        "DATABASE_CONN_MAX_AGE": "300",
        "REDIS_URL": REDIS_URL,
    }


def _manage(*args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=_env(), check=True, capture_output=True
    )


def _database() -> None:
    DATABASE.parent.mkdir(exist_ok=True)
    started = time.perf_counter()
    if DATABASE_URL.startswith("postgres"):
        _create_postgres_database()
    _manage("migrate", "--no-input")
    _manage("seed_demo")
    _manage("generate_national_data", "--years", "10", "--scale", "1", "--seed", "42", "--skip-existing")
    _manage("shell", "-c", GIVE_CASELOAD)
    sqlite = DATABASE_URL.startswith("sqlite")
    where = DATABASE.relative_to(ROOT) if sqlite else urlsplit(DATABASE_URL).path.lstrip("/")
    print(f"  bench database {where} ready in {time.perf_counter() - started:.1f} s")


def _create_postgres_database() -> None:
    import psycopg

    url = urlsplit(DATABASE_URL)
    name = url.path.lstrip("/")
    server = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as db:
        if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            db.execute(f'CREATE DATABASE "{name}"')


def _records() -> tuple[list[int], list[int], list[int]]:
    """Cardiff children, the region's households and Cardiff's children's
    profiles the personas may open."""
    code = (
        "from nas.children.models import Child; from nas.adopters.models import Household; "
        "print(list(Child.objects.filter(local_authority__code='cardiff', archived_at=None, "
        "restricted_at=None).order_by('pk').values_list('pk', flat=True)[:400])); "
        "print(list(Household.objects.filter(owner__code='vale-valleys-cardiff')"
        ".order_by('pk').values_list('pk', flat=True)[:400])); "
        "from nas.matching.models import ChildProfile; "
        "print(list(ChildProfile.objects.filter(child__local_authority__code='cardiff', "
        "child__restricted_at=None, archived_at=None).order_by('pk').values_list('pk', flat=True)[:400]))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    children, households, profiles = (
        ast.literal_eval(line) for line in result.stdout.strip().splitlines()[-3:]
    )
    return children, households, profiles


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "nas.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            os.environ.get("PAGE_LATENCY_WORKERS", "2"),
            "--worker-class",
            "gthread",
            "--threads",
            os.environ.get("PAGE_LATENCY_THREADS", "4"),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=_env(),
    )
    # The first request of a worker loads every part of the service: seconds on a busy machine.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("The server did not start")


class User(threading.Thread):
    def __init__(
        self, port: int, persona: str, pages: list[tuple[str, str]], records: dict[str, list[int]], seed: int
    ):
        super().__init__(daemon=True)
        self.port, self.persona, self.pages, self.records = port, persona, pages, records
        self.rng = random.Random(seed)
        self.cookies: dict[str, str] = {}
        self.samples: list[tuple[float, str, float, int, int]] = []  # when, page, seconds, status, bytes
        self.stop_at = 0.0
        #: How long the first open of each page took (the warm pass).
        self.first: dict[str, float] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def _request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {"Host": "127.0.0.1", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}/sign-in/"
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

    def sign_in(self, password: str) -> None:
        self._request("GET", "/sign-in/")
        status, _ = self._request(
            "POST",
            "/sign-in/",
            urlencode(
                {
                    "username": self.persona,
                    "password": password,
                    "csrfmiddlewaretoken": self.cookies["csrftoken"],
                }
            ),
        )
        if status != 302:
            raise RuntimeError(f"{self.persona} could not sign in ({status})")

    def warm(self) -> None:
        """Open each page once, keeping how long the first open took."""
        for name, path in self.pages:
            path = path.format(
                child=self.records["child"][0],
                household=self.records["household"][0],
                profile=self.records["profile"][0],
            )
            started = time.perf_counter()
            self._request("GET", path)
            self.first[name] = time.perf_counter() - started

    def run(self) -> None:
        n = 0
        while time.monotonic() < self.stop_at:
            n += 1
            name, path = BASELINE if n % 5 == 0 else self.rng.choice(self.pages)
            path = path.format(
                child=self.rng.choice(self.records["child"]),
                household=self.rng.choice(self.records["household"]),
                profile=self.rng.choice(self.records["profile"]),
            )
            started = time.perf_counter()
            status, content = self._request("GET", path)
            self.samples.append((time.monotonic(), name, time.perf_counter() - started, status, len(content)))
            time.sleep(self.rng.uniform(*THINK))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run() -> None:
    from nas.accounts.personas import DEMO_PASSWORD

    print("page_latency: the main pages under 20 concurrent users, scale-1 data, gunicorn on 127.0.0.1")
    load_before = os.getloadavg()[0]
    _database()
    children, households, profiles = _records()
    port = _free_port()
    server = _start_server(port)
    try:
        users = []
        for n in range(USERS):
            persona, pages = PERSONAS[n % len(PERSONAS)]
            records = {"child": children, "household": households, "profile": profiles}
            user = User(port, persona, pages, records, seed=n)
            user.sign_in(DEMO_PASSWORD)
            users.append(user)
        warming = [threading.Thread(target=user.warm, daemon=True) for user in users]
        warm_began = time.monotonic()
        for thread in warming:
            thread.start()
        for thread in warming:
            thread.join(timeout=600)
        print(f"  warm pass (each user opens each of its pages once): {time.monotonic() - warm_began:.1f} s")
        began = time.monotonic()
        measure_from = began + WARM_UP
        for user in users:
            user.stop_at = measure_from + MEASURE
            user.start()
        for user in users:
            user.join(timeout=MEASURE + WARM_UP + 60)
    finally:
        server.terminate()
        server.wait(timeout=30)
    # Latency on 2 cores depends on what else runs: say how loaded the machine was.
    print(f"  machine load (1-minute average): {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    by_page: dict[str, list[float]] = defaultdict(list)
    size: dict[str, int] = defaultdict(int)
    errors: dict[str, int] = defaultdict(int)
    for user in users:
        for when, name, seconds, status, length in user.samples:
            if when < measure_from:
                continue
            if status != 200:
                errors[name] += 1
            by_page[name].append(seconds * 1000)
            size[name] = max(size[name], length)
    baseline = by_page.pop(BASELINE[0])
    pages = [ms for values in by_page.values() for ms in values]
    base50, base95 = _percentile(baseline, 0.5), _percentile(baseline, 0.95)
    total = len(pages) + len(baseline)
    print(f"  {total} requests in {MEASURE:.0f} s ({total / MEASURE:.1f}/s), {sum(errors.values())} not 200")
    print(f"  {'page':<28} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p95/baseline':>13} {'HTML KB':>8}")
    for name in sorted(by_page):
        values = by_page[name]
        p95 = _percentile(values, 0.95)
        flags = [] if p95 < TARGET_P95_MS else [f"over the {TARGET_P95_MS} ms target"]
        if size[name] > TARGET_HTML_KB * 1024:
            flags.append(f"over {TARGET_HTML_KB} KB")
        if errors[name]:
            flags.append(f"{errors[name]} not 200")
        print(
            f"  {name:<28} {len(values):>5} {_percentile(values, 0.5):>8.1f} {p95:>8.1f} "
            f"{p95 / base95:>12.1f}x {size[name] / 1024:>8.1f}{'  ' + '; '.join(flags) if flags else ''}"
        )
    first: dict[str, float] = defaultdict(float)
    for user in users:
        for name, seconds in user.first.items():
            first[name] = max(first[name], seconds * 1000)
    print(
        "  first open of each page in the warm pass (ms, slowest user): "
        + "; ".join(f"{name} {ms:.0f}" for name, ms in sorted(first.items()))
    )
    p50, p95 = _percentile(pages, 0.5), _percentile(pages, 0.95)
    print(f"  {'all main pages':<28} {len(pages):>5} {p50:>8.1f} {p95:>8.1f} {p95 / base95:>12.1f}x")
    print(f"  {BASELINE[0]:<28} {len(baseline):>5} {base50:>8.1f} {base95:>8.1f}")
    print(
        f"  ratio main pages/baseline: p50 {p50 / base50:.1f}x, p95 {p95 / base95:.1f}x; "
        f"mean {statistics.mean(pages):.1f} ms"
    )
