"""Backups: the database, the media files and the audit chain's key, in one
directory, and their restore, checked.

A backup directory (nas-YYYYMMDD-HHMMSS) holds:

- database.dump: `pg_dump --format=custom` of a PostgreSQL database, or
  database.sqlite3, a consistent copy of a SQLite one (SQLite's backup API);
- media.tar.gz: everything under MEDIA_ROOT;
- audit-chain-key: the AUDIT_CHAIN_KEY the audit trail was chained with
  (mode 0600). Without it a restored trail cannot be verified, so it is
  kept with the backup; the backup must therefore be stored as securely as
  the key itself (encrypted, access-controlled);
- manifest.json: when, from which engine, the number of rows of every
  table, the audit chain's head, and each file's SHA-256.

A restore loads the dump into an empty database (and the media into a
directory), then checks it: every table's rows as the manifest counted
them, and the audit chain verified with the backup's key
(`manage.py verify_backup`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dj_database_url
from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from nas.audit.models import AuditChainHead

KEY_FILE = "audit-chain-key"
MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def key_fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def table_counts(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows of every table of the service (every concrete model, the
    many-to-many tables included), by app label and model."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.label_lower] = model._base_manager.using(alias).count()
    return dict(sorted(counts.items()))


def _pg_env(config: Any) -> dict[str, str]:
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    return env


def _pg_args(config: Any) -> list[str]:
    args = ["--host", str(config.get("HOST") or "127.0.0.1"), "--port", str(config.get("PORT") or 5432)]
    if config.get("USER"):
        args += ["--username", str(config["USER"])]
    return args


def backup(*, out: Path, alias: str = DEFAULT_DB_ALIAS) -> Path:
    """Write a backup into a new directory under `out`; return its path."""
    connection = connections[alias]
    config = connection.settings_dict
    stamp = datetime.now(tz=UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = out / f"nas-{stamp}"
    target.mkdir(parents=True, mode=0o700)
    head = AuditChainHead.objects.using(alias).filter(pk=1).first()
    counts = table_counts(alias)
    if connection.vendor == "postgresql":
        dump = target / "database.dump"
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(dump),
                *_pg_args(config),
                config["NAME"],
            ],
            check=True,
            env=_pg_env(config),
            capture_output=True,
        )
    elif connection.vendor == "sqlite":
        dump = target / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(dump)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:  # pragma: no cover - the service runs on PostgreSQL or SQLite
        raise BackupError(f"No backup for the {connection.vendor} database.")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / MEDIA, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname="media")
    key = target / KEY_FILE
    key.write_text(settings.AUDIT_CHAIN_KEY, encoding="utf-8")
    key.chmod(0o600)
    manifest = {
        "created_at": datetime.now(tz=UTC).isoformat(),
        "engine": connection.vendor,
        "database": dump.name,
        "counts": counts,
        "audit_head": {"seq": head.seq, "hash": head.last_hash} if head else None,
        "audit_key_fingerprint": key_fingerprint(settings.AUDIT_CHAIN_KEY),
        "files": {p.name: _sha256(p) for p in (dump, target / MEDIA)},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return target


def read_manifest(directory: Path) -> dict[str, Any]:
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    for name, digest in manifest["files"].items():
        if _sha256(directory / name) != digest:
            raise BackupError(f"{name} does not match the manifest: the backup is damaged.")
    return manifest


def _create_postgres_database(config: Any) -> None:
    import psycopg

    server = f"host={config['HOST'] or '127.0.0.1'} port={config['PORT'] or 5432} dbname=postgres"
    if config.get("USER"):
        server += f" user={config['USER']}"
    with psycopg.connect(server, password=config.get("PASSWORD") or None, autocommit=True) as db:
        exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if exists is None:
            db.execute(f'CREATE DATABASE "{config["NAME"]}"')
            return
    import psycopg as pg

    target = f"host={config['HOST'] or '127.0.0.1'} port={config['PORT'] or 5432} dbname={config['NAME']}"
    if config.get("USER"):
        target += f" user={config['USER']}"
    with pg.connect(target, password=config.get("PASSWORD") or None) as db:
        tables = db.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
        if tables and tables[0]:
            raise BackupError(f"The database {config['NAME']} is not empty: restore into a new database.")


def restore(*, directory: Path, database_url: str, media_root: Path) -> dict[str, Any]:
    """Load a backup into the (new, empty) database at database_url and its
    files into media_root, then check it; returns the manifest."""
    manifest = read_manifest(directory)
    config = dj_database_url.parse(database_url)
    dump = directory / manifest["database"]
    if manifest["engine"] == "postgresql":
        if config["ENGINE"] != "django.db.backends.postgresql":
            raise BackupError("A PostgreSQL backup is restored into a PostgreSQL database.")
        _create_postgres_database(config)
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                config["NAME"],
                *_pg_args(config),
                str(dump),
            ],
            check=True,
            env=_pg_env(config),
            capture_output=True,
        )
    else:
        target = Path(config["NAME"])
        if target.exists() and target.stat().st_size > 0:
            raise BackupError(f"{target} exists: restore into a new file.")
        shutil.copyfile(dump, target)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(directory / MEDIA, "r:gz") as archive:
        members = [
            m for m in archive.getmembers() if m.name.startswith("media/") and (m.isfile() or m.isdir())
        ]
        for member in members:
            member.name = member.name.removeprefix("media/")
        archive.extractall(media_root, members=[m for m in members if m.name], filter="data")
    verify_restored(directory=directory, database_url=database_url)
    return manifest


def verify_restored(*, directory: Path, database_url: str) -> None:
    """Run `manage.py verify_backup` against the restored database, with the
    backup's own chain key, in a process of its own (the settings read the
    database and the key from the environment)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "AUDIT_CHAIN_KEY_FILE": str(directory / KEY_FILE),
    }
    env.pop("AUDIT_CHAIN_KEY", None)
    done = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "verify_backup", str(directory)],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError((done.stderr.strip() or done.stdout.strip()).splitlines()[-1])


@dataclass
class Verification:
    mismatched: dict[str, tuple[int, int]]
    chain_problem: str | None


def verify(directory: Path) -> Verification:
    """Compare the database in use with a backup's manifest and verify the
    audit chain (with the key in force, which verify_restored sets to the
    backup's)."""
    from nas.audit.services import verify_chain

    manifest = read_manifest(directory)
    counts = table_counts()
    mismatched = {
        label: (expected, counts.get(label, -1))
        for label, expected in manifest["counts"].items()
        if counts.get(label, -1) != expected
    }
    broken = verify_chain()
    problem = None
    if broken is not None:
        problem = f"audit chain broken at sequence {broken.seq} ({broken.problem})"
    elif key_fingerprint(settings.AUDIT_CHAIN_KEY) != manifest["audit_key_fingerprint"]:
        problem = "the audit chain key in force is not the backup's"
    return Verification(mismatched, problem)
