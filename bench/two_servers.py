"""Two web servers (gunicorn on two ports) sharing PostgreSQL and Redis:
what one server knows, the other knows.

- A session made by signing in on server A is good on server B; signing out
  on B ends it on A.
- The sign-in lockout counts across both: wrong passwords sent alternately
  to A and B lock the account after SIGN_IN_MAX_FAILURES (10) in all.
- The public enquiry form's limit (ADOPTER_ENQUIRIES_PER_HOUR, 5 from one
  address) counts across both: the sixth enquiry is refused on either.
- Baseline, in the same run: the same two servers without REDIS_URL (each
  with its own in-process cache) each count their own, so the address gets
  twice its limit in.

The database is nas_prod_small on the benchmarks' own PostgreSQL cluster
(port 5442; migrated, with the demonstration personas); Redis is a
redis-server of the benchmark's own.
"""

from __future__ import annotations

from bench import pgcluster
from bench.services import Browser, Gunicorn, Redis, environment, manage

DATABASE = "nas_prod_small"
LOCKED = "too many unsuccessful attempts to sign in with this username"


def prepare() -> dict[str, str]:
    cluster = pgcluster.primary()
    cluster.create_database(DATABASE)
    env = environment(cluster.url(DATABASE), ADOPTER_ENQUIRIES_PER_HOUR="5", SIGN_IN_MAX_FAILURES="10")
    manage(env, "migrate", "--no-input")
    manage(env, "seed_demo")
    return env


def unlock(env: dict[str, str], username: str) -> None:
    manage(
        env,
        "shell",
        "-c",
        "from nas.accounts.models import User; from nas.accounts.services import account_unlock; "
        "account_unlock(actor=User.objects.get(username='admin.national'), "
        f"user=User.objects.get(username='{username}'))",
    )


def destination(env: dict[str, str]) -> str:
    return manage(
        env,
        "shell",
        "-c",
        "from nas.adopters.services import enquiry_destinations; print(enquiry_destinations().first().pk)",
    ).split()[-1]


def enquiry(browser: Browser, organisation: str, n: int) -> int:
    browser.request("GET", "/enquire/")
    status, _ = browser.request(
        "POST",
        "/enquire/",
        form={
            "organisation": organisation,
            "first_names": "Bench",
            "last_name": f"Twoservers-{n}",
            "email": f"bench{n}@example.com",
            "kind": "domestic",
            "consent": "on",
        },
    )
    return status


def _session(a: Gunicorn, b: Gunicorn, password: str) -> tuple[int, int, int]:
    browser = Browser(a.port)
    signed_in = browser.sign_in("sw.cardiff", password)
    browser.use(b.port)
    on_b, _ = browser.request("GET", "/")
    browser.request("POST", "/sign-out/", form={})
    browser.use(a.port)
    after_sign_out_on_a, _ = browser.request("GET", "/")
    return signed_in, on_b, after_sign_out_on_a


def _lockout(a: Gunicorn, b: Gunicorn, password: str) -> tuple[int, bool]:
    browser = Browser(a.port)
    for n in range(10):
        browser.use((a, b)[n % 2].port)
        browser.sign_in("sw.wrexham", "not the password")
    browser.use(a.port)
    _, body = browser.request("GET", "/sign-in/")
    browser.request("POST", "/sign-in/", form={"username": "sw.wrexham", "password": password})
    status, body = browser.request("POST", "/sign-in/", form={"username": "sw.wrexham", "password": password})
    return status, LOCKED in body.decode()


def _rate_limit(a: Gunicorn, b: Gunicorn, organisation: str, start: int) -> list[int]:
    browser = Browser(a.port)
    statuses = []
    for n in range(12):
        browser.use((a, b)[n % 2].port)
        statuses.append(enquiry(browser, organisation, start + n))
    return statuses


def run() -> None:
    from nas.accounts.personas import DEMO_PASSWORD

    print("two_servers: two gunicorn servers sharing PostgreSQL and Redis")
    env = prepare()
    organisation = destination(env)
    redis = Redis().start()
    try:
        for shared in (True, False):
            unlock(env, "sw.wrexham")
            server_env = {**env, "REDIS_URL": redis.url} if shared else env
            a = Gunicorn(server_env, workers=1, threads=2).start()
            b = Gunicorn(server_env, workers=1, threads=2).start()
            try:
                label = "with Redis (REDIS_URL)" if shared else "baseline: each its own cache"
                print(f"  {label}: servers on {a.port} and {b.port}")
                signed_in, on_b, after = _session(a, b, DEMO_PASSWORD)
                print(
                    f"    session: signed in on A ({signed_in}), home page on B {on_b}, "
                    f"after signing out on B, A answers {after} (to sign in)"
                )
                status, locked = _lockout(a, b, DEMO_PASSWORD)
                print(f"    lockout: 10 wrong passwords, 5 to each; then the right one: locked={locked}")
                statuses = _rate_limit(a, b, organisation, start=0 if shared else 100)
                accepted = sum(1 for s in statuses if s == 302)
                refused = sum(1 for s in statuses if s == 429)
                print(
                    f"    enquiry limit 5 an hour: of 12 sent alternately to A and B, {accepted} stored, "
                    f"{refused} refused (429)"
                )
                if shared:
                    shared_accepted = accepted
                else:
                    print(
                        f"  shared limit holds: {shared_accepted} stored with Redis against {accepted} "
                        f"without it (ratio {accepted / max(shared_accepted, 1):.1f}x)"
                    )
            finally:
                a.stop()
                b.stop()
            if shared:
                redis.stop()
                redis = Redis(redis.port).start()
    finally:
        redis.stop()
        unlock(env, "sw.wrexham")
