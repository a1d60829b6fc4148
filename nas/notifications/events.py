"""The notifications the services send as things happen, one function per
event, each called once by the service that records the event, inside its
transaction (so a refused write tells no one). Who is told is written here;
whether they may see the record is the record's policy's answer (`notify`).

- A link's interest, acceptance or decline: both sides' workers (the child's
  social worker and the household's assessor; a side with nobody allocated:
  its manager).
- A panel's agenda and papers: the panel's advisers (its members are
  recorded by name, without an account, so cannot be told in the service).
- Final panel minutes: the agency decision maker who decides each item
  (the panel's own, or the child's authority's for a match).
- An intervention opened: the region's manager.
- A quarterly return sent back for correction: the region's manager and the
  performance analysts.
- A task given or reassigned: the person given it, or the members of the
  team given it (nas.casework).
- An account locked: the administrators who may see the account.
- A job finished or failed: the person who asked for it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse

from nas.accounts.models import User
from nas.accounts.roles import Role
from nas.notifications.services import notify


def _holders(role: str, **where: Any) -> list[User]:
    return list(User.objects.filter(Q(**where), is_active=True, archived_at__isnull=True, roles__role=role))


def link_workers(link: Any) -> list[Any]:
    child, household = link.child, link.household
    child_side = (
        [child.social_worker_id]
        if child.social_worker_id
        else _holders(Role.TEAM_MANAGER, organisation_id=child.local_authority_id)
    )
    household_side = (
        [household.assessor_id]
        if household.assessor_id
        else _holders(Role.REGIONAL_MANAGER, organisation_id=household.owner_id)
    )
    return [*child_side, *household_side]


def link_changed(*, actor: Any, link: Any, kind: str) -> None:
    """kind: link_interest, link_accepted or link_declined."""
    notify(
        kind=kind,
        recipients=link_workers(link),
        record=("matching.link", link.pk),
        url=reverse("matching:link-detail", args=[link.pk]),
        actor=actor,
    )


def panel_agenda_changed(*, actor: Any, meeting: Any) -> None:
    notify(
        kind="panel_agenda",
        recipients=_holders(Role.PANEL_ADVISER, organisation_id=meeting.organisation_id),
        record=("panels.meeting", meeting.pk),
        url=reverse("panels:detail", args=[meeting.pk]),
        params={"due": meeting.date.isoformat()},
        key=f"panel_agenda:{meeting.pk}:{meeting.items.count()}",
        actor=actor,
    )


def decisions_waiting(*, actor: Any, meeting: Any, items: list[Any]) -> None:
    """Each recommended item now waits for its decision maker: the panel's
    region or agency's, or, for a match, the child's authority's (on the
    link's page)."""
    from nas.panels import subjects
    from nas.panels.services import decision_due

    for item in items:
        subject = subjects.get(item.subject_type)
        if subject is not None and subject.decided_by is not None:
            _subject, record = subjects.resolve(actor, item.subject_type, item.subject_id)
            organisation_id = subject.decided_by(record, item)
            url = reverse("matching:link-decision", args=[item.subject_id])
            about = (item.subject_type, item.subject_id)
        else:
            organisation_id = meeting.organisation_id
            url = reverse("panels:decision", args=[meeting.pk, item.pk])
            about = ("panels.meeting", meeting.pk)
        due = decision_due(item)
        notify(
            kind="decision_waiting",
            recipients=_holders(Role.AGENCY_DECISION_MAKER, organisation_id=organisation_id),
            record=about,
            url=url,
            params={"due": due.isoformat()} if due else {},
            key=f"decision_waiting:{item.pk}",
            actor=actor,
        )


def intervention_opened(*, actor: Any, intervention: Any) -> None:
    notify(
        kind="intervention_opened",
        recipients=_holders(Role.REGIONAL_MANAGER, organisation_id=intervention.region_id),
        record=("performance.intervention", intervention.pk),
        url=reverse("performance:intervention-detail", args=[intervention.pk]),
        params={"due": intervention.response_due_on.isoformat()},
        actor=actor,
    )


def return_sent_back(*, actor: Any, record: Any) -> None:
    """The new version the national team sent back: the region's manager and the analysts."""
    analysts = _holders(Role.PERFORMANCE_ANALYST, organisation__kind="national")
    notify(
        kind="return_sent_back",
        recipients=[*_holders(Role.REGIONAL_MANAGER, organisation_id=record.region_id), *analysts],
        record=("performance.quarterlyreturn", record.pk),
        url=reverse("performance:return-detail", args=[record.pk]),
        actor=actor,
    )


def task_given(*, actor: Any, task: Any) -> None:
    """The person given the task, or (a team's task) the team's members; the
    task's own policy decides who may see it, so no one outside the record's
    scope is told."""
    if task.assignee_id is not None:
        recipients: list[Any] = [task.assignee_id]
    elif task.team_id is not None:
        recipients = list(
            User.objects.filter(team_id=task.team_id, is_active=True, archived_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
    else:
        return
    notify(
        kind="task_given",
        recipients=recipients,
        record=("casework.task", task.pk),
        url=reverse("casework:task-detail", args=[task.pk]),
        params={"due": task.due_on.isoformat()},
        key=f"task_given:{task.pk}:{task.assignee_id}:{task.team_id}",
        actor=actor,
    )


def account_locked(*, user: Any) -> None:
    notify(
        kind="account_locked",
        recipients=_holders(Role.ADMINISTRATOR),
        record=("accounts.user", user.pk),
        url=reverse("accounts:staff-detail", args=[user.pk]),
        key=f"account_locked:{user.pk}:{user.locked_at.isoformat() if user.locked_at else ''}",
    )


def job_finished(*, job: Any) -> None:
    if job.requested_by_id is None:
        return
    notify(
        kind="job_finished",
        recipients=[job.requested_by_id],
        record=("jobs.job", job.pk),
        url=reverse("jobs:detail", args=[job.pk]),
        key=f"job_finished:{job.pk}:{job.attempts}",
    )
