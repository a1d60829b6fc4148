"""Who may see and keep a region's plan (DESIGN.md section 1: each region
keeps a plan reported on monthly; the national tier holds the regions to
account). The regional manager adds actions to their region's plan and
records each month's progress; the Director of Operations, the performance
analyst and Board members read every region's plan; nobody else sees one
(404 outside, 403 for a member of the region's staff without the role)."""

from __future__ import annotations

from typing import Any

from django.db import models

from nas.access.policies import Policy, register
from nas.accounts.roles import REGIONAL_GOVERNANCE_ROLES, Role
from nas.performance.policies import governed_region_id, managed_region_id, reads_national
from nas.sufficiency.models import AnnualReview, PlanAction, ReviewStatus


class PlanPolicy(Policy[PlanAction]):
    model = PlanAction
    record_type = "sufficiency.planaction"
    # A plan names no child or adopter.
    audited_reads = False

    def scope(self, user: Any) -> models.QuerySet[PlanAction]:
        actions = PlanAction.objects.all()
        if reads_national(user):
            return actions
        region_id = managed_region_id(user) or governed_region_id(user)
        if region_id is not None:
            return actions.filter(region_id=region_id)
        return actions.none()

    def can(self, user: Any, action: str, record: PlanAction | None = None) -> bool:
        if action == "list":
            return reads_national(user) or (managed_region_id(user) or governed_region_id(user)) is not None
        if action == "view":
            return record is not None and self.scope(user).filter(pk=record.pk).exists()
        if action in {"add", "progress"}:
            region_id = managed_region_id(user)
            return region_id is not None and (record is None or record.region_id == region_id)
        return False

    def reads_region(self, user: Any, region_id: int) -> bool:
        """The national tier, the region's manager, and the region's Board,
        Senior Responsible Officer and Joint Committee members."""
        return reads_national(user) or region_id in (managed_region_id(user), governed_region_id(user))

    def keeps_region(self, user: Any, region_id: int) -> bool:
        return managed_region_id(user) == region_id


class ReviewPolicy(Policy[AnnualReview]):
    """A region's annual review: the regional manager drafts it; the region's
    Board, Senior Responsible Officer and Joint Committee members read and
    comment on it; a Regional Collaborative Board member approves it, which
    sends it to the National Board: the national tier reads approved reviews
    only."""

    model = AnnualReview
    record_type = "sufficiency.annualreview"
    audited_reads = False

    def scope(self, user: Any) -> models.QuerySet[AnnualReview]:
        reviews = AnnualReview.objects.all()
        region_id = managed_region_id(user) or governed_region_id(user)
        if region_id is not None:
            return reviews.filter(region_id=region_id)
        if reads_national(user):
            return reviews.filter(status=ReviewStatus.APPROVED)
        return reviews.none()

    def can(self, user: Any, action: str, record: AnnualReview | None = None) -> bool:
        if action == "list":
            return reads_national(user) or (managed_region_id(user) or governed_region_id(user)) is not None
        if action == "view":
            return record is not None and self.scope(user).filter(pk=record.pk).exists()
        if action == "draft":
            return managed_region_id(user) is not None
        draft = record is not None and record.status == ReviewStatus.DRAFT
        if action == "comment":
            return draft and self.comments_on(user, record)
        if action == "approve":
            return draft and self.approves(user, record)
        return False

    def comments_on(self, user: Any, record: AnnualReview | None) -> bool:
        """The region's Board, Senior Responsible Officer and Joint Committee
        members, whatever the review's status (a draft is what takes comments)."""
        own = record is not None and governed_region_id(user) == record.region_id
        return own and user.has_role(*REGIONAL_GOVERNANCE_ROLES)

    def approves(self, user: Any, record: AnnualReview | None) -> bool:
        """A member of the region's Regional Collaborative Board, whatever the
        review's status (a draft is what is approved)."""
        own = record is not None and governed_region_id(user) == record.region_id
        return own and user.has_role(Role.REGIONAL_BOARD_MEMBER)


plans = register(PlanPolicy())
reviews = register(ReviewPolicy())
