import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from nas import env

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    skip = {"DATABASE_URL", "DEBUG", "NAS_ENVIRONMENT", "DEMO_MODE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in skip}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_a_debug_value_that_is_not_true_or_false(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false.*'maybe'"):
        env.env_bool("DEBUG", False)


def test_bad_debug_stops_start_up_with_a_clear_message():
    result = _manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "The setting DEBUG must be true or false" in result.stderr
    assert "'maybe'" in result.stderr


def test_it_reads_a_secret_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("SOME_SECRET_FILE", str(secret))
    assert env.env_str("SOME_SECRET") == "from-a-file"


def test_it_names_a_missing_secret_file(monkeypatch, tmp_path):
    monkeypatch.setenv("SOME_SECRET_FILE", str(tmp_path / "absent"))
    with pytest.raises(ImproperlyConfigured, match="SOME_SECRET_FILE points to"):
        env.env_str("SOME_SECRET")


def test_it_refuses_a_number_that_is_not_whole(monkeypatch):
    monkeypatch.setenv("SESSION_IDLE_TIMEOUT", "ten minutes")
    with pytest.raises(ImproperlyConfigured, match="must be a whole number"):
        env.env_int("SESSION_IDLE_TIMEOUT", 1800)


def _production_env(**extra: str) -> dict[str, str]:
    return {
        "NAS_ENVIRONMENT": "production",
        "SECRET_KEY": "p" * 20 + "-production-secret-key-that-is-long-enough-0123456789",
        "ALLOWED_HOSTS": "adoption.example.wales",
        "AUDIT_CHAIN_KEY": "a" * 16 + "-audit-chain-key-for-the-deploy-check",
        "DATABASE_URL": "sqlite:////tmp/nas-deploy-check.sqlite3",
        "DOCUMENT_SCANNER": "clamd:/run/clamav/clamd.ctl",
        **extra,
    }


def test_production_settings_pass_the_deploy_check_without_warnings():
    """A production configuration names a malware scanner for documents."""
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **_production_env())
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_refuses_the_demonstration_mode():
    result = _manage("check", **_production_env(DEMO_MODE="true"))
    assert result.returncode != 0
    assert "DEMO_MODE cannot be switched on when NAS_ENVIRONMENT is production" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _manage("check", **_production_env(SECRET_KEY="short"))
    assert result.returncode != 0
    assert "SECRET_KEY must be a random string" in result.stderr


def test_production_refuses_a_missing_audit_chain_key():
    env = _production_env()
    del env["AUDIT_CHAIN_KEY"]
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "AUDIT_CHAIN_KEY" in result.stderr


def test_the_deploy_check_warns_when_documents_are_not_scanned():
    env = _production_env()
    env.pop("DOCUMENT_SCANNER")
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0 and "nas.documents.W001" in result.stderr + result.stdout
