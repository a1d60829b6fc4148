"""Property-based tests: random children and families."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nas.matching import baseline
from nas.matching.engine import (
    CONTACT_LEVELS,
    CRITERIA,
    DEFAULT_WEIGHTS,
    NEED_LEVELS,
    ChildNeeds,
    FamilyOffer,
    FamilySet,
    Member,
    suggest,
)

AUTHORITIES = ["cardiff", "newport", "powys", "wrexham", "swansea"]
REGIONS = ["vvc", "north", "west"]
ETHNICITIES = ["WBRI", "BAFR", "APKN", "MWBC"]
RELIGIONS = ["", "Christian", "Muslim", "christian"]
needs = st.sampled_from(NEED_LEVELS)

members = st.builds(
    Member,
    age_years=st.integers(0, 12),
    age_months=st.integers(0, 11),
    health=needs,
    developmental=needs,
    behavioural=needs,
    disability=st.booleans(),
)
children = st.builds(
    ChildNeeds,
    key=st.just("child"),
    age_years=st.integers(0, 12),
    age_months=st.integers(0, 11),
    health=needs,
    developmental=needs,
    behavioural=needs,
    disability=st.booleans(),
    siblings=st.lists(members, max_size=3).map(tuple),
    ethnicity=st.sampled_from(["", *ETHNICITIES]),
    religion=st.sampled_from(RELIGIONS),
    language=st.sampled_from(["welsh", "bilingual", "english", "other"]),
    contact_plan=st.sampled_from(CONTACT_LEVELS),
    avoid_authorities=st.frozensets(st.sampled_from(AUTHORITIES), max_size=3),
    waiting_days=st.integers(0, 2000),
    region=st.sampled_from(REGIONS),
)


@st.composite
def family_lists(draw):
    count = draw(st.integers(1, 25))
    out = []
    for i in range(count):
        low = draw(st.integers(0, 10))
        region = draw(st.sampled_from(REGIONS))
        out.append(
            FamilyOffer(
                key=f"f{i}",
                min_age_years=low,
                max_age_years=draw(st.integers(low, 15)),
                max_children=draw(st.integers(1, 4)),
                takes_sibling_groups=draw(st.booleans()),
                max_health=draw(needs),
                max_developmental=draw(needs),
                max_behavioural=draw(needs),
                disability=draw(st.booleans()),
                contact=draw(st.sampled_from(CONTACT_LEVELS)),
                welsh_speaking=draw(st.booleans()),
                ethnicities=draw(st.frozensets(st.sampled_from(ETHNICITIES), max_size=2)),
                religion=draw(st.sampled_from(RELIGIONS)),
                local_authority=draw(st.sampled_from(AUTHORITIES)),
                region=region,
                owner=draw(st.sampled_from([region, "agency"])),
                owner_is_agency=draw(st.booleans()),
                waiting_days=draw(st.integers(0, 2000)),
            )
        )
    return out


weights = st.fixed_dictionaries({name: st.integers(0, 100) for name in CRITERIA})


@settings(max_examples=300, deadline=None)
@given(child=children, families=family_lists(), weights=weights)
def test_a_family_outside_any_hard_constraint_is_never_suggested(child, families, weights):
    suggested = {s.family for s in suggest(child, FamilySet(families), weights=weights, limit=None)}
    for family in families:
        broken = baseline.violations(child, family)
        assert (family.key in suggested) == (not broken), (family, broken)


@settings(max_examples=300, deadline=None)
@given(child=children, families=family_lists(), weights=weights)
def test_every_suggestion_explains_every_criterion_and_the_contributions_sum_to_the_score(
    child, families, weights
):
    found = suggest(child, FamilySet(families), weights=weights, limit=None)
    for suggestion in found:
        assert [c.criterion for c in suggestion.contributions] == list(CRITERIA)
        assert sum(c.points for c in suggestion.contributions) == suggestion.score
        for contribution in suggestion.contributions:
            assert contribution.text.endswith(f": {contribution.points:+d}")
    plain = baseline.suggest_plain(child, families, weights, limit=None)
    assert [(s.family, s.score) for s in found] == [(k, score) for k, score, _tier, _p in plain]


@settings(max_examples=100, deadline=None)
@given(child=children, families=family_lists())
def test_region_first_then_the_rest_of_wales(child, families):
    tiers = [s.tier for s in suggest(child, FamilySet(families), weights=DEFAULT_WEIGHTS, limit=None)]
    assert tiers == sorted(tiers, key=lambda t: t != "region")
