"""A restricted record's documents, reached through the post-adoption record.

At the adoption order the child's pre-adoption record is restricted
(nas.children), and its documents with it: they leave every list and
search. They are still kept, for 100 years from the adoption order, and are
part of the "section 56 information" the adoption agency keeps about the
adoption: the case record and what it holds (Access to Information
(Post-Commencement Adoptions) (Wales) Regulations 2005, SI 2005/2689
(W.189), reg. 3 and reg. 5).

Who may reach them, each time with the reason, and the record of it kept
(reg. 3 counts the record of every disclosure as section 56 information):

- The owning authority's team managers and agency decision makers: the
  agency may disclose section 56 information for the purposes of its own
  functions as an adoption agency (reg. 7(1)).
- The adoption support team (support workers and the regional manager) of
  a region supporting a person whose record is linked to the child's: the
  agency may disclose section 56 information, including protected
  information, to those providing services in connection with its
  functions under sections 61 and 62 of the Adoption and Children Act 2002
  (reg. 7(2)). Not confirmed from a source read here: that a regional
  collaborative's support team counts as such a provider for every local
  authority of the region; the service treats it so only where the region
  already supports someone linked to the child's record.

Nobody else: social workers, other authorities and regions, voluntary
agencies and the national tier get 404.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from nas.access import scope
from nas.accounts.roles import Role
from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.children.models import PostAdoptionRecord
from nas.documents.models import Document
from nas.support.policies import support_region_id

SESSION_KEY = "nas_opened_post_adoption_records"
BASIS_AGENCY = "reg7(1)"
BASIS_SUPPORT = "reg7(2)"
BASIS_LABELS = {
    BASIS_AGENCY: _("The adoption agency's own functions (SI 2005/2689 (W.189), reg. 7(1))"),
    BASIS_SUPPORT: _(
        "Adoption support in connection with sections 61 and 62 of the Adoption and Children Act 2002 "
        "(SI 2005/2689 (W.189), reg. 7(2))"
    ),
}


def basis(user: Any) -> str | None:
    """On which regulation this person may reach restricted documents, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    if scope.is_local(user) and user.has_role(Role.TEAM_MANAGER, Role.AGENCY_DECISION_MAKER):
        return BASIS_AGENCY
    if support_region_id(user) is not None:
        return BASIS_SUPPORT
    return None


def records_for(user: Any) -> models.QuerySet[PostAdoptionRecord]:
    """The post-adoption records through which this person may reach documents."""
    records = PostAdoptionRecord.objects.filter(child__restricted_at__isnull=False)
    found = basis(user)
    if found == BASIS_AGENCY:
        return records.filter(child__local_authority_id=user.organisation_id)
    if found == BASIS_SUPPORT:
        region = support_region_id(user)
        return records.filter(child__support_people__region_id=region).distinct()
    return records.none()


def documents_for(user: Any, record: PostAdoptionRecord | None = None) -> models.QuerySet[Document]:
    children = records_for(user)
    if record is not None:
        children = children.filter(pk=record.pk)
    return Document.objects.filter(record_type="children.child", record_id__in=children.values("child_id"))


def opened(session: Any, record: PostAdoptionRecord) -> bool:
    return record.pk in session.get(SESSION_KEY, [])


def record_open(*, actor: Any, record: PostAdoptionRecord, reason: str, session: Any) -> None:
    """Open the restricted documents of one post-adoption record for this
    session, saying why; the disclosure is recorded on the child's trail."""
    from django.core.exceptions import ValidationError

    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Enter why you need the restricted documents")})
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        record_type="children.child",
        record_id=record.child_id,
        reason=reason,
        detail={
            "restricted_documents_opened": True,
            "post_adoption_record": record.reference,
            "basis": basis(actor) or "",
        },
    )
    session[SESSION_KEY] = [*session.get(SESSION_KEY, []), record.pk]


def reachable(user: Any, session: Any, document: Document) -> PostAdoptionRecord | None:
    """The opened post-adoption record through which this person reaches the
    document, if any."""
    if document.record_type != "children.child":
        return None
    record = records_for(user).filter(child_id=document.record_id).first()
    if record is None or not opened(session, record):
        return None
    return record
