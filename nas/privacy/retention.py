"""How long the service keeps each kind of record, and when a record falls
due for review. Nothing is ever deleted automatically: a record past its
period is listed for a person to review (the law sets a minimum, and a
record may need keeping longer, for example while a person seeks their
birth records).

The rules, each with its source:

- ADOPTION-100 (a child adopted, and the adopters' records about the child):
  kept for at least 100 years from the date of the adoption order. The
  Regulated Adoption Services (Service Providers and Responsible
  Individuals) (Wales) Regulations 2019 (SI 2019/762 (W. 145)), regulation
  30(2)(e); and the Access to Information (Post-Commencement Adoptions)
  (Wales) Regulations 2005 (SI 2005/2689 (W. 189)), regulation 5 (section
  56 information kept for 100 years from the date of the adoption).
- SUPPORT-100 (adoption support provided to a person): at least 100 years
  from the date of the last entry: SI 2019/762 regulation 30(2)(f). The
  issue asked for 75 years: that is the period of the Adoption Support
  Agencies (Wales) Regulations 2005 (SI 2005/1514 (W. 116)), regulation
  18(2) ("at least seventy five years from the date of the last entry"),
  for registered adoption support agencies; the 2019 Regulations, made
  under the Regulation and Inspection of Social Care (Wales) Act 2016, set
  100 years for the regulated services, so the longer period is kept here.
  Whether the 2005 Regulations still apply to any provider was not
  confirmed.
- ENQUIRY-3 (an adult's enquiry that did not lead to an assessment): at
  least 3 years from the date of the last entry: SI 2019/762 regulation
  30(2)(g)(i) (records relating to adults in any other case).

Children whose journey ended without an adoption order are not given a
date here: their record is the local authority's looked-after child's
record, kept under the authority's own rules (not confirmed in this
service), so it is never listed as due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import DateField, F, QuerySet
from django.db.models.functions import Cast
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nas.access.lookup import visible
from nas.adopters.codes import EnquiryStatus
from nas.adopters.policies import enquiries
from nas.children.policies import children
from nas.support.policies import cases


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class RetentionRule:
    code: str
    name: Promise
    applies_to: Promise
    years: int
    counted_from: Promise
    source: Promise

    def review_on(self, start: date) -> date:
        return years_after(start, self.years)


ADOPTION = RetentionRule(
    code="ADOPTION-100",
    name=_("Adoption records"),
    applies_to=_("A child who was adopted: the child's record and the adopters' records about the child"),
    years=100,
    counted_from=_("the date of the adoption order"),
    source=_(
        "The Regulated Adoption Services (Service Providers and Responsible Individuals) (Wales) "
        "Regulations 2019, regulation 30(2)(e); the Access to Information (Post-Commencement Adoptions) "
        "(Wales) Regulations 2005, regulation 5"
    ),
)
SUPPORT = RetentionRule(
    code="SUPPORT-100",
    name=_("Adoption support records"),
    applies_to=_("A person who was given adoption support: their support cases"),
    years=100,
    counted_from=_("the date of the last entry"),
    source=_(
        "The Regulated Adoption Services (Service Providers and Responsible Individuals) (Wales) "
        "Regulations 2019, regulation 30(2)(f) (the Adoption Support Agencies (Wales) Regulations 2005, "
        "regulation 18(2), set 75 years for adoption support agencies)"
    ),
)
ENQUIRY = RetentionRule(
    code="ENQUIRY-3",
    name=_("Enquiries that went no further"),
    applies_to=_("An adult's enquiry about adopting, closed without a household record"),
    years=3,
    counted_from=_("the date of the last entry"),
    source=_(
        "The Regulated Adoption Services (Service Providers and Responsible Individuals) (Wales) "
        "Regulations 2019, regulation 30(2)(g)(i)"
    ),
)
RULES = (ADOPTION, SUPPORT, ENQUIRY)


@dataclass(frozen=True)
class RuleReport:
    rule: RetentionRule
    held: int
    due: int
    due_within_a_year: int
    next_review: date | None
    due_references: list[str]


def _records(rule: RetentionRule, user: Any) -> tuple[QuerySet[Any], str, str]:
    """The records a rule covers that this person may see, the field their
    period starts from, and the field that names them (a reference)."""
    if rule is ADOPTION:
        return (
            visible(user, children).filter(journey_dates__adoption_order__isnull=False),
            "journey_dates__adoption_order",
            "case_reference",
        )
    if rule is SUPPORT:
        return (
            visible(user, cases).annotate(last_entry=Cast(F("updated_at"), DateField())),
            "last_entry",
            "reference",
        )
    return (
        visible(user, enquiries)
        .filter(status=EnquiryStatus.CLOSED)
        .annotate(last_entry=Cast(F("updated_at"), DateField())),
        "last_entry",
        "pk",
    )


def report(*, user: Any, today: date, listed: int = 50) -> list[RuleReport]:
    """For each rule: how many records this person may see it covers, how
    many are due for review (their minimum period has passed), how many fall
    due within a year, and the references of the first due.

    Kept between requests while the figures' tables stay the same
    (nas.performance.cache), for the records this person may see (the key
    is the scope's own query, so two people with the same scope share it)."""
    import functools

    from nas.performance.cache import kept, query_key

    found = []
    for rule in RULES:
        records, start, name = _records(rule, user)
        held, due, within, next_review, references = kept(
            "retention-rule",
            (rule.code, query_key(records), today.isoformat(), listed),
            functools.partial(_counts, rule, records, start, name, today, listed),
        )
        found.append(RuleReport(rule, held, due, within, next_review, references))
    return found


def _counts(
    rule: RetentionRule, records: QuerySet[Any], start: str, name: str, today: date, listed: int
) -> tuple[int, int, int, date | None, list[str]]:
    # Due when start + years <= today, i.e. start <= today - years.
    due_before = years_after(today, -rule.years)
    within_year = years_after(today + timedelta(days=365), -rule.years)
    due = records.filter(**{f"{start}__lte": due_before})
    earliest = (
        records.filter(**{f"{start}__gt": due_before}).order_by(start).values_list(start, flat=True).first()
    )
    return (
        records.count(),
        due.count(),
        records.filter(**{f"{start}__gt": due_before, f"{start}__lte": within_year}).count(),
        rule.review_on(earliest) if earliest else None,
        [str(r) for r in due.order_by(start).values_list(name, flat=True)[:listed]],
    )
