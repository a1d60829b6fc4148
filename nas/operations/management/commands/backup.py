"""python manage.py backup --out DIR: the database, the media files and the
audit chain's key in a new directory under DIR (nas.operations.backups)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from nas.operations.backups import backup


class Command(BaseCommand):
    help = "Back up the database, the media files and the audit chain key into a new directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, default=Path(settings.BASE_DIR) / "var" / "backups")

    def handle(self, *args: Any, **options: Any) -> None:
        target = backup(out=options["out"])
        self.stdout.write(self.style.SUCCESS(f"Backed up to {target}"))
