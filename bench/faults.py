"""Faults under load: PostgreSQL stopped for 10 seconds, then Redis stopped
for 10 seconds, while people read pages and the public sends enquiries.

Never the shared servers: PostgreSQL is the benchmarks' own cluster on port
5442 (bench/pgcluster.py, database nas_prod_small) and Redis a
redis-server of the benchmark's own. One gunicorn server (2 workers of 4
threads) with REDIS_URL; 8 readers (personas, a page every 0.2 s) and 2
writers (an enquiry every 0.3 s through the public form, each with its own
surname so it can be found afterwards).

What it checks and prints:
- PostgreSQL away: every request answers the service's 503 page ("Sorry,
  the service is unavailable", with Retry-After), never a 500 or a
  traceback; the service answers 200 again within 5 seconds of PostgreSQL
  accepting connections, without being restarted.
- No write is half-done: every enquiry the service said it stored is
  there; every enquiry in the database has its audit entry; the audit
  chain verifies (verify_audit_chain).
- Redis away: no 500; how many people were sent to sign in again (sessions
  are kept in the database behind Redis, so none should be).
- Baseline: the same readers' latency before the faults.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

from bench import pgcluster
from bench.services import Browser, Gunicorn, Redis, environment, manage, percentile
from bench.two_servers import DATABASE, destination

READERS = [
    ("sw.cardiff", ["/", "/children/"]),
    ("tm.cardiff", ["/", "/children/worklist/"]),
    ("assessor.vvc", ["/", "/adopters/"]),
    ("support.vvc", ["/", "/support/"]),
]
UNAVAILABLE = b"Sorry, the service is unavailable"


class Log:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[
            tuple[float, str, int, bool, float]
        ] = []  # when, kind, status, service page, seconds

    def add(self, kind: str, status: int, body: bytes, seconds: float) -> None:
        with self.lock:
            self.entries.append((time.monotonic(), kind, status, UNAVAILABLE in body, seconds))


def reader(port: int, persona: str, pages: list[str], password: str, log: Log, stop: threading.Event) -> None:
    browser = Browser(port)
    browser.sign_in(persona, password)
    n = 0
    while not stop.is_set():
        n += 1
        began = time.perf_counter()
        try:
            status, body = browser.request("GET", pages[n % len(pages)])
        except OSError:
            status, body = 0, b""
        log.add("read", status, body, time.perf_counter() - began)
        if status == 302:
            log.add("asked to sign in", 302, b"", 0)
            try:
                browser.sign_in(persona, password)
            except OSError:
                pass
        stop.wait(0.2)


def writer(
    port: int, organisation: str, name: str, log: Log, outcomes: dict[str, int], stop: threading.Event
) -> None:
    browser = Browser(port)
    n = 0
    while not stop.is_set():
        n += 1
        surname = f"Fault{name}-{n}"
        began = time.perf_counter()
        try:
            browser.request("GET", "/enquire/")
            status, body = browser.request(
                "POST",
                "/enquire/",
                form={
                    "organisation": organisation,
                    "first_names": "Bench",
                    "last_name": surname,
                    "email": "fault@example.com",
                    "kind": "domestic",
                    "consent": "on",
                },
            )
        except OSError:
            status, body = 0, b""
        outcomes[surname] = status
        log.add("write", status, body, time.perf_counter() - began)
        stop.wait(0.3)


def _phase(log: Log, start: float, end: float) -> Counter[tuple[str, int]]:
    return Counter((kind, status) for when, kind, status, _, _ in log.entries if start <= when < end)


def _check_writes(env: dict[str, str], outcomes: dict[str, int]) -> None:
    code = (
        "import json; from nas.adopters.models import Enquiry; from nas.audit.models import AuditEvent; "
        "rows = dict(Enquiry.objects.filter(last_name__startswith='Fault').values_list('last_name', 'pk')); "
        "audited = set(AuditEvent.objects.filter(record_type='adopters.enquiry', action='create', "
        "record_id__in=[str(p) for p in rows.values()]).values_list('record_id', flat=True)); "
        "print(json.dumps({'rows': rows, 'audited': sorted(audited)}))"
    )
    import json

    found = json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])
    rows, audited = found["rows"], set(found["audited"])
    stored = [s for s, status in outcomes.items() if status == 302]
    failed = [s for s, status in outcomes.items() if status != 302]
    missing = [s for s in stored if s not in rows]
    unaudited = [s for s, pk in rows.items() if str(pk) not in audited and s in outcomes]
    in_db_though_failed = [s for s in failed if s in rows]
    print(
        f"  writes: {len(outcomes)} enquiries sent, {len(stored)} answered stored, {len(failed)} refused or "
        f"unanswered; stored but missing: {len(missing)}; in the database without their audit entry: "
        f"{len(unaudited)}; refused yet complete in the database: {len(in_db_though_failed)}"
    )
    chain = manage(env, "verify_audit_chain").strip().splitlines()[-1]
    print(f"  {chain}")


def run() -> None:
    from nas.accounts.personas import DEMO_PASSWORD

    print(
        "faults: PostgreSQL stopped 10 s, then Redis stopped 10 s, under load "
        "(own cluster on 5442, own Redis)"
    )
    cluster = pgcluster.primary()
    cluster.create_database(DATABASE)
    env = environment(cluster.url(DATABASE), ADOPTER_ENQUIRIES_PER_HOUR="100000")
    manage(env, "migrate", "--no-input")
    manage(env, "seed_demo")
    organisation = destination(env)
    manage(
        env,
        "shell",
        "-c",
        "from nas.adopters.models import Enquiry; "
        "print(Enquiry.objects.filter(last_name__startswith='Fault').count())",
    )
    redis = Redis().start()
    server = Gunicorn({**env, "REDIS_URL": redis.url, "WEB_MAX_REQUESTS": "2000"}).start()
    log, stop, outcomes = Log(), threading.Event(), {}
    threads = [
        threading.Thread(target=reader, args=(server.port, p, pages, DEMO_PASSWORD, log, stop), daemon=True)
        for p, pages in READERS * 2
    ] + [
        threading.Thread(
            target=writer,
            args=(server.port, organisation, f"{time.time():.0f}{w}", log, outcomes, stop),
            daemon=True,
        )
        for w in "ab"
    ]
    try:
        began = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(10)
        pg_down = time.monotonic()
        cluster.stop("fast")
        time.sleep(10)
        cluster.start()
        pg_up = time.monotonic()
        time.sleep(15)
        redis_down = time.monotonic()
        redis.stop()
        time.sleep(10)
        redis.start()
        redis_up = time.monotonic()
        time.sleep(10)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        server.stop()
        redis.stop()
        cluster.start()
    end = time.monotonic()

    before = [s * 1000 for when, kind, status, _, s in log.entries if when < pg_down and kind == "read"]
    print(
        f"  baseline before the faults: {len(before)} reads, p50 {percentile(before, 0.5):.0f} ms, "
        f"p95 {percentile(before, 0.95):.0f} ms"
    )
    during = [e for e in log.entries if pg_down <= e[0] < pg_up]
    print(f"  PostgreSQL away {pg_up - pg_down:.1f} s: {dict(_phase(log, pg_down, pg_up))}")
    service_pages = sum(1 for e in during if e[2] == 503 and e[3])
    bare = sum(1 for e in during if e[2] not in {200, 302, 503} or (e[2] == 503 and not e[3]))
    print(
        f"    503 with the service's page: {service_pages}; "
        f"any other error (500, bare 503, no answer): {bare}"
    )
    after_up = sorted(e for e in log.entries if e[0] >= pg_up and e[1] == "read")
    last_failure = max((e[0] for e in after_up if e[2] != 200), default=pg_up)
    first_ok = min((e[0] for e in after_up if e[2] == 200 and e[0] > last_failure), default=float("nan"))
    print(
        f"    recovered: first page served {first_ok - pg_up:.1f} s after PostgreSQL was back "
        f"(target under 5 s); no failure after {last_failure - pg_up:.1f} s"
    )
    print(f"  between the faults: {dict(_phase(log, pg_up + 5, redis_down))}")
    redis_phase = _phase(log, redis_down, redis_up + 5)
    print(f"  Redis away {redis_up - redis_down:.1f} s (and 5 s after): {dict(redis_phase)}")
    errors = sum(n for (kind, status), n in redis_phase.items() if status >= 500 or status == 0)
    asked = sum(n for (kind, status), n in redis_phase.items() if kind == "asked to sign in")
    print(f"    server errors: {errors}; people asked to sign in again: {asked}")
    print(f"  whole run {end - began:.0f} s, {len(log.entries)} requests")
    _check_writes(env, outcomes)
