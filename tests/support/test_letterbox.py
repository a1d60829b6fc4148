"""Letterbox: the agreement names who writes and who receives, letters are
checked before release and withheld with a reason, reminders come before each
exchange and a missed letter is flagged on the worker's worklist."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from nas.accounts.roles import Role
from nas.accounts.services import staff_create
from nas.audit.models import AuditEvent
from nas.core.calendar import add_months
from nas.core.worklist import worklist_for
from nas.support import codes, selectors, services
from nas.support.models import Letter
from nas.support.policies import letterbox, letters

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement_for(vvc, worker, make_person):
    """An agreement allocated to `workers`, with an adoptive parent and a birth mother who both write."""

    def make(*, workers, first_exchange_on, per_year=1, reminder_days=14):
        agreement = services.agreement_create(
            actor=worker,
            region_id=vvc.pk,
            workers=workers,
            per_year=per_year,
            agreed_on=min(first_exchange_on, timezone.localdate()) - timedelta(days=30),
            first_exchange_on=first_exchange_on,
            reminder_days=reminder_days,
        )
        adoptive = services.party_add(
            actor=worker,
            agreement=agreement,
            person=make_person(codes.PersonKind.ADOPTIVE_PARENT),
            side="adoptive",
            writes=True,
            receives=True,
        )
        birth = services.party_add(
            actor=worker,
            agreement=agreement,
            person=make_person(codes.PersonKind.BIRTH_PARENT, last_name="Birthmother"),
            side="birth",
            writes=True,
            receives=True,
        )
        return agreement, adoptive, birth

    return make


def test_a_letter_is_checked_before_it_is_released(agreement_for, worker):
    agreement, adoptive, birth = agreement_for(workers=[worker], first_exchange_on=date(2025, 3, 1))
    letter = services.letter_record(
        actor=worker,
        agreement=agreement,
        writer=birth,
        exchange_on=date(2025, 3, 1),
        received_on=date(2025, 2, 25),
        content="Happy birthday",
    )
    with pytest.raises(ValidationError, match="Only a letter checked and approved"):
        services.letter_release(actor=worker, letter=letter, expected_version=1, released_on=date(2025, 3, 1))
    services.letter_check(
        actor=worker, letter=letter, expected_version=1, approve=True, checked_on=date(2025, 2, 26)
    )
    letter.refresh_from_db()
    services.letter_release(
        actor=worker, letter=letter, expected_version=letter.version, released_on=date(2025, 3, 1)
    )
    letter.refresh_from_db()
    assert letter.status == codes.LetterStatus.RELEASED and letter.released_by == worker
    assert [e.action for e in AuditEvent.objects.for_record("support.letter", letter.pk)] == [
        "create",
        "update",
        "update",
    ]


def test_a_withheld_letter_keeps_its_reason_and_is_never_released_or_deleted(agreement_for, worker):
    agreement, adoptive, birth = agreement_for(workers=[worker], first_exchange_on=date(2025, 3, 1))
    letter = services.letter_record(
        actor=worker,
        agreement=agreement,
        writer=birth,
        exchange_on=date(2025, 3, 1),
        received_on=date(2025, 2, 25),
        content="Names the child's school",
    )
    with pytest.raises(ValidationError, match="Enter why the letter is withheld"):
        services.letter_check(actor=worker, letter=letter, expected_version=1, approve=False)
    services.letter_check(
        actor=worker,
        letter=letter,
        expected_version=1,
        approve=False,
        withheld_reason="Identifies the school",
    )
    letter.refresh_from_db()
    assert letter.status == codes.LetterStatus.WITHHELD and letter.withheld_reason == "Identifies the school"
    with pytest.raises(ValidationError):
        services.letter_release(
            actor=worker, letter=letter, expected_version=letter.version, released_on=timezone.localdate()
        )
    with pytest.raises(TypeError):
        letter.delete()
    with pytest.raises(TypeError):
        Letter.objects.filter(pk=letter.pk).delete()


def test_a_letter_needs_a_writer_the_agreement_names_and_one_of_its_exchange_dates(agreement_for, worker):
    agreement, adoptive, birth = agreement_for(workers=[worker], first_exchange_on=date(2025, 3, 1))
    other, *_ = agreement_for(workers=[worker], first_exchange_on=date(2025, 3, 1))
    with pytest.raises(ValidationError, match="Choose one of the agreement's exchange dates"):
        services.letter_record(
            actor=worker,
            agreement=agreement,
            writer=birth,
            exchange_on=date(2025, 3, 2),
            received_on=date(2025, 3, 2),
            content="x",
        )
    with pytest.raises(ValidationError, match="Choose a person the agreement names as writing"):
        services.letter_record(
            actor=worker,
            agreement=other,
            writer=birth,
            exchange_on=date(2025, 3, 1),
            received_on=date(2025, 3, 1),
            content="x",
        )


def test_an_overdue_exchange_appears_on_the_allocated_workers_worklist_and_caseload(
    agreement_for, worker, manager
):
    """The latest exchange passed without the birth mother's letter: missed, on the
    worker's home page, the manager's, and the caseload; not on anyone else's."""
    today = timezone.localdate()
    agreement, adoptive, birth = agreement_for(workers=[worker], first_exchange_on=add_months(today, -1))
    services.letter_record(
        actor=worker,
        agreement=agreement,
        writer=adoptive,
        exchange_on=agreement.first_exchange_on,
        received_on=agreement.first_exchange_on,
        content="News",
    )
    waiting = selectors.exchanges_due(user=worker, today=today)
    assert [(e.party, e.overdue) for e in waiting] == [(birth, True)]
    section = next(s for s in worklist_for(worker) if s.key == "letterbox")
    assert [(i.overdue, i.due) for i in section.items] == [(True, agreement.first_exchange_on)]
    assert "Birthmother" in section.items[0].title
    assert next(s for s in worklist_for(manager) if s.key == "letterbox").items
    load = selectors.caseload(user=worker, today=today)
    assert load.exchanges_overdue == 1


