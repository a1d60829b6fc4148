"""Shared personas: one member of staff for every role and tier (the same
people `manage.py seed_demo` creates), including an outsider who must see
nothing of Cardiff's records."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from nas.accounts.models import User
from nas.accounts.personas import DEMO_PASSWORD, PERSONAS
from nas.accounts.services import staff_create
from nas.audit.models import AuditChainHead
from nas.organisations.models import Organisation
from nas.organisations.reference import load_reference_data

# The slowest files (10-45 s a test on the 2-core machine), run first so that
# neither xdist worker starts one when the other has nothing left to do.
SLOWEST_FIRST = (
    "tests/contract/test_schemathesis.py",
    "tests/browser/",
    "tests/operations/test_backups.py",
    "tests/core/test_seed_demo.py",
    "tests/core/test_translations.py",
    "tests/synthetic/test_generate.py",
    "tests/matching/test_properties.py",
    "tests/matching/test_adapters.py",
    "tests/returns/test_round_trip_generated.py",
    "tests/children/test_import.py",
    "tests/jobs/test_worker.py",
)


# Files whose module-scoped world is expensive to make: with -n each runs whole
# on one worker, so the world is made once rather than on both workers.
WHOLE_ON_ONE_WORKER = (
    "tests/access/test_matrix.py",
    "tests/synthetic/test_calibration.py",
)


def pytest_xdist_make_scheduler(config, log):
    """`-n 2` (xdist's default --dist load) hands out work in chunks and can
    leave one worker idle for minutes while the other has the slow tests
    queued. Instead: each file of WHOLE_ON_ONE_WORKER is one unit of work,
    handed out first (the units with the most tests go first), then every
    other test is its own unit, given to whichever worker is free, so the two
    finish together. (xdist's own --dist loadgroup does this with marks, but
    its marks are lost under pytest 9.) An explicit --dist other than load is
    left as asked."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class WholeFilesThenEachTest(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::")[0]
            return path if path in WHOLE_ON_ONE_WORKER else nodeid

    return WholeFilesThenEachTest(config, log)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Slowest files first (stable, so each file keeps its own order; every
    worker collects the same order). pytest-django's sort runs after this one
    and keeps it within its own order: the tests in a rolled-back transaction,
    then the transactional ones (whose flush empties the data the migrations
    loaded), then those without a database. The files of WHOLE_ON_ONE_WORKER
    still go first (pytest_xdist_make_scheduler)."""

    def rank(item) -> int:
        path = item.nodeid.split("::")[0]
        for i, prefix in enumerate(SLOWEST_FIRST):
            if path.startswith(prefix):
                return i
        return len(SLOWEST_FIRST)

    items.sort(key=rank)


def _flush_by_delete_on_postgresql() -> None:
    """A transactional test (the browser tests, the worker's) ends by emptying
    every table. Django does it on PostgreSQL with one TRUNCATE of all 78
    tables, which makes new files for each table and index: 2-3 s, empty or
    not, on the shared 2-core machine. DELETE of the few rows a test wrote
    takes milliseconds and leaves the same empty tables (the foreign keys are
    deferred to the commit, as Django creates them). Only this flush, in the
    tests; a flush that cascades or resets sequences still truncates."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED;"] + [f"DELETE FROM {self.quote_name(t)};" for t in tables]

    DatabaseOperations.sql_flush = sql_flush


_flush_by_delete_on_postgresql()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite's test database is a file, not memory, so a real worker or
    scheduler process (tests/jobs) can open it too."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # In shared memory where there is one (tmpfs): as fast as SQLite's own memory database.
        shm = Path("/dev/shm")
        folder = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() else tmp_path_factory.mktemp("database")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")
        yield
        shutil.rmtree(folder, ignore_errors=True)
        return
    if database["ENGINE"] == "django.db.backends.postgresql":
        # A test database need not survive a crash: a commit (every request of
        # a browser test, every flush) does not wait for the disk, which the
        # shared machine keeps busy.
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; the tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_session_renewal_during_tests(settings):
    # Query-count tests compare two requests; a once-a-minute session write
    # would count in one and not the other. The renewal has its own tests.
    settings.SESSION_REFRESH_SECONDS = 10**10


@pytest.fixture(autouse=True)
def _sign_in_counts_start_afresh():
    # Every test client signs in from 127.0.0.1: one test's failures must not
    # throttle the next (nas.accounts.throttle counts in the cache).
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english_after_each_test():
    # A test (or code it calls outside a request) that switches to Welsh must
    # not leave the next test in Welsh: the order of tests varies with xdist.
    yield
    from django.utils import translation

    translation.activate("en")


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # A task enqueued in a test runs in the test; the worker has its own tests.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _job_results_in_a_temporary_folder(settings, tmp_path_factory):
    settings.JOB_RESULTS_DIR = tmp_path_factory.mktemp("job-results")


@pytest.fixture
def reference_data(db) -> None:
    """The organisations. A transactional test (the browser tests) empties
    the database afterwards, migration data included, so load them again."""
    if not Organisation.objects.exists():
        load_reference_data(Organisation)
        AuditChainHead.objects.get_or_create(pk=1)


def make_personas() -> dict[str, User]:
    """One account for each of the demo personas (the organisations must exist)."""
    organisations = {o.code: o.pk for o in Organisation.objects.all()}
    return {
        p.username: staff_create(
            actor=None,
            username=p.username,
            password=DEMO_PASSWORD,
            organisation_id=organisations[p.organisation],
            roles=list(p.roles),
            first_name=p.first_name,
            last_name=p.last_name,
        )
        for p in PERSONAS
    }


@pytest.fixture
def personas(reference_data) -> dict[str, User]:
    return make_personas()


@pytest.fixture
def client_for(personas) -> Callable[[str], Client]:
    """A client signed in as the named persona (both factors already passed)."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(personas[username])
        return client

    return make


@pytest.fixture(autouse=True)
def _documents_in_a_temporary_store(settings, tmp_path_factory):
    # Uploaded documents go to a store of the test's own, never var/media.
    root = tmp_path_factory.mktemp("documents")
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    settings.DOCUMENT_SCANNER = ""
