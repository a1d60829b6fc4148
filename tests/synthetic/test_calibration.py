"""At scale 1 the synthetic dataset matches the published shape of adoption
in Wales (nas.synthetic.calibration gives each range and its source).

The figures are measured on the written records by nas.synthetic.figures,
one method a figure, and the headline ones again by the performance
framework's own measures (NAS-C6 placements, NAS-A2 approvals, NAS-C1
months from entering care to placement), held to the same ranges.

Scale 1 over ten years generates in about 25 seconds on SQLite, so the
whole of Wales is generated once for this module (and rolled back after
it). A year's count at scale 1 carries the noise of a few hundred events
(the published series itself moved by 20 to 80 a year): each year is held
to the published range widened by a tenth, and the mean of the years to the
range itself.
"""

from __future__ import annotations

import statistics
from datetime import date

import pytest
from django.db import connection, transaction

from nas.performance import measures, periods, scopes
from nas.synthetic import calibration
from nas.synthetic.figures import Figures, financial_years
from nas.synthetic.generate import generate

UNTIL = date(2026, 3, 31)
YEARS = 10
SEED = 42
# Every test reads the database (which also makes pytest-django create it
# before the module's fixture generates the data). One xdist worker runs the
# whole module (tests/conftest.py, WHOLE_ON_ONE_WORKER), so Wales is generated
# once, not once a worker.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def figures(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        from nas.audit.models import AuditChainHead
        from nas.organisations.models import Organisation
        from nas.organisations.reference import load_reference_data

        if not Organisation.objects.exists():
            load_reference_data(Organisation)
            AuditChainHead.objects.get_or_create(pk=1)
        generate(years=YEARS, scale=1, seed=SEED, until=UNTIL)
        # PostgreSQL checks the generated rows' foreign keys here, once. Left
        # deferred, each test's own check at its end (inside a savepoint that is
        # then rolled back) would check all of them again: about 3 s a test.
        connection.check_constraints()
        yield Figures()
        transaction.set_rollback(True)


def _years() -> list[tuple[date, date]]:
    return financial_years(date(UNTIL.year - YEARS, UNTIL.month, UNTIL.day), UNTIL)


def _widened(published: calibration.Range) -> calibration.Range:
    return calibration.Range(published.low * 0.9, published.high * 1.1, published.source)


def _check_yearly(values: list[float], published: calibration.Range) -> None:
    assert statistics.mean(values) in published, (values, published.source)
    assert all(v in _widened(published) for v in values), (values, published.source)


def test_children_looked_after_on_every_31_march_are_within_the_published_range(figures):
    """Welsh Government, Children looked after by local authorities: 5,617 (2015) to 7,210 (2023)."""
    counts = [figures.looked_after_on(last) for _first, last in _years()]
    assert len(counts) == YEARS
    assert all(c in calibration.LOOKED_AFTER for c in counts), counts


def test_children_placed_for_adoption_a_year_match_the_nas_annual_reports(figures):
    """NAS annual reports: 300 placed in 2011-12, 366 in 2013-14, 386 in 2014-15."""
    _check_yearly([figures.placed_in(*fy) for fy in _years()], calibration.PLACED_PER_YEAR)


def test_adopters_approved_a_year_match_the_nas_annual_reports(figures):
    """NAS annual report 2014-15: 197 approved in 2011-12, 236 in 2013-14, 297 in 2014-15."""
    _check_yearly([figures.approved_in(*fy) for fy in _years()], calibration.APPROVED_PER_YEAR)


def test_months_from_entering_care_to_placement_match_the_nas_figures(figures):
    """NAS: 16.5 months in 2014-15, 13.5 in 2016, 14.5 in 2017-18."""
    _check_yearly([figures.months_care_to_placed(*fy) for fy in _years()], calibration.MONTHS_CARE_TO_PLACED)


def test_about_half_the_children_on_the_register_are_in_sibling_groups(figures):
    """NAS, November 2014: half the children waiting on the register are brothers and sisters."""
    shares = [figures.sibling_share_on_register(last) for _first, last in _years()]
    assert statistics.mean(shares) in calibration.SIBLING_SHARE_ON_REGISTER, shares
    assert all(0.3 <= s <= 0.75 for s in shares), shares


def test_about_a_tenth_are_adopted_by_their_foster_carers(figures):
    """Welsh Government: 8% of adoptions from care by former foster carers in 2016-17, 10% in 2022-23."""
    shares = [figures.foster_carer_share(*fy) for fy in _years()]
    assert statistics.mean(shares) in calibration.FOSTER_CARER_SHARE, shares


def test_older_children_sibling_groups_and_disabled_children_wait_longest(figures):
    """NAS: children aged four and over waited 15 months against 7 (2015); siblings 135 days longer (2022)."""
    waits = figures.months_waiting_by_group(_years()[0][0], UNTIL)
    assert waits["aged 4 or more"] > waits["under 4"]
    assert waits["in a sibling group"] > waits["alone"]
    assert waits["disabled"] > waits["not disabled"]


def test_plans_change_for_some_children_every_year(figures):
    """Plans change away from adoption every year, but for fewer children than are placed."""
    for first, last in _years():
        changed = figures.plan_changes_in(first, last)
        assert 0.05 * figures.placed_in(first, last) < changed < 0.5 * figures.placed_in(first, last)


def test_the_performance_framework_puts_the_scale_1_figures_inside_the_published_ranges(figures):
    """The ranges above, computed by the performance framework from the milestones (NAS-C6 children
    placed, NAS-A2 adopter approvals, NAS-C1 average months from entering care to placement; NAS-C5
    plans changed) for Wales, financial year by financial year."""
    years = [periods.year_of(first) for first, _last in _years()]
    wales = scopes.wales()
    results = measures.compute_all(years, [wales], codes=["NAS-C1", "NAS-C5", "NAS-C6", "NAS-A2"])

    def values(code: str) -> list[float]:
        found = [results.get(code, year, wales) for year in years]
        assert all(f is not None and f.value is not None for f in found), code
        return [f.value for f in found if f is not None and f.value is not None]

    placed = values("NAS-C6")
    _check_yearly(placed, calibration.PLACED_PER_YEAR)
    _check_yearly(values("NAS-A2"), calibration.APPROVED_PER_YEAR)
    _check_yearly(values("NAS-C1"), calibration.MONTHS_CARE_TO_PLACED)
    assert all(0.05 * p < c < 0.5 * p for p, c in zip(placed, values("NAS-C5"), strict=True))