def test_the_reminder_opens_before_the_exchange_and_only_for_those_who_have_not_written(
    agreement_for, worker
):
    today = timezone.localdate()
    agreement, adoptive, birth = agreement_for(
        workers=[worker], first_exchange_on=today + timedelta(days=10), reminder_days=14
    )
    assert {(e.party, e.overdue) for e in selectors.exchanges_due(user=worker, today=today)} == {
        (adoptive, False),
        (birth, False),
    }
    services.letter_record(
        actor=worker,
        agreement=agreement,
        writer=adoptive,
        exchange_on=agreement.first_exchange_on,
        received_on=today,
        content="Early letter",
    )
    assert [e.party for e in selectors.exchanges_due(user=worker, today=today)] == [birth]
    # Outside the window there is no reminder yet.
    assert selectors.exchanges_due(user=worker, today=today - timedelta(days=5)) == []


def test_only_the_allocated_workers_and_the_regional_manager_see_the_agreement(
    agreement_for, vvc, worker, manager, personas
):
    other = staff_create(
        actor=None,
        username="support2.vvc",
        password="x" * 20,
        organisation_id=vvc.pk,
        roles=[Role.SUPPORT_WORKER],
    )
    agreement, adoptive, birth = agreement_for(workers=[other], first_exchange_on=date(2025, 3, 1))
    letter = services.letter_record(
        actor=other,
        agreement=agreement,
        writer=birth,
        exchange_on=date(2025, 3, 1),
        received_on=date(2025, 3, 1),
        content="x",
    )
    assert list(letterbox.scope(other)) == [agreement] == list(letterbox.scope(manager))
    assert list(letters.scope(manager)) == [letter]
    for outsider in (
        worker,
        personas["ff.vvc"],
        personas["panel.vvc"],
        personas["ff.north"],
        personas["director.national"],
    ):
        assert not letterbox.scope(outsider).exists()
        assert not letters.scope(outsider).exists()
    assert selectors.exchanges_due(user=worker, today=date(2025, 3, 5)) == []


def test_workers_must_belong_to_the_region_and_hold_a_support_role(vvc, worker, personas):
    with pytest.raises(ValidationError, match="Choose a support worker or manager of this region"):
        services.agreement_create(
            actor=worker,
            region_id=vvc.pk,
            workers=[personas["ff.vvc"]],
            per_year=1,
            agreed_on=date(2025, 1, 1),
            first_exchange_on=date(2025, 2, 1),
        )


