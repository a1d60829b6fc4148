"""The one settings module. Every value comes from the environment through the
typed readers in nas.env, so a bad value stops start-up with a clear message.

NAS_ENVIRONMENT=development (the default) runs on a SQLite file with the demo
conveniences; NAS_ENVIRONMENT=production insists on a secret key, HTTPS and
refuses the demonstration sign-in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from nas.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = env_choice("NAS_ENVIRONMENT", "development", ("development", "production"))
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be false when NAS_ENVIRONMENT is production.")

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "SECRET_KEY must be a random string of at least 50 characters in production."
        )
else:
    SECRET_KEY = env_str("SECRET_KEY", "django-insecure-development-only-key-never-used-in-production")

# The demonstration mode lets the seeded personas sign in with a password alone,
# under a visible banner, so a newcomer can look around. Production refuses it.
DEMO_MODE = env_bool("DEMO_MODE", False)
if PRODUCTION and DEMO_MODE:
    raise ImproperlyConfigured("DEMO_MODE cannot be switched on when NAS_ENVIRONMENT is production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the service's host names in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "nas.core.apps.NasAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "nas.core",
    "nas.contract",
    "nas.organisations",
    "nas.accounts",
    "nas.audit",
    "nas.access",
    "nas.children",
    "nas.matching",
    "nas.returns",
    "nas.support",
    "nas.adopters",
    "nas.panels",
    "nas.synthetic",
    "nas.performance",
    "nas.jobs",
    "nas.notifications",
    "nas.documents",
    "nas.search",
    "nas.operations",
    "nas.privacy",
    "nas.casework",
    "nas.sufficiency",
]

MIDDLEWARE = [
    "nas.core.middleware.RequestIdMiddleware",
    "nas.operations.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "nas.core.middleware.SecurityHeadersMiddleware",
    "nas.core.middleware.ServiceErrorPagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nas.core.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "nas.contract.middleware.NulCharacterMiddleware",
    "nas.core.middleware.StaffSignInRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "nas.core.middleware.AuditContextMiddleware",
    "nas.operations.routers.ReplicaReadsMiddleware",
]

ROOT_URLCONF = "nas.urls"
WSGI_APPLICATION = "nas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "nas" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nas.core.context_processors.service",
                "nas.notifications.context_processors.notifications",
                "nas.search.context_processors.search_box",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", "")
if not DATABASE_URL:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASE_URL = f"sqlite:///{BASE_DIR / 'var' / 'nas.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
        # A persistent connection broken by a database restart is noticed at
        # the next request and replaced, instead of failing that request.
        conn_health_checks=True,
    )
}
# Reports and dashboards read from a streaming replica when one is named
# (nas.operations.routers); the test suites treat it as the primary itself.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["nas.operations.routers.ReplicaRouter"]
REPLICA_READ_PATHS = [
    r"/performance/$",
    r"/performance/(figures|reports|measures)/",
    r"/api/v1/performance/(measures|figures|reports)",
]
for _alias in DATABASES:
    if DATABASES[_alias]["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's JIT compiles each reporting query afresh: measured on the
        # performance measures at UK scale it cost 120-250 ms a query and saved nothing.
        DATABASES[_alias].setdefault("OPTIONS", {})
        DATABASES[_alias]["OPTIONS"].setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits; the timeout makes a
    # second writer wait instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            # In WAL mode, synchronous=NORMAL cannot corrupt the database; a
            # power cut may lose the last commits. SQLite is the embedded
            # default for development and demonstration; production runs on
            # PostgreSQL.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "nas.accounts.backends.AdministratorRoleBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# How many load balancers stand in front of the service: the audit trail then
# takes the client's address from X-Forwarded-For, as the nearest one saw it.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0, minimum=0)

# The audit chain is keyed (HMAC-SHA256), so someone who can write to the
# database but does not hold this key cannot forge a consistent chain.
if PRODUCTION:
    AUDIT_CHAIN_KEY = env_str("AUDIT_CHAIN_KEY")
    if len(AUDIT_CHAIN_KEY) < 32:
        raise ImproperlyConfigured("AUDIT_CHAIN_KEY must be a random string of at least 32 characters.")
else:
    AUDIT_CHAIN_KEY = env_str("AUDIT_CHAIN_KEY", "development-only-audit-chain-key-never-in-production")

# Sign-in rules (nas.accounts.throttle): SIGN_IN_MAX_FAILURES failures in a row
# lock an account, known or not, for SIGN_IN_LOCKOUT_MINUTES (administrators are
# told, and may unlock it sooner); an address (an IPv6 /64) that fails
# SIGN_IN_ADDRESS_MAX_FAILURES times within that time may not try again until it
# has passed. Counted in the shared cache, so across every web server.
SIGN_IN_MAX_FAILURES = env_int("SIGN_IN_MAX_FAILURES", 10, minimum=1)
SIGN_IN_LOCKOUT_MINUTES = env_int("SIGN_IN_LOCKOUT_MINUTES", 15, minimum=1)
SIGN_IN_ADDRESS_MAX_FAILURES = env_int("SIGN_IN_ADDRESS_MAX_FAILURES", 50, minimum=1)
# An authenticator app is set up only through a one-time link an administrator
# issues (nas.accounts.models.SetUpLink), which works for this many hours.
AUTHENTICATOR_SET_UP_LINK_HOURS = env_int("AUTHENTICATOR_SET_UP_LINK_HOURS", 24, minimum=1)
# Sessions end after this many seconds without a request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT", 30 * 60, minimum=60)
# A session ends after SESSION_IDLE_TIMEOUT seconds without a request; use
# renews it, writing the session at most once a minute (SessionIdleTimeoutMiddleware).
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# REDIS_URL (e.g. redis://127.0.0.1:6379/2) makes the cache shared by every
# web server: the enquiry form's rate limit counts across all of them, and
# sessions are read from Redis with the database behind it (cached_db), so a
# session made on one server is good on every other, and survives Redis going
# away. Without it each process keeps its own cache (one server only).
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "nas.operations.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "nas",
            # A Redis that hangs must not hang every request with it.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("cy", _("Welsh"))]
LANGUAGE_COOKIE_NAME = "nas_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "nas" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "nas" / "static"]
# In production whitenoise serves the static files compressed and under
# hashed names (cached for a year), from STATIC_ROOT, which the build fills
# (`make build` runs collectstatic with STATIC_FILES_HASHED=true).
STATIC_FILES_HASHED = env_bool("STATIC_FILES_HASHED", PRODUCTION)
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_FILES_HASHED
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Documents (nas/documents): kept through Django's storage API under generated
# names, never served from a public URL (only through the download view that
# asks the record's policy). "filesystem" keeps them in DOCUMENTS_ROOT;
# "s3" in S3-compatible object storage through django-storages, with the
# credentials boto3 reads from its usual environment (AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY, or an instance role).
DOCUMENTS_STORAGE = env_choice("DOCUMENTS_STORAGE", "filesystem", ("filesystem", "s3"))
if DOCUMENTS_STORAGE == "s3":
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("DOCUMENTS_S3_BUCKET"),
            "endpoint_url": env_str("DOCUMENTS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("DOCUMENTS_S3_REGION", "") or None,
            "location": env_str("DOCUMENTS_S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": "AES256"},
        },
    }
else:
    STORAGES["documents"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env_str("DOCUMENTS_ROOT", str(BASE_DIR / "var" / "media")),
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
# The largest file accepted, in bytes (20 MB: a scanned report of 100 pages).
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
# The malware scanner every upload passes (nas/documents/scanning.py): empty
# for none, "command:clamdscan --no-summary --fdpass -", or
# "clamd:/run/clamav/clamd.ctl" or "clamd:host:3310".
DOCUMENT_SCANNER = env_str("DOCUMENT_SCANNER", "")
if DOCUMENT_SCANNER and not DOCUMENT_SCANNER.startswith(("command:", "clamd:")):
    raise ImproperlyConfigured(
        f"DOCUMENT_SCANNER must be empty, 'command:<program>' or 'clamd:<socket or host:port>', "
        f"not {DOCUMENT_SCANNER!r}."
    )

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # The health check is probed over plain HTTP by the load balancer.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Logs: one JSON object a line (nas.operations.logs) with the request id,
# user id, route, status and duration, and nothing about a person;
# LOG_FORMAT=text gives plain lines for a developer's terminal.
LOG_FORMAT = env_choice("LOG_FORMAT", "json", ("json", "text"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "nas.operations.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # The request line replaces the development server's own, which
        # prints the path with its query string.
        "django.server": {"level": "WARNING"},
        "nas.request": {"level": env_str("REQUEST_LOG_LEVEL", "INFO")},
    },
}

# Error reports to Sentry when SENTRY_DSN is set, personal data scrubbed
# before sending (nas.operations.sentry).
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    from nas.operations import sentry

    sentry.init(
        dsn=SENTRY_DSN,
        environment=ENVIRONMENT,
        traces_sample_rate=env_int("SENTRY_TRACES_PERCENT", 0, minimum=0) / 100,
    )

# Uploaded and generated files (backed up with the database by `manage.py backup`).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"

# Adopters and panels: the public enquiry form's limit per address per hour,
# the agency decision maker's working days after the final panel minutes
# (no period in the Welsh Regulations; North Wales works to 10), and the
# number of voting members that makes an adoption panel quorate.
ADOPTER_ENQUIRIES_PER_HOUR = env_int("ADOPTER_ENQUIRIES_PER_HOUR", 5, minimum=1)
ADM_DECISION_WORKING_DAYS = env_int("ADM_DECISION_WORKING_DAYS", 10, minimum=1)
ADOPTION_PANEL_QUORUM = env_int("ADOPTION_PANEL_QUORUM", 5, minimum=3)

# Casework (nas/casework): the author may change a case note for this many hours,
# then only add an addendum; a manager's view lists cases with no management
# oversight for longer than this many months.
CASE_NOTE_EDIT_HOURS = env_int("CASE_NOTE_EDIT_HOURS", 24, minimum=0)
OVERSIGHT_MONTHS = env_int("OVERSIGHT_MONTHS", 3, minimum=1)
# Family finding: the most links a household may have going at once (linked to placed).
MATCHING_ACTIVE_LINKS_PER_HOUSEHOLD = env_int("MATCHING_ACTIVE_LINKS_PER_HOUSEHOLD", 6, minimum=1)

SERVICE_NAME = _("National Adoption Service information system")

# Background work runs in a task worker through Django's tasks framework (the
# django-tasks backport of Django 6's django.tasks). "database" (the default)
# keeps the queue in the service's own database; "rq" keeps it in Redis
# (RQ_REDIS_URL, else REDIS_URL) for production. `manage.py worker` runs the
# worker of either (`make run` starts one beside the web server). "immediate"
# runs each task in the caller (the tests).
TASKS_BACKEND = env_choice("TASKS_BACKEND", "database", ("database", "rq", "immediate"))
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default"],
    }
}
# Redis for the RQ backend: RQ_REDIS_URL, or the shared REDIS_URL when only that is set.
RQ_REDIS_URL = env_str("RQ_REDIS_URL", REDIS_URL or "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": RQ_REDIS_URL, "DEFAULT_TIMEOUT": env_int("RQ_JOB_TIMEOUT", 3600, minimum=60)}}

# Long work (nas.jobs): the files a job makes are kept here for download, for
# JOB_RESULTS_KEEP_DAYS days; a running job whose worker has not reported for
# JOB_STALE_SECONDS is taken to have died and is queued again.
JOB_RESULTS_DIR = Path(env_str("JOB_RESULTS_DIR", str(BASE_DIR / "var" / "jobs")))
JOB_RESULTS_KEEP_DAYS = env_int("JOB_RESULTS_KEEP_DAYS", 7, minimum=1)
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 300, minimum=10)
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 3, minimum=1)

# Notifications by email (nas.notifications). EMAIL_DELIVERY chooses Django's
# email backend: "file" writes each message to EMAIL_FILE_PATH (var/mail, for
# `make run`), "smtp" sends through EMAIL_HOST, "notify" through GOV.UK Notify
# (GOVUK_NOTIFY_API_KEY, and the template each message is sent with), "console"
# prints them. Links in emails start with SERVICE_URL.
EMAIL_DELIVERY = env_choice(
    "EMAIL_DELIVERY", "smtp" if PRODUCTION else "file", ("file", "smtp", "notify", "console")
)
EMAIL_BACKEND = {
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "notify": "nas.notifications.email_backends.NotifyEmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}[EMAIL_DELIVERY]
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@adoption.example.wales")
GOVUK_NOTIFY_API_KEY = env_str("GOVUK_NOTIFY_API_KEY", "")
if EMAIL_DELIVERY == "notify" and not GOVUK_NOTIFY_API_KEY:
    raise ImproperlyConfigured("EMAIL_DELIVERY=notify needs GOVUK_NOTIFY_API_KEY.")
# The Notify template every message is sent with: its subject is ((subject)) and
# its body ((body)); GOVUK_NOTIFY_TEMPLATE_IDS may give a kind its own
# template ("deadline_overdue=<id>,account_locked=<id>"), with the same fields.
GOVUK_NOTIFY_TEMPLATE_ID = env_str("GOVUK_NOTIFY_TEMPLATE_ID", "")
GOVUK_NOTIFY_TEMPLATE_IDS = dict(
    item.split("=", 1) for item in env_list("GOVUK_NOTIFY_TEMPLATE_IDS", []) if "=" in item
)
SERVICE_URL = env_str("SERVICE_URL", "http://127.0.0.1:8000").rstrip("/")
# The worker (`manage.py worker`) writes its heartbeat this often; /readyz
# reports the service unready when the newest is older than the stale limit.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 15, minimum=1)
WORKER_HEARTBEAT_STALE_SECONDS = env_int("WORKER_HEARTBEAT_STALE_SECONDS", 60, minimum=5)
