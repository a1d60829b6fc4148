from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nas.accounts.models import User
from nas.children.imports import import_children, problems_csv
from nas.children.policies import children
from nas.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Import children from CSV/Excel files or SSDA903 tables "
        "(all or nothing, or --partial; see docs/import-children.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+")
        parser.add_argument("--authority", required=True, help="The local authority's code, e.g. cardiff.")
        parser.add_argument("--as", dest="username", required=True, help="The team manager doing the import.")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="Import the children that are valid and report the rest (default: all or nothing).",
        )
        parser.add_argument("--problems", help="Write the problems found to this CSV file.")

    def handle(
        self,
        *args: Any,
        files: list[str],
        authority: str,
        username: str,
        partial: bool = False,
        problems: str | None = None,
        **options: Any,
    ) -> None:
        actor = User.objects.filter(username=username, is_active=True).first()
        org = Organisation.objects.filter(code=authority, kind="local_authority").first()
        if actor is None or org is None:
            raise CommandError("Name an active team manager (--as) and a local authority code (--authority).")
        if actor.organisation_id != org.pk or not children.can(actor, "import"):
            raise CommandError(f"{username} may not import children for {authority}.")
        contents = []
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"There is no file {name}.")
            contents.append((path.name, path.read_bytes()))
        result = import_children(actor=actor, local_authority_id=org.pk, files=contents, partial=partial)
        for notice in result.notices:
            self.stdout.write(str(notice))
        for error in result.errors:
            self.stderr.write(str(error))
        if problems and result.errors:
            Path(problems).write_bytes(problems_csv(result.errors))
        if not result.written:
            raise CommandError(f"Nothing was imported: {len(result.errors)} problems to fix.")
        if result.nothing_changed:
            self.stdout.write(
                f"Nothing changed: the {result.unchanged} children are already as the files have them."
            )
            return
        self.stdout.write(
            f"Imported: {result.created} new, {result.updated} updated, {result.unchanged} unchanged."
            + (f" Left out: {result.refused_children} children with problems." if result.errors else "")
        )
