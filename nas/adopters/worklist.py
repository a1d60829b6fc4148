"""The household timescales and new enquiries on the home page of adopter
assessors and regional managers."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nas.access import scope
from nas.adopters.policies import JOURNEY_KEEPERS, households
from nas.adopters.selectors import enquiry_list, worklist_for_person
from nas.core.worklist import Mapped, WorkItem, WorkSection, register


@register
def household_timescales(user: Any) -> list[WorkSection]:
    if scope.adopter_owner_id(user) is None or not user.has_role(*JOURNEY_KEEPERS):
        return []
    entries = worklist_for_person(user=user, today=timezone.localdate())

    def item(entry: Any) -> WorkItem:
        return WorkItem(
            title=entry.household.reference,
            href=reverse("adopters:detail", args=[entry.household.pk]),
            due=entry.deadline.due,
            overdue=entry.overdue,
            detail=str(entry.deadline.name),
            reads=((households.record_type, entry.household.pk),) if households.audited_reads else (),
        )

    items = Mapped(entries, item)
    sections = [
        WorkSection(
            key="adopter_timescales",
            title=_("Adopters: statutory timescales due and overdue"),
            items=items,
            more_href=reverse("adopters:worklist"),
        )
    ]
    new = list(enquiry_list(user=user)[:20])
    sections.append(
        WorkSection(
            key="adopter_enquiries",
            title=_("New enquiries from people thinking of adopting"),
            items=[
                WorkItem(
                    title=str(_("Enquiry %(ref)s") % {"ref": enquiry.pk}),
                    href=reverse("adopters:enquiry-detail", args=[enquiry.pk]),
                    detail=str(enquiry.get_kind_display()),
                )
                for enquiry in new
            ],
        )
    )
    return sections
