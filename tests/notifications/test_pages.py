"""The notifications pages, settings and emails; the jobs pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from nas.accounts.roles import Role
from nas.accounts.services import staff_create
from nas.jobs.models import Job, JobStatus
from nas.notifications.models import Notification
from nas.notifications.services import notify, send_digests
from nas.organisations.models import Organisation
from nas.support import services as support


def _agreement(personas, workers):
    region = Organisation.objects.get(code="vale-valleys-cardiff")
    return support.agreement_create(
        actor=personas["manager.vvc"],
        region_id=region.pk,
        workers=workers,
        per_year=1,
        first_exchange_on=date(2025, 6, 1),
        agreed_on=date(2025, 1, 6),
    )


def test_the_header_counts_unread_and_the_list_marks_them_read(personas, client_for):
    agreement = _agreement(personas, [personas["support.vvc"]])
    notify(
        kind="letter_missed",
        recipients=[personas["support.vvc"]],
        record=("support.letterbox", agreement.pk),
        url=f"/support/letterbox/{agreement.pk}/",
    )
    client = client_for("support.vvc")
    home = client.get("/").content.decode()
    assert 'nas-count">1</strong>' in home
    page = client.get("/notifications/").content.decode()
    assert "A letterbox letter was missed" in page and "Unread" in page
    note = Notification.objects.get()
    opened = client.get(f"/notifications/{note.pk}/")
    assert opened["Location"] == f"/support/letterbox/{agreement.pk}/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'nas-count"' not in client.get("/").content.decode()
    client.post(f"/notifications/{note.pk}/mark/", {"read": "false"})
    note.refresh_from_db()
    assert note.read_at is None


def test_a_worker_taken_off_an_agreement_no_longer_sees_its_notifications(personas, client_for):
    other = staff_create(
        actor=None,
        username="support2.vvc",
        password="x" * 12,
        organisation_id=personas["support.vvc"].organisation_id,
        roles=[Role.SUPPORT_WORKER],
    )
    agreement = _agreement(personas, [personas["support.vvc"], other])
    notify(
        kind="letter_missed",
        recipients=[personas["support.vvc"], other],
        record=("support.letterbox", agreement.pk),
        url=f"/support/letterbox/{agreement.pk}/",
    )
    support.agreement_allocate(
        actor=personas["manager.vvc"],
        agreement=agreement,
        workers=[other],
        expected_version=agreement.version,
    )
    note = Notification.objects.get(recipient=personas["support.vvc"])
    client = client_for("support.vvc")
    assert client.get(f"/notifications/{note.pk}/").status_code == 404
    assert f"/support/letterbox/{agreement.pk}/" not in client.get("/notifications/").content.decode()
    note.refresh_from_db()
    assert note.withdrawn_at is not None  # no longer counted or emailed
    from django.test import Client

    still = Client()
    still.force_login(other)
    assert still.get("/notifications/").content.decode().count("A letterbox letter was missed") == 1


def test_settings_choose_per_kind_and_refuse_turning_off_a_statutory_kind(personas, client_for):
    client = client_for("sw.cardiff")
    page = client.get("/notifications/settings/").content.decode()
    assert "A deadline has passed" in page and "Language of your emails" in page
    form = {"language": "cy", "link_interest": "off", "deadline_overdue": "off"}
    refused = client.post("/notifications/settings/", form)
    assert refused.status_code == 400
    form["deadline_overdue"] = "digest"
    from nas.notifications.kinds import KINDS

    for code, kind in KINDS.items():
        form.setdefault(code, kind.default)
    assert client.post("/notifications/settings/", form).status_code == 302
    personas["sw.cardiff"].refresh_from_db()
    from nas.notifications.selectors import preferences_of

    chosen, language = preferences_of(user=personas["sw.cardiff"])
    assert chosen["link_interest"] == "off" and chosen["deadline_overdue"] == "digest" and language == "cy"


def test_the_daily_summary_gathers_a_persons_digest_notifications_in_one_email(personas):
    worker = personas["support.vvc"]
    worker.email = "gareth@example.test"
    worker.save()
    agreement = _agreement(personas, [worker])
    for n in range(2):
        notify(
            kind="letter_due",
            recipients=[worker],
            record=("support.letterbox", agreement.pk),
            url=f"/support/letterbox/{agreement.pk}/",
            key=f"due-{n}",
            params={"due": "2025-06-01"},
        )
    assert send_digests() == 1
    [message] = mail.outbox
    assert "(2)" in message.subject and message.body.count("A letterbox letter is due") == 2
    assert send_digests() == 0  # sent once


def test_gov_uk_notify_sends_each_email_through_its_template(settings, monkeypatch):
    sent = []

    class FakeClient:
        def __init__(self, api_key):
            self.api_key = api_key

        def send_email_notification(self, **fields):
            sent.append(fields)

    monkeypatch.setattr("notifications_python_client.notifications.NotificationsAPIClient", FakeClient)
    settings.EMAIL_BACKEND = "nas.notifications.email_backends.NotifyEmailBackend"
    settings.GOVUK_NOTIFY_API_KEY = "test-key"
    settings.GOVUK_NOTIFY_TEMPLATE_ID = "generic-template"
    settings.GOVUK_NOTIFY_TEMPLATE_IDS = {"account_locked": "locked-template"}
    from django.core.mail import EmailMessage

    EmailMessage("Subject", "Body", to=["a@example.test"], headers={"X-NAS-Kind": "link_interest"}).send()
    EmailMessage("Locked", "Body", to=["b@example.test"], headers={"X-NAS-Kind": "account_locked"}).send()
    assert sent == [
        {
            "email_address": "a@example.test",
            "template_id": "generic-template",
            "personalisation": {"subject": "Subject", "body": "Body"},
        },
        {
            "email_address": "b@example.test",
            "template_id": "locked-template",
            "personalisation": {"subject": "Locked", "body": "Body"},
        },
    ]


@pytest.mark.parametrize(
    "status, shown", [(JobStatus.FAILED, "Try again"), (JobStatus.RUNNING, "Working: 40% done.")]
)
def test_the_jobs_page_shows_recent_runs_failures_and_progress(personas, client_for, status, shown):
    job = Job.objects.create(
        kind="performance.report",
        params={},
        idempotency_key="page",
        requested_by=personas["director.national"],
        status=status,
        error="ValueError: no such period" if status == JobStatus.FAILED else "",
        progress_done=4,
        progress_total=10,
    )
    admin = client_for("admin.national")
    listing = admin.get("/jobs/").content.decode()
    assert f"/jobs/{job.pk}/" in listing and "Verify the audit chain" in listing
    assert shown in admin.get(f"/jobs/{job.pk}/").content.decode()
    assert client_for("director.national").get(f"/jobs/{job.pk}/").status_code == 200
    assert client_for("analyst.national").get(f"/jobs/{job.pk}/").status_code == 404
