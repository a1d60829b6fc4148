"""What notifies whom: one test per rule of issue 19 (tasks run at once).

The deadlines are the statutory timescales with their sources
(nas.children.deadlines: 'Refer to the region for family finding', NAS
Wales performance framework, 1 month from authority to place; 'Refer to the
national register', Adoption Agencies (Wales) Regulations 2005 reg. 19A;
nas.adopters.deadlines: Stage 1, SI 2020/163, 2 months; nas.support.deadlines:
assessment of needs, 42 working days); the notice goes 5 working days before
(Welsh working days, nas.core.calendar), on the day, and when overdue.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection

from nas.accounts.roles import Role
from nas.accounts.services import sign_in_check_password, staff_create
from nas.adopters.journey import MilestoneKind as HouseholdKind
from nas.children import services as children
from nas.core.calendar import add_working_days
from nas.jobs.services import job_start
from nas.matching import services as matching
from nas.notifications import rules
from nas.notifications.models import Notification
from nas.notifications.services import notify, notify_planned
from nas.organisations.models import Organisation
from nas.panels import services as panels
from nas.performance import services as performance
from nas.performance.models import QuarterlyReturn
from nas.support import services as support
from tests.adopters import helpers as adopter_helpers
from tests.matching import helpers

AUTHORITY_TO_PLACE = date(2025, 3, 10)
REFERRAL_DUE = date(2025, 4, 10)  # one month after authority to place


def _child(personas, worker="sw.cardiff", reference="NTF00001"):
    child = children.child_create(
        actor=personas["sw.cardiff"],
        local_authority_id=Organisation.objects.get(code="cardiff").pk,
        entered_care=date(2024, 6, 3),
        case_reference=reference,
        first_names="Secretname",
        last_name="Hiddensurname",
        date_of_birth=date(2022, 3, 1),
        sex="1",
        ethnicity="WBRI",
        social_worker=personas[worker] if worker else None,
    )
    for kind, when, actor, detail in (
        ("permanence_plan", date(2024, 9, 2), "sw.cardiff", {}),
        ("childs_adoption_report", date(2024, 10, 1), "sw.cardiff", {}),
        ("should_be_placed", date(2024, 11, 1), "adm.cardiff", {}),
        ("authority_to_place", AUTHORITY_TO_PLACE, "sw.cardiff", {"basis": "placement_order"}),
    ):
        children.milestone_record(actor=personas[actor], child=child, kind=kind, when=when, detail=detail)
    return child


def _run_daily(today):
    return notify_planned(rules.daily_plan(today))


def _told(kind, **where):
    return set(
        Notification.objects.filter(kind=kind, withdrawn_at__isnull=True, **where).values_list(
            "recipient__username", flat=True
        )
    )


def test_the_occasions_are_5_working_days_before_on_the_day_and_just_after():
    due = date(2025, 4, 22)  # the Tuesday after Easter Monday 2025
    # 5 working days before: Good Friday and Easter Monday are not working days in Wales.
    assert rules.occasion(due, date(2025, 4, 11)) == "deadline_soon"
    assert rules.occasion(due, date(2025, 4, 10)) is None
    assert rules.occasion(due, due) == "deadline_today"
    assert rules.occasion(due, due + timedelta(days=1)) == "deadline_overdue"
    assert (
        rules.occasion(due, add_working_days(due, 6)) is None
    )  # long overdue: on the home page, not re-sent
    assert rules.occasion(due, due - timedelta(days=1), earliest=True) is None


def test_a_childs_deadline_5_working_days_before_tells_the_allocated_worker(personas):
    child = _child(personas)
    _run_daily(date(2025, 4, 3))  # 5 working days before 10 April 2025
    assert _told("deadline_soon", record_id=str(child.pk)) == {"sw.cardiff"}
    notice = Notification.objects.get(kind="deadline_soon", params__what="region_referral")
    assert notice.params == {"what": "region_referral", "due": "2025-04-10"}
    assert _run_daily(date(2025, 4, 4)) == 0  # once only


def test_a_childs_deadline_on_the_day_tells_the_allocated_worker(personas):
    child = _child(personas)
    _run_daily(REFERRAL_DUE)
    assert _told("deadline_today", record_id=str(child.pk)) == {"sw.cardiff"}


def test_an_overdue_childs_deadline_tells_the_worker_and_the_team_manager(personas):
    child = _child(personas)
    _run_daily(REFERRAL_DUE + timedelta(days=1))
    assert _told("deadline_overdue", record_id=str(child.pk)) == {"sw.cardiff", "tm.cardiff"}


def test_a_child_with_no_allocated_worker_tells_the_team_manager(personas):
    child = _child(personas, worker=None)
    _run_daily(REFERRAL_DUE)
    assert _told("deadline_today", record_id=str(child.pk)) == {"tm.cardiff"}


def test_a_reallocated_worker_stops_getting_the_childs_notifications(personas):
    child = _child(personas)
    _run_daily(date(2025, 4, 3))
    other = staff_create(
        actor=None,
        username="sw2.cardiff",
        password="x" * 12,
        organisation_id=child.local_authority_id,
        roles=[Role.SOCIAL_WORKER],
    )
    children.child_update(
        actor=personas["tm.cardiff"],
        child=child,
        expected_version=child.version,
        changes={"social_worker": other},
    )
    _run_daily(REFERRAL_DUE)
    assert _told("deadline_today", record_id=str(child.pk)) == {"sw2.cardiff"}


def test_a_households_stage_1_overdue_tells_its_assessor_and_the_regional_manager(personas):
    household = adopter_helpers.make_household(
        personas["assessor.vvc"],
        "vale-valleys-cardiff",
        "Stageone",
        enquiry=date(2025, 1, 6),
        assessor=personas["assessor.vvc"],
    )
    adopter_helpers.advance(personas["assessor.vvc"], household, HouseholdKind.ROI_ACCEPTED)
    accepted = household.milestones.get(kind=HouseholdKind.ROI_ACCEPTED).date
    due = date(accepted.year, accepted.month + 2, accepted.day)
    _run_daily(due + timedelta(days=1))
    assert _told("deadline_overdue", record_id=str(household.pk)) == {"assessor.vvc", "manager.vvc"}


def test_a_support_assessment_due_tells_the_support_worker(personas):
    region = Organisation.objects.get(code="vale-valleys-cardiff")
    worker = personas["support.vvc"]
    person = support.person_create(
        actor=worker,
        region_id=region.pk,
        kind="birth_parent",
        first_names="Bp",
        last_name="Person",
        date_of_birth=date(1980, 1, 1),
    )
    case = support.case_create(
        actor=worker,
        region_id=region.pk,
        person=person,
        worker=worker,
        requested_on=date(2025, 1, 6),
        request_summary="Help",
    )
    _run_daily(add_working_days(date(2025, 1, 6), 42))
    assert _told("deadline_today", record_id=str(case.pk)) == {"support.vvc"}


def test_a_letterbox_letter_due_and_then_missed_tells_the_allocated_workers(personas):
    region = Organisation.objects.get(code="vale-valleys-cardiff")
    worker = personas["support.vvc"]
    agreement = support.agreement_create(
        actor=personas["manager.vvc"],
        region_id=region.pk,
        workers=[worker],
        per_year=1,
        first_exchange_on=date(2025, 6, 1),
        agreed_on=date(2025, 1, 6),
    )
    writer = support.person_create(
        actor=worker,
        region_id=region.pk,
        kind="birth_parent",
        first_names="Writer",
        last_name="Person",
        date_of_birth=date(1980, 1, 1),
    )
    support.party_add(
        actor=worker, agreement=agreement, person=writer, side="birth", writes=True, receives=False
    )
    _run_daily(date(2025, 5, 25))  # inside the 14 days' reminder window
    assert _told("letter_due", record_id=str(agreement.pk)) == {"support.vvc"}
    _run_daily(date(2025, 6, 2))
    assert _told("letter_missed", record_id=str(agreement.pk)) == {"support.vvc"}


def test_interest_acceptance_and_decline_of_a_link_tell_both_sides_workers(personas):
    profile = helpers.waiting_child(personas, "LNK00001", social_worker=personas["sw.cardiff"])
    household = helpers.approved_household(personas, "Linkfamily", assessor=personas["assessor.vvc"])
    link = matching.link_express_interest(
        actor=personas["ff.vvc"], side="child", profile=profile, household_profile=household
    )
    assert _told("link_interest", record_id=str(link.pk)) == {"sw.cardiff", "assessor.vvc"}
    matching.link_accept(actor=personas["assessor.vvc"], link=link, expected_version=link.version)
    assert _told("link_accepted", record_id=str(link.pk)) == {
        "sw.cardiff"
    }  # the one who accepted is not told
    matching.link_decline(
        actor=personas["sw.cardiff"],
        link=link,
        expected_version=link.version,
        reason="needs",
        feedback="Not now.",
    )
    assert _told("link_declined", record_id=str(link.pk)) == {"assessor.vvc"}


def test_final_minutes_tell_the_decision_maker_a_decision_is_waiting(personas):
    profile = helpers.waiting_child(personas, "DEC00001")
    household = helpers.approved_household(personas, "Decisionfamily")
    link = helpers.to_linking_meeting(personas, profile, household)
    helpers.through_panel(personas, link)
    # A match is decided by the child's authority's decision maker.
    assert _told("decision_waiting", record_id=str(link.pk)) == {"adm.cardiff"}


def test_the_panels_agenda_tells_its_advisers(personas):
    other = staff_create(
        actor=None,
        username="panel2.vvc",
        password="x" * 12,
        organisation_id=personas["panel.vvc"].organisation_id,
        roles=[Role.PANEL_ADVISER],
    )
    household = adopter_helpers.make_household(personas["assessor.vvc"], "vale-valleys-cardiff", "Agenda")
    adopter_helpers.advance(personas["assessor.vvc"], household, HouseholdKind.PAR_COMPLETED)
    meeting = adopter_helpers.quorate_meeting(personas["panel.vvc"], date.today())
    panels.item_add(
        actor=personas["panel.vvc"],
        meeting=meeting,
        kind="adopter_approval",
        subject_type="adopters.household",
        subject_id=household.pk,
    )
    assert _told("panel_agenda", record_id=str(meeting.pk)) == {other.username}


def test_a_quarterly_return_drafted_at_the_quarters_end_tells_the_regions_manager_and_the_analyst(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(actor=None, kind="performance.draft_returns", params={"quarter": "2024-25-Q4"})
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    vvc = Organisation.objects.get(code="vale-valleys-cardiff")
    told = Notification.objects.filter(kind="return_due", record_type="performance.quarterlyreturn")
    vvc_return = QuarterlyReturn.objects.get(region=vvc, quarter="2024-25-Q4")
    assert _told("return_due", record_id=str(vvc_return.pk)) == {"manager.vvc", "analyst.national"}
    assert told.filter(recipient=personas["manager.vvc"]).count() == 1  # only their own region's


def test_a_quarterly_return_overdue_tells_the_regions_manager_and_the_analyst(personas):
    vvc = Organisation.objects.get(code="vale-valleys-cardiff")
    record = performance.return_draft(actor=None, region=vvc, quarter="2024-25-Q4")
    _run_daily(date(2025, 5, 1))  # 31 March + 30 days, then a day
    assert _told("return_due", record_id=str(record.pk)) == {"manager.vvc", "analyst.national"}


def test_a_quarterly_return_sent_back_tells_the_regions_manager_and_the_analyst(personas, client_for):
    vvc = Organisation.objects.get(code="vale-valleys-cardiff")
    record = performance.return_draft(actor=None, region=vvc, quarter="2024-25-Q4")
    manager = personas["manager.vvc"]
    for step in ("check", "sign_off", "submit"):
        record.refresh_from_db()
        performance.return_step(actor=manager, record=record, step=step, expected_version=record.version)
    record.refresh_from_db()
    sent = client_for("analyst.national").post(
        f"/performance/returns/{record.pk}/send-back/", {"reason": "The adopters' figures look too low."}
    )
    correction = QuarterlyReturn.objects.get(region=vvc, quarter="2024-25-Q4", revision=2)
    assert sent["Location"] == f"/performance/returns/{correction.pk}/"
    assert correction.reason == "The adopters' figures look too low." and correction.status == "draft"
    # The analyst who sent it back is not told; the region's manager is.
    assert _told("return_sent_back", record_id=str(correction.pk)) == {"manager.vvc"}
    refused = client_for("manager.vvc").post(f"/performance/returns/{record.pk}/send-back/", {"reason": "x"})
    assert refused.status_code == 403


def test_an_intervention_opened_and_then_due_tells_the_regions_manager(personas):
    vvc = Organisation.objects.get(code="vale-valleys-cardiff")
    today = date.today()
    intervention = performance.intervention_open(
        actor=personas["director.national"],
        region=vvc,
        measure="NAS-C1",
        concerns="Too slow.",
        action="A plan.",
        action_due_on=today + timedelta(days=30),
        review_on=today + timedelta(days=60),
        response_due_on=today + timedelta(days=10),
    )
    assert _told("intervention_opened", record_id=str(intervention.pk)) == {"manager.vvc"}
    _run_daily(today + timedelta(days=10))
    assert _told("intervention_due", record_id=str(intervention.pk)) == {"manager.vvc"}


def test_an_account_locked_tells_the_administrators(personas, settings):
    settings.SIGN_IN_MAX_FAILURES = 2
    for _ in range(2):
        sign_in_check_password(username="sw.wrexham", password="wrong password")
    assert _told("account_locked", record_id=str(personas["sw.wrexham"].pk)) == {"admin.national"}


def test_a_broken_audit_chain_tells_the_administrators(personas, django_capture_on_commit_callbacks):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = 'changed' WHERE seq = 2")
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(actor=None, kind="audit.verify_chain", params={})
    job.refresh_from_db()
    assert job.result_data["intact"] is False
    assert _told("audit_chain_broken") == {"admin.national"}


def test_a_notification_never_reaches_someone_outside_the_records_scope(personas):
    child = _child(personas)
    made = notify(
        kind="deadline_overdue",
        recipients=[personas["sw.wrexham"], personas["ff.north"], personas["sw.cardiff"]],
        record=("children.child", child.pk),
        url=f"/children/{child.pk}/",
    )
    assert made == 1 and _told("deadline_overdue") == {"sw.cardiff"}


@pytest.mark.parametrize(
    "language, words", [("en", "A deadline has passed"), ("cy", "Mae dyddiad cau wedi mynd heibio")]
)
def test_an_email_names_the_kind_and_the_link_in_the_persons_language_and_nobody(
    personas, language, words, django_capture_on_commit_callbacks
):
    from nas.notifications.services import preferences_set

    sw = personas["sw.cardiff"]
    sw.email = "ceri@example.test"
    sw.save()
    preferences_set(actor=sw, choices={}, language=language)
    child = _child(personas)
    with django_capture_on_commit_callbacks(execute=True):
        _run_daily(REFERRAL_DUE + timedelta(days=1))
    messages = [m for m in mail.outbox if m.to == ["ceri@example.test"]]
    assert len(messages) == 2  # the referrals to the region and to the register
    for message in messages:
        assert words in message.subject
        assert f"/children/{child.pk}/" in message.body
        for secret in ("Secretname", "Hiddensurname", "NTF00001", "2022"):
            assert secret not in message.subject + message.body


def test_a_task_given_tells_the_person_and_reassigned_to_a_team_tells_its_members(personas):
    """Issue 19: 'a task given' tells whoever must do it (nas.casework's tasks)."""
    from nas.casework import services as casework
    from nas.organisations.models import Team

    child = _child(personas)
    task = casework.task_create(
        actor=personas["tm.cardiff"],
        record_type="children.child",
        record=child,
        title="Book the review",
        due_on=date(2026, 12, 20),
        assignee=personas["sw.cardiff"],
    )
    told = Notification.objects.filter(kind="task_given")
    assert list(told.values_list("recipient__username", "record_type", "record_id")) == [
        ("sw.cardiff", "casework.task", str(task.pk))
    ]
    team = Team.objects.create(organisation=child.local_authority, name="Children Looked After")
    for username in ("sw.cardiff", "adm.cardiff"):
        personas[username].__class__.objects.filter(username=username).update(team=team)
    task.refresh_from_db()
    casework.task_reassign(
        actor=personas["sw.cardiff"],
        task=task,
        expected_version=task.version,
        assignee=None,
        team=team,
        reason="For the team's duty worker",
    )
    # The team's members, but not the person who reassigned it.
    assert sorted(told.values_list("recipient__username", flat=True)) == ["adm.cardiff", "sw.cardiff"]
