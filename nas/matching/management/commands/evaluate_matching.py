"""python manage.py evaluate_matching --as USERNAME [--since DATE] [--k 1 5 10]"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nas.accounts.models import User
from nas.audit.models import AuditAction
from nas.audit.services import audit_records
from nas.matching.equity import DIMENSIONS
from nas.matching.evaluation import evaluate_history
from nas.matching.policies import equity_region_id, reads_equity
from nas.matching.policies import profiles as profile_policy


class Command(BaseCommand):
    help = (
        "Where the family each matched child was matched with ranked in the suggestions on the day "
        "of the match decision (hit@k), and coverage by group. For the national team (all Wales) "
        "or a regional manager (the region)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as", dest="username", required=True, help="Who runs the evaluation.")
        parser.add_argument(
            "--since", type=date.fromisoformat, help="Match decisions on or after (YYYY-MM-DD)."
        )
        parser.add_argument("--k", type=int, nargs="+", default=[1, 5, 10], help="The k of hit@k.")

    def handle(self, *args: Any, username: str, since: date | None, k: list[int], **options: Any) -> None:
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"There is no active account {username}.")
        if not reads_equity(actor):
            raise CommandError(
                f"{username} may not evaluate matching: the national team or a regional manager may."
            )
        if any(value < 1 for value in k):
            raise CommandError("Each k must be 1 or more.")
        region_id = equity_region_id(actor)
        report = evaluate_history(region_id=region_id, since=since, ks=sorted(set(k)))
        profiles = [
            c.link.child.matching_profile for c in report.cases if hasattr(c.link.child, "matching_profile")
        ]
        audit_records(
            actor=actor,
            action=AuditAction.VIEW,
            record_type=profile_policy.record_type,
            entries=[(p.pk, {"listed_in": "evaluate_matching"}) for p in profiles],
        )
        scope = "all Wales" if region_id is None else actor.organisation.code
        result = report.evaluation
        self.stdout.write(
            f"Suggestions on the day of each match decision: {result.cases} matches"
            f"{f' since {since.isoformat()}' if since else ''}, {scope}."
        )
        self.stdout.write(f"{'profile':<10} {'decided':<10} {'weights':>7} {'families':>8} {'rank':>5}")
        for case in report.cases:
            profile = getattr(case.link.child, "matching_profile", None)
            self.stdout.write(
                f"{(profile.reference if profile else '–'):<10} {case.decided_on.isoformat():<10} "
                f"{'v' + str(case.weights_version):>7} {case.families:>8} "
                f"{(str(case.rank) if case.rank else 'none'):>5}"
            )
        for key, share in result.hit_at.items():
            hits = round(share * result.cases)
            self.stdout.write(f"hit@{key}: {share:.0%} ({hits} of {result.cases})")
        self.stdout.write("Coverage (the matched family was suggested at all), by group:")
        for dimension, groups in result.coverage.items():
            cells = ", ".join(f"{group} {share:.0%}" for group, share in groups.items()) or "–"
            self.stdout.write(f"  {DIMENSIONS[dimension]}: {cells}")
        if report.without_link:
            self.stdout.write(
                f"Not evaluated: {report.without_link} children matched without a link "
                "(no household recorded)."
            )
