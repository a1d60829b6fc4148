from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from nas.accounts.models import User
from nas.accounts.personas import DEMO_PASSWORD, GOVERNANCE_PERSONAS, PERSONAS
from nas.accounts.services import staff_create
from nas.adopters.demo import seed_adopters
from nas.children.demo import seed_children
from nas.matching.demo import seed_matching
from nas.organisations.models import Organisation
from nas.performance.demo import seed_performance
from nas.returns.demo import seed_returns
from nas.support.demo import seed_support


class Command(BaseCommand):
    help = "Create the demonstration personas (one per role and tier). Safe to run again."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--address",
            default="http://127.0.0.1:8000/",
            help="Where the service will be served, printed with the accounts (make run passes its PORT).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_demo makes demonstration accounts and cannot run in production.")
        organisations = {o.code: o for o in Organisation.objects.all()}
        created = 0
        everyone = [*PERSONAS, *GOVERNANCE_PERSONAS]
        for persona in everyone:
            if User.objects.filter(username=persona.username).exists():
                continue
            staff_create(
                actor=None,
                username=persona.username,
                password=DEMO_PASSWORD,
                organisation_id=organisations[persona.organisation].pk,
                roles=list(persona.roles),
                first_name=persona.first_name,
                last_name=persona.last_name,
                email=f"{persona.username}@demo.invalid",
            )
            created += 1
        self.stdout.write(
            f"Demonstration personas: {created} created, {len(everyone) - created} already there."
        )
        self.stdout.write(f"Demonstration children: {seed_children()} created.")
        self.stdout.write(f"Demonstration adopters, panels and enquiries: {seed_adopters()} created.")
        self.stdout.write(f"Demonstration family-finding profiles published: {seed_matching()}.")
        self.stdout.write(f"Demonstration children for the SSDA903 return: {seed_returns()} created.")
        self.stdout.write(f"Demonstration support cases: {seed_support()} created.")
        self.stdout.write(f"Demonstration returns and interventions: {seed_performance()} created.")
        self.stdout.write("")
        self.stdout.write(
            f"Sign in at {options['address']} with any of these and the password {DEMO_PASSWORD!r}:"
        )
        for persona in everyone:
            self.stdout.write(f"  {persona.username:<20} {persona.description}")
