"""The match at the matching panel and the agency decision maker's decision,
through the panels' own records (nas.panels): Adoption Agencies (Wales)
Regulations 2005, reg. 33 (the panel's recommendation on the proposed
placement) and reg. 34 (the agency's decision: the child's local authority)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nas.matching import services
from nas.matching.models import LinkState
from nas.panels import services as panels
from nas.panels.models import Decision
from nas.panels.selectors import awaiting_decision
from tests.adopters import helpers as adopter_helpers
from tests.matching import helpers

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def at_meeting(personas):
    child = helpers.waiting_child(personas, "PNL00001")
    household = helpers.approved_household(personas, "Panelfamily")
    return helpers.to_linking_meeting(personas, child, household)


def test_a_match_comes_to_panel_only_after_the_linking_meeting(personas):
    child = helpers.waiting_child(personas, "PNL00002")
    household = helpers.approved_household(personas, "Earlyfamily")
    link = services.link_express_interest(
        actor=personas["ff.vvc"], side="child", profile=child, household_profile=household
    )
    meeting = adopter_helpers.quorate_meeting(personas["panel.vvc"], TODAY)
    with pytest.raises(ValidationError, match="linking meeting"):
        panels.item_add(
            actor=personas["panel.vvc"],
            meeting=meeting,
            kind="match",
            subject_type="matching.link",
            subject_id=link.pk,
        )


def test_the_panel_adviser_chooses_the_match_from_the_regions_links(personas, at_meeting):
    from nas.panels.forms import ItemForm

    form = ItemForm(user=personas["panel.vvc"], kind="match")
    chooser = form.fields["subject"]
    assert list(chooser.queryset) == [at_meeting]
    assert list(chooser.search(chooser.queryset, str(at_meeting.pk))) == [at_meeting]
    label = chooser.describe(at_meeting)
    assert label.startswith(f"Match {at_meeting.pk}: child P-") and "Test" not in label
    assert form.subject_type.record_type == "matching.link"


def test_only_the_childs_region_panel_hears_the_match(personas, at_meeting):
    from nas.accounts.services import staff_create
    from nas.organisations.models import Organisation

    north = Organisation.objects.get(code="north-wales")
    adviser = staff_create(
        actor=None,
        username="panel.north",
        password="x" * 20,
        organisation_id=north.pk,
        roles=["panel_adviser"],
    )
    meeting = adopter_helpers.quorate_meeting(adviser, TODAY)
    with pytest.raises(Exception) as error:
        panels.item_add(
            actor=adviser,
            meeting=meeting,
            kind="match",
            subject_type="matching.link",
            subject_id=at_meeting.pk,
        )
    assert error.typename in {"Http404", "ValidationError"}


def test_only_the_childs_authoritys_decision_maker_decides_the_match(personas, at_meeting):
    item = helpers.through_panel(personas, at_meeting)
    assert at_meeting.state == LinkState.MATCHING_PANEL
    # The region's decision maker approves adopters, not matches for the authority's children.
    with pytest.raises(PermissionDenied):
        panels.decision_record(
            actor=personas["adm.vvc"],
            subject_type="matching.link",
            subject_id=at_meeting.pk,
            outcome="approved",
            reasons="Agree.",
            decided_on=TODAY,
            agenda_item=item,
        )
    for someone in ("sw.cardiff", "tm.cardiff"):
        with pytest.raises(PermissionDenied):
            panels.decision_record(
                actor=personas[someone],
                subject_type="matching.link",
                subject_id=at_meeting.pk,
                outcome="approved",
                reasons="Agree.",
                decided_on=TODAY,
                agenda_item=item,
            )
    decision = helpers.decide(personas, at_meeting, item)
    assert decision.organisation.code == "cardiff" and decision.decided_by == personas["adm.cardiff"]
    assert Decision.objects.filter(subject_type="matching.link", subject_id=at_meeting.pk).count() == 1


def test_the_decision_waits_for_the_final_minutes(personas, at_meeting):
    adviser = personas["panel.vvc"]
    meeting = adopter_helpers.quorate_meeting(adviser, TODAY)
    item = panels.item_add(
        actor=adviser, meeting=meeting, kind="match", subject_type="matching.link", subject_id=at_meeting.pk
    )
    panels.recommendation_record(
        actor=adviser, item=item, recommendation="recommended", reasons="Good match."
    )
    with pytest.raises(ValidationError, match="minutes are not final"):
        helpers.decide(personas, at_meeting, item)


def test_a_deferred_match_waits_for_another_meeting(personas, at_meeting):
    adviser = personas["panel.vvc"]
    first = adopter_helpers.quorate_meeting(adviser, TODAY)
    item = panels.item_add(
        actor=adviser, meeting=first, kind="match", subject_type="matching.link", subject_id=at_meeting.pk
    )
    panels.recommendation_record(
        actor=adviser, item=item, recommendation="deferred", reasons="More information."
    )
    at_meeting.refresh_from_db()
    assert at_meeting.state == LinkState.LINKING_MEETING
    assert not at_meeting.child.milestones.filter(kind="matching_panel").exists()
    helpers.through_panel(personas, at_meeting)
    assert at_meeting.state == LinkState.MATCHING_PANEL


def test_matches_are_not_on_the_regions_decision_makers_list(personas, at_meeting):
    helpers.through_panel(personas, at_meeting)
    assert awaiting_decision(user=personas["adm.vvc"], today=TODAY) == []


def test_the_decision_maker_decides_on_the_links_page_and_sees_it_on_the_home_page(
    personas, at_meeting, client_for
):
    helpers.through_panel(personas, at_meeting)
    adm = client_for("adm.cardiff")
    home = adm.get("/").content.decode()
    assert (
        "Matches waiting for your decision" in home
        and f"/family-finding/links/{at_meeting.pk}/decision/" in home
    )
    page = adm.get(f"/family-finding/links/{at_meeting.pk}/decision/")
    assert page.status_code == 200 and "regulation 34" in page.content.decode()
    refused = adm.post(f"/family-finding/links/{at_meeting.pk}/decision/", {"outcome": "approved"})
    assert refused.status_code == 200 and "Enter the reasons for the decision" in refused.content.decode()
    done = adm.post(
        f"/family-finding/links/{at_meeting.pk}/decision/",
        {"outcome": "approved", "reasons": "A strong match.", "decided_on": TODAY.strftime("%d/%m/%Y")},
    )
    assert done.status_code == 302
    at_meeting.refresh_from_db()
    assert at_meeting.state == LinkState.MATCHED
    # The region's decision maker cannot reach it through the panel's own pages.
    assert client_for("adm.vvc").get(f"/family-finding/links/{at_meeting.pk}/decision/").status_code == 403
