"""Adoption support work on the home page of a region's support workers and
regional manager: assessments, decisions and reviews coming due or overdue,
and letterbox exchanges coming up or missed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nas.accounts.roles import Role
from nas.core.worklist import Mapped, WorkItem, WorkSection, register
from nas.support import codes, selectors
from nas.support.policies import support_region_id


def _on_worklist(key: tuple[Any, ...], today: date, soon: date) -> bool:
    """Assessments and reviews due within the horizon or overdue; decisions
    once they may be made (from a row's kept key, selectors.case_key)."""
    due, due_what = key[3], key[4]
    if due is None:
        return False
    return bool(due <= (today if due_what == codes.DueWhat.DECISION else soon))


@register
def support_work(user: Any) -> list[WorkSection]:
    if support_region_id(user) is None:
        return []
    today = timezone.localdate()
    # A support worker sees their own cases; the regional manager the region's.
    mine = not user.has_role(Role.REGIONAL_MANAGER)
    soon = today + timedelta(days=selectors.HORIZON_DAYS)
    every = selectors.case_rows(user=user, today=today, mine=mine)
    # Overdue first, then by date; only the cases the page shows are read (KeptEntries).
    rows = every.narrowed(
        sorted((k for k in every.keys if _on_worklist(k, today, soon)), key=lambda k: (not k[5], k[3]))
    )
    exchanges = selectors.exchanges_due(user=user, today=today)
    # The home page names each person: a read of their records, audited like
    # any other (nas.core.worklist audits the items listed).

    def case_item(row: selectors.CaseRow) -> WorkItem:
        return WorkItem(
            title=f"{row.case.reference}: {row.case.person}",
            href=reverse("support:case-detail", args=[row.case.pk]),
            due=row.due,
            overdue=row.overdue,
            detail=str(codes.DueWhat(row.due_what).label),
            reads=selectors.case_row_reads(row),
        )

    exchange_items = [
        WorkItem(
            title=f"{e.agreement.reference}: {e.party.person}",
            href=reverse("support:letterbox-detail", args=[e.agreement.pk]),
            due=e.exchange_on,
            overdue=e.overdue,
            detail=str(_("Letter missed") if e.overdue else _("Letter due at the next exchange")),
            reads=selectors.exchange_reads(e),
        )
        for e in exchanges
    ]
    return [
        WorkSection(
            key="support_cases",
            title=_("Adoption support: assessments, decisions and reviews"),
            items=Mapped(rows, case_item),
            more_href=reverse("support:caseload"),
        ),
        WorkSection(key="letterbox", title=_("Letterbox: exchanges due and missed"), items=exchange_items),
    ]
