"""Reads of adoption support: the regional caseload, letterbox exchanges due
and missed, and the lists. Every read starts from a policy's scope."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from nas.access.lookup import audit_listed
from nas.core.paging import KeptEntries
from nas.support import codes, deadlines
from nas.support.models import (
    BirthRecordsRequest,
    CounsellingSession,
    IntermediaryCase,
    Letter,
    LetterboxAgreement,
    LetterboxParty,
    SupportCase,
    SupportPerson,
    SupportService,
)
from nas.support.policies import birth_records, cases, intermediary, letterbox, people

#: How far ahead the caseload and worklist look for what is coming due.
HORIZON_DAYS = 14


def person_list(*, user: Any, search: str = "", kind: str = "") -> QuerySet[SupportPerson]:
    qs = people.scope(user).filter(archived_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        term = search.strip()
        qs = qs.filter(Q(first_names__icontains=term) | Q(last_name__icontains=term))
    return qs.order_by("last_name", "first_names", "pk")


@dataclass(frozen=True)
class CaseRow:
    """One open case on the caseload, with what is due on it."""

    case: SupportCase
    stage: str
    due: date | None
    due_what: str
    overdue: bool
    services: list[str]

    @property
    def stage_label(self) -> str:
        return str(codes.CaseStage(self.stage).label)

    @property
    def due_label(self) -> str:
        return str(codes.DueWhat(self.due_what).label) if self.due_what else ""

    @property
    def service_labels(self) -> list[str]:
        return [str(codes.ServiceKind(kind).label) for kind in self.services]


def case_stage(case: SupportCase) -> str:
    if case.closed_on is not None:
        return codes.CaseStage.CLOSED
    if case.plan_agreed_on is not None:
        return codes.CaseStage.PLAN
    if case.decided_on is not None:
        return codes.CaseStage.DECIDED
    if case.notice_sent_on is not None:
        return codes.CaseStage.NOTICE
    return codes.CaseStage.ASSESSMENT


def next_deadline(case: SupportCase, today: date) -> tuple[date | None, str]:
    """What the case is waiting for next, and by when: the assessment (due),
    the decision (possible from, once representations and any out-of-area
    consultation allow), or the plan's review (due)."""
    stage = case_stage(case)
    if stage == codes.CaseStage.ASSESSMENT:
        return case.assessment_due, codes.DueWhat.ASSESSMENT
    if stage == codes.CaseStage.NOTICE and case.representations_by is not None:
        possible = deadlines.decision_possible_from(case.representations_by, case.consultation_ends)
        return possible, codes.DueWhat.DECISION
    if stage == codes.CaseStage.PLAN:
        return case.review_due, codes.DueWhat.REVIEW
    return None, ""


def _open_cases(user: Any) -> QuerySet[SupportCase]:
    return (
        cases.scope(user)
        .filter(closed_on__isnull=True, archived_at__isnull=True)
        .select_related("person", "worker")
        .prefetch_related(
            Prefetch(
                "services", queryset=SupportService.objects.only("case_id", "kind", "starts_on", "ends_on")
            ),
            "reviews",
        )
    )


def case_rows(*, user: Any, today: date, mine: bool = False, service: str = "") -> KeptEntries[CaseRow]:
    """The open cases in scope, oldest request first, with what each waits for.

    Their order and what is due on each (each row's key) are kept between
    requests while the cases, their services and reviews stay the same
    (nas.performance.cache); the cases a page shows are read in full when it
    asks for them (nas.core.paging.KeptEntries)."""
    from nas.performance import stamp
    from nas.performance.cache import kept_entries

    qs = _open_cases(user)
    if mine:
        qs = qs.filter(worker=user)
    return kept_entries(
        "support-case-keys",
        qs,
        (today.isoformat(), service),
        lambda cases: _rows(cases, today, service),
        case_key,
        record_at=1,
        on=stamp.SUPPORT,
    )


def case_key(row: CaseRow) -> tuple[Any, ...]:
    """A row's place on the caseload (oldest request first) and what is due on it:
    (requested on, case, stage, due, due what, overdue, services)."""
    return (
        row.case.requested_on,
        row.case.pk,
        row.stage,
        row.due,
        row.due_what,
        row.overdue,
        tuple(row.services),
    )


