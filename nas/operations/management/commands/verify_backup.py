"""python manage.py verify_backup DIR: does the database in use hold what
the backup's manifest counted, and does its audit chain verify?"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nas.operations.backups import BackupError, verify


class Command(BaseCommand):
    help = "Compare the database with a backup's manifest and verify the audit chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = verify(options["directory"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        if result.mismatched:
            listed = ", ".join(
                f"{k} {want} backed up, {got} found" for k, (want, got) in result.mismatched.items()
            )
            raise CommandError(f"Row counts differ: {listed}")
        if result.chain_problem:
            raise CommandError(result.chain_problem.capitalize())
        self.stdout.write(self.style.SUCCESS("Every table's rows match the backup; audit chain intact."))
