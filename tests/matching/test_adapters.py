"""From household records to the engine (family_offers_from), which
households a child's region is offered, the family set's cache token, and
the property that holds through the database: no household outside a hard
constraint is ever suggested, and every household within them is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nas.adopters.models import Household
from nas.adopters.models import Milestone as HouseholdMilestone
from nas.children.models import Child, Milestone, SiblingGroup
from nas.matching import adapters, engine, selectors
from nas.matching.models import ChildProfile, HouseholdProfile
from nas.matching.neighbours import authorities_to_avoid
from nas.organisations.models import Organisation
from tests.matching import helpers

pytestmark = pytest.mark.django_db
TODAY = date.today()
LEVELS = ["none", "low", "medium", "high"]
CONTACT = ["none", "letterbox", "direct_siblings", "direct_birth_family"]
AUTHORITIES = ["cardiff", "vale-of-glamorgan", "rhondda-cynon-taf", "newport", "wrexham", "swansea"]


def test_a_household_becomes_an_offer_without_names_or_address(personas):
    profile = helpers.approved_household(
        personas,
        "Offersurname",
        approved=TODAY - timedelta(days=40),
        language="welsh",
        ethnicities=["WBRI", "MWBC"],
        religion="Christian",
        address="1 Secret Street",
        approval_range={**helpers.RANGE, "health_needs": "low", "contact": ["direct_birth_family"]},
    )
    [offer] = adapters.family_offers_from(Household.objects.filter(pk=profile.household_id), today=TODAY)
    assert offer == engine.FamilyOffer(
        key=str(profile.household_id),
        min_age_years=0,
        max_age_years=6,
        max_children=2,
        takes_sibling_groups=True,
        max_health="low",
        max_developmental="medium",
        max_behavioural="medium",
        disability=False,
        contact="direct_birth_family",
        welsh_speaking=True,
        ethnicities=frozenset({"WBRI", "MWBC"}),
        religion="Christian",
        local_authority="cardiff",
        region="vale-valleys-cardiff",
        owner="vale-valleys-cardiff",
        owner_is_agency=False,
        waiting_days=40,
    )
    assert "Secret" not in repr(offer) and "Offersurname" not in repr(offer)


def test_an_agencys_household_is_offered_to_the_region_it_lives_in(personas):
    agency = helpers.approved_household(personas, "Agencysurname", owner=helpers.STD, residence="newport")
    assert agency.region.code == "south-east-wales" and agency.is_published_to_region
    [offer] = adapters.family_offers_from(Household.objects.filter(pk=agency.household_id), today=TODAY)
    assert offer.owner_is_agency and offer.owner == helpers.STD and offer.region == "south-east-wales"


def test_a_region_is_offered_its_own_households_and_those_on_the_national_register(personas):
    own = helpers.approved_household(personas, "Ownregion")
    national = helpers.approved_household(
        personas, "Onregister", owner=helpers.STD, residence="wrexham", refer=True
    )
    elsewhere = helpers.approved_household(personas, "Elsewhere", owner=helpers.STD, residence="wrexham")
    vvc = Organisation.objects.get(code=helpers.VVC)
    north = Organisation.objects.get(code="north-wales")
    offered = set(adapters.households_for_region(vvc.pk).values_list("pk", flat=True))
    assert offered == {own.household_id, national.household_id}
    offered_north = set(adapters.households_for_region(north.pk).values_list("pk", flat=True))
    assert offered_north == {national.household_id, elsewhere.household_id}


def test_the_family_set_is_rebuilt_when_a_household_changes(personas):
    from nas.adopters import services as households

    profile = helpers.approved_household(personas, "Tokensurname")
    first = adapters.household_token("region-1", TODAY)
    assert adapters.household_token("region-1", TODAY) == first
    household = profile.household
    households.household_update(
        actor=personas["assessor.vvc"],
        household=household,
        expected_version=household.version,
        changes={"phone": "1"},
    )
    assert adapters.household_token("region-1", TODAY) != first
    assert adapters.household_token("region-1", TODAY + timedelta(days=1)) != adapters.household_token(
        "region-1", TODAY
    )


# --- The property, through the database ---------------------------------------------

BREAKABLE = ("age", "group", "siblings", "health", "developmental", "behavioural", "disability", "contact")


@st.composite
def households_near(draw, child):
    """Households that fit the child, or miss by exactly one constraint (so the
    boundaries are tried), or are drawn at random."""
    years = child["years"]
    sibling = child["sibling_years"]
    ages = [years] + ([sibling] if sibling is not None else [])
    needs = {kind: child[f"{kind}_needs"] for kind in ("health", "developmental", "behavioural")}
    out = []
    for _n in range(draw(st.integers(1, 8))):
        broken = draw(st.sampled_from((None, None, *BREAKABLE, "random")))
        if broken == "random":
            out.append(draw(random_household))
            continue
        low, high = min(ages), max(ages)
        h = {
            "age_min": max(0, low - draw(st.integers(0, 2))),
            "span": high - max(0, low - 2) + draw(st.integers(0, 3)),
            "max_children": len(ages) + draw(st.integers(0, 1)),
            "sibling_group": len(ages) > 1 or draw(st.booleans()),
            "disability": child["disability"]
            or (sibling is not None and child["sibling_disabled"])
            or draw(st.booleans()),
            "contact": sorted(
                {child["contact_plan"], *draw(st.lists(st.sampled_from(CONTACT[1:]), max_size=2))} - {"none"}
            ),
            "lives": draw(st.sampled_from(AUTHORITIES)),
            "agency": draw(st.booleans()),
            "national": draw(st.booleans()),
        }
        h["span"] = max(h["span"], high - h["age_min"])
        for kind, level in needs.items():
            h[f"{kind}_needs"] = LEVELS[min(3, _rank(level) + draw(st.integers(0, 1)))]
        if broken == "age":
            if low >= 1 and draw(st.booleans()):
                h["age_min"], h["span"] = low + 1, 3
            else:
                h["span"] = max(0, high - h["age_min"] - 1)
                if h["age_min"] + h["span"] >= high:
                    h["age_min"], h["span"] = high + 1, 2
        elif broken == "group":
            h["max_children"] = len(ages) - 1 or 1
        elif broken == "siblings":
            h["sibling_group"] = False
        elif broken in needs and _rank(needs[broken]) > 0:
            h[f"{broken}_needs"] = LEVELS[_rank(needs[broken]) - 1]
        elif broken == "disability":
            h["disability"] = False
        elif broken == "contact" and child["contact_plan"] != "none":
            h["contact"] = CONTACT[1 : CONTACT.index(child["contact_plan"])]
        out.append(h)
    return out


random_household = st.fixed_dictionaries(
    {
        "age_min": st.integers(0, 5),
        "span": st.integers(1, 10),
        "max_children": st.integers(1, 3),
        "sibling_group": st.booleans(),
        "health_needs": st.sampled_from(["", "low", "medium", "high"]),
        "developmental_needs": st.sampled_from(["low", "medium", "high"]),
        "behavioural_needs": st.sampled_from(["none", "low", "medium", "high"]),
        "disability": st.booleans(),
        "contact": st.lists(st.sampled_from(CONTACT[1:]), unique=True, max_size=3),
        "lives": st.sampled_from(AUTHORITIES),
        "agency": st.booleans(),
        "national": st.booleans(),
    }
)
child_strategy = st.fixed_dictionaries(
    {
        "years": st.integers(0, 9),
        "health_needs": st.sampled_from(["none", "none", "low", "medium", "high"]),
        "developmental_needs": st.sampled_from(["none", "none", "low", "medium", "high"]),
        "behavioural_needs": st.sampled_from(["none", "none", "low", "medium"]),
        "disability": st.sampled_from([False, False, True]),
        "contact_plan": st.sampled_from(
            ["none", "letterbox", "letterbox", "direct_siblings", "direct_birth_family"]
        ),
        "avoid_own": st.sampled_from([False, False, True]),
        "avoid_neighbours": st.sampled_from([False, False, False, True]),
        "avoid": st.lists(st.sampled_from(AUTHORITIES), unique=True, max_size=1),
        "sibling_years": st.none() | st.none() | st.integers(0, 9),
        "sibling_disabled": st.booleans(),
    }
)


def _rank(level: str) -> int:
    return LEVELS.index(level or "none")


def _within_hard_constraints(
    household: Household, members: list[Child], child: Child, avoid: frozenset[str]
) -> bool:
    """The hard constraints, read straight from the records (not through the engine)."""
    ages = [m.age_on(TODAY) * 12 + _months(m) for m in members]
    contact = max([CONTACT.index(c) for c in household.contact] + [0])
    return (
        household.age_min * 12 <= min(ages)
        and max(ages) <= household.age_max * 12 + 11
        and len(members) <= household.max_children
        and (len(members) == 1 or household.sibling_group)
        and all(
            _rank(getattr(m, f"{kind}_needs")) <= _rank(getattr(household, f"{kind}_needs"))
            for m in members
            for kind in ("health", "developmental", "behavioural")
        )
        and (household.disability or not any(m.disability for m in members))
        and CONTACT.index(child.contact_plan) <= contact
        and household.residence_authority.code not in avoid
    )


def _months(child: Child) -> int:
    born = child.date_of_birth
    months = (TODAY.year - born.year) * 12 + TODAY.month - born.month - (TODAY.day < born.day)
    return months % 12


class _Rollback(Exception):
    pass


@pytest.fixture
def world(personas):
    orgs = {o.code: o for o in Organisation.objects.all()}
    return orgs


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_household_outside_a_hard_constraint_is_suggested_through_the_database(world, data):
    """Issue 6: a family outside a hard constraint is never suggested (and one
    within them always is), through the adapter, the records and the cache."""
    orgs = world
    drawn = data.draw(child_strategy)
    drawn_households = data.draw(households_near(drawn))
    engine._cache.clear()
    try:
        with transaction.atomic():
            cardiff = orgs["cardiff"]
            born = TODAY - timedelta(days=365 * drawn["years"] + 100)
            child = Child.objects.create(
                local_authority=cardiff,
                case_reference="PROP1",
                date_of_birth=born,
                sex="1",
                ethnicity="WBRI",
                health_needs=drawn["health_needs"],
                developmental_needs=drawn["developmental_needs"],
                behavioural_needs=drawn["behavioural_needs"],
                disability=drawn["disability"],
                contact_plan=drawn["contact_plan"],
                stage="authority_to_place",
            )
            child.avoid_authorities.set([orgs[code] for code in drawn["avoid"]])
            Milestone.objects.create(
                child=child, kind="should_be_placed", date=TODAY - timedelta(days=90), sequence=1
            )
            members = [child]
            if drawn["sibling_years"] is not None:
                group = SiblingGroup.objects.create(
                    local_authority=cardiff, name="Group", placed_together=True
                )
                sibling = Child.objects.create(
                    local_authority=cardiff,
                    case_reference="PROP2",
                    date_of_birth=TODAY - timedelta(days=365 * drawn["sibling_years"] + 30),
                    sex="2",
                    ethnicity="WBRI",
                    disability=drawn["sibling_disabled"],
                    stage="authority_to_place",
                    sibling_group=group,
                )
                Child.objects.filter(pk=child.pk).update(sibling_group=group)
                child.sibling_group = group
                members.append(sibling)
            profile = ChildProfile.objects.create(
                child=child,
                reference="P-PROP01",
                region=orgs[helpers.VVC],
                avoid_own_authority=drawn["avoid_own"] or drawn["avoid_neighbours"],
                avoid_neighbouring_authorities=drawn["avoid_neighbours"],
                published_to_region_at=timezone.now(),
            )
            made = []
            for n, h in enumerate(drawn_households):
                lives = orgs[h["lives"]]
                owner = orgs[helpers.STD] if h["agency"] else lives.region
                household = Household.objects.create(
                    owner=owner,
                    reference=f"PROP-{n}",
                    residence_authority=lives,
                    age_min=h["age_min"],
                    age_max=h["age_min"] + h["span"],
                    max_children=h["max_children"],
                    sibling_group=h["sibling_group"],
                    health_needs=h["health_needs"],
                    developmental_needs=h["developmental_needs"],
                    behavioural_needs=h["behavioural_needs"],
                    disability=h["disability"],
                    contact=h["contact"],
                    stage="waiting",
                )
                HouseholdMilestone.objects.create(
                    household=household, kind="approved", date=TODAY - timedelta(days=30 + n), sequence=1
                )
                HouseholdProfile.objects.create(
                    household=household,
                    reference=f"H-PROP{n:02d}",
                    region=lives.region,
                    published_to_region_at=timezone.now(),
                    published_nationally_at=timezone.now() if h["national"] else None,
                )
                made.append(household)
            profile = selectors.profile_for_engine().get(pk=profile.pk)
            _version, rows = selectors.child_suggestions(profile, TODAY, limit=None)
            suggested = {row.profile.household_id for row in rows}
            avoid = authorities_to_avoid(
                "cardiff",
                avoid_own=profile.avoid_own_authority,
                avoid_neighbours=profile.avoid_neighbouring_authorities,
                others=frozenset(drawn["avoid"]),
            )
            offered = set(adapters.households_for_region(orgs[helpers.VVC].pk).values_list("pk", flat=True))
            for household in made:
                household = Household.objects.select_related("residence_authority").get(pk=household.pk)
                within = household.pk in offered and _within_hard_constraints(
                    household, members, child, avoid
                )
                assert (household.pk in suggested) == within, (household.pk, drawn, household.__dict__)
            for row in rows:
                # Every suggestion explains itself criterion by criterion, and the points add up.
                assert [c.criterion for c in row.suggestion.contributions] == list(engine.CRITERIA)
                assert sum(c.points for c in row.suggestion.contributions) == row.suggestion.score
            raise _Rollback
    except _Rollback:
        pass