def _rows(qs: QuerySet[SupportCase], today: date, service: str) -> list[CaseRow]:
    rows = []
    for case in qs.order_by("requested_on", "pk"):
        active = sorted({s.kind for s in case.services.all() if s.is_active(today)})
        if service and service not in active:
            continue
        due, what = next_deadline(case, today)
        overdue = due is not None and what != codes.DueWhat.DECISION and today > due
        rows.append(CaseRow(case, case_stage(case), due, what, overdue, active))
    return rows


def audit_case_rows(user: Any, rows: Sequence[CaseRow], *, where: str) -> None:
    """A caseload names each case and the person it is for: a read of both."""
    audit_listed(user, cases, (row.case for row in rows), where=where)
    audit_listed(user, people, (row.case.person for row in rows), where=where)


def case_row_reads(row: CaseRow) -> tuple[tuple[str, int], ...]:
    """The records a listed case names (as audit_case_rows), for a list that audits them itself."""
    return tuple(
        (policy.record_type, record.pk)
        for policy, record in ((cases, row.case), (people, row.case.person))
        if policy.audited_reads
    )


def exchange_reads(exchange: Exchange) -> tuple[tuple[str, int], ...]:
    """The records a listed exchange names (as audit_exchanges)."""
    return tuple(
        (policy.record_type, record.pk)
        for policy, record in ((letterbox, exchange.agreement), (people, exchange.party.person))
        if policy.audited_reads
    )


def audit_exchanges(user: Any, exchanges: list[Exchange], *, where: str) -> None:
    """A list of letterbox exchanges names each agreement and the person who writes."""
    audit_listed(user, letterbox, (e.agreement for e in exchanges), where=where)
    audit_listed(user, people, (e.party.person for e in exchanges), where=where)


@dataclass
class Caseload:
    rows: KeptEntries[CaseRow]
    open_cases: int = 0
    assessments_due: int = 0
    assessments_overdue: int = 0
    reviews_due: int = 0
    reviews_overdue: int = 0
    by_service: list[tuple[str, str, int]] = field(default_factory=list)
    exchanges_overdue: int = 0
    exchanges_due: int = 0
    birth_records_waiting: int = 0
    intermediary_open: int = 0
    intermediary_priority: int = 0


def caseload(*, user: Any, today: date, mine: bool = False, service: str = "") -> Caseload:
    """The regional caseload: open cases, assessments and reviews due and
    overdue, and open cases by service; letterbox exchanges due and missed;
    birth records and intermediary work waiting. A fixed number of queries,
    however many cases."""
    rows = case_rows(user=user, today=today, mine=mine, service=service)
    soon = today + timedelta(days=HORIZON_DAYS)
    load = Caseload(rows=rows, open_cases=len(rows))
    counts: Counter[str] = Counter()
    # The figures from the kept keys (case_key): no case is read for them.
    for _requested, _pk, _stage, due, due_what, overdue, services in rows.keys:
        counts.update(services)
        if due is None:
            continue
        if due_what == codes.DueWhat.ASSESSMENT:
            load.assessments_overdue += overdue
            load.assessments_due += not overdue and due <= soon
        elif due_what == codes.DueWhat.REVIEW:
            load.reviews_overdue += overdue
            load.reviews_due += not overdue and due <= soon
    load.by_service = [(kind, str(label), counts[kind]) for kind, label in codes.ServiceKind.choices]
    exchanges = exchanges_due(user=user, today=today)
    load.exchanges_overdue = sum(1 for e in exchanges if e.overdue)
    load.exchanges_due = len(exchanges) - load.exchanges_overdue
    load.birth_records_waiting = birth_records.scope(user).filter(disclosed_on__isnull=True).count()
    waiting = intermediary.scope(user).filter(outcome="")
    load.intermediary_open = waiting.count()
    load.intermediary_priority = waiting.filter(adoption_date__lt=deadlines.COUNSELLING_CUT_OFF).count()
    return load


# --- Letterbox -------------------------------------------------------------


