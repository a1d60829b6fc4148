"""The subject access export (UK GDPR Article 15: the right of access): a
person's records as a readable PDF and as a machine-readable JSON file,
written through one path that checks who may include other people's notes
and records the export in the audit trail."""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.privacy.policies import may_include_third_party_notes
from nas.privacy.subjects import Section, SubjectKind, collect


def subject_access_export(
    *, actor: Any, kind: SubjectKind, record: Any, third_party: bool, file_format: str
) -> tuple[bytes, str, str]:
    """The export's bytes, content type and file name. The caller has
    reached the record through its policy (get_for_user), so the actor may
    see it; only a manager may include notes about other people."""
    if third_party and not may_include_third_party_notes(actor):
        raise PermissionDenied
    sections, withheld = collect(kind, record, third_party=third_party)
    document = {
        "subject": {"kind": kind.code, "record": record.pk},
        "generated_at": timezone.now().isoformat(),
        "generated_by_organisation": str(actor.organisation),
        "notes_about_other_people": "included" if third_party else "withheld",
        "withheld_fields": withheld,
        "sections": [asdict(s) for s in sections],
    }
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        record_type=kind.policy.record_type,
        record_id=record.pk,
        detail={"export": "subject_access", "format": file_format, "third_party_notes": third_party},
    )
    name = f"subject-access-{kind.code}-{record.pk}"
    if file_format == "pdf":
        return _pdf(kind, record, sections, withheld, third_party), "application/pdf", f"{name}.pdf"
    body = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    return body, "application/json", f"{name}.json"


def _pdf(
    kind: SubjectKind, record: Any, sections: list[Section], withheld: list[str], third_party: bool
) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from nas.performance.reports import _register_fonts

    _register_fonts()
    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=9.5, leading=13)
    heading = ParagraphStyle(
        "h2", parent=body, fontName="DejaVuSans-Bold", fontSize=13, leading=17, spaceBefore=8
    )
    title = ParagraphStyle("h1", parent=heading, fontSize=18, leading=22)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, textColor="#505a5f")
    story: list[Any] = [
        Paragraph(escape(_("Your records: subject access")), title),
        Paragraph(escape(f"{kind.label} · {timezone.localdate():%d/%m/%Y}"), small),
        Spacer(1, 4 * mm),
        Paragraph(
            escape(
                _("Notes about other people are included.")
                if third_party
                else _("Notes that may tell about other people are withheld (marked where they are).")
            ),
            body,
        ),
    ]
    for section in sections:
        story.append(Paragraph(escape(section.title), heading))
        if not section.records:
            story.append(Paragraph(escape(_("Nothing recorded.")), small))
        for n, row in enumerate(section.records, start=1):
            if len(section.records) > 1:
                story.append(Paragraph(f"<b>{n}.</b>", body))
            for label, value in row.items():
                if value in ("", None, [], {}):
                    continue
                story.append(Paragraph(f"<b>{escape(str(label))}</b>: {escape(str(value))}", body))
            story.append(Spacer(1, 2 * mm))
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Subject access export"),
    ).build(story)
    return buffer.getvalue()
