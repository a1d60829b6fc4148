"""The papers of a case: documents attached to any record of the service,
each with its versions.

A document names its record by type and id (like a panel's agenda item), and
the record's own access policy decides who may read or add to it
(nas.documents.subjects), so a document's access is always its record's.
Files live in Django's "documents" storage under generated names; the name
the file was uploaded with is kept only to offer it back on download.

Nothing is deleted. A document is archived with the reason; its versions
stay. Adoption records are kept for 100 years from the adoption order
(Access to Information (Post-Commencement Adoptions) (Wales) Regulations
2005, SI 2005/2689 (W.189), reg. 5).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nas.core.models import NEVER_DELETED, Record


class DocumentKind(models.TextChoices):
    """What a document is. Stored values are never renamed, only added to."""

    CHILDS_ADOPTION_REPORT = "childs_adoption_report", _("Child's Adoption Report")
    PROSPECTIVE_ADOPTERS_REPORT = "prospective_adopters_report", _("Prospective Adopter's Report")
    MEDICAL = "medical", _("Medical report")
    REFERENCE = "reference", _("Reference")
    PANEL_MINUTES = "panel_minutes", _("Panel minutes")
    PLACEMENT_ORDER = "placement_order", _("Placement order")
    ADOPTION_ORDER = "adoption_order", _("Adoption order")
    PLACEMENT_PLAN = "placement_plan", _("Adoption placement plan")
    SUPPORT_PLAN = "support_plan", _("Adoption support plan")
    LETTERBOX_LETTER = "letterbox_letter", _("Scanned letterbox letter")
    LIFE_STORY_BOOK = "life_story_book", _("Life-story book")
    LATER_LIFE_LETTER = "later_life_letter", _("Later-life letter")
    OTHER = "other", _("Other")


#: The two pieces of life-story work every placed child is given by the adoption order.
LIFE_STORY_KINDS = (DocumentKind.LIFE_STORY_BOOK, DocumentKind.LATER_LIFE_LETTER)


class Document(Record):
    record_type = models.CharField(_("record type"), max_length=60)
    record_id = models.PositiveBigIntegerField(_("record"))
    kind = models.CharField(_("kind of document"), max_length=40, choices=DocumentKind.choices)
    dated = models.DateField(_("date of the document"))
    description = models.TextField(_("description"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    #: How many versions it has (the newest is the current one).
    versions_count = models.PositiveIntegerField(_("versions"), default=0, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-dated", "-pk"]
        indexes = [
            models.Index(fields=["record_type", "record_id"], name="document_by_record"),
            models.Index(fields=["kind", "record_type", "record_id"], name="document_by_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.dated:%d/%m/%Y}"


class DocumentVersion(models.Model):
    """One uploaded file of a document. Never changed, never deleted."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    #: The generated name in the documents storage (never the uploaded one).
    storage_name = models.CharField(max_length=200, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=200)
    file_type = models.CharField(_("type"), max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    #: What the malware scanner said ("" when no scanner is configured).
    scanned_by = models.CharField(max_length=60, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_version_number_per_document")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError(NEVER_DELETED)
