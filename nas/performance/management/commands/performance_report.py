import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nas.performance import periods, reports


class Command(BaseCommand):
    help = (
        "Write the bi-annual report to the Minister (--kind minister --period 2025-26-H1) or the annual "
        "report to the National Board (--kind board --period 2025-26) as PDF with charts or as Excel, in "
        "English or Welsh. Shows its progress on stderr."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", required=True, choices=reports.KINDS)
        parser.add_argument("--period", required=True, help="A half-year (2025-26-H1) or a year (2025-26).")
        parser.add_argument("--format", dest="fmt", required=True, choices=reports.FORMATS)
        parser.add_argument("--out", required=True, help="The file to write.")
        parser.add_argument("--language", default="en", choices=("en", "cy"), help="en (default) or cy.")

    def handle(
        self, *args: Any, kind: str, period: str, fmt: str, out: str, language: str, **options: Any
    ) -> None:
        try:
            chosen = periods.parse(period)
            reports.check(kind, chosen)
        except ValueError:
            wanted = "a half-year such as 2025-26-H1" if kind == "minister" else "a year such as 2025-26"
            raise CommandError(f"--period for the {kind} report is {wanted}.") from None
        data = reports.build(kind, chosen, language, progress=self._bar)
        content = reports.render(data, fmt, progress=self._bar)
        Path(out).write_bytes(content)
        sys.stderr.write("\n")
        self.stdout.write(
            f"{kind} report for {chosen.code} ({language}, {fmt}) written to {out}: {len(content):,} bytes."
        )

    def _bar(self, step: int, total: int, label: str) -> None:
        width = 30
        done = int(width * step / max(total, 1))
        sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {step}/{total} {label:<10}")
        sys.stderr.flush()
