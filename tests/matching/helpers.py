"""Children waiting for a family and approved households, made through the
services, shared by family finding's tests, the permission matrix and the
browser tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from nas.adopters import services as households
from nas.adopters.journey import MilestoneKind as HouseholdMilestone
from nas.children import services as children
from nas.matching import services
from nas.matching.models import ChildProfile, HouseholdProfile, Link
from nas.organisations.models import Organisation
from nas.panels import services as panels
from tests.adopters import helpers as adopter_helpers

VVC = "vale-valleys-cardiff"
STD = "st-davids-childrens-society"
RANGE = {
    "age_min": 0,
    "age_max": 6,
    "max_children": 2,
    "sibling_group": True,
    "health_needs": "medium",
    "developmental_needs": "medium",
    "behavioural_needs": "medium",
    "disability": False,
    "contact": ["letterbox", "direct_siblings"],
}


def waiting_child(
    personas: dict[str, Any],
    reference: str,
    *,
    authority: str = "cardiff",
    born: date = date(2022, 3, 1),
    until: str = "authority_to_place",
    publish: str | None = "region",
    surname: str = "Waiting",
    **fields: Any,
) -> ChildProfile:
    """A child past the 'should be placed' decision (and authority to place), their profile published."""
    worker = personas["sw.cardiff"] if authority == "cardiff" else personas["sw.wrexham"]
    decider = personas["adm.cardiff"] if authority == "cardiff" else worker
    child = children.child_create(
        actor=worker,
        local_authority_id=Organisation.objects.get(code=authority).pk,
        entered_care=date(2024, 1, 10),
        case_reference=reference,
        first_names="Test",
        last_name=surname,
        date_of_birth=born,
        sex="1",
        ethnicity=fields.pop("ethnicity", "WBRI"),
        **fields,
    )
    steps = [
        ("permanence_plan", date(2024, 2, 1), worker, {}),
        ("childs_adoption_report", date(2024, 3, 1), worker, {}),
        ("should_be_placed", date(2024, 4, 1), decider, {}),
        ("authority_to_place", date(2024, 5, 1), worker, {"basis": "placement_order"}),
    ]
    for kind, when, actor, detail in steps:
        children.milestone_record(actor=actor, child=child, kind=kind, when=when, detail=detail)
        if kind == until:
            break
    profile = ChildProfile.objects.get(child=child)
    if publish:
        services.child_profile_publish(
            actor=worker, profile=profile, expected_version=profile.version, target=publish
        )
        profile.refresh_from_db()
    return profile


def approved_household(
    personas: dict[str, Any],
    surname: str,
    *,
    owner: str = VVC,
    residence: str | None = "cardiff",
    approved: date = date(2025, 7, 1),
    refer: bool = False,
    approval_range: dict[str, Any] | None = None,
    **fields: Any,
) -> HouseholdProfile:
    """A household taken to approval through the journey's services (the panel's
    recommendation and the decision recorded as milestones), its profile made by
    the approval; referred to the Adoption Register for Wales when `refer`."""
    actor = personas["assessor.vvc"] if owner == VVC else personas["assessor.stdavids"]
    enquiry = approved - timedelta(days=200)
    household = adopter_helpers.make_household(
        actor,
        owner,
        surname,
        enquiry=enquiry,
        residence_authority=Organisation.objects.get(code=residence) if residence else None,
        **fields,
    )
    households.approval_range_set(
        actor=actor, household=household, expected_version=household.version, changes=approval_range or RANGE
    )
    household.refresh_from_db()
    adopter_helpers.advance(actor, household, HouseholdMilestone.PAR_COMPLETED)
    households.milestone_record(
        actor=actor,
        household=household,
        kind=HouseholdMilestone.PANEL_RECOMMENDATION,
        when=approved - timedelta(days=10),
        detail={"recommendation": "recommended"},
    )
    households.milestone_record(
        actor=actor, household=household, kind=HouseholdMilestone.APPROVED, when=approved
    )
    if refer:
        households.milestone_record(
            actor=actor, household=household, kind=HouseholdMilestone.REFERRED_TO_REGISTER, when=approved
        )
    return HouseholdProfile.objects.get(household=household)


def to_linking_meeting(personas: dict[str, Any], profile: ChildProfile, household: HouseholdProfile) -> Link:
    """Interest from the region's family finder, accepted by the household's
    assessor, linked and the linking meeting held (dated today)."""
    today = date.today()
    link = services.link_express_interest(
        actor=personas["ff.vvc"], side="child", profile=profile, household_profile=household
    )
    responder = (
        personas["assessor.vvc"] if household.household.owner.code == VVC else personas["assessor.stdavids"]
    )
    services.link_accept(actor=responder, link=link, expected_version=link.version)
    services.link_step(
        actor=personas["ff.vvc"], link=link, expected_version=link.version, step="link", when=today
    )
    services.link_step(
        actor=personas["ff.vvc"], link=link, expected_version=link.version, step="linking_meeting", when=today
    )
    return link


def through_panel(personas: dict[str, Any], link: Link, *, recommendation: str = "recommended") -> Any:
    """The region's matching panel recommends (today) and its minutes are final."""
    adviser = personas["panel.vvc"]
    meeting = adopter_helpers.quorate_meeting(adviser, date.today())
    item = panels.item_add(
        actor=adviser, meeting=meeting, kind="match", subject_type="matching.link", subject_id=link.pk
    )
    panels.recommendation_record(
        actor=adviser, item=item, recommendation=recommendation, reasons="A good match for the child."
    )
    panels.minutes_finalise(actor=adviser, meeting=meeting, minutes="Quorate.", final_on=date.today())
    link.refresh_from_db()
    item.refresh_from_db()
    return item


def decide(personas: dict[str, Any], link: Link, item: Any, outcome: str = "approved") -> Any:
    return panels.decision_record(
        actor=personas["adm.cardiff"],
        subject_type="matching.link",
        subject_id=link.pk,
        outcome=outcome,
        reasons="I agree with the panel.",
        decided_on=date.today(),
        agenda_item=item,
    )
