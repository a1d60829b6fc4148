from typing import Any

from django.core.management.base import BaseCommand, CommandError

from nas.audit.models import AuditEvent
from nas.audit.services import verify_chain


class Command(BaseCommand):
    help = "Check that no audit entry has been changed or removed; exits non-zero at the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = verify_chain()
        if broken is not None:
            where = f"entry id {broken.event_id}, " if broken.event_id is not None else ""
            raise CommandError(f"Audit chain broken at sequence {broken.seq} ({where}{broken.problem}).")
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {count} entries verified."))
