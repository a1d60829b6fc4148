"""python manage.py generate_national_data --years 10 --scale 1 --seed 42

A synthetic history of adoption in Wales for every authority and region
(nas.synthetic). One audit entry records the run, not one per record (see
nas.synthetic.generate). A seed is generated once: a second run with the
same seed is refused, or skipped quietly with --skip-existing (as `make run`
does); --force-new-seed takes the next seed not yet used."""

from __future__ import annotations

import sys
import time
from datetime import date
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nas.synthetic import calibration
from nas.synthetic.figures import Figures, financial_years
from nas.synthetic.generate import AlreadyGenerated, generate, next_free_seed, previous_run


class ProgressBar:
    """One line, redrawn in place on a terminal; a line a step elsewhere."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.started = time.perf_counter()
        self.stage = ""
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if stage == self.stage and now - self.last < 0.2 and done < total:
            return
        self.last = now
        if not self.tty:
            if stage != self.stage:
                self.stream.write(f"{now - self.started:6.1f}s {stage}\n")
                self.stage = stage
            return
        self.stage = stage
        filled = int(self.WIDTH * done / total) if total else 0
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        counted = f"{done:,}/{total:,}" if total else f"{done:,}"
        self.stream.write(f"\r{now - self.started:6.1f}s [{bar}] {stage:<24} {counted:<20}")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Generate a synthetic national dataset of adoption in Wales (22 authorities, 5 regions)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--years", type=int, default=10, help="years of history, ending today (10)")
        parser.add_argument("--scale", type=float, default=1.0, help="1 is Wales; 10 about the UK (1)")
        parser.add_argument("--seed", type=int, default=42, help="the random seed (42)")
        parser.add_argument(
            "--until", type=date.fromisoformat, default=None, help="last day of the history (today)"
        )
        parser.add_argument(
            "--force-new-seed",
            action="store_true",
            help="if the seed was generated before, take the next seed not yet used",
        )
        parser.add_argument(
            "--skip-existing",
            action="store_true",
            help="if the seed was generated before, say so and stop without an error",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("generate_national_data makes synthetic records and cannot run in production.")
        seed = options["seed"]
        existing = previous_run(seed)
        if existing is not None:
            if options["force_new_seed"]:
                seed = next_free_seed(seed)
                self.stdout.write(f"Seed {options['seed']} was generated before; using seed {seed}.")
            elif options["skip_existing"]:
                self.stdout.write(f"Synthetic national data: {existing}, already generated.")
                return
        bar = ProgressBar(sys.stderr)
        started = time.perf_counter()
        try:
            counts = generate(
                years=options["years"],
                scale=options["scale"],
                seed=seed,
                until=options["until"],
                progress=bar,
            )
        except AlreadyGenerated as error:
            raise CommandError(str(error)) from None
        except ValueError as error:
            raise CommandError(str(error)) from None
        finally:
            bar.close()
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Synthetic national data, seed {seed}, scale {options['scale']:g}, "
            f"{options['years']} years: {sum(counts.values()):,} records in {seconds:.1f} s."
        )
        for label, count in counts.items():
            self.stdout.write(f"  {label:<24} {count:>9,}")
        run = previous_run(seed)
        if run is not None:
            self._figures(run.scale, run.years, run.history_ends)

    def _figures(self, scale: float, history_years: int, until: date) -> None:
        """The published figures as the data shows them, by financial year."""
        figures = Figures()
        years = financial_years(date(until.year - history_years, until.month, min(until.day, 28)), until)
        if not years:
            return
        self.stdout.write("")
        self.stdout.write(
            f"Figures by financial year (published ranges for Wales, times the scale {scale:g}):"
        )
        self.stdout.write(
            f"  {'year':<9} {'looked after':>12} {'placed':>7} {'approved':>9} {'months':>7} "
            f"{'siblings':>9} {'foster carers':>14}"
        )
        for first, last in years:
            self.stdout.write(
                f"  {first.year}-{str(last.year)[2:]:<4} {figures.looked_after_on(last):>12,} "
                f"{figures.placed_in(first, last):>7} {figures.approved_in(first, last):>9} "
                f"{figures.months_care_to_placed(first, last):>7.1f} "
                f"{figures.sibling_share_on_register(last):>9.0%} "
                f"{figures.foster_carer_share(first, last):>14.0%}"
            )
        published = [
            ("looked after", calibration.LOOKED_AFTER.scaled(scale)),
            ("placed a year", calibration.PLACED_PER_YEAR.scaled(scale)),
            ("approved a year", calibration.APPROVED_PER_YEAR.scaled(scale)),
        ]
        for name, rng in published:
            self.stdout.write(f"  published {name}: {rng.low:,.0f} to {rng.high:,.0f}")
        waits = figures.months_waiting_by_group(years[0][0], years[-1][1])
        self.stdout.write(
            "  months from authority to place to placement: "
            + ", ".join(f"{name} {months:.1f}" for name, months in sorted(waits.items()))
        )
