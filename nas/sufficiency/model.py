"""The forecast's stock-and-flow model: pure Python and NumPy, no Django, so
it can be checked by hand.

A side of the service (children, or households) is a chain of stages. In
each quarter of the history a stage has the people in it at the quarter's
start (its stock), those who entered it during the quarter, and those who
left it, moving on (forward) or out of the journey (lost). Over a window of
recent quarters each stage's rates are

    forward rate = moved on / at risk,   lost rate = left / at risk,

where "at risk" is the stock at the quarter's start plus those who entered
during it, summed over the window. The first stage's entries are the
window's mean. Projecting a quarter: at risk = stock + entries; forward =
forward rate x at risk (the next stage's entries); lost = lost rate x at
risk; the stock at the quarter's end is what remains. The mean time in a
stage is 13 weeks / (forward rate + lost rate).

Uncertainty: a bootstrap over the window's quarters. Each replicate draws
the window's quarters with replacement (a fixed seed, so a page shows the
same band twice) to re-estimate the rates, and draws each future quarter's
entries from the window's quarters; the band is the 10th to 90th
percentile of the replicates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

WEEKS_PER_QUARTER = 13.0
BOOTSTRAP = 200
SEED = 21
BAND = (10.0, 90.0)


@dataclass
class StageHistory:
    """One stage's quarters, oldest first: the stock at each quarter's start,
    and who entered, moved on and left during it."""

    stock: list[float]
    entries: list[float]
    forward: list[float]
    lost: list[float]

    @property
    def at_risk(self) -> list[float]:
        return [s + e for s, e in zip(self.stock, self.entries, strict=True)]

    @property
    def stock_at_end(self) -> float:
        return self.stock[-1] + self.entries[-1] - self.forward[-1] - self.lost[-1] if self.stock else 0.0


def from_flows(
    entries: Sequence[float], forward: Sequence[float], lost: Sequence[float], before: float = 0.0
) -> StageHistory:
    """A stage's history from its flows, the stock running on from `before`."""
    stock, running = [], before
    for e, f, lo in zip(entries, forward, lost, strict=True):
        stock.append(running)
        running += e - f - lo
    return StageHistory(stock, list(entries), list(forward), list(lost))


@dataclass(frozen=True)
class Rates:
    forward: float
    lost: float

    @property
    def weeks(self) -> float | None:
        """Mean time in the stage, in weeks."""
        total = self.forward + self.lost
        return WEEKS_PER_QUARTER / total if total else None

    def shorter_by(self, weeks: float) -> Rates:
        """The same stage taking `weeks` less on average (never under one week),
        moving on and leaving in the same proportion."""
        mean = self.weeks
        if mean is None or weeks <= 0:
            return self
        factor = mean / max(mean - weeks, 1.0)
        total = self.forward + self.lost
        scaled = min(total * factor, 1.0)
        return Rates(self.forward / total * scaled, self.lost / total * scaled)


def rates(history: StageHistory, quarters: Sequence[int] | None = None) -> Rates:
    """The stage's rates over the window's quarters (indices into the history; all when None)."""
    chosen = range(len(history.stock)) if quarters is None else quarters
    at_risk = sum(history.at_risk[q] for q in chosen)
    if at_risk <= 0:
        return Rates(0.0, 0.0)
    return Rates(
        sum(history.forward[q] for q in chosen) / at_risk, sum(history.lost[q] for q in chosen) / at_risk
    )


@dataclass
class Projection:
    """Quarter by quarter ahead: each stage's stock at the quarter's end and
    what moved on out of it."""

    stock: list[list[float]] = field(default_factory=list)
    forward: list[list[float]] = field(default_factory=list)


def project(
    start: Sequence[float],
    stage_rates: Sequence[Rates],
    inflow: Sequence[float],
    rate_multipliers: Sequence[Sequence[float]] | None = None,
) -> Projection:
    """Run the chain forward from the stocks `start`, with the first stage's
    entries in each future quarter given by `inflow`. `rate_multipliers[q][i]`
    scales stage i's forward rate in quarter q (capped so no more leave
    than are at risk)."""
    stocks = list(start)
    out = Projection()
    for q, entering in enumerate(inflow):
        quarter_stock, quarter_forward = [], []
        for i, r in enumerate(stage_rates):
            at_risk = stocks[i] + entering
            forward_rate = r.forward * (rate_multipliers[q][i] if rate_multipliers else 1.0)
            moved = min(forward_rate, 1.0 - r.lost) * at_risk
            left = r.lost * at_risk
            stocks[i] = at_risk - moved - left
            quarter_stock.append(stocks[i])
            quarter_forward.append(moved)
            entering = moved
        out.stock.append(quarter_stock)
        out.forward.append(quarter_forward)
    return out


