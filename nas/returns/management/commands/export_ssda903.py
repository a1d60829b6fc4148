from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nas.accounts.models import User
from nas.core import context
from nas.organisations.models import Organisation
from nas.returns.policies import ssda903
from nas.returns.services import check_year, ssda903_export
from nas.returns.ssda903 import TABLES


class Command(BaseCommand):
    help = (
        "Export a local authority's SSDA903 return (Header, Episodes, PlacedAdoption and AD1 as CSV) "
        "for a collection year ending on 31 March of --year. Audited like a download."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--authority", required=True, help="The local authority's code, e.g. cardiff.")
        parser.add_argument("--year", required=True, help="The collection year, e.g. 2025 for 2024-25.")
        parser.add_argument("--out", required=True, help="The directory to write the four CSV files into.")
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="The team manager or agency decision maker exporting.",
        )

    def handle(self, *args: Any, authority: str, year: str, out: str, username: str, **options: Any) -> None:
        actor = User.objects.filter(username=username, is_active=True).first()
        organisation = Organisation.objects.filter(code=authority, kind="local_authority").first()
        if actor is None or organisation is None:
            raise CommandError(
                "Name an active member of staff (--as) and a local authority code (--authority)."
            )
        if not ssda903.can(actor, "export", organisation):
            raise CommandError(f"{username} may not export the SSDA903 return of {authority}.")
        directory = Path(out)
        directory.mkdir(parents=True, exist_ok=True)
        token = context.bind(context.RequestContext(channel="command"))
        try:
            export = ssda903_export(actor=actor, authority=organisation, year=check_year(year))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except PermissionDenied:
            raise CommandError(f"{username} may not export the SSDA903 return of {authority}.") from None
        finally:
            context.reset(token)
        for table in TABLES:
            (directory / f"{table}.csv").write_bytes(export.result.csv(table))
        counts = ", ".join(f"{table} {rows}" for table, rows in export.result.row_counts.items())
        self.stdout.write(
            f"SSDA903 {export.result.year} for {authority} written to {directory}: {counts} rows."
        )
