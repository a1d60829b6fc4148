"""The service's own standard documents, filled from the record as PDF, in
English or Welsh (reportlab, with the DejaVu Sans the performance reports
bundle, for ŵ and ŷ).

- The child's summary for the matching panel: the child's particulars,
  needs and journey, from the child's record (Adoption Agencies (Wales)
  Regulations 2005, SI 2005/1313 (W.95): the information of reg. 15 and
  Schedule 1 that the agency's report to the panel draws on, reg. 17).
- The panel's recommendation letter: what the adoption panel recommended
  on an agenda item, with its reasons, and when the decision is due.
- The agency decision letter to the prospective adopters: the agency
  decision maker's decision with reasons (reg. 30B as substituted by SI
  2020/163 (W.36); a qualifying determination tells them of the 40 working
  days for representations or a review by the Independent Review Mechanism).
- The adoption placement plan's cover: the child, the adopters, and the
  placement's dates (the "adoption placement plan" of reg. 36).

Each is reached through the access policy of the record it is filled from,
and each generation is audited as a read of that record.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from nas.audit.models import AuditAction
from nas.audit.services import audit_record

LANGUAGES = ("en", "cy")


@dataclass
class Content:
    title: str
    subtitle: str
    #: (heading, [(label, value)] rows, paragraphs)
    sections: list[tuple[str, list[tuple[str, str]], list[str]]]
    source: str
    filename: str


@dataclass(frozen=True)
class Template:
    key: str
    label: str | Promise
    #: The records this person may fill it from.
    readable: Callable[[Any], models.QuerySet[Any]]
    fill: Callable[[Any], Content]
    #: Where the read is audited: (record type, id) of the record it is filled from.
    audit_as: Callable[[Any], tuple[str, object]]


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "–"


# --- The child's summary for the matching panel -------------------------------


def _children(user: Any) -> models.QuerySet[Any]:
    from nas.documents.subjects import get

    subject = get("children.child")
    assert subject is not None
    return subject.readable(user).select_related("local_authority", "sibling_group")


def _child_summary(child: Any) -> Content:
    milestones = list(child.milestones.order_by("sequence"))
    particulars = [
        (_("Name"), str(child)),
        (_("Date of birth"), _d(child.date_of_birth)),
        (_("Age"), str(child.age_on(timezone.localdate()))),
        (_("Sex"), str(child.get_sex_display())),
        (_("Local authority"), str(child.local_authority)),
        (_("Case reference"), child.case_reference),
        (_("Legal status"), str(child.get_legal_status_display() or "–")),
        (_("Early permanence route"), str(child.get_early_permanence_display())),
        (_("Ethnicity"), str(child.get_ethnicity_display())),
        (_("Religion"), child.religion or "–"),
        (_("Language"), str(child.get_language_display())),
    ]
    needs = [
        (_("Health needs"), str(child.get_health_needs_display())),
        (_("Developmental needs"), str(child.get_developmental_needs_display())),
        (_("Emotional and behavioural needs"), str(child.get_behavioural_needs_display())),
        (_("Disabled"), _("Yes") if child.disability else _("No")),
        (_("Contact plan"), str(child.get_contact_plan_display())),
        (_("Where the child should not live"), child.location_limits or "–"),
    ]
    if child.sibling_group:
        needs.append(
            (
                _("Sibling group"),
                child.sibling_group.name
                + " – "
                + (
                    _("to be placed together")
                    if child.sibling_group.placed_together
                    else _("to be placed apart")
                ),
            )
        )
    journey = [(str(m.get_kind_display()), _d(m.date)) for m in milestones]
    return Content(
        title=_("Child's summary for the matching panel"),
        subtitle=str(child),
        sections=[
            (_("The child"), particulars, []),
            (_("Needs"), needs, [child.needs_summary] if child.needs_summary else []),
            (_("The journey so far"), journey, []),
        ],
        source=_(
            "From the child's case record (Adoption Agencies (Wales) Regulations 2005, reg. 15 and "
            "Schedule 1; the agency's report to the panel, reg. 17)."
        ),
        filename=f"child-summary-{child.case_reference}",
    )


# --- The panel's recommendation letter ----------------------------------------


def _items(user: Any) -> models.QuerySet[Any]:
    from nas.panels.models import AgendaItem
    from nas.panels.policies import meetings

    return (
        AgendaItem.objects.filter(meeting__in=meetings.scope(user))
        .exclude(recommendation="")
        .select_related("meeting", "meeting__organisation")
    )


def _applicants(household_id: int) -> str:
    from nas.adopters.codes import MemberRole
    from nas.adopters.models import HouseholdMember

    names = [
        str(m) for m in HouseholdMember.objects.filter(household_id=household_id, role=MemberRole.APPLICANT)
    ]
    return _(" and ").join(names) if names else "–"


def _panel_recommendation(item: Any) -> Content:
    from nas.panels.services import decision_due

    meeting = item.meeting
    rows = [
        (_("Panel"), str(meeting.organisation)),
        (_("Date of the meeting"), _d(meeting.date)),
        (_("Business"), str(item.get_kind_display())),
        (_("Subject"), item.subject_label),
        (_("Recommendation"), str(item.get_recommendation_display())),
    ]
    if item.subject_type == "adopters.household":
        rows.insert(0, (_("To"), _applicants(item.subject_id)))
    due = decision_due(item)
    paragraphs = [item.reasons] if item.reasons else []
    if due:
        paragraphs.append(
            _("The agency decision maker will make the decision, with reasons, by %(date)s.")
            % {"date": _d(due)}
        )
    return Content(
        title=_("The adoption panel's recommendation"),
        subtitle=str(meeting),
        sections=[(_("Recommendation"), rows, []), (_("The panel's reasons"), [], paragraphs)],
        source=_("From the panel's minutes; the decision is the agency decision maker's."),
        filename=f"panel-recommendation-{meeting.date:%Y%m%d}-{item.position}",
    )


# --- The agency decision letter to the prospective adopters --------------------


def _decisions(user: Any) -> models.QuerySet[Any]:
    from nas.adopters.policies import households
    from nas.panels.models import Decision

    return Decision.objects.filter(
        subject_type="adopters.household", subject_id__in=households.scope(user).values("pk")
    ).select_related("organisation", "decided_by")


def _decision_letter(decision: Any) -> Content:
    from nas.adopters.models import Household
    from nas.panels.models import DecisionOutcome

    household = Household.objects.get(pk=decision.subject_id)
    rows = [
        (_("To"), _applicants(household.pk)),
        (_("Household reference"), household.reference),
        (_("Agency"), str(decision.organisation)),
        (_("Decision"), str(decision.get_outcome_display())),
        (_("Date of the decision"), _d(decision.decided_on)),
        (_("Decided by"), decision.decided_by.get_full_name()),
    ]
    paragraphs = [decision.reasons]
    if decision.outcome == DecisionOutcome.MINDED_NOT_TO_APPROVE:
        paragraphs.append(
            _(
                "This is a qualifying determination. Within 40 working days of this letter you may make "
                "representations to the agency, or apply to the Independent Review Mechanism for a review. "
                "The agency will make its final decision after that."
            )
        )
    elif decision.outcome == DecisionOutcome.APPROVED:
        paragraphs.append(
            _(
                "You are approved as suitable to adopt a child. Your social worker will talk with you "
                "about what happens next."
            )
        )
    return Content(
        title=_("The agency's decision"),
        subtitle=household.reference,
        sections=[(_("Decision"), rows, []), (_("Reasons"), [], paragraphs)],
        source=_(
            "Adoption Agencies (Wales) Regulations 2005, reg. 30B as substituted by SI 2020/163 (W.36); "
            "Independent Review of Determinations (Adoption and Fostering) (Wales) Regulations 2010."
        ),
        filename=f"decision-{household.reference}-{decision.decided_on:%Y%m%d}",
    )


# --- The adoption placement plan's cover ---------------------------------------


def _links(user: Any) -> models.QuerySet[Any]:
    from nas.matching.policies import links

    # The cover names the child: only those who may see the child's identity.
    return (
        links.scope(user)
        .filter(child__in=_children(user))
        .select_related("child", "child__local_authority", "household", "region")
    )


def _placement_plan_cover(link: Any) -> Content:
    child = link.child
    rows = [
        (_("Child"), str(child)),
        (_("Date of birth"), _d(child.date_of_birth)),
        (_("Local authority"), str(child.local_authority)),
        (_("Case reference"), child.case_reference),
        (_("Prospective adopters"), _applicants(link.household_id)),
        (_("Household reference"), link.household.reference),
        (_("Region"), str(link.region)),
        (_("Match decision"), _d(link.matched_on)),
        (_("Introductions began"), _d(link.introductions_on)),
        (_("Placed"), _d(link.placed_on)),
    ]
    return Content(
        title=_("Adoption placement plan"),
        subtitle=str(child),
        sections=[
            (_("Cover"), rows, []),
            (
                _("What the plan holds"),
                [],
                [
                    _(
                        "The arrangements for the child's placement with the prospective adopters: the "
                        "date of placement, introductions, contact, adoption support, health and education, "
                        "the life-story book and later-life letter, and the reviews of the placement."
                    )
                ],
            ),
        ],
        source=_("Adoption Agencies (Wales) Regulations 2005, reg. 36 (the adoption placement plan)."),
        filename=f"placement-plan-cover-{child.case_reference}",
    )


TEMPLATES = {
    t.key: t
    for t in (
        Template(
            "child-summary",
            gettext_lazy("Child's summary for the matching panel"),
            _children,
            _child_summary,
            lambda child: ("children.child", child.pk),
        ),
        Template(
            "panel-recommendation",
            gettext_lazy("The adoption panel's recommendation letter"),
            _items,
            _panel_recommendation,
            lambda item: ("panels.meeting", item.meeting_id),
        ),
        Template(
            "decision-letter",
            gettext_lazy("The agency decision letter to the adopters"),
            _decisions,
            _decision_letter,
            lambda decision: ("adopters.household", decision.subject_id),
        ),
        Template(
            "placement-plan-cover",
            gettext_lazy("Adoption placement plan cover"),
            _links,
            _placement_plan_cover,
            lambda link: ("children.child", link.child_id),
        ),
    )
}


def generate(*, user: Any, key: str, pk: object, language: str) -> tuple[bytes, str]:
    """(PDF, file name) of one standard document, filled from a record this
    person may read (404 otherwise); audited as a read of that record."""
    template = TEMPLATES.get(key)
    if template is None or language not in LANGUAGES:
        raise Http404
    try:
        record = template.readable(user).get(pk=pk)
    except (models.ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    with override(language):
        content = template.fill(record)
        body = render_pdf(content, language)
    record_type, record_id = template.audit_as(record)
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        record_type=record_type,
        record_id=record_id,
        detail={"generated_document": key, "language": language, "from": str(pk)},
    )
    return body, f"{content.filename}-{language}.pdf"


def render_pdf(content: Content, language: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from nas.performance.reports import _register_fonts

    _register_fonts()
    base = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, leading=14)
    heading = ParagraphStyle(
        "h2", parent=base, fontName="DejaVuSans-Bold", fontSize=13, leading=18, spaceBefore=8
    )
    title = ParagraphStyle("h1", parent=base, fontName="DejaVuSans-Bold", fontSize=18, leading=24)
    small = ParagraphStyle("small", parent=base, fontSize=8, leading=11, textColor=colors.HexColor("#505a5f"))
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=content.title,
        author=_("National Adoption Service for Wales"),
    )
    flow: list[Any] = [
        Paragraph(escape(_("National Adoption Service for Wales")), small),
        Paragraph(escape(content.title), title),
        Paragraph(escape(content.subtitle), base),
        Spacer(1, 4 * mm),
    ]
    for section, rows, paragraphs in content.sections:
        flow.append(Paragraph(escape(section), heading))
        if rows:
            table = Table(
                [[Paragraph(escape(k), base), Paragraph(escape(v), base)] for k, v in rows],
                colWidths=[55 * mm, 115 * mm],
            )
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#b1b4b6")),
                        ("FONTNAME", (0, 0), (0, -1), "DejaVuSans-Bold"),
                    ]
                )
            )
            flow.append(table)
        for text in paragraphs:
            flow.append(Paragraph(escape(text).replace("\n", "<br/>"), base))
            flow.append(Spacer(1, 2 * mm))
    flow.append(Spacer(1, 6 * mm))
    flow.append(Paragraph(escape(content.source), small))
    flow.append(
        Paragraph(
            escape(
                _("Made by the service on %(date)s.") % {"date": timezone.localdate().strftime("%d/%m/%Y")}
            ),
            small,
        )
    )
    doc.build(flow)
    return out.getvalue()
