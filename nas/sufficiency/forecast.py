"""The forecast 4 to 8 quarters ahead of children needing a family and of
households available, for any scope, from the service's own milestone
history (nas.sufficiency.history) through the stock-and-flow model
(nas.sufficiency.model); the gap by characteristic, the recruitment that
would close it, what-if questions, and the backtest.

Children: waiting (from the 'should be placed' decision to the match
decision, or lost at a change of plan), then matched (to the placement).
Households: Stage 1, Stage 2 (to approval), then waiting (to the match,
or lost at withdrawal or deregistration). Each group's children are
forecast on their own history; a group's households (those whose approval
range can meet it) come from the approvals forecast for all households,
in the share of the window's approvals that could meet it, and wait and
leave at the group's own rates.

Assumptions (shown on the page): rates and entries stay as in the window
(the last eight quarters); each waiting child counts as needing one family
(a sibling group to be placed together needs one family, so for sibling
groups the children's figure overstates the families needed); a household's
ethnicity is the first background it lists; the matching of children and
households is not modelled, except in a what-if, where the children's
match rate follows the scarcer side (below).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

import numpy as np
from django.db.models import Q
from django.utils.functional import Promise

from nas.performance import periods as P
from nas.performance.scopes import Scope
from nas.sufficiency import characteristics as C
from nas.sufficiency import history as H
from nas.sufficiency import model

WINDOW = 8
HORIZONS = range(4, 9)
#: Quarters of history before the first backtest origin, and the lead the backtest checks.
BACKTEST_WARM_UP = 8
BACKTEST_LEAD = 4

CHILD_WAITING, CHILD_MATCHED = 0, 1
STAGE_ONE, STAGE_TWO, HOUSEHOLD_WAITING = 0, 1, 2


@dataclass(frozen=True)
class WhatIf:
    """recruitment: households starting Stage 1 up by this %; stage_two_weeks:
    Stage 2 shorter by this many weeks on average; siblings: this many
    percentage points more of the children waiting in sibling groups to be
    placed together (each pair then needs one family, not two, and one able
    to take two children)."""

    recruitment: float = 0.0
    stage_two_weeks: float = 0.0
    siblings: float = 0.0

    @property
    def any(self) -> bool:
        return bool(self.recruitment or self.stage_two_weeks or self.siblings)


NONE = WhatIf()


@dataclass
class QuarterRow:
    period: P.Period
    children_waiting: float
    children_waiting_band: tuple[float, float]
    children_placed: float
    households_approved: float | None
    households_waiting: float | None
    households_waiting_band: tuple[float, float] | None


@dataclass
class GroupGap:
    code: str
    label: str | Promise
    children: float
    children_band: tuple[float, float]
    households: float | None
    households_band: tuple[float, float] | None
    #: Children waiting less households waiting at the horizon (above 0: families short).
    gap: float | None
    #: More approvals a quarter of households able to meet the group that would close the gap.
    approvals_needed: float | None
    #: The Stage 1 starts a quarter those approvals take, at the window's conversion.
    stage_one_needed: float | None

    @property
    def families(self) -> int:
        """The gap in whole families (0 when there is none)."""
        return max(round(self.gap), 0) if self.gap is not None else 0

    @property
    def ratio(self) -> float | None:
        if self.households is None or self.children <= 0:
            return None
        return self.households / self.children


@dataclass
class StageRow:
    label: str | Promise
    rates: model.Rates

    @property
    def conversion(self) -> float:
        return model.conversion(self.rates)


@dataclass
class ScopeForecast:
    scope: Scope
    first: P.Period
    horizon: int
    what_if: WhatIf
    rows: list[QuarterRow]
    gaps: list[GroupGap]
    stages: list[StageRow]
    children_entering: float
    households_entering: float | None
    #: The children's mean wait for a match at the horizon, in weeks.
    expected_wait_weeks: float | None
    history_quarters: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def last(self) -> QuarterRow:
        return self.rows[-1]


def _stage_labels() -> list[str | Promise]:
    from django.utils.translation import gettext_lazy as _

    return [
        _("Children: waiting for a match"),
        _("Children: matched, waiting to be placed"),
        _("Households: Stage 1"),
        _("Households: Stage 2, panel and decision"),
        _("Households: approved, waiting for a child"),
    ]


@cache
def _group_list() -> tuple[C.Group, ...]:
    """The groups a gap is read for (their codes and labels: the forecast reads no rows)."""
    return C.groups("", "", Q())


def _household_rates(chain: model.Chain, what_if: WhatIf) -> list[model.Rates]:
    estimated = chain.rates(chain.window(WINDOW))
    if what_if.stage_two_weeks:
        estimated[STAGE_TWO] = estimated[STAGE_TWO].shorter_by(what_if.stage_two_weeks)
    return estimated


def _band_scaled(band: tuple[float, float], point: float, whole: float) -> tuple[float, float]:
    factor = point / whole if whole else 0.0
    return (band[0] * factor, band[1] * factor)


def scope_forecast(
    scope: Scope,
    children_flows: H.Flows,
    household_flows: H.Flows,
    *,
    horizon: int = 4,
    what_if: WhatIf = NONE,
    bootstrap: int = model.BOOTSTRAP,
) -> ScopeForecast:
    first = P.from_index(children_flows.last + 1)
    quarters = [
        P.from_index(first_index)
        for first_index in range(children_flows.last + 1, children_flows.last + 1 + horizon)
    ]
    group_list = _group_list()
    child_chains = {
        g.code: children_flows.chain(H.CHILD_STAGE_CODES, g.code, scope.authorities) for g in group_list
    }
    has_households = not (scope.owners is not None and not scope.owners)
    # Households first: a what-if on them changes the children's match rate.
    households: model.Forecast | None = None
    baseline_households: model.Forecast | None = None
    household_chain: model.Chain | None = None
    if has_households:
        household_chain = household_flows.chain(H.HOUSEHOLD_STAGE_CODES, "all", scope.owners)
        households = model.forecast(
            household_chain,
            horizon,
            WINDOW,
            inflow_factor=1 + what_if.recruitment / 100,
            stage_rates=_household_rates(household_chain, what_if),
            bootstrap=bootstrap,
        )
        if what_if.recruitment or what_if.stage_two_weeks:
            baseline_households = model.forecast(household_chain, horizon, WINDOW, bootstrap=0)
    all_children = child_chains["all"]
    multipliers = None
    if households is not None and baseline_households is not None:
        plain = model.forecast(all_children, horizon, WINDOW, bootstrap=0)
        multipliers = []
        for q in range(horizon):
            waiting = plain.point.stock[q][CHILD_WAITING]
            before = min(baseline_households.point.stock[q][HOUSEHOLD_WAITING], waiting)
            after = min(households.point.stock[q][HOUSEHOLD_WAITING], waiting)
            multipliers.append([after / before if before > 0 else 1.0, 1.0])
    # Every group's children at once (the same model, one bootstrap for all the groups).
    by_group = dict(
        zip(
            child_chains,
            model.forecast_many(
                list(child_chains.values()),
                horizon,
                WINDOW,
                rate_multipliers=multipliers,
                bootstrap=bootstrap,
            ),
            strict=True,
        )
    )
    children = by_group["all"]
    rows = []
    for q, period in enumerate(quarters):
        rows.append(
            QuarterRow(
                period=period,
                children_waiting=children.point.stock[q][CHILD_WAITING],
                children_waiting_band=children.stock_band[q][CHILD_WAITING],
                children_placed=children.point.forward[q][CHILD_MATCHED],
                households_approved=households.point.forward[q][STAGE_TWO] if households else None,
                households_waiting=households.point.stock[q][HOUSEHOLD_WAITING] if households else None,
                households_waiting_band=households.stock_band[q][HOUSEHOLD_WAITING] if households else None,
            )
        )
    gaps = _gaps(
        scope,
        group_list,
        by_group,
        household_flows,
        household_chain,
        households,
        children,
        horizon,
        what_if,
    )
    waiting_rates = children.rates[CHILD_WAITING]
    factor = multipliers[-1][0] if multipliers else 1.0
    mean = waiting_rates.forward * factor + waiting_rates.lost
    labels = _stage_labels()
    stages = [StageRow(labels[i], r) for i, r in enumerate(children.rates)]
    if households:
        stages += [StageRow(labels[2 + i], r) for i, r in enumerate(households.rates)]
    return ScopeForecast(
        scope=scope,
        first=first,
        horizon=horizon,
        what_if=what_if,
        rows=rows,
        gaps=gaps,
        stages=stages,
        children_entering=children.inflow,
        households_entering=households.inflow if households else None,
        expected_wait_weeks=model.WEEKS_PER_QUARTER / mean if mean > 0 else None,
        history_quarters=children_flows.last - children_flows.first + 1,
    )


def _gaps(
    scope: Scope,
    group_list: tuple[C.Group, ...],
    child_forecasts: dict[str, model.Forecast],
    household_flows: H.Flows,
    household_chain: model.Chain | None,
    households: model.Forecast | None,
    children: model.Forecast,
    horizon: int,
    what_if: WhatIf,
) -> list[GroupGap]:
    last = horizon - 1
    all_waiting = children.point.stock[last][CHILD_WAITING]
    out = []
    for group in group_list:
        forecast = child_forecasts[group.code]
        waiting = forecast.point.stock[last][CHILD_WAITING]
        band = forecast.stock_band[last][CHILD_WAITING]
        # More sibling groups placed together: that many more children need a
        # family able to take two, and each pair needs one family, not two.
        shift = what_if.siblings / 100 * all_waiting
        if group.code == "siblings":
            waiting, band = waiting + shift, (band[0] + shift, band[1] + shift)
        elif group.code == "all":
            waiting, band = waiting - shift / 2, (band[0] - shift / 2, band[1] - shift / 2)
        if households is None or household_chain is None:
            out.append(GroupGap(group.code, group.label, waiting, band, None, None, None, None, None))
            continue
        stage = model.from_flows(*household_flows.stage("waiting", group.code, scope.owners))
        window = household_chain.window(WINDOW)
        approved_all = sum(household_chain.stages[HOUSEHOLD_WAITING].entries[q] for q in window)
        approved_group = sum(stage.entries[q] for q in window)
        share = approved_group / approved_all if approved_all else 0.0
        group_rates = model.rates(stage, window)
        approvals = [share * households.point.forward[q][STAGE_TWO] for q in range(horizon)]
        projected = model.project([stage.stock_at_end if stage.stock else 0.0], [group_rates], approvals)
        available = projected.stock[last][0]
        all_available = households.point.stock[last][HOUSEHOLD_WAITING]
        available_band = _band_scaled(
            households.stock_band[last][HOUSEHOLD_WAITING], available, all_available
        )
        gap = waiting - available
        approvals_needed = stage_one_needed = None
        if gap > 0:
            # An extra approval narrows the gap by one whether it waits or is
            # matched with a waiting child; only leaving (withdrawal,
            # deregistration) undoes it.
            per_entrant = model.survival_sum(model.Rates(0.0, group_rates.lost), horizon)
            approvals_needed = gap / per_entrant if per_entrant > 0 else None
            rates = households.rates
            conversion = model.conversion(rates[STAGE_ONE]) * model.conversion(rates[STAGE_TWO])
            if approvals_needed is not None and conversion > 0:
                stage_one_needed = approvals_needed / conversion
        out.append(
            GroupGap(
                group.code,
                group.label,
                waiting,
                band,
                available,
                available_band,
                gap,
                approvals_needed,
                stage_one_needed,
            )
        )
    return out


def forecasts(
    scopes: list[Scope],
    origin: date,
    *,
    horizon: int = 4,
    what_if: WhatIf = NONE,
    bootstrap: int = model.BOOTSTRAP,
) -> dict[str, ScopeForecast]:
    """The forecast of each scope from the quarter that holds `origin`, on the
    history of every full quarter before it (one read of the history for all)."""
    start = P.quarter_of(origin).start
    children_flows, household_flows = H.flows(start)
    return {
        s.code: scope_forecast(
            s, children_flows, household_flows, horizon=horizon, what_if=what_if, bootstrap=bootstrap
        )
        for s in scopes
    }


# --- The backtest --------------------------------------------------------------


@dataclass
class BacktestPoint:
    origin: P.Period
    target: P.Period
    placed_forecast: float
    placed_actual: float
    approved_forecast: float | None
    approved_actual: float | None


@dataclass
class Backtest:
    points: list[BacktestPoint]

    @staticmethod
    def _mape(pairs: list[tuple[float, float]]) -> float | None:
        kept = [abs(f - a) / a for f, a in pairs if a > 0]
        return 100 * sum(kept) / len(kept) if kept else None

    @property
    def placed_mape(self) -> float | None:
        """Mean absolute percentage error of children placed, BACKTEST_LEAD quarters ahead."""
        return self._mape([(p.placed_forecast, p.placed_actual) for p in self.points])

    @property
    def approved_mape(self) -> float | None:
        return self._mape(
            [
                (p.approved_forecast, p.approved_actual)
                for p in self.points
                if p.approved_forecast is not None and p.approved_actual is not None
            ]
        )


def history_start(chain: model.Chain) -> int:
    """The first quarter whose entries reach half the history's median: the
    quarters before it are the records' warm-up (a history loaded or
    generated from a day, with a few earlier stragglers), not the service's
    usual flow."""
    entries = chain.stages[0].entries if chain.stages else []
    if not entries:
        return 0
    threshold = float(np.median(entries)) / 2
    return next((i for i, e in enumerate(entries) if e >= threshold and e > 0), len(entries))


def backtest(scope: Scope, children_flows: H.Flows, household_flows: H.Flows) -> Backtest:
    """Forecast from each past quarter on the history known then, and compare
    children placed and households approved BACKTEST_LEAD quarters ahead
    with what happened. The first origin has a whole window of history
    after the warm-up (history_start)."""
    children = children_flows.chain(H.CHILD_STAGE_CODES, "all", scope.authorities)
    has_households = not (scope.owners is not None and not scope.owners)
    households = (
        household_flows.chain(H.HOUSEHOLD_STAGE_CODES, "all", scope.owners) if has_households else None
    )
    total = children.quarters
    points = []
    for known in range(history_start(children) + WINDOW, total - BACKTEST_LEAD + 1):
        target = known + BACKTEST_LEAD - 1
        placed = model.forecast(children.until(known), BACKTEST_LEAD, WINDOW, bootstrap=0)
        approved_forecast = approved_actual = None
        if households is not None:
            approved = model.forecast(households.until(known), BACKTEST_LEAD, WINDOW, bootstrap=0)
            approved_forecast = approved.point.forward[-1][STAGE_TWO]
            approved_actual = households.stages[STAGE_TWO].forward[target]
        points.append(
            BacktestPoint(
                origin=P.from_index(children_flows.first + known),
                target=P.from_index(children_flows.first + target),
                placed_forecast=placed.point.forward[-1][CHILD_MATCHED],
                placed_actual=children.stages[CHILD_MATCHED].forward[target],
                approved_forecast=approved_forecast,
                approved_actual=approved_actual,
            )
        )
    return Backtest(points)


@dataclass
class PageFigures:
    forecast: ScopeForecast
    #: The plain forecast beside a what-if (None without one).
    baseline: ScopeForecast | None
    backtest: Backtest


def for_page(scope: Scope, origin: date, *, horizon: int = 4, what_if: WhatIf = NONE) -> PageFigures:
    """The forecast, the plain one beside a what-if, and the backtest, on one read of the history."""
    start = P.quarter_of(origin).start
    children_flows, household_flows = H.flows(start)
    found = scope_forecast(scope, children_flows, household_flows, horizon=horizon, what_if=what_if)
    baseline = None
    if what_if.any:
        baseline = scope_forecast(scope, children_flows, household_flows, horizon=horizon, bootstrap=0)
    return PageFigures(found, baseline, backtest(scope, children_flows, household_flows))
