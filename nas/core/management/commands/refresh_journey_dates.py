from typing import Any

from django.core.management.base import BaseCommand

from nas.adopters import journey_dates as household_dates
from nas.children import journey_dates


class Command(BaseCommand):
    help = (
        "Rebuild every child's and household's journey dates (what the performance measures read) "
        "from the milestones. Safe to repeat; run it after a deployment that added milestones "
        "outside the service, or to check the tables."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        children = journey_dates.refresh()
        households = household_dates.refresh()
        self.stdout.write(f"Journey dates rewritten: {children:,} children, {households:,} households.")
