"""NAS-R1, the sufficiency ratio (nas.performance.measures): approved
households waiting per child waiting on the period's last day, each wait
from its first day (NAS-A4's and NAS-C4's), worked out by hand from
dataset.py on 31 December 2024 (2024-25 Q3)."""

from __future__ import annotations

import pytest

from nas.performance import measures, periods, scopes


@pytest.fixture
def results(known):
    period = periods.parse("2024-25-Q3")
    found = measures.compute_all(
        [period],
        [scopes.wales(), *scopes.regions(), scopes.by_code("cardiff")],
        codes=["NAS-R1"],
    )
    return lambda code: found.get("NAS-R1", period, code)


def test_nas_r1_is_households_waiting_per_child_waiting(results):
    vvc = results("vale-valleys-cardiff")
    # C5, C7, C8, C10 wait; H11 and H2 are approved and unmatched.
    assert vvc.value == 0.5
    assert vvc.parts == {"children": 4, "households": 2}
    # And C12 and H12 in North Wales.
    assert results("north-wales").value == 1.0
    assert results("wales").value == pytest.approx(3 / 5)


def test_nas_r1_has_no_figure_for_an_authority(results):
    assert results("cardiff") is None


def test_nas_r1_is_in_the_catalogue_with_its_definition_and_source():
    measure = measures.get("NAS-R1")
    assert measure is not None
    assert "per child waiting" in str(measure.name)
    assert "NAS-A4" in str(measure.definition) and "NAS-C4" in str(measure.definition)
    assert measures.display(measure, 0.5) == "0.50"