@dataclass(frozen=True)
class Exchange:
    """A writing party's letter for one exchange: received, due soon, or missed."""

    agreement: LetterboxAgreement
    party: LetterboxParty
    exchange_on: date
    letter: Letter | None
    overdue: bool


#: What reading an agreement's exchanges needs, in a fixed number of queries.
AGREEMENT_HISTORY = (
    Prefetch("parties", queryset=LetterboxParty.objects.select_related("person")),
    Prefetch(
        "letters", queryset=Letter.objects.only("id", "agreement_id", "writer_id", "exchange_on", "status")
    ),
    "workers",
)


def _agreements_with_letters(user: Any) -> QuerySet[LetterboxAgreement]:
    return (
        letterbox.scope(user)
        .filter(ended_on__isnull=True, archived_at__isnull=True)
        .prefetch_related(*AGREEMENT_HISTORY)
    )


def with_history(agreement: LetterboxAgreement) -> LetterboxAgreement:
    """Load an agreement's parties (with their people), letters (with their
    writers) and workers in a fixed number of queries, however many years of
    exchanges it has: exchange_history and the pages then read only these."""
    prefetch_related_objects(
        [agreement],
        Prefetch("parties", queryset=LetterboxParty.objects.select_related("person")),
        Prefetch("letters", queryset=Letter.objects.select_related("writer__person")),
        "workers",
    )
    return agreement


def exchange_history(agreement: LetterboxAgreement, today: date) -> list[Exchange]:
    """Every exchange so far and the next one in the reminder window, for each
    party who writes: the letter, or its absence (missed once the date passes)."""
    window = today + timedelta(days=agreement.reminder_days)
    dates = deadlines.exchange_dates(agreement.first_exchange_on, agreement.per_year, until=window)
    received = {(letter.writer_id, letter.exchange_on): letter for letter in agreement.letters.all()}
    return [
        Exchange(
            agreement,
            party,
            day,
            received.get((party.pk, day)),
            day < today and (party.pk, day) not in received,
        )
        for day in dates
        for party in agreement.parties.all()
        if party.writes
    ]


def exchanges_due(*, user: Any, today: date, agreement_ids: list[int] | None = None) -> list[Exchange]:
    """Letters waiting: the latest exchange that has passed without a writer's
    letter (missed), and the next exchange once its reminder window opens."""
    qs = _agreements_with_letters(user)
    if agreement_ids is not None:
        qs = qs.filter(pk__in=agreement_ids)
    return waiting_exchanges(qs, today)


def waiting_exchanges(agreements: Iterable[LetterboxAgreement], today: date) -> list[Exchange]:
    """exchanges_due for these agreements (loaded with AGREEMENT_HISTORY),
    whoever asks: the caseload for a person, the daily notifications for all."""
    waiting = []
    for agreement in agreements:
        history = exchange_history(agreement, today)
        passed = [e.exchange_on for e in history if e.exchange_on < today]
        latest = max(passed) if passed else None
        for exchange in history:
            if exchange.letter is not None:
                continue
            if exchange.exchange_on == latest or exchange.exchange_on >= today:
                waiting.append(exchange)
    return sorted(waiting, key=lambda e: (not e.overdue, e.exchange_on, e.agreement.pk, e.party.pk))


def agreement_list(*, user: Any) -> QuerySet[LetterboxAgreement]:
    return letterbox.scope(user).select_related("case").prefetch_related("workers").order_by("reference")


# --- Birth records and intermediary ------------------------------------------


def birth_records_list(*, user: Any) -> QuerySet[BirthRecordsRequest]:
    return (
        birth_records.scope(user)
        .select_related("person", "worker")
        .prefetch_related(
            Prefetch("sessions", queryset=CounsellingSession.objects.select_related("counsellor"))
        )
        .order_by("disclosed_on", "received_on", "pk")
    )


def intermediary_list(*, user: Any) -> list[IntermediaryCase]:
    """Open applications first, and among them adoptions before 12 November
    1975 first (SI 2005/2701 reg. 5(2)), then in the order received."""
    qs = intermediary.scope(user).select_related("applicant", "subject", "worker")
    return sorted(
        qs,
        key=lambda c: (bool(c.outcome), not c.priority, c.received_on, c.pk),
    )
