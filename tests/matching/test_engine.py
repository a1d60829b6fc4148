"""The matching engine on hand-made children and families."""

from __future__ import annotations

from datetime import date

from nas.matching import baseline
from nas.matching.engine import (
    CRITERIA,
    DEFAULT_WEIGHTS,
    REGION_TO_AGENCY,
    REGION_TO_REGION,
    ChildNeeds,
    FamilyOffer,
    FamilySet,
    FeeRate,
    FeeTable,
    Member,
    cached_family_set,
    suggest,
    validate_weights,
)

FEES = FeeTable(
    (
        FeeRate(REGION_TO_REGION, 1, 27_000, date(2018, 10, 1)),
        FeeRate(REGION_TO_REGION, 2, 43_000, date(2018, 10, 1)),
        FeeRate(REGION_TO_AGENCY, 1, 31_620, date(2019, 4, 1), date(2020, 3, 31)),
        FeeRate(REGION_TO_AGENCY, 1, 39_245, date(2025, 4, 1)),
    )
)


def family(key: str, **fields) -> FamilyOffer:
    defaults = dict(
        min_age_years=0,
        max_age_years=4,
        max_developmental="medium",
        region="vvc",
        owner="vvc",
        local_authority="newport",
    )
    return FamilyOffer(key, **{**defaults, **fields})


def child(**fields) -> ChildNeeds:
    defaults = dict(key="c", age_years=3, age_months=2, developmental="medium", region="vvc")
    return ChildNeeds(**{**defaults, **fields})


def test_it_explains_meeting_medium_developmental_needs_in_words_with_points():
    [s] = suggest(child(), FamilySet([family("f")]), on=date(2025, 6, 1))
    texts = [c.text for c in s.contributions]
    assert "meets medium developmental needs: +12" in texts


def test_a_childs_age_is_worded_with_each_unit_singular_or_plural():
    [s] = suggest(child(age_years=1, age_months=9), FamilySet([family("f")]), on=date(2025, 6, 1))
    age = next(c for c in s.contributions if c.criterion == "age")
    assert age.reason.startswith("aged 1 year 9 months, in the range")
    [s] = suggest(child(age_years=2, age_months=1), FamilySet([family("f")]), on=date(2025, 6, 1))
    assert next(c for c in s.contributions if c.criterion == "age").reason.startswith("aged 2 years 1 month,")


def test_every_criterion_is_listed_and_the_points_add_up_to_the_score():
    [s] = suggest(child(ethnicity="WBRI", language="welsh", waiting_days=300), FamilySet([family("f")]))
    assert [c.criterion for c in s.contributions] == list(CRITERIA)
    assert sum(c.points for c in s.contributions) == s.score


def test_it_never_suggests_a_family_outside_the_approval_age_range():
    families = FamilySet([family("young", max_age_years=2), family("ok")])
    assert [s.family for s in suggest(child(), families)] == ["ok"]
    assert families.why_not(child(), "young") == ["age"]


def test_a_sibling_group_is_one_unit_every_child_must_fit():
    group = child(siblings=(Member(6, 0),))
    families = FamilySet(
        [
            family("single", max_children=1, takes_sibling_groups=False, max_age_years=8),
            family("two_but_young", max_children=2, takes_sibling_groups=True, max_age_years=4),
            family("two", max_children=2, takes_sibling_groups=True, max_age_years=8),
        ]
    )
    assert [s.family for s in suggest(group, families)] == ["two"]
    assert families.why_not(group, "single") == ["group_size", "siblings"]
    assert families.why_not(group, "two_but_young") == ["age"]


def test_a_siblings_higher_needs_count_for_the_whole_group():
    group = child(siblings=(Member(2, 0, behavioural="high"),))
    families = FamilySet([family("f", max_children=2, takes_sibling_groups=True, max_behavioural="medium")])
    assert suggest(group, families) == []
    assert families.why_not(group, "f") == ["needs"]


def test_it_respects_authorities_the_plan_rules_out():
    families = FamilySet([family("near", local_authority="cardiff"), family("far", local_authority="powys")])
    found = suggest(child(avoid_authorities=frozenset({"cardiff", "newport"})), families)
    assert [s.family for s in found] == ["far"]


