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
    every = history.at_risk
    at_risk = sum(every[q] for q in chosen)
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
    return forecast_many(
        [chain],
        horizon,
        window,
        inflow_factor=inflow_factor,
        stage_rates=None if stage_rates is None else [stage_rates],
        rate_multipliers=rate_multipliers,
        bootstrap=bootstrap,
    )[0]


def forecast_many(
    chains: Sequence[Chain],
    horizon: int,
    window: int = 8,
    *,
    inflow_factor: float = 1.0,
    stage_rates: Sequence[Sequence[Rates]] | None = None,
    rate_multipliers: Sequence[Sequence[float]] | None = None,
    bootstrap: int = BOOTSTRAP,
) -> list[Forecast]:
    """`forecast` of each chain (of the same quarters and stages: the groups
    of one side), the bootstrap of all of them at once. Each chain's
    replicates draw the same quarters as its own `forecast` would (the
    generator starts from the same seed for each), so the figures are the
    same either way."""
    out: list[Forecast] = []
    for n, chain in enumerate(chains):
        quarters = chain.window(window)
        estimated = list(stage_rates[n]) if stage_rates is not None else chain.rates(quarters)
        inflow = chain.inflow(quarters) * inflow_factor
        point = project(chain.start(), estimated, [inflow] * horizon, rate_multipliers)
        flat = [[(s, s) for s in row] for row in point.stock]
        out.append(Forecast(point, estimated, inflow, flat, [(r[-1], r[-1]) for r in point.forward]))
    if not chains or bootstrap <= 0:
        return out
    quarters = chains[0].window(window)
    stages = len(chains[0].stages)
    if not quarters or not stages:
        return out
    if any(c.quarters != chains[0].quarters or len(c.stages) != stages for c in chains):
        raise ValueError("The chains forecast together must have the same quarters and stages.")
    rng = np.random.default_rng(SEED)
    # Every replicate at once: the window's quarters drawn with replacement.
    drawn = np.array(quarters)[rng.integers(0, len(quarters), (bootstrap, len(quarters)))]
    forward_rates, lost_rates = [], []
    for i in range(stages):
        # (chain, quarter) arrays, then (chain, replicate) sums over the quarters drawn.
        history = [c.stages[i] for c in chains]
        at_risk = np.array([h.at_risk for h in history], dtype=float)[:, drawn].sum(axis=2)
        moved = np.array([h.forward for h in history], dtype=float)[:, drawn].sum(axis=2)
        left = np.array([h.lost for h in history], dtype=float)[:, drawn].sum(axis=2)
        safe = np.where(at_risk > 0, at_risk, 1.0)
        # A replaced stage (a what-if) keeps its replacement's proportion to what was estimated.
        given = [rates(h, quarters) for h in history]
        scale_forward = np.array(
            [[f.rates[i].forward / g.forward if g.forward else 1.0] for f, g in zip(out, given, strict=True)]
        )
        scale_lost = np.array(
            [[f.rates[i].lost / g.lost if g.lost else 1.0] for f, g in zip(out, given, strict=True)]
        )
        forward_rates.append(np.where(at_risk > 0, moved / safe, 0.0) * scale_forward)
        lost_rates.append(np.where(at_risk > 0, left / safe, 0.0) * scale_lost)
    first_entries = np.array([[c.stages[0].entries[q] for q in quarters] for c in chains], dtype=float)
    future = first_entries[:, rng.integers(0, len(quarters), (bootstrap, horizon))] * inflow_factor
    stocks = [np.array([[c.start()[i]] * bootstrap for c in chains], dtype=float) for i in range(stages)]
    stock_runs = np.zeros((len(chains), bootstrap, horizon, stages))
    output_runs = np.zeros((len(chains), bootstrap, horizon))
    for q in range(horizon):
        entering = future[:, :, q]
        for i in range(stages):
            at_risk_now = stocks[i] + entering
            factor = rate_multipliers[q][i] if rate_multipliers else 1.0
            moved_now = np.minimum(forward_rates[i] * factor, 1.0 - lost_rates[i]) * at_risk_now
            stocks[i] = at_risk_now - moved_now - lost_rates[i] * at_risk_now
            stock_runs[:, :, q, i] = stocks[i]
            entering = moved_now
        output_runs[:, :, q] = entering
    stock_low, stock_high = _band(stock_runs)
    output_low, output_high = _band(output_runs)
    for n, found in enumerate(out):
        found.stock_band = [
            [(float(stock_low[n, q, i]), float(stock_high[n, q, i])) for i in range(stages)]
            for q in range(horizon)
        ]
        found.output_band = [(float(output_low[n, q]), float(output_high[n, q])) for q in range(horizon)]
    return out


def _band(runs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The BAND percentiles over the replicates (axis 1, after the chains),
    interpolated linearly between the two nearest replicates (NumPy's
    percentile, without its overhead on these small arrays)."""
    ordered = np.sort(runs, axis=1)
    last = ordered.shape[1] - 1
    out = []
    for p in BAND:
        at = p / 100 * last
        below = int(np.floor(at))
        above = min(below + 1, last)
        out.append(ordered[:, below] + (at - below) * (ordered[:, above] - ordered[:, below]))
    return out[0], out[1]


def survival_sum(rates_of_stage: Rates, quarters: int) -> float:
    """What one more entrant a quarter adds to the stage's stock after
    `quarters` quarters: the sum of (1 - forward - lost)^k for k = 1..quarters."""
    stay = 1.0 - rates_of_stage.forward - rates_of_stage.lost
    return sum(stay**k for k in range(1, quarters + 1))


def conversion(rates_of_stage: Rates) -> float:
    """The share of a stage's entrants who in the end move on."""
    total = rates_of_stage.forward + rates_of_stage.lost
    return rates_of_stage.forward / total if total else 0.0
