"""The people of the load test (run by bench/load_test.py with locust,
headless). Each simulated person is one of the demonstration personas,
signs in through the real sign-in page, then goes from page to page and API
call to API call of their work, pausing 0.5 to 1.5 seconds between them.
Every fifth request is /healthz, the baseline. A response other than the
expected status counts as a failure (redirects are not followed: a page
that sends the person to sign in has failed)."""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, task

RECORDS = json.loads(open(os.environ["LOAD_RECORDS"], encoding="utf-8").read())
PASSWORD = os.environ["LOAD_PASSWORD"]

API = [("api: me", "/api/v1/me"), ("api: organisations", "/api/v1/organisations")]
PERSONAS = [
    (
        "sw.cardiff",
        [
            ("home", "/"),
            ("children list", "/children/"),
            ("child's record", "/children/{child}/"),
            ("api: children", "/api/v1/children?limit=20"),
            ("api: child", "/api/v1/children/{child}"),
        ],
    ),
    (
        "tm.cardiff",
        [
            ("home", "/"),
            ("children list", "/children/"),
            ("children's worklist", "/children/worklist/"),
            ("child's record", "/children/{child}/"),
            ("api: child", "/api/v1/children/{child}"),
        ],
    ),
    ("adm.cardiff", [("home", "/"), ("children's worklist", "/children/worklist/")]),
    (
        "assessor.vvc",
        [
            ("home", "/"),
            ("adopters list", "/adopters/"),
            ("adopters' worklist", "/adopters/worklist/"),
            ("household's record", "/adopters/{household}/"),
            ("api: households", "/api/v1/adopters?limit=20"),
        ],
    ),
    ("support.vvc", [("home", "/"), ("support caseload", "/support/")]),
    ("manager.vvc", [("home", "/"), ("support caseload", "/support/"), ("adopters list", "/adopters/")]),
    ("ff.vvc", [("home", "/"), ("family-finding profiles", "/family-finding/profiles/")]),
    ("director.national", [("home", "/"), ("family-finding profiles", "/family-finding/profiles/")]),
]
_next = itertools.count()


class Person(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.persona, pages = PERSONAS[next(_next) % len(PERSONAS)]
        self.pages = pages + API
        self.n = 0
        self.client.get("/sign-in/", name="sign-in")
        response = self.client.post(
            "/sign-in/",
            data={
                "username": self.persona,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            headers={"Referer": f"{self.host}/sign-in/"},
            allow_redirects=False,
            name="sign-in",
        )
        if response.status_code != 302:
            raise RuntimeError(f"{self.persona} could not sign in ({response.status_code})")

    @task
    def next_page(self) -> None:
        self.n += 1
        name, path = ("baseline: /healthz", "/healthz") if self.n % 5 == 0 else random.choice(self.pages)
        path = path.format(
            child=random.choice(RECORDS["child"]), household=random.choice(RECORDS["household"])
        )
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
