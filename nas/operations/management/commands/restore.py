"""python manage.py restore DIR --database-url URL --media-root PATH: load a
backup into a new, empty database and a media directory, then check that
every table has its rows back and the audit chain verifies with the
backup's key. Point the service at the restored database (DATABASE_URL,
MEDIA_ROOT, AUDIT_CHAIN_KEY_FILE=DIR/audit-chain-key) once it passes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nas.operations.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup into a new database and media directory, and check it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--database-url", required=True)
        parser.add_argument("--media-root", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(
                directory=options["directory"],
                database_url=options["database_url"],
                media_root=options["media_root"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and checked: {rows} rows in {len(manifest['counts'])} tables as backed up, "
                "audit chain intact with the backup's key."
            )
        )
