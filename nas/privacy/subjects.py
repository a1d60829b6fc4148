"""What a subject access export holds for each kind of person: every record
of the service that names them, section by section.

- a child (the local authority's record): the child, their journey's
  milestones, their sibling group, their post-adoption record, their
  anonymous family-finding profile and links, the panel items about them,
  the people of adoption support linked to them;
- an adopter household (the region's or agency's record, the applicants
  together): the household, its members, its milestones, the enquiry it
  came from, its profile and links, the panel items about it;
- a person given adoption support: the person, their support cases with
  their services and reviews, their letterbox agreements, their birth
  records requests with the counselling sessions;

and for each, who read or changed the record and when (the audit trail:
the recipients of their data).

Free-text notes that may tell about other people (a panel's reasons, a
counselling session's notes, a letter from a birth relative...) are listed
in THIRD_PARTY_FIELDS and withheld unless a manager includes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from nas.access.policies import Policy
from nas.adopters.models import Household
from nas.adopters.policies import households
from nas.audit.models import AuditEvent
from nas.children.models import Child
from nas.children.policies import children
from nas.panels.models import AgendaItem
from nas.support.models import LetterboxParty, SupportPerson
from nas.support.policies import people

#: (model label, field) of free text that may tell about other people.
THIRD_PARTY_FIELDS = {
    ("children.siblinggroup", "reason_apart"),
    ("support.supportcase", "closure_note"),
    ("support.supportreview", "summary"),
    ("support.supportreview", "changes"),
    ("support.letterboxagreement", "end_reason"),
    ("support.letter", "content"),
    ("support.letter", "check_note"),
    ("support.letter", "withheld_reason"),
    ("support.birthrecordsrequest", "disclosure"),
    ("support.counsellingsession", "notes"),
    ("panels.agendaitem", "reasons"),
    ("matching.link", "interest_note"),
    ("matching.link", "decline_feedback"),
}
#: Fields of no meaning to the person (bookkeeping of the service).
SKIPPED = {"id", "version", "archive_reason", "prev_hash", "entry_hash"}
WITHHELD = _("[withheld: this note may tell about other people]")


@dataclass
class Section:
    title: str
    records: list[dict[str, Any]] = field(default_factory=list)


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def record_fields(record: models.Model, *, third_party: bool, withheld: set[str]) -> dict[str, Any]:
    """The record's fields by their (translated) names, with choices shown
    by label, links to other records by their name, and notes about other
    people withheld unless third_party."""
    found: dict[str, Any] = {}
    label = record._meta.label_lower
    for f in record._meta.concrete_fields:
        if f.name in SKIPPED:
            continue
        name = str(f.verbose_name)
        if (label, f.name) in THIRD_PARTY_FIELDS and not third_party:
            if getattr(record, f.attname):
                found[name] = str(WITHHELD)
                withheld.add(f"{label}.{f.name}")
            else:
                found[name] = ""
            continue
        if f.is_relation:
            value = getattr(record, f.name)
        elif f.choices:
            value = getattr(record, f"get_{f.name}_display")()
        else:
            value = getattr(record, f.attname)
        found[name] = _value(value)
    return found


def _section(title: Any, records: Iterable[models.Model], third_party: bool, withheld: set[str]) -> Section:
    return Section(
        str(title), [record_fields(r, third_party=third_party, withheld=withheld) for r in records]
    )


def _trail(record_types: dict[str, Iterable[Any]]) -> list[dict[str, Any]]:
    rows = []
    for record_type, ids in record_types.items():
        for event in AuditEvent.objects.filter(record_type=record_type, record_id__in=[str(i) for i in ids]):
            rows.append(
                {
                    str(_("when")): event.occurred_at.isoformat(),
                    str(_("what")): event.get_action_display(),
                    str(_("who")): event.actor_username,
                    str(_("organisation")): event.actor_organisation,
                    str(_("record")): f"{record_type} {event.record_id}",
                }
            )
    return sorted(rows, key=lambda r: r[str(_("when"))])


def _panel_items(subject_type: str, pk: int) -> Any:
    return AgendaItem.objects.filter(subject_type=subject_type, subject_id=pk).select_related("meeting")


def _child(child: Child, third_party: bool, withheld: set[str]) -> list[Section]:
    sections = [
        _section(_("The child's record"), [child], third_party, withheld),
        _section(
            _("The journey's milestones"), child.milestones.order_by("date", "pk"), third_party, withheld
        ),
    ]
    if child.sibling_group_id:
        sections.append(_section(_("Sibling group"), [child.sibling_group], third_party, withheld))  # type: ignore[list-item]
    post = getattr(child, "post_adoption_record", None)
    if post is not None:
        sections.append(_section(_("Post-adoption record"), [post], third_party, withheld))
    profile = getattr(child, "matching_profile", None)
    if profile is not None:
        sections.append(_section(_("Family-finding profile"), [profile], third_party, withheld))
    sections.append(_section(_("Links with families"), child.links.all(), third_party, withheld))
    sections.append(
        _section(_("Panel items"), _panel_items("children.child", child.pk), third_party, withheld)
    )
    sections.append(
        _section(_("People in adoption support"), child.support_people.all(), third_party, withheld)
    )
    return sections


def _household(household: Household, third_party: bool, withheld: set[str]) -> list[Section]:
    sections = [
        _section(_("The household's record"), [household], third_party, withheld),
        _section(_("Members of the household"), household.members.all(), third_party, withheld),
        _section(
            _("The journey's milestones"), household.milestones.order_by("date", "pk"), third_party, withheld
        ),
    ]
    enquiry = getattr(household, "enquiry", None)
    if enquiry is not None:
        sections.append(_section(_("Enquiry"), [enquiry], third_party, withheld))
    profile = getattr(household, "matching_profile", None)
    if profile is not None:
        sections.append(_section(_("Family-finding profile"), [profile], third_party, withheld))
    sections.append(_section(_("Links with children"), household.links.all(), third_party, withheld))
    sections.append(
        _section(_("Panel items"), _panel_items("adopters.household", household.pk), third_party, withheld)
    )
    return sections


def _support_person(person: SupportPerson, third_party: bool, withheld: set[str]) -> list[Section]:
    cases = list(person.cases.all())
    requests = list(person.birth_records_requests.all())
    agreements = [
        p.agreement for p in LetterboxParty.objects.filter(person=person).select_related("agreement")
    ]
    return [
        _section(_("The person's record"), [person], third_party, withheld),
        _section(_("Support cases"), cases, third_party, withheld),
        _section(_("Support services"), [s for c in cases for s in c.services.all()], third_party, withheld),
        _section(_("Reviews of support"), [r for c in cases for r in c.reviews.all()], third_party, withheld),
        _section(_("Letterbox agreements"), agreements, third_party, withheld),
        _section(_("Letters"), [x for a in agreements for x in a.letters.all()], third_party, withheld),
        _section(_("Birth records requests"), requests, third_party, withheld),
        _section(
            _("Counselling sessions"), [s for r in requests for s in r.sessions.all()], third_party, withheld
        ),
    ]


@dataclass(frozen=True)
class SubjectKind:
    code: str
    label: Any
    policy: Policy[Any]
    #: The action on the record's policy that lets a person see who it names.
    action: str
    collect: Callable[[Any, bool, set[str]], list[Section]]
    #: The record types of the audit trail to include, with the ids for a record.
    trail: Callable[[Any], dict[str, Iterable[Any]]]


KINDS = {
    kind.code: kind
    for kind in (
        SubjectKind(
            "child",
            _("A child"),
            children,
            "view_identity",
            _child,
            lambda c: {"children.child": [c.pk]},
        ),
        SubjectKind(
            "household",
            _("An adopter household"),
            households,
            "view",
            _household,
            lambda h: {"adopters.household": [h.pk]},
        ),
        SubjectKind(
            "support-person",
            _("A person given adoption support"),
            people,
            "view",
            _support_person,
            lambda p: {"support.person": [p.pk], "support.case": [c.pk for c in p.cases.all()]},
        ),
    )
}


def collect(kind: SubjectKind, record: Any, *, third_party: bool) -> tuple[list[Section], list[str]]:
    withheld: set[str] = set()
    sections = kind.collect(record, third_party, withheld)
    sections.append(Section(str(_("Who read or changed the record")), _trail(kind.trail(record))))
    return sections, sorted(withheld)
