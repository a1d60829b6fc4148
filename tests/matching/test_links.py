"""Links between a child and a household: the state machine from an
expression of interest to the placement, the cap on a household's active
links, feedback whenever a link is declined, and the child's and the
household's journeys moving with each step in one transaction."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nas.adopters.journey import Stage as HouseholdStage
from nas.audit.models import AuditEvent
from nas.children import services as children
from nas.children.journey import Stage as ChildStage
from nas.children.models import Child
from nas.core.records import StaleRecordError
from nas.matching import services
from nas.matching.models import Link, LinkEvent, LinkState
from nas.matching.policies import links as policy
from tests.matching import helpers

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _kinds(child: Child) -> list[str]:
    return list(child.milestones.order_by("sequence").values_list("kind", flat=True))


def _household_kinds(profile) -> list[str]:
    return list(profile.household.milestones.order_by("sequence").values_list("kind", flat=True))


@pytest.fixture
def pair(personas):
    child = helpers.waiting_child(personas, "LNK00001")
    household = helpers.approved_household(personas, "Linksurname")
    return child, household


def test_a_family_finder_expresses_interest_and_the_households_worker_accepts(personas, pair):
    child, household = pair
    link = services.link_express_interest(
        actor=personas["ff.vvc"],
        side="child",
        profile=child,
        household_profile=household,
        note="Close to school.",
    )
    assert link.state == LinkState.INTEREST and link.initiated_by == "child"
    assert link.suggestion_rank == 1 and link.suggestion_score and link.region.code == helpers.VVC
    # The one who expressed the interest does not answer it; the household's side does.
    assert not policy.can(personas["ff.vvc"], "respond", link)
    assert not policy.can(personas["sw.cardiff"], "respond", link)
    assert policy.can(personas["assessor.vvc"], "respond", link)
    with pytest.raises(ValidationError):
        services.link_accept(actor=personas["sw.cardiff"], link=link, expected_version=link.version)
    services.link_accept(actor=personas["assessor.vvc"], link=link, expected_version=link.version)
    assert link.state == LinkState.ACCEPTED
    assert list(link.events.values_list("state", flat=True)) == [LinkState.INTEREST, LinkState.ACCEPTED]
    assert AuditEvent.objects.filter(record_type="matching.link", record_id=str(link.pk)).count() == 2


def test_a_households_worker_expresses_interest_in_a_child_and_the_childs_side_accepts(personas, pair):
    child, household = pair
    link = services.link_express_interest(
        actor=personas["assessor.vvc"], side="household", profile=child, household_profile=household
    )
    assert link.initiated_by == "household" and link.suggestion_rank is None
    assert not policy.can(personas["assessor.vvc"], "respond", link)
    assert policy.can(personas["sw.cardiff"], "respond", link) and policy.can(
        personas["ff.vvc"], "respond", link
    )
    services.link_accept(actor=personas["sw.cardiff"], link=link, expected_version=link.version)
    assert link.state == LinkState.ACCEPTED


def test_interest_in_a_family_outside_a_hard_constraint_is_refused(personas):
    child = helpers.waiting_child(personas, "LNK00002", disability=True)
    household = helpers.approved_household(personas, "Nodisability")
    with pytest.raises(ValidationError) as error:
        services.link_express_interest(
            actor=personas["ff.vvc"], side="child", profile=child, household_profile=household
        )
    assert "The family cannot care for a disabled child" in str(error.value)


def test_only_the_childs_side_expresses_interest_for_the_child(personas, pair):
    child, household = pair
    for outsider in ("ff.north", "assessor.vvc", "panel.vvc", "sw.wrexham"):
        with pytest.raises(PermissionDenied):
            services.link_express_interest(
                actor=personas[outsider], side="child", profile=child, household_profile=household
            )


def test_interest_in_a_child_already_linked_with_a_family_is_refused(personas, pair):
    child, household = pair
    helpers.to_linking_meeting(personas, child, household)
    other = helpers.approved_household(personas, "Latesurname")
    with pytest.raises(ValidationError, match="not waiting for a family"):
        services.link_express_interest(
            actor=personas["ff.vvc"], side="child", profile=child, household_profile=other
        )


def test_a_second_open_link_between_the_same_child_and_household_is_refused(personas, pair):
    child, household = pair
    services.link_express_interest(
        actor=personas["ff.vvc"], side="child", profile=child, household_profile=household
    )
    with pytest.raises(ValidationError, match="already a link"):
        services.link_express_interest(
            actor=personas["assessor.vvc"], side="household", profile=child, household_profile=household
        )


def test_declining_needs_a_coded_reason_and_feedback_from_either_side(personas, pair):
    child, household = pair
    link = services.link_express_interest(
        actor=personas["ff.vvc"], side="child", profile=child, household_profile=household
    )
    with pytest.raises(ValidationError) as error:
        services.link_decline(
            actor=personas["assessor.vvc"], link=link, expected_version=link.version, reason="", feedback=" "
        )
    assert set(error.value.message_dict) == {"reason", "feedback"}
    services.link_decline(
        actor=personas["assessor.vvc"],
        link=link,
        expected_version=link.version,
        reason="needs",
        feedback="We do not feel ready for a child with these developmental needs.",
    )
    link.refresh_from_db()
    assert (link.state, link.declined_by, link.decline_reason) == (LinkState.DECLINED, "household", "needs")
    event = link.events.get(state=LinkState.DECLINED)
    assert event.detail["feedback"].startswith("We do not feel ready")
    # A new link between the same two may follow a declined one.
    again = services.link_express_interest(
        actor=personas["ff.vvc"], side="child", profile=child, household_profile=household
    )
    services.link_decline(
        actor=personas["ff.vvc"],
        link=again,
        expected_version=again.version,
        reason="another_link",
        feedback="Going ahead with another family.",
    )
    again.refresh_from_db()
    assert again.declined_by == "child"


def test_the_whole_path_moves_the_childs_and_the_households_journeys(personas, pair):
    child, household = pair
    link = helpers.to_linking_meeting(personas, child, household)
    assert link.state == LinkState.LINKING_MEETING
    child.child.refresh_from_db()
    household.household.refresh_from_db()
    assert child.child.stage == ChildStage.LINKED and household.household.stage == HouseholdStage.LINKED
    item = helpers.through_panel(personas, link)
    assert link.state == LinkState.MATCHING_PANEL
    helpers.decide(personas, link, item)
    link.refresh_from_db()
    assert link.state == LinkState.MATCHED and link.matched_on == TODAY
    for step in ("introductions", "placed"):
        services.link_step(
            actor=personas["sw.cardiff"], link=link, expected_version=link.version, step=step, when=TODAY
        )
    assert link.state == LinkState.PLACED
    assert _kinds(child.child)[-5:] == [
        "linked",
        "matching_panel",
        "match_decision",
        "introductions",
        "placed",
    ]
    assert _household_kinds(household)[-3:] == ["linked", "matched", "placed"]
    household.household.refresh_from_db()
    assert household.household.stage == HouseholdStage.PLACED
    assert list(LinkEvent.objects.filter(link=link).values_list("state", flat=True)) == [
        "interest",
        "accepted",
        "linked",
        "linking_meeting",
        "matching_panel",
        "matched",
        "introductions",
        "placed",
    ]


def test_a_step_out_of_order_or_by_the_wrong_person_is_refused(personas, pair):
    child, household = pair
    link = services.link_express_interest(
        actor=personas["ff.vvc"], side="child", profile=child, household_profile=household
    )
    with pytest.raises(ValidationError):
        services.link_step(
            actor=personas["ff.vvc"], link=link, expected_version=link.version, step="link", when=TODAY
        )
    services.link_accept(actor=personas["assessor.vvc"], link=link, expected_version=link.version)
    with pytest.raises(ValidationError):  # only the child's authority records a placement, and not yet
        services.link_step(
            actor=personas["ff.vvc"], link=link, expected_version=link.version, step="placed", when=TODAY
        )
    with pytest.raises(StaleRecordError):
        services.link_step(
            actor=personas["ff.vvc"], link=link, expected_version=link.version - 1, step="link", when=TODAY
        )
    with pytest.raises(ValidationError, match="future"):
        services.link_step(
            actor=personas["ff.vvc"],
            link=link,
            expected_version=link.version,
            step="link",
            when=TODAY + timedelta(days=1),
        )


def test_the_seventh_active_link_of_a_household_is_refused(personas, settings):
    """The cap on active links per household (MATCHING_ACTIVE_LINKS_PER_HOUSEHOLD, 6 by default)."""
    assert settings.MATCHING_ACTIVE_LINKS_PER_HOUSEHOLD == 6
    household = helpers.approved_household(
        personas, "Capsurname", approval_range={**helpers.RANGE, "max_children": 1, "sibling_group": False}
    )
    links = []
    for n in range(7):
        child = helpers.waiting_child(personas, f"CAP{n:05d}")
        link = services.link_express_interest(
            actor=personas["ff.vvc"], side="child", profile=child, household_profile=household
        )
        services.link_accept(actor=personas["assessor.vvc"], link=link, expected_version=link.version)
        links.append(link)
    for link in links[:6]:
        services.link_step(
            actor=personas["ff.vvc"], link=link, expected_version=link.version, step="link", when=TODAY
        )
    with pytest.raises(ValidationError) as error:
        services.link_step(
            actor=personas["ff.vvc"],
            link=links[6],
            expected_version=links[6].version,
            step="link",
            when=TODAY,
        )
    assert "already has 6 links going, the most allowed at once" in str(error.value)
    links[6].refresh_from_db()
    assert links[6].state == LinkState.ACCEPTED
    # Ending one frees a place.
    services.link_decline(
        actor=personas["assessor.vvc"],
        link=links[0],
        expected_version=links[0].version,
        reason="another_link",
        feedback="Going ahead with another child.",
    )
    services.link_step(
        actor=personas["ff.vvc"], link=links[6], expected_version=links[6].version, step="link", when=TODAY
    )
    assert links[6].state == LinkState.LINKED


def test_a_link_declined_after_linking_takes_both_back_to_family_finding(personas, pair):
    child, household = pair
    link = helpers.to_linking_meeting(personas, child, household)
    services.link_decline(
        actor=personas["sw.cardiff"],
        link=link,
        expected_version=link.version,
        reason="contact",
        feedback="The family could not manage direct contact with the brother.",
    )
    child.child.refresh_from_db()
    household.household.refresh_from_db()
    assert child.child.stage == ChildStage.AUTHORITY_TO_PLACE
    assert _kinds(child.child)[-2:] == ["linked", "link_ended"]
    assert household.household.stage == HouseholdStage.WAITING
    assert _household_kinds(household)[-2:] == ["linked", "link_ended"]


def test_a_match_the_decision_maker_does_not_approve_ends_the_link(personas, pair):
    child, household = pair
    link = helpers.to_linking_meeting(personas, child, household)
    item = helpers.through_panel(personas, link, recommendation="not_recommended")
    helpers.decide(personas, link, item, outcome="not_approved")
    link.refresh_from_db()
    assert link.state == LinkState.NOT_APPROVED and link.ended_on == TODAY
    child.child.refresh_from_db()
    assert child.child.stage == ChildStage.AUTHORITY_TO_PLACE
    assert _kinds(child.child)[-3:] == ["linked", "matching_panel", "link_ended"]


def test_the_match_ends_the_other_links_of_the_child_and_of_the_household(personas):
    child = helpers.waiting_child(personas, "OTH00001")
    other_child = helpers.waiting_child(personas, "OTH00002")
    household = helpers.approved_household(personas, "Matchedsurname")
    other_household = helpers.approved_household(personas, "Othersurname")
    rival = services.link_express_interest(
        actor=personas["ff.vvc"], side="child", profile=child, household_profile=other_household
    )
    link = helpers.to_linking_meeting(personas, child, household)
    second = services.link_express_interest(
        actor=personas["ff.vvc"], side="child", profile=other_child, household_profile=household
    )
    item = helpers.through_panel(personas, link)
    helpers.decide(personas, link, item)
    for other in (rival, second):
        other.refresh_from_db()
        assert (other.state, other.decline_reason) == (LinkState.DECLINED, "another_link")
        assert f"link {link.pk}" in other.decline_feedback


def test_a_sibling_group_placed_together_moves_as_one(personas):
    first = helpers.waiting_child(personas, "SIB00001", born=date(2021, 6, 1))
    second = helpers.waiting_child(personas, "SIB00002", born=date(2023, 2, 1))
    group = children.sibling_group_create(
        actor=personas["sw.cardiff"],
        local_authority_id=first.child.local_authority_id,
        name="The Evans brothers",
        children=[first.child, second.child],
        placed_together=True,
        reason_apart="",
    )
    household = helpers.approved_household(personas, "Siblingsurname")
    link = services.link_express_interest(
        actor=personas["ff.vvc"], side="child", profile=first, household_profile=household
    )
    assert link.sibling_group_id == group.pk and link.unit == f"group:{group.pk}"
    # The brother's profile is the same unit: no second link with the same family.
    with pytest.raises(ValidationError, match="already a link"):
        services.link_express_interest(
            actor=personas["ff.vvc"], side="child", profile=second, household_profile=household
        )
    services.link_accept(actor=personas["assessor.vvc"], link=link, expected_version=link.version)
    for step in ("link", "linking_meeting"):
        services.link_step(
            actor=personas["ff.vvc"], link=link, expected_version=link.version, step=step, when=TODAY
        )
    second.child.refresh_from_db()
    assert second.child.stage == ChildStage.LINKED
    item = helpers.through_panel(personas, link)
    helpers.decide(personas, link, item)
    link.refresh_from_db()
    services.link_step(
        actor=personas["sw.cardiff"], link=link, expected_version=link.version, step="placed", when=TODAY
    )
    for profile in (first, second):
        assert _kinds(profile.child)[-4:] == ["linked", "matching_panel", "match_decision", "placed"]
    assert _household_kinds(household).count("placed") == 1


def test_a_group_too_big_for_the_family_is_not_linked(personas):
    first = helpers.waiting_child(personas, "BIG00001")
    second = helpers.waiting_child(personas, "BIG00002")
    children.sibling_group_create(
        actor=personas["sw.cardiff"],
        local_authority_id=first.child.local_authority_id,
        name="Two together",
        children=[first.child, second.child],
        placed_together=True,
        reason_apart="",
    )
    single = helpers.approved_household(
        personas, "Singlesurname", approval_range={**helpers.RANGE, "max_children": 1, "sibling_group": False}
    )
    with pytest.raises(ValidationError, match="hard constraints"):
        services.link_express_interest(
            actor=personas["ff.vvc"], side="child", profile=first, household_profile=single
        )


def test_a_link_step_typed_in_by_hand_on_the_childs_page_is_refused(personas, pair):
    child, household = pair
    link = helpers.to_linking_meeting(personas, child, household)
    with pytest.raises(ValidationError, match=f"link {link.pk}"):
        children.milestone_record(
            actor=personas["sw.cardiff"], child=child.child, kind="matching_panel", when=TODAY
        )
    assert Link.objects.get(pk=link.pk).state == LinkState.LINKING_MEETING


def test_a_disruption_is_recorded_with_its_reason_for_every_child(personas, pair):
    child, household = pair
    link = helpers.to_linking_meeting(personas, child, household)
    helpers.decide(personas, link, helpers.through_panel(personas, link))
    link.refresh_from_db()
    services.link_step(
        actor=personas["sw.cardiff"],
        link=link,
        expected_version=link.version,
        step="introductions",
        when=TODAY,
    )
    with pytest.raises(ValidationError, match="Choose why"):
        services.link_step(
            actor=personas["sw.cardiff"],
            link=link,
            expected_version=link.version,
            step="disrupted",
            when=TODAY,
        )
    services.link_step(
        actor=personas["sw.cardiff"],
        link=link,
        expected_version=link.version,
        step="disrupted",
        when=TODAY,
        reason="relationship",
        note="Introductions stopped.",
    )
    assert link.state == LinkState.DISRUPTED
    disrupted = child.child.milestones.get(kind="disrupted")
    assert disrupted.detail == {"reason": "relationship", "note": "Introductions stopped."}
    household.household.refresh_from_db()
    assert household.household.stage == HouseholdStage.WAITING
