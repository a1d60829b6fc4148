"""Backups: a dump of the database with the media files and the audit
chain's key; a restore puts them back, every table's rows as counted, and
the audit chain verifies with the backup's key. The round trip runs on the
suite's database (SQLite, or PostgreSQL with pg_dump and pg_restore)."""

from __future__ import annotations

import json
import sqlite3
import uuid

import pytest
from django.db import connection

from nas.audit.models import AuditEvent
from nas.operations import backups
from nas.operations.backups import BackupError


@pytest.fixture
def restored_url(tmp_path):
    """A new database to restore into, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    config = connection.settings_dict
    name = f"{config['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    base = f"postgres://{config['USER']}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}"
    yield f"{base}/{name}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "report.pdf").write_bytes(b"%PDF-1.4 a report")
    return settings.MEDIA_ROOT


def test_a_backup_restores_with_its_rows_files_and_a_verified_audit_chain_that_catches_a_change(
    transactional_db, personas, media, tmp_path, restored_url
):
    assert AuditEvent.objects.count() > 0
    directory = backups.backup(out=tmp_path / "backups")
    manifest = json.loads((directory / "manifest.json").read_text())
    assert manifest["counts"]["audit.auditevent"] == AuditEvent.objects.count()
    assert manifest["counts"]["accounts.user"] == len(personas)
    assert (directory / "audit-chain-key").stat().st_mode & 0o777 == 0o600

    restored_media = tmp_path / "restored-media"
    backups.restore(directory=directory, database_url=restored_url, media_root=restored_media)
    assert (restored_media / "documents" / "report.pdf").read_bytes() == b"%PDF-1.4 a report"

    # The check fails once anyone changes an entry of the restored trail.
    tamper = "UPDATE audit_auditevent SET reason = 'changed' WHERE seq = 2"
    if restored_url.startswith("sqlite"):
        with sqlite3.connect(restored_url.removeprefix("sqlite:///")) as db:
            db.execute(tamper)
    else:
        import psycopg

        with psycopg.connect(restored_url.replace("postgres://", "postgresql://"), autocommit=True) as db:
            db.execute(tamper)
    with pytest.raises(BackupError, match="Audit chain broken at sequence 2"):
        backups.verify_restored(directory=directory, database_url=restored_url)


def test_a_restore_refuses_a_damaged_backup(transactional_db, personas, media, tmp_path, restored_url):
    directory = backups.backup(out=tmp_path / "backups")
    (directory / "media.tar.gz").write_bytes(b"not the archive")
    with pytest.raises(BackupError, match="media.tar.gz does not match the manifest"):
        backups.restore(directory=directory, database_url=restored_url, media_root=tmp_path / "m")
