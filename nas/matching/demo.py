"""Family finding in the demonstration.

The Cardiff children's profiles are made by the 'should be placed'
decisions of nas.children.demo; this publishes three of them, one to the
region and two on the national register, so each tier has something to see
(and the national plan a child still waiting).
It adds a few approved households of Vale, Valleys and Cardiff (through its
adoption panel and decision maker) and of St David's Children Society (its
own panel is not part of the demonstration: the approval is recorded on the
household's journey), so the published children have families suggested;
one link in progress (Mabli, CDF-1005, linked with the Rees household);
and one child placed through a link with a voluntary agency's family, past
the matching panel and the Cardiff decision maker's match decision, so the
performance framework's placement measures (and the inter-agency fee) have
something to count. Safe to run again.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from nas.accounts.models import User
from nas.adopters import services as households
from nas.adopters.demo import PANEL, STEPS
from nas.adopters.journey import MilestoneKind as HouseholdMilestone
from nas.adopters.models import Household, HouseholdMember
from nas.children import services as children
from nas.children.models import Child
from nas.matching import services
from nas.matching.models import ChildProfile, HouseholdProfile, Link
from nas.organisations.models import Organisation
from nas.panels import services as panels
from nas.returns.models import DETAIL_FIELDS
from nas.returns.services import details_save

PUBLISH = [
    ("CDF-1004", "national", ["ethnicity", "language"]),
    ("CDF-1005", "region", ["language", "contact_plan"]),
    ("CDF-1006", "national", ["ethnicity", "religion"]),
]
VVC = "vale-valleys-cardiff"
STD = "st-davids-childrens-society"
# (owner, surname, first names, lives in, approved days ago, on the register, language,
#  heritage, religion, approval range)
HOUSEHOLDS: list[tuple[str, str, str, str, int, bool, str, list[str], str, dict[str, Any]]] = [
    (
        VVC,
        "Rees",
        "Catrin",
        "vale-of-glamorgan",
        240,
        True,
        "bilingual",
        ["WBRI"],
        "",
        {
            "age_min": 0,
            "age_max": 8,
            "max_children": 2,
            "sibling_group": True,
            "health_needs": "medium",
            "developmental_needs": "medium",
            "behavioural_needs": "medium",
            "disability": False,
            "contact": ["letterbox", "direct_siblings"],
        },
    ),
    (
        VVC,
        "Bowen",
        "Iestyn",
        "merthyr-tydfil",
        95,
        False,
        "english",
        ["WBRI", "MWBC"],
        "Christian",
        {
            "age_min": 3,
            "age_max": 10,
            "max_children": 3,
            "sibling_group": True,
            "health_needs": "high",
            "developmental_needs": "medium",
            "behavioural_needs": "medium",
            "disability": True,
            "contact": ["letterbox", "direct_siblings", "direct_birth_family"],
        },
    ),
    (
        STD,
        "Lloyd-Ahmed",
        "Sara",
        "rhondda-cynon-taf",
        300,
        True,
        "english",
        ["APKN", "WBRI"],
        "Muslim",
        {
            "age_min": 0,
            "age_max": 4,
            "max_children": 1,
            "sibling_group": False,
            "health_needs": "low",
            "developmental_needs": "medium",
            "behavioural_needs": "low",
            "disability": False,
            "contact": ["letterbox"],
        },
    ),
    (
        STD,
        "Mensah",
        "Kofi",
        "newport",
        180,
        True,
        "english",
        ["BAFR"],
        "Christian",
        {
            "age_min": 4,
            "age_max": 9,
            "max_children": 2,
            "sibling_group": True,
            "health_needs": "medium",
            "developmental_needs": "medium",
            "behavioural_needs": "medium",
            "disability": False,
            "contact": ["letterbox", "direct_siblings"],
        },
    ),
]
PLACED_CHILD = "CDF-1010"


def _publish_children(worker: User) -> int:
    published = 0
    for reference, target, shared in PUBLISH:
        profile = ChildProfile.objects.filter(
            child__local_authority__code="cardiff", child__case_reference=reference
        ).first()
        if profile is None or profile.is_published_to_region:
            continue
        services.child_profile_update(
            actor=worker,
            profile=profile,
            expected_version=profile.version,
            shared_fields=shared,
            about="",
            avoid_own_authority=True,
            avoid_neighbouring_authorities=False,
        )
        profile.refresh_from_db()
        services.child_profile_publish(
            actor=worker, profile=profile, expected_version=profile.version, target=target
        )
        published += 1
    return published


def _approve(row: tuple[Any, ...], people: dict[str, User], today: date) -> None:
    owner_code, surname, first, lives, days, refer, language, heritage, religion, approval = row
    owner = Organisation.objects.get(code=owner_code)
    if HouseholdMember.objects.filter(household__owner=owner, last_name=surname).exists():
        return
    assessor = people["assessor.vvc"] if owner_code == VVC else people["assessor.stdavids"]
    approved = today - timedelta(days=days)
    enquiry = approved - timedelta(days=190)
    household = households.household_create(
        actor=assessor,
        owner_id=owner.pk,
        enquiry_date=enquiry,
        applicants=[{"first_names": first, "last_name": surname}],
        assessor=assessor,
        residence_authority=Organisation.objects.get(code=lives),
        language=language,
        ethnicities=heritage,
        religion=religion,
    )
    households.approval_range_set(
        actor=assessor, household=household, expected_version=household.version, changes=approval
    )
    when = enquiry
    for kind, gap in STEPS:
        when += timedelta(days=gap)
        households.milestone_record(actor=assessor, household=household, kind=kind, when=when)
    if owner_code == VVC:
        meeting = panels.meeting_create(
            actor=people["panel.vvc"],
            organisation_id=owner.pk,
            when=approved - timedelta(days=7),
            venue="Ty Hywel",
        )
        for name, role, independent in PANEL:
            panels.member_add(
                actor=people["panel.vvc"], meeting=meeting, name=name, role=role, independent=independent
            )
        item = panels.item_add(
            actor=people["panel.vvc"],
            meeting=meeting,
            kind="adopter_approval",
            subject_type="adopters.household",
            subject_id=household.pk,
        )
        panels.recommendation_record(
            actor=people["panel.vvc"], item=item, recommendation="recommended", reasons="Well prepared."
        )
        panels.minutes_finalise(
            actor=people["panel.vvc"],
            meeting=meeting,
            minutes="Quorate.",
            final_on=approved - timedelta(days=5),
        )
        panels.decision_record(
            actor=people["adm.vvc"],
            subject_type="adopters.household",
            subject_id=household.pk,
            outcome="approved",
            reasons="I agree with the panel's recommendation.",
            decided_on=approved,
            agenda_item=item,
        )
    else:
        # The agency's own panel and decision maker are not in the demonstration.
        households.milestone_record(
            actor=assessor,
            household=household,
            kind=HouseholdMilestone.PANEL_RECOMMENDATION,
            when=approved - timedelta(days=7),
            detail={"recommendation": "recommended"},
        )
        households.milestone_record(
            actor=assessor, household=household, kind=HouseholdMilestone.APPROVED, when=approved
        )
    if refer:
        households.milestone_record(
            actor=assessor, household=household, kind=HouseholdMilestone.REFERRED_TO_REGISTER, when=approved
        )


def _household_profile(owner: str, surname: str) -> HouseholdProfile | None:
    household = Household.objects.filter(owner__code=owner, members__last_name=surname).first()
    return HouseholdProfile.objects.filter(household=household).first() if household else None


def _link_in_progress(people: dict[str, User], today: date) -> None:
    profile = ChildProfile.objects.filter(
        child__case_reference="CDF-1005", child__local_authority__code="cardiff"
    ).first()
    family = _household_profile(VVC, "Rees")
    if profile is None or family is None or Link.objects.filter(child=profile.child).exists():
        return
    link = services.link_express_interest(
        actor=people["ff.vvc"],
        side="child",
        profile=profile,
        household_profile=family,
        note="A Welsh-speaking home, near enough for the planned letterbox contact.",
        when=today - timedelta(days=6),
    )
    services.link_accept(
        actor=people["assessor.vvc"], link=link, expected_version=link.version, when=today - timedelta(days=4)
    )
    services.link_step(
        actor=people["ff.vvc"],
        link=link,
        expected_version=link.version,
        step="link",
        when=today - timedelta(days=2),
    )


def _child_placed_through_a_link(people: dict[str, User], today: date) -> None:
    cardiff = Organisation.objects.get(code="cardiff")
    if Child.objects.filter(local_authority=cardiff, case_reference=PLACED_CHILD).exists():
        return
    family = _household_profile(STD, "Lloyd-Ahmed")
    if family is None:
        return
    sw, adm = people["sw.cardiff"], people["adm.cardiff"]
    start = today - timedelta(days=420)
    child = children.child_create(
        actor=sw,
        local_authority_id=cardiff.pk,
        entered_care=start,
        case_reference=PLACED_CHILD,
        first_names="Amira",
        last_name="Khan",
        date_of_birth=today - timedelta(days=365 * 2 + 120),
        sex="2",
        ethnicity="APKN",
        religion="Muslim",
        social_worker=sw,
        developmental_needs="medium",
    )
    for kind, days_after, actor, detail in (
        ("permanence_plan", 40, sw, {}),
        ("childs_adoption_report", 70, sw, {}),
        ("should_be_placed", 90, adm, {}),
        ("authority_to_place", 130, sw, {"basis": "placement_order"}),
        ("referred_to_region", 135, sw, {}),
    ):
        children.milestone_record(
            actor=actor, child=child, kind=kind, when=start + timedelta(days=days_after), detail=detail
        )
    # Cardiff's team manager records the child's SSDA903 details, as for every child in the return.
    details_save(
        actor=people["tm.cardiff"],
        child=child,
        values=dict(
            zip(DETAIL_FIELDS, ("UN1", "N1", "C2", "U6", "PR1", "no", "PR5", "F1", "L0", ""), strict=True)
        ),
        expected_version=None,
    )
    profile = ChildProfile.objects.get(child=child)
    services.child_profile_publish(
        actor=sw, profile=profile, expected_version=profile.version, target="national"
    )
    profile.refresh_from_db()
    link = services.link_express_interest(
        actor=people["ff.vvc"],
        side="child",
        profile=profile,
        household_profile=family,
        note="Shares the child's heritage and faith.",
        when=start + timedelta(days=150),
    )
    services.link_accept(
        actor=people["assessor.stdavids"],
        link=link,
        expected_version=link.version,
        when=start + timedelta(days=155),
    )
    for step, days_after in (("link", 165), ("linking_meeting", 175)):
        services.link_step(
            actor=people["ff.vvc"],
            link=link,
            expected_version=link.version,
            step=step,
            when=start + timedelta(days=days_after),
        )
    adviser = people["panel.vvc"]
    meeting = panels.meeting_create(
        actor=adviser,
        organisation_id=adviser.organisation_id,
        when=start + timedelta(days=190),
        venue="Civic Centre, Barry",
    )
    for name, role, independent in PANEL:
        panels.member_add(actor=adviser, meeting=meeting, name=name, role=role, independent=independent)
    item = panels.item_add(
        actor=adviser, meeting=meeting, kind="match", subject_type="matching.link", subject_id=link.pk
    )
    panels.recommendation_record(
        actor=adviser, item=item, recommendation="recommended", reasons="The family can meet Amira's needs."
    )
    panels.minutes_finalise(
        actor=adviser, meeting=meeting, minutes="Quorate.", final_on=start + timedelta(days=192)
    )
    panels.decision_record(
        actor=adm,
        subject_type="matching.link",
        subject_id=link.pk,
        outcome="approved",
        reasons="I agree with the panel: the match meets Amira's needs.",
        decided_on=start + timedelta(days=196),
        agenda_item=item,
    )
    link.refresh_from_db()
    for step, days_after in (("introductions", 205), ("placed", 215)):
        services.link_step(
            actor=sw,
            link=link,
            expected_version=link.version,
            step=step,
            when=start + timedelta(days=days_after),
        )


def seed_matching() -> int:
    """Returns the number of children's profiles published (the rest is made once)."""
    today = timezone.localdate()
    people = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "sw.cardiff",
                "tm.cardiff",
                "adm.cardiff",
                "ff.vvc",
                "assessor.vvc",
                "panel.vvc",
                "adm.vvc",
                "assessor.stdavids",
            ]
        )
    }
    with transaction.atomic():
        published = _publish_children(people["sw.cardiff"])
        for row in HOUSEHOLDS:
            _approve(row, people, today)
        _link_in_progress(people, today)
        _child_placed_through_a_link(people, today)
    return published