@dataclass
class Chain:
    """A side's stages over the history (the same quarters for each)."""

    stages: list[StageHistory]

    @property
    def quarters(self) -> int:
        return len(self.stages[0].stock) if self.stages else 0

    def until(self, quarters: int) -> Chain:
        """The chain as it stood after its first `quarters` quarters."""
        return Chain(
            [
                StageHistory(
                    s.stock[:quarters], s.entries[:quarters], s.forward[:quarters], s.lost[:quarters]
                )
                for s in self.stages
            ]
        )

    def window(self, length: int) -> list[int]:
        return list(range(max(0, self.quarters - length), self.quarters))

    def start(self) -> list[float]:
        return [s.stock_at_end for s in self.stages]

    def rates(self, window: Sequence[int]) -> list[Rates]:
        return [rates(s, window) for s in self.stages]

    def inflow(self, window: Sequence[int]) -> float:
        return float(np.mean([self.stages[0].entries[q] for q in window])) if window else 0.0


@dataclass
class Forecast:
    #: Point forecast, quarter by quarter.
    point: Projection
    rates: list[Rates]
    inflow: float
    #: (low, high) of each stage's stock at each future quarter's end.
    stock_band: list[list[tuple[float, float]]]
    #: (low, high) of what moved on out of the last stage each future quarter.
    output_band: list[tuple[float, float]]


def forecast(
    chain: Chain,
    horizon: int,
    window: int = 8,
    *,
    inflow_factor: float = 1.0,
    stage_rates: Sequence[Rates] | None = None,
    rate_multipliers: Sequence[Sequence[float]] | None = None,
    bootstrap: int = BOOTSTRAP,
) -> Forecast:
    """The chain `horizon` quarters ahead from the end of its history,
    with rates from the last `window` quarters. `inflow_factor` scales the
    first stage's entries (recruitment up by X%: 1 + X/100); `stage_rates`
    replaces the rates estimated (a stage made shorter)."""
    quarters = chain.window(window)
    estimated = list(stage_rates) if stage_rates is not None else chain.rates(quarters)
    inflow = chain.inflow(quarters) * inflow_factor
    point = project(chain.start(), estimated, [inflow] * horizon, rate_multipliers)
    stages = len(chain.stages)
    if not quarters or not stages or bootstrap <= 0:
        flat = [[(s, s) for s in row] for row in point.stock]
        return Forecast(point, estimated, inflow, flat, [(r[-1], r[-1]) for r in point.forward])
    rng = np.random.default_rng(SEED)
    given = chain.rates(quarters)
    # Every replicate at once: the window's quarters drawn with replacement.
    drawn = np.array(quarters)[rng.integers(0, len(quarters), (bootstrap, len(quarters)))]
    forward_rates, lost_rates = [], []
    for stage, e, g in zip(chain.stages, estimated, given, strict=True):
        at_risk = np.array(stage.at_risk, dtype=float)[drawn].sum(axis=1)
        safe = np.where(at_risk > 0, at_risk, 1.0)
        moved = np.where(at_risk > 0, np.array(stage.forward, dtype=float)[drawn].sum(axis=1) / safe, 0.0)
        left = np.where(at_risk > 0, np.array(stage.lost, dtype=float)[drawn].sum(axis=1) / safe, 0.0)
        # A replaced stage (a what-if) keeps its replacement's proportion to what was estimated.
        forward_rates.append(moved * (e.forward / g.forward if g.forward else 1.0))
        lost_rates.append(left * (e.lost / g.lost if g.lost else 1.0))
    first_entries = np.array([chain.stages[0].entries[q] for q in quarters], dtype=float)
    future = first_entries[rng.integers(0, len(quarters), (bootstrap, horizon))] * inflow_factor
    stocks = [np.full(bootstrap, s, dtype=float) for s in chain.start()]
    stock_runs = np.zeros((bootstrap, horizon, stages))
    output_runs = np.zeros((bootstrap, horizon))
    for q in range(horizon):
        entering = future[:, q]
        for i in range(stages):
            at_risk_now = stocks[i] + entering
            factor = rate_multipliers[q][i] if rate_multipliers else 1.0
            moved_now = np.minimum(forward_rates[i] * factor, 1.0 - lost_rates[i]) * at_risk_now
            stocks[i] = at_risk_now - moved_now - lost_rates[i] * at_risk_now
            stock_runs[:, q, i] = stocks[i]
            entering = moved_now
        output_runs[:, q] = entering
    low, high = BAND
    stock_low = np.percentile(stock_runs, low, axis=0)
    stock_high = np.percentile(stock_runs, high, axis=0)
    output_low = np.percentile(output_runs, low, axis=0)
    output_high = np.percentile(output_runs, high, axis=0)
    stock_band = [
        [(float(stock_low[q, i]), float(stock_high[q, i])) for i in range(stages)] for q in range(horizon)
    ]
    output_band = [(float(output_low[q]), float(output_high[q])) for q in range(horizon)]
    return Forecast(point, estimated, inflow, stock_band, output_band)


def survival_sum(rates_of_stage: Rates, quarters: int) -> float:
    """What one more entrant a quarter adds to the stage's stock after
    `quarters` quarters: the sum of (1 - forward - lost)^k for k = 1..quarters."""
    stay = 1.0 - rates_of_stage.forward - rates_of_stage.lost
    return sum(stay**k for k in range(1, quarters + 1))


def conversion(rates_of_stage: Rates) -> float:
    """The share of a stage's entrants who in the end move on."""
    total = rates_of_stage.forward + rates_of_stage.lost
    return rates_of_stage.forward / total if total else 0.0
