"""The waiting-time equity report and the offline hit@k evaluation, on hand-made data."""

from __future__ import annotations

from nas.matching.engine import DEFAULT_WEIGHTS, ChildNeeds, FamilyOffer, FamilySet, Member
from nas.matching.equity import HistoricalMatch, age_band, equity_report, evaluate


def test_age_bands():
    assert [age_band(y) for y in (0, 1, 3, 7, 12)] == [
        "Under 1",
        "1 year",
        "2 to 4 years",
        "5 to 9 years",
        "10 years or over",
    ]


def test_the_report_flags_groups_the_suggestions_systematically_miss():
    children = [ChildNeeds(f"y{i}", 1, waiting_days=100, region="vvc") for i in range(6)] + [
        ChildNeeds(f"o{i}", 7, waiting_days=400, siblings=(Member(8),), region="vvc") for i in range(3)
    ]
    suggestions = {f"y{i}": 4 for i in range(6)} | {"o0": 1}
    report = equity_report(children, suggestions)
    assert report.children == 9
    assert report.median_wait_days == 100
    groups = {(g.dimension, g.group): g for g in report.groups}
    older = groups[("age_band", "5 to 9 years")]
    assert (older.children, older.median_wait_days) == (3, 400)
    assert round(older.suggested_share, 3) == round(1 / 3, 3)
    assert older.missed
    assert groups[("sibling_group", "Yes")].missed
    assert not groups[("age_band", "1 year")].missed
    assert {(g.dimension, g.group) for g in report.missed} >= {
        ("age_band", "5 to 9 years"),
        ("sibling_group", "Yes"),
    }


def test_age_bands_are_in_age_order_and_groups_are_named_not_coded():
    from types import SimpleNamespace

    from nas.matching.templatetags.matching_tags import group_name

    children = [ChildNeeds(f"c{age}", age, waiting_days=10, region="vvc") for age in (12, 0, 3)]
    report = equity_report(children, {})
    bands = [g.group for g in report.groups if g.dimension == "age_band"]
    assert bands == ["Under 1", "2 to 4 years", "10 years or over"]
    assert group_name(SimpleNamespace(dimension="ethnicity", group="ABAN")) == "Bangladeshi (ABAN)"
    assert group_name(SimpleNamespace(dimension="age_band", group="Under 1")) == "Under 1"


def test_an_empty_report():
    assert equity_report([], {}).groups == []


def test_hit_at_k_is_where_the_matched_family_ranked_at_the_time():
    families = FamilySet(
        [
            FamilyOffer("best", 0, 4, region="vvc", owner="vvc", waiting_days=500),
            FamilyOffer("second", 0, 4, region="vvc", owner="vvc", waiting_days=10),
            FamilyOffer("too_young", 0, 1, region="vvc", owner="vvc"),
        ]
    )
    toddler = ChildNeeds("a", 3, region="vvc")
    history = [
        HistoricalMatch(toddler, families, "best"),
        HistoricalMatch(ChildNeeds("b", 3, region="vvc", disability=False), families, "second"),
        HistoricalMatch(ChildNeeds("c", 3, region="vvc"), families, "too_young"),
    ]
    result = evaluate(history, weights=DEFAULT_WEIGHTS, ks=(1, 2))
    assert result.ranks == [1, 2, None]
    assert result.hit_at == {1: 1 / 3, 2: 2 / 3}
    assert result.coverage["age_band"] == {"2 to 4 years": 2 / 3}
