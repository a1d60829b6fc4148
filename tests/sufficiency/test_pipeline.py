"""The pipelines now, worked out by hand from dataset.py on 10 January 2025."""

from __future__ import annotations

from nas.performance import scopes as S
from nas.sufficiency import pipeline
from tests.sufficiency.dataset import ON


def _scope(code: str) -> S.Scope:
    scope = S.by_code(code)
    assert scope is not None
    return scope


def test_children_are_counted_by_stage_with_family_finding_for_the_referred(known):
    found = pipeline.children_table(_scope("cardiff"), ON)
    assert found.totals == {
        "care_planning": 1,  # C11
        "should_be_placed": 2,  # C7, C8
        "authority_to_place": 1,  # C5, not referred
        "family_finding": 1,  # C10, referred to the region
        "matched": 1,  # C4
    }


def test_children_are_counted_by_what_decides_a_match(known):
    found = pipeline.children_table(_scope("cardiff"), ON)
    assert found.cells["age_band"] == {
        "2-4": {"care_planning": 1, "should_be_placed": 2, "family_finding": 1, "matched": 1},
        "5-9": {"authority_to_place": 1},
    }
    assert found.cells["siblings"]["2"] == {"should_be_placed": 2}
    assert found.cells["needs"]["high"] == {"family_finding": 1}
    assert found.cells["disability"]["yes"] == {"authority_to_place": 1}
    assert found.cells["ethnicity"]["black"] == {"should_be_placed": 1}
    assert found.cells["welsh"]["welsh"] == {"family_finding": 1}


def test_households_are_counted_by_stage_and_approval_range(known):
    found = pipeline.households_table(_scope("vale-valleys-cardiff"))
    assert found is not None
    assert found.totals == {"enquiry": 1, "stage_one": 1, "stage_two": 3, "approved": 2}
    assert found.cells["age_band"]["2-4"] == {"approved": 1}  # H2
    assert found.cells["age_band"]["5-9"] == {"approved": 1}  # H11
    assert found.cells["siblings"]["2"] == {"approved": 1}
    assert found.cells["disability"]["yes"] == {"approved": 1}
    assert found.cells["welsh"]["welsh"] == {"approved": 1}


def test_an_authority_has_no_households_of_its_own(known):
    assert pipeline.households_table(_scope("cardiff")) is None


def test_waiting_is_the_frameworks_wait_from_its_first_day(known):
    """NAS-C4's and NAS-A4's waits (nas.performance.measures.WAITS), counted from the first day."""
    waiting = pipeline.waiting_by_scope([_scope("cardiff"), _scope("vale-valleys-cardiff"), S.wales()], ON)
    assert waiting["cardiff"] == (4, None)  # C5, C7, C8, C10
    assert waiting["vale-valleys-cardiff"] == (4, 2)  # H2, H11
    assert waiting["wales"] == (5, 3)  # and C12, H12 in North Wales


def test_the_sufficiency_ratio_is_households_waiting_per_child_waiting(known):
    assert pipeline.pipeline(_scope("vale-valleys-cardiff"), ON).ratio == 0.5


def test_the_pipeline_is_a_fixed_number_of_queries(known, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        pipeline.pipeline(S.wales(), ON)