def test_an_ended_agreement_keeps_its_letters_and_stops_reminders(agreement_for, worker):
    today = timezone.localdate()
    agreement, adoptive, birth = agreement_for(workers=[worker], first_exchange_on=add_months(today, -1))
    letter = services.letter_record(
        actor=worker,
        agreement=agreement,
        writer=adoptive,
        exchange_on=agreement.first_exchange_on,
        received_on=agreement.first_exchange_on,
        content="News",
    )
    assert selectors.exchanges_due(user=worker, today=today)
    with pytest.raises(ValidationError, match="Enter why the agreement ended"):
        services.agreement_end(
            actor=worker,
            agreement=agreement,
            expected_version=agreement.version,
            ended_on=today,
            end_reason="",
        )
    services.agreement_end(
        actor=worker,
        agreement=agreement,
        expected_version=agreement.version,
        ended_on=today,
        end_reason="The birth mother asked to stop",
    )
    agreement.refresh_from_db()
    assert agreement.ended_on == today and list(agreement.letters.all()) == [letter]
    assert selectors.exchanges_due(user=worker, today=today) == []
    with pytest.raises(ValidationError, match="This agreement has ended"):
        services.letter_record(
            actor=worker,
            agreement=agreement,
            writer=birth,
            exchange_on=agreement.first_exchange_on,
            received_on=today,
            content="Late",
        )


def test_the_letterbox_page_makes_a_fixed_number_of_queries_however_many_years_of_exchanges(
    agreement_for, worker, client_for
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()
    young, *_ = agreement_for(workers=[worker], first_exchange_on=add_months(today, -12), per_year=2)
    old, _adoptive, birth = agreement_for(
        workers=[worker], first_exchange_on=add_months(today, -120), per_year=2
    )
    for months in range(0, 120, 6):
        services.letter_record(
            actor=worker,
            agreement=old,
            writer=birth,
            exchange_on=add_months(old.first_exchange_on, months),
            received_on=add_months(old.first_exchange_on, months),
            content="x",
        )
    client = client_for("support.vvc")
    assert client.get(f"/support/letterbox/{young.pk}/").status_code == 200
    counts = []
    for agreement in (young, old):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/support/letterbox/{agreement.pk}/").status_code == 200
            assert client.get(f"/api/v1/support/letterbox/{agreement.pk}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_regional_manager_changes_the_allocated_workers_and_the_change_is_audited(
    agreement_for, vvc, worker, manager, personas, client_for
):
    other = staff_create(
        actor=None,
        username="support2.vvc",
        password="x" * 20,
        organisation_id=vvc.pk,
        roles=[Role.SUPPORT_WORKER],
    )
    agreement, _adoptive, _birth = agreement_for(workers=[worker], first_exchange_on=date(2025, 3, 1))
    # An allocated support worker may not change who is allocated.
    assert client_for("support.vvc").get(f"/support/letterbox/{agreement.pk}/workers/").status_code == 403
    with pytest.raises(ValidationError, match="Choose a support worker or manager of this region"):
        services.agreement_allocate(
            actor=manager,
            agreement=agreement,
            expected_version=agreement.version,
            workers=[other, personas["ff.vvc"]],
        )
    client = client_for("manager.vvc")
    stale = client.put(
        f"/api/v1/support/letterbox/{agreement.pk}/workers",
        data={"workers": [other.pk], "version": agreement.version - 1},
        content_type="application/json",
    )
    assert stale.status_code == 409
    response = client.post(
        f"/support/letterbox/{agreement.pk}/workers/", {"workers": [other.pk], "version": agreement.version}
    )
    assert response.status_code == 302
    assert list(agreement.workers.all()) == [other]
    change = AuditEvent.objects.for_record("support.letterbox", agreement.pk).filter(action="update").last()
    assert change.actor_username == "manager.vvc"
    assert change.detail["changes"]["workers"] == {"from": [worker.pk], "to": [other.pk]}
    # The worker who was allocated no longer sees it; the new one does.
    assert not letterbox.scope(worker).filter(pk=agreement.pk).exists()
    assert letterbox.scope(other).filter(pk=agreement.pk).exists()


def test_the_regional_manager_reading_a_letter_is_audited(agreement_for, worker, client_for):
    agreement, _adoptive, birth = agreement_for(workers=[worker], first_exchange_on=date(2025, 3, 1))
    letter = services.letter_record(
        actor=worker,
        agreement=agreement,
        writer=birth,
        exchange_on=date(2025, 3, 1),
        received_on=date(2025, 3, 1),
        content="Dear both",
    )
    client = client_for("manager.vvc")
    for url in (f"/support/letters/{letter.pk}/", f"/api/v1/support/letters/{letter.pk}"):
        before = AuditEvent.objects.for_record("support.letter", letter.pk).filter(action="view").count()
        assert client.get(url).status_code == 200
        reads = AuditEvent.objects.for_record("support.letter", letter.pk).filter(action="view")
        assert reads.count() == before + 1 and reads.last().actor_username == "manager.vvc", url
