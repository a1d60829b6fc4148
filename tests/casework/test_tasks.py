"""Tasks: anyone gives a person or a team a task on a record with a due date;
it is on "My tasks" and the home page; done, reassigned or cancelled with a
reason; overdue tasks on the manager's caseload."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from nas.casework import selectors, services
from nas.casework.models import Task, TaskStatus

pytestmark = pytest.mark.django_db


def _task(personas, child, **kw):
    values = {
        "actor": personas["tm.cardiff"],
        "record_type": "children.child",
        "record": child,
        "title": "Book the looked-after review",
        "due_on": timezone.localdate() + timedelta(days=5),
        "assignee": personas["sw.cardiff"],
    }
    values.update(kw)
    return services.task_create(**values)


def test_a_task_given_to_a_person_is_on_their_tasks_and_home_page(personas, child, client_for):
    task = _task(personas, child)
    client = client_for("sw.cardiff")
    assert "Book the looked-after review" in client.get("/casework/my-tasks/").content.decode()
    assert "Book the looked-after review" in client.get("/").content.decode()
    assert [t["id"] for t in client.get("/api/v1/casework/tasks").json()] == [task.pk]


def test_a_task_given_to_a_team_is_on_each_members_tasks(personas, child, cla_team):
    task = _task(personas, child, assignee=None, team=cla_team)
    assert selectors.my_tasks(user=personas["sw.cardiff"]) == [task]
    assert selectors.my_tasks(user=personas["adm.cardiff"]) == []


def test_a_task_is_for_someone_who_can_see_the_record(personas, child):
    with pytest.raises(ValidationError):
        _task(personas, child, assignee=personas["sw.wrexham"])
    with pytest.raises(ValidationError):
        _task(personas, child, assignee=None)


def test_a_task_is_done_cancelled_with_a_reason_or_reassigned(personas, child, second_worker, client_for):
    client = client_for("sw.cardiff")
    done = _task(personas, child)
    response = client.post(
        f"/casework/tasks/{done.pk}/", {"action": "close", "outcome": "done", "version": 1}
    )
    assert response.status_code == 302
    assert Task.objects.get(pk=done.pk).status == TaskStatus.DONE

    cancelled = _task(personas, child)
    no_reason = client.post(
        f"/api/v1/casework/tasks/{cancelled.pk}/cancel",
        {"version": 1, "reason": ""},
        content_type="application/json",
    )
    assert no_reason.status_code == 422
    ok = client.post(
        f"/api/v1/casework/tasks/{cancelled.pk}/cancel",
        {"version": 1, "reason": "Review moved"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "cancelled"

    moved = _task(personas, child)
    response = client.post(
        f"/api/v1/casework/tasks/{moved.pk}/reassign",
        {"version": 1, "reason": "On leave", "assignee_id": second_worker.pk},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert selectors.my_tasks(user=second_worker) == [Task.objects.get(pk=moved.pk)]
    stale = client.post(
        f"/api/v1/casework/tasks/{moved.pk}/done", {"version": 1}, content_type="application/json"
    )
    assert stale.status_code in {403, 409}


def test_overdue_tasks_are_on_the_managers_caseload(personas, child, client_for):
    late = _task(personas, child, due_on=date(2026, 1, 5))
    _task(personas, child)
    load = selectors.caseload(user=personas["tm.cardiff"])
    assert load.overdue_tasks == [late]
    assert {w.worker.username: w.overdue_tasks for w in load.workers}["sw.cardiff"] == 1
    assert (
        "Book the looked-after review" in client_for("tm.cardiff").get("/casework/caseload/").content.decode()
    )
