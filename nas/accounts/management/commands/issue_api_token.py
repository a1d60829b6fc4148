from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nas.accounts.models import User
from nas.accounts.services import api_token_issue


class Command(BaseCommand):
    help = "Issue a JSON API token for a staff account. The token is printed once; only its hash is kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="API token", help="What the token is for, e.g. 'case system import'."
        )

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active staff account called {username!r}.")
        _, raw = api_token_issue(actor=user, name=name)
        self.stdout.write(raw)
