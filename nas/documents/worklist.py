"""Life-story work overdue and due, on the home page of local authority staff."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nas.access import scope
from nas.accounts.roles import Role
from nas.children.worklist import child_read
from nas.core.paging import KeptEntries
from nas.core.worklist import Mapped, WorkItem, WorkSection, register
from nas.documents import life_story


@register
def life_story_work(user: Any) -> list[WorkSection]:
    if not scope.is_local(user) or not user.has_role(
        Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.AGENCY_DECISION_MAKER
    ):
        return []
    # Work still to do: a book or letter not given yet. Once both are given
    # (late or not) nothing waits for anyone; the life-story page and NAS-C9
    # still count a late one as not given by the order.
    every = life_story.tracked(user=user, today=timezone.localdate())
    mine = user.has_role(Role.SOCIAL_WORKER) and not user.has_role(
        Role.TEAM_MANAGER, Role.AGENCY_DECISION_MAKER
    )
    # Chosen on the kept keys (life_story._key: child, dates, worker): only
    # the children the page shows are read.
    rows: Sequence[life_story.Row] = (
        every.narrowed([k for k in every.keys if not (k[3] and k[4]) and (not mine or k[5] == user.pk)])
        if isinstance(every, KeptEntries)
        else []
    )

    def item(row: life_story.Row) -> WorkItem:
        missing = [
            str(label)
            for label, day in (
                (gettext_lazy("life-story book"), row.book_on),
                (gettext_lazy("later-life letter"), row.letter_on),
            )
            if day is None
        ]
        if row.restricted:
            record = getattr(row.child, "post_adoption_record", None)
            title = _("Post-adoption record %(ref)s") % {"ref": record.reference if record else "–"}
            href = reverse("documents:life-story")
        else:
            title = str(row.child)
            href = reverse("documents:list", args=["children.child", row.child.pk])
        return WorkItem(
            title=title,
            href=href,
            due=row.order_on,
            overdue=row.overdue,
            detail=(
                _("Not given by the adoption order: %(what)s")
                if row.overdue
                else _("Due by the adoption order: %(what)s")
            )
            % {"what": ", ".join(missing)},
            reads=() if row.restricted else child_read(row.child.pk),
        )

    return [
        WorkSection(
            key="life_story",
            title=gettext_lazy("Life-story work due and overdue"),
            items=Mapped(rows, item),
            more_href=reverse("documents:life-story"),
        )
    ]