def test_identity_is_weighed_but_never_rules_a_family_out():
    families = FamilySet(
        [
            family("shared", ethnicities=frozenset({"BAFR"}), religion="Christian", welsh_speaking=True),
            family("other", ethnicities=frozenset({"WBRI"})),
        ]
    )
    found = suggest(child(ethnicity="BAFR", religion="christian", language="welsh"), families)
    assert [s.family for s in found] == ["shared", "other"]
    points = {c.criterion: c.points for c in found[0].contributions}
    assert points["ethnicity"] == DEFAULT_WEIGHTS["ethnicity"]
    assert points["religion"] == DEFAULT_WEIGHTS["religion"]
    assert points["language"] == DEFAULT_WEIGHTS["language"]
    assert {c.criterion: c.points for c in found[1].contributions}["ethnicity"] == 0


def test_in_region_families_come_first_then_the_rest_of_wales_with_the_fee():
    families = FamilySet(
        [
            family("north", region="north", owner="north", waiting_days=600, ethnicities=frozenset({"WBRI"})),
            family("home", waiting_days=0),
            family("agency", region="vvc", owner="st-davids", owner_is_agency=True),
        ]
    )
    found = suggest(child(ethnicity="WBRI"), families, fees=FEES, on=date(2025, 6, 1))
    assert [(s.family, s.tier) for s in found] == [
        ("home", "region"),
        ("agency", "region"),
        ("north", "national"),
    ]
    fees = {s.family: s.fee for s in found}
    assert fees["home"] is None
    assert fees["agency"].amount == 39_245
    assert fees["north"].amount == 27_000


def test_the_fee_is_the_one_in_force_on_the_day_and_for_the_number_of_children():
    assert FEES.fee(REGION_TO_AGENCY, 1, date(2019, 6, 1)).amount == 31_620
    assert FEES.fee(REGION_TO_AGENCY, 1, date(2022, 6, 1)) is None
    assert FEES.fee(REGION_TO_REGION, 2, date(2025, 6, 1)).amount == 43_000
    estimate = FEES.fee(REGION_TO_AGENCY, 3, date(2025, 6, 1))
    assert (estimate.amount, estimate.estimated) == (3 * 39_245, True)


def test_waiting_time_counts_for_both_sides():
    families = FamilySet([family("new", waiting_days=10), family("long", waiting_days=500)])
    found = suggest(child(waiting_days=400), families)
    assert [s.family for s in found] == ["long", "new"]
    by = {s.family: {c.criterion: c.points for c in s.contributions} for s in found}
    assert by["long"]["family_waiting"] > by["new"]["family_waiting"]
    assert by["long"]["child_waiting"] == round(DEFAULT_WEIGHTS["child_waiting"] * 400 / 548)


def test_the_engine_and_the_plain_scorer_agree():
    families = [
        family("a", ethnicities=frozenset({"WBRI"}), waiting_days=100),
        family("b", region="north", owner="north"),
        family("c", max_age_years=2),
        family("d", religion="Muslim", welsh_speaking=True, waiting_days=900),
    ]
    c = child(religion="muslim", language="bilingual", ethnicity="WBRI", waiting_days=30)
    engine_order = [(s.family, s.score, s.tier) for s in suggest(c, FamilySet(families))]
    plain = [(k, score, tier) for k, score, tier, _ in baseline.suggest_plain(c, families, DEFAULT_WEIGHTS)]
    assert engine_order == plain


def test_the_family_set_is_built_once_per_token():
    calls = []

    def load():
        calls.append(1)
        return [family("a")]

    first = cached_family_set("t1", load)
    assert cached_family_set("t1", load) is first
    cached_family_set("t2", load)
    assert len(calls) == 2


def test_weights_must_be_whole_numbers_from_0_to_100():
    assert validate_weights(DEFAULT_WEIGHTS) == {}
    errors = validate_weights({**DEFAULT_WEIGHTS, "age": 101, "region": "x", "colour": 3})
    assert set(errors) == {"age", "region", "__all__"}


def test_explanations_are_worded_in_the_current_language():
    from django.utils import translation

    [s] = suggest(child(), FamilySet([family("f")]))
    developmental = s.contributions[1]
    with translation.override("cy"):
        assert developmental.text == "yn diwallu anghenion datblygiadol canolig: +12"
    with translation.override("en"):
        assert developmental.text == "meets medium developmental needs: +12"
