"""Writes for adoption support. Each takes the acting person, validates, runs
in one transaction and records its own audit entry. Access (who may call
which) is decided by the policies before a view or endpoint calls these."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from nas.accounts.models import User
from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.children.models import Child
from nas.core.records import StaleRecordError, record_update
from nas.organisations.models import OrganisationKind
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
    SupportReview,
    SupportService,
)
from nas.support.policies import SUPPORT_ROLES, birth_records, cases, intermediary, letterbox, letters, people

PERSON = people.record_type
CASE = cases.record_type
LETTERBOX = letterbox.record_type
LETTER = letters.record_type
BIRTH_RECORDS = birth_records.record_type
INTERMEDIARY = intermediary.record_type


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _not_future(value: date | None, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future")})


def _not_before(value: date | None, floor: date | None, field: str, what: str) -> None:
    if value is not None and floor is not None and value < floor:
        raise ValidationError(
            {field: _("The date cannot be before %(what)s, %(date)s") % {"what": what, "date": _day(floor)}}
        )


def _reference(model: type[models.Model], prefix: str) -> str:
    """A short reference staff can say on the phone; random so it reveals no count."""
    for _attempt in range(10):
        reference = f"{prefix}-{timezone.localdate():%y}{secrets.token_hex(3).upper()}"
        if not model._default_manager.filter(reference=reference).exists():
            return reference
    raise IntegrityError("Could not find a free reference")


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _check_staff(staff: list[User], region_id: int, field: str) -> None:
    for person in staff:
        if person.organisation_id != region_id or not person.has_role(*SUPPORT_ROLES):
            raise ValidationError({field: _("Choose a support worker or manager of this region")})


def _bump(record: models.Model) -> None:
    """A change to a record's parts (a service, a review, a letter) is a change to the record."""
    type(record)._default_manager.filter(pk=record.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    record.refresh_from_db(fields=["version", "updated_at"])


def _locked(record: Any, expected_version: int | None) -> Any:
    locked = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleRecordError
    return locked


def _update(
    actor: Any, record: Any, record_type: str, expected_version: int, changes: dict[str, Any]
) -> None:
    record_update(
        actor=actor,
        record=record,
        record_type=record_type,
        expected_version=expected_version,
        changes=changes,
    )


# --- People ----------------------------------------------------------------


def _check_person(kind: str, born: date | None, adopted: date | None) -> None:
    _not_future(born, "date_of_birth")
    _not_future(adopted, "adoption_date")
    if born is not None and adopted is not None and adopted < born:
        raise ValidationError({"adoption_date": _("The adoption order cannot be before the date of birth")})
    if kind == codes.PersonKind.ADOPTED_ADULT:
        if born is None:
            raise ValidationError({"date_of_birth": _("Enter the adopted adult's date of birth")})
        if deadlines.age_on(born, timezone.localdate()) < deadlines.ADULT_AGE:
            raise ValidationError({"date_of_birth": _("An adopted adult must be 18 or over")})


def person_create(*, actor: Any, region_id: int, child: Child | None = None, **fields: Any) -> SupportPerson:
    person = SupportPerson(region_id=region_id, child=child, **fields)
    _check_person(person.kind, person.date_of_birth, person.adoption_date)
    with transaction.atomic():
        person.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=PERSON,
            record_id=person.pk,
            detail={"kind": person.kind},
        )
    return person


def person_update(
    *, actor: Any, person: SupportPerson, expected_version: int, changes: dict[str, Any]
) -> None:
    _check_person(
        changes.get("kind", person.kind),
        changes.get("date_of_birth", person.date_of_birth),
        changes.get("adoption_date", person.adoption_date),
    )
    _update(actor, person, PERSON, expected_version, changes)


# --- Support cases -----------------------------------------------------------


def _open(case: SupportCase) -> None:
    if not case.is_open:
        raise ValidationError({"__all__": _("This case is closed. Open a new case for a new request.")})


def case_create(
    *,
    actor: Any,
    region_id: int,
    person: SupportPerson,
    requested_on: date,
    request_summary: str,
    worker: User | None = None,
) -> SupportCase:
    """Open a case on a request for an assessment of needs for adoption support."""
    if person.region_id != region_id:
        raise ValidationError({"person": _("Choose a person this region supports")})
    _not_future(requested_on, "requested_on")
    if worker is not None:
        _check_staff([worker], region_id, "worker")
    with transaction.atomic():
        case = SupportCase.objects.create(
            region_id=region_id,
            reference=_reference(SupportCase, "AS"),
            person=person,
            worker=worker,
            requested_on=requested_on,
            request_summary=request_summary.strip(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=CASE,
            record_id=case.pk,
            detail={"person": person.pk, "requested_on": requested_on.isoformat()},
        )
    return case


def case_update(*, actor: Any, case: SupportCase, expected_version: int, changes: dict[str, Any]) -> None:
    """Change the allocation, the request, or the out-of-area consultation
    (SI 2005/1512 reg. 7(4)-(5))."""
    _open(case)
    if "worker" in changes and changes["worker"] is not None:
        _check_staff([changes["worker"]], case.region_id, "worker")
    placing = changes.get("placing_authority", case.placing_authority)
    receiving = changes.get("receiving_authority", case.receiving_authority)
    consulted = changes.get("consulted_on", case.consulted_on)
    _not_future(consulted, "consulted_on")
    _not_before(consulted, case.requested_on, "consulted_on", _("the request"))
    for field, authority in (("placing_authority", placing), ("receiving_authority", receiving)):
        if authority is not None and authority.kind != OrganisationKind.LOCAL_AUTHORITY:
            raise ValidationError({field: _("Choose a local authority")})
    if consulted is not None and (placing is None or receiving is None):
        raise ValidationError(
            {"consulted_on": _("Choose the placing authority and the authority where the family lives")}
        )
    if placing is not None and placing == receiving:
        raise ValidationError(
            {
                "receiving_authority": _(
                    "The family lives in the placing authority's area: no consultation is needed"
                )
            }
        )
    _update(actor, case, CASE, expected_version, changes)


def case_assess(
    *,
    actor: Any,
    case: SupportCase,
    expected_version: int,
    assessed_on: date,
    needs_statement: str,
    proposal: str,
    notice_sent_on: date,
    representations_by: date,
) -> None:
    """Record the completed assessment, the statement of needs and the notice
    of the proposal with the period for representations (SI 2005/1512 reg. 9(1)-(3))."""
    _open(case)
    if case.decided_on is not None:
        raise ValidationError({"__all__": _("The decision is already recorded")})
    _not_future(assessed_on, "assessed_on")
    _not_before(assessed_on, case.requested_on, "assessed_on", _("the request"))
    _not_future(notice_sent_on, "notice_sent_on")
    _not_before(notice_sent_on, assessed_on, "notice_sent_on", _("the assessment"))
    if representations_by <= notice_sent_on:
        raise ValidationError(
            {"representations_by": _("Give the person time to make representations after the notice")}
        )
    _update(
        actor,
        case,
        CASE,
        expected_version,
        {
            "assessed_on": assessed_on,
            "needs_statement": needs_statement.strip(),
            "proposal": proposal.strip(),
            "notice_sent_on": notice_sent_on,
            "representations_by": representations_by,
        },
    )


def case_decide(
    *,
    actor: Any,
    case: SupportCase,
    expected_version: int,
    decided_on: date,
    decision: str,
    representations_on: date | None,
) -> None:
    """The decision whether to provide services (SI 2005/1512 reg. 13), not
    before the person has made representations, said they are satisfied, or
    the period for representations has expired (reg. 9(4)), nor, for an
    out-of-area placement, before the receiving authority has been consulted
    (reg. 7(4)) and the 20 working days of reg. 7(5) have run."""
    _open(case)
    if case.notice_sent_on is None or case.representations_by is None:
        raise ValidationError({"__all__": _("Record the assessment and the notice of the proposal first")})
    if case.decided_on is not None:
        raise ValidationError({"__all__": _("The decision is already recorded")})
    if decision not in codes.Decision.values:
        raise ValidationError({"decision": _("Choose the decision")})
    _not_future(decided_on, "decided_on")
    _not_future(representations_on, "representations_on")
    _not_before(representations_on, case.notice_sent_on, "representations_on", _("the notice"))
    if representations_on is None and decided_on <= case.representations_by:
        raise ValidationError(
            {
                "decided_on": _(
                    "The period for representations runs until %(date)s. Decide after it, "
                    "or record when the person made representations or said they were satisfied."
                )
                % {"date": _day(case.representations_by)}
            }
        )
    _not_before(decided_on, representations_on, "decided_on", _("the representations"))
    if (
        case.placing_authority_id is not None
        and case.receiving_authority_id is not None
        and case.placing_authority_id != case.receiving_authority_id
        and case.consulted_on is None
    ):
        raise ValidationError(
            {
                "decided_on": _(
                    "The family lives in another authority's area: record the date that authority was "
                    "consulted (regulation 7(4)), then allow 20 working days before deciding."
                )
            }
        )
    ends = case.consultation_ends
    if ends is not None and decided_on < ends:
        raise ValidationError(
            {
                "decided_on": _(
                    "The receiving authority was consulted on %(consulted)s: allow 20 working days, "
                    "until %(ends)s, before deciding."
                )
                % {"consulted": _day(case.consulted_on), "ends": _day(ends)}  # type: ignore[arg-type]
            }
        )
    _update(
        actor,
        case,
        CASE,
        expected_version,
        {"decided_on": decided_on, "decision": decision, "representations_on": representations_on},
    )


def service_add(
    *,
    actor: Any,
    case: SupportCase,
    kind: str,
    detail: str,
    provider: str,
    starts_on: date,
    ends_on: date | None = None,
    amount: Decimal | None = None,
    frequency: str = "",
    expected_version: int | None = None,
) -> SupportService:
    if kind not in codes.ServiceKind.values:
        raise ValidationError({"kind": _("Choose the service")})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date cannot be before the start date")})
    if kind == codes.ServiceKind.FINANCIAL:
        if amount is None or amount <= 0:
            raise ValidationError({"amount": _("Enter the amount of financial support")})
        if frequency not in codes.Frequency.values:
            raise ValidationError({"frequency": _("Choose how often it is paid")})
    else:
        amount, frequency = None, ""
    with transaction.atomic():
        # The case's state is checked on the locked row: a case closed, or its decision
        # changed, since the page was opened is seen here.
        locked = _locked(case, expected_version)
        _open(locked)
        if locked.decision != codes.Decision.PROVIDE:
            raise ValidationError(
                {"__all__": _("Services are added once the decision to provide them is recorded")}
            )
        _not_before(starts_on, locked.decided_on, "starts_on", _("the decision"))
        service = SupportService.objects.create(
            case=locked,
            kind=kind,
            detail=detail.strip(),
            provider=provider.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            amount=amount,
            frequency=frequency,
            recorded_by=_actor(actor),
        )
        _bump(case)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=CASE,
            record_id=case.pk,
            detail={"service_added": kind, "service": service.pk, "amount": str(amount) if amount else None},
        )
    return service


def plan_agree(
    *, actor: Any, case: SupportCase, expected_version: int, plan_agreed_on: date, plan_summary: str
) -> None:
    _open(case)
    if case.decision != codes.Decision.PROVIDE:
        raise ValidationError(
            {"__all__": _("A plan is agreed once the decision to provide services is recorded")}
        )
    if not case.services.exists():
        raise ValidationError({"__all__": _("Add at least one service to the plan first")})
    _not_future(plan_agreed_on, "plan_agreed_on")
    _not_before(plan_agreed_on, case.decided_on, "plan_agreed_on", _("the decision"))
    _update(
        actor,
        case,
        CASE,
        expected_version,
        {"plan_agreed_on": plan_agreed_on, "plan_summary": plan_summary.strip()},
    )


def review_record(
    *,
    actor: Any,
    case: SupportCase,
    reviewed_on: date,
    summary: str,
    changes: str = "",
    expected_version: int | None = None,
) -> SupportReview:
    _not_future(reviewed_on, "reviewed_on")
    with transaction.atomic():
        locked = _locked(case, expected_version)
        _open(locked)
        if locked.plan_agreed_on is None:
            raise ValidationError({"__all__": _("Agree the support plan before reviewing it")})
        _not_before(reviewed_on, locked.plan_agreed_on, "reviewed_on", _("the plan"))
        review = SupportReview.objects.create(
            case=locked,
            reviewed_on=reviewed_on,
            summary=summary.strip(),
            changes=changes.strip(),
            recorded_by=_actor(actor),
        )
        _bump(case)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=CASE,
            record_id=case.pk,
            detail={"review": review.pk, "reviewed_on": reviewed_on.isoformat()},
        )
    return review


def case_close(
    *, actor: Any, case: SupportCase, expected_version: int, closed_on: date, outcome: str, closure_note: str
) -> None:
    _open(case)
    if outcome not in codes.CaseOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome")})
    _not_future(closed_on, "closed_on")
    _not_before(closed_on, case.requested_on, "closed_on", _("the request"))
    with transaction.atomic():
        _update(
            actor,
            case,
            CASE,
            expected_version,
            {"closed_on": closed_on, "outcome": outcome, "closure_note": closure_note.strip()},
        )
        # Services stop when the case closes; the plan stays on the record.
        SupportService.objects.filter(case=case, ends_on__isnull=True).update(ends_on=closed_on)
        SupportService.objects.filter(case=case, ends_on__gt=closed_on).update(ends_on=closed_on)


# --- Letterbox -------------------------------------------------------------


def agreement_create(
    *,
    actor: Any,
    region_id: int,
    workers: list[User],
    per_year: int,
    first_exchange_on: date,
    agreed_on: date,
    reminder_days: int = 14,
    terms: str = "",
    case: SupportCase | None = None,
) -> LetterboxAgreement:
    if not workers:
        raise ValidationError({"workers": _("Allocate at least one worker to the agreement")})
    _check_staff(workers, region_id, "workers")
    if case is not None and case.region_id != region_id:
        raise ValidationError({"case": _("Choose a case of this region")})
    if per_year not in codes.LetterboxFrequency.values:
        raise ValidationError({"per_year": _("Choose how often letters are exchanged")})
    if not 1 <= reminder_days <= 90:
        raise ValidationError({"reminder_days": _("Enter a number of days from 1 to 90")})
    _not_future(agreed_on, "agreed_on")
    _not_before(first_exchange_on, agreed_on, "first_exchange_on", _("the agreement"))
    with transaction.atomic():
        agreement = LetterboxAgreement.objects.create(
            region_id=region_id,
            reference=_reference(LetterboxAgreement, "LB"),
            case=case,
            per_year=per_year,
            first_exchange_on=first_exchange_on,
            reminder_days=reminder_days,
            terms=terms.strip(),
            agreed_on=agreed_on,
        )
        agreement.workers.set(workers)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=LETTERBOX,
            record_id=agreement.pk,
            detail={"workers": [w.pk for w in workers], "per_year": per_year},
        )
    return agreement


def agreement_allocate(
    *, actor: Any, agreement: LetterboxAgreement, expected_version: int, workers: list[User]
) -> None:
    """The regional manager changes who is allocated to the agreement: from then
    on only they (and the manager) see it and its letters. The audit trail keeps
    who was allocated before and after."""
    if not workers:
        raise ValidationError({"workers": _("Allocate at least one worker to the agreement")})
    _check_staff(workers, agreement.region_id, "workers")
    with transaction.atomic():
        locked = _locked(agreement, expected_version)
        before = sorted(locked.workers.values_list("pk", flat=True))
        after = sorted({w.pk for w in workers})
        locked.workers.set(workers)
        _bump(agreement)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=LETTERBOX,
            record_id=agreement.pk,
            detail={"changes": {"workers": {"from": before, "to": after}}},
        )


def agreement_end(
    *, actor: Any, agreement: LetterboxAgreement, expected_version: int, ended_on: date, end_reason: str
) -> None:
    """End the exchange (the child reaches 18, a family withdraws, a court changes
    the arrangement). The agreement and every letter stay on the record."""
    if not agreement.is_active:
        raise ValidationError({"__all__": _("This agreement has ended")})
    if not end_reason.strip():
        raise ValidationError({"end_reason": _("Enter why the agreement ended")})
    _not_future(ended_on, "ended_on")
    _not_before(ended_on, agreement.agreed_on, "ended_on", _("the agreement"))
    _update(
        actor,
        agreement,
        LETTERBOX,
        expected_version,
        {"ended_on": ended_on, "end_reason": end_reason.strip()},
    )


def party_add(
    *,
    actor: Any,
    agreement: LetterboxAgreement,
    person: SupportPerson,
    side: str,
    writes: bool,
    receives: bool,
) -> LetterboxParty:
    if person.region_id != agreement.region_id:
        raise ValidationError({"person": _("Choose a person this region supports")})
    if side not in codes.FamilySide.values:
        raise ValidationError({"side": _("Choose the family")})
    if not (writes or receives):
        raise ValidationError({"writes": _("A party writes letters, receives them, or both")})
    with transaction.atomic():
        if agreement.parties.filter(person=person).exists():
            raise ValidationError({"person": _("This person is already named in the agreement")})
        party = LetterboxParty.objects.create(
            agreement=agreement, person=person, side=side, writes=writes, receives=receives
        )
        _bump(agreement)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=LETTERBOX,
            record_id=agreement.pk,
            detail={"party_added": person.pk, "side": side, "writes": writes, "receives": receives},
        )
    return party


def letter_record(
    *,
    actor: Any,
    agreement: LetterboxAgreement,
    writer: LetterboxParty,
    exchange_on: date,
    received_on: date,
    content: str,
) -> Letter:
    """Record a letter received for an exchange. It waits for a worker's check."""
    if not agreement.is_active:
        raise ValidationError({"__all__": _("This agreement has ended")})
    if writer.agreement_id != agreement.pk or not writer.writes:
        raise ValidationError({"writer": _("Choose a person the agreement names as writing")})
    _not_future(received_on, "received_on")
    if not content.strip():
        raise ValidationError({"content": _("Enter the letter")})
    # A letter answers an exchange that has come, or the next one (some arrive early).
    allowed = deadlines.exchange_dates(
        agreement.first_exchange_on, agreement.per_year, until=timezone.localdate(), and_next=True
    )
    if exchange_on not in allowed:
        raise ValidationError({"exchange_on": _("Choose one of the agreement's exchange dates")})
    with transaction.atomic():
        _locked(agreement, None)
        if Letter.objects.filter(agreement=agreement, writer=writer, exchange_on=exchange_on).exists():
            raise ValidationError(
                {"writer": _("A letter from this person for this exchange is already recorded")}
            )
        letter = Letter.objects.create(
            agreement=agreement,
            writer=writer,
            exchange_on=exchange_on,
            received_on=received_on,
            content=content.strip(),
            recorded_by=_actor(actor),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=LETTER,
            record_id=letter.pk,
            detail={
                "agreement": agreement.pk,
                "writer": writer.person_id,
                "exchange_on": exchange_on.isoformat(),
            },
        )
    return letter


def letter_check(
    *,
    actor: Any,
    letter: Letter,
    expected_version: int,
    approve: bool,
    note: str = "",
    withheld_reason: str = "",
    checked_on: date | None = None,
) -> None:
    """A worker reads the letter before it goes anywhere: approved for release,
    or withheld with the reason."""
    if letter.status != codes.LetterStatus.RECEIVED:
        raise ValidationError({"__all__": _("This letter has already been checked")})
    if not approve and not withheld_reason.strip():
        raise ValidationError({"withheld_reason": _("Enter why the letter is withheld")})
    checked_on = checked_on or timezone.localdate()
    _not_future(checked_on, "checked_on")
    _not_before(checked_on, letter.received_on, "checked_on", _("the letter was received"))
    _update(
        actor,
        letter,
        LETTER,
        expected_version,
        {
            "status": codes.LetterStatus.APPROVED if approve else codes.LetterStatus.WITHHELD,
            "checked_by": _actor(actor),
            "checked_on": checked_on,
            "check_note": note.strip(),
            "withheld_reason": "" if approve else withheld_reason.strip(),
        },
    )


def letter_release(*, actor: Any, letter: Letter, expected_version: int, released_on: date) -> None:
    if letter.status != codes.LetterStatus.APPROVED:
        raise ValidationError(
            {"__all__": _("Only a letter checked and approved by a worker can be released")}
        )
    _not_future(released_on, "released_on")
    _not_before(released_on, letter.checked_on, "released_on", _("the check"))
    _update(
        actor,
        letter,
        LETTER,
        expected_version,
        {"status": codes.LetterStatus.RELEASED, "released_by": _actor(actor), "released_on": released_on},
    )


# --- Birth records ---------------------------------------------------------


def birth_records_create(
    *,
    actor: Any,
    region_id: int,
    person: SupportPerson,
    received_on: date,
    counselling_offered_on: date,
    adoption_date: date | None = None,
    worker: User | None = None,
) -> BirthRecordsRequest:
    """An adopted adult asks for the information to obtain their birth record
    (ACA 2002 Sch. 2 para. 1 before 30 December 2005, s.60(2)(a) after);
    they must be 18 or over, and are told counselling is available (Sch. 2
    para. 2; s.63 and SI 2005/2689 reg. 14)."""
    if person.region_id != region_id:
        raise ValidationError({"person": _("Choose a person this region supports")})
    if person.kind != codes.PersonKind.ADOPTED_ADULT:
        raise ValidationError({"person": _("Only an adopted adult may ask for their birth record")})
    adoption_date = adoption_date or person.adoption_date
    if adoption_date is None:
        raise ValidationError({"adoption_date": _("Enter the date of the adoption order")})
    _not_future(received_on, "received_on")
    _not_future(adoption_date, "adoption_date")
    _not_before(counselling_offered_on, received_on, "counselling_offered_on", _("the request"))
    _not_future(counselling_offered_on, "counselling_offered_on")
    born = person.date_of_birth
    if born is None or deadlines.age_on(born, received_on) < deadlines.ADULT_AGE:
        raise ValidationError({"person": _("The adopted person must be 18 or over when they apply")})
    if adoption_date < born:
        raise ValidationError({"adoption_date": _("The adoption order cannot be before the date of birth")})
    if worker is not None:
        _check_staff([worker], region_id, "worker")
    with transaction.atomic():
        request = BirthRecordsRequest.objects.create(
            region_id=region_id,
            reference=_reference(BirthRecordsRequest, "BR"),
            person=person,
            worker=worker,
            received_on=received_on,
            adoption_date=adoption_date,
            counselling_offered_on=counselling_offered_on,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=BIRTH_RECORDS,
            record_id=request.pk,
            detail={"person": person.pk, "counselling_required": request.counselling_required},
        )
    return request


def counselling_record(
    *,
    actor: Any,
    request: BirthRecordsRequest,
    held_on: date,
    notes: str,
    expected_version: int | None = None,
) -> CounsellingSession:
    _not_future(held_on, "held_on")
    with transaction.atomic():
        locked = _locked(request, expected_version)
        if locked.disclosed_on is not None:
            raise ValidationError({"__all__": _("The information has already been disclosed")})
        _not_before(held_on, locked.received_on, "held_on", _("the request"))
        session = CounsellingSession.objects.create(
            request=locked, held_on=held_on, counsellor=actor, notes=notes.strip()
        )
        _bump(request)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            record_type=BIRTH_RECORDS,
            record_id=request.pk,
            detail={"counselling_session": session.pk, "held_on": held_on.isoformat()},
        )
    return session


def birth_records_disclose(
    *, actor: Any, request: BirthRecordsRequest, expected_version: int, disclosed_on: date, disclosure: str
) -> None:
    """Record what was disclosed and when. For a person adopted before 12
    November 1975 the counselling interview must come first (ACA 2002 Sch. 2
    para. 4(1))."""
    if request.disclosed_on is not None:
        raise ValidationError({"__all__": _("The information has already been disclosed")})
    _not_future(disclosed_on, "disclosed_on")
    _not_before(disclosed_on, request.received_on, "disclosed_on", _("the request"))
    if not disclosure.strip():
        raise ValidationError({"disclosure": _("Enter what was disclosed")})
    if request.counselling_required and not request.sessions.filter(held_on__lte=disclosed_on).exists():
        raise ValidationError(
            {
                "disclosed_on": _(
                    "This person was adopted before 12 November 1975: the law requires a counselling "
                    "interview before the information is given. Record the session first."
                )
            }
        )
    _update(
        actor,
        request,
        BIRTH_RECORDS,
        expected_version,
        {"disclosed_on": disclosed_on, "disclosure": disclosure.strip(), "disclosed_by": _actor(actor)},
    )


# --- Intermediary service ----------------------------------------------------


def intermediary_create(
    *,
    actor: Any,
    region_id: int,
    applicant: SupportPerson,
    subject: SupportPerson,
    received_on: date,
    adoption_date: date,
    subject_adult_confirmed: bool = False,
    worker: User | None = None,
) -> IntermediaryCase:
    """Accept an application for an intermediary service (SI 2005/2701 (W.190)
    reg. 5): for an adoption before 30 December 2005, from the adopted person
    seeking a relative or a relative seeking the adopted person; both must be
    18 or over."""
    for field, person in (("applicant", applicant), ("subject", subject)):
        if person.region_id != region_id:
            raise ValidationError({field: _("Choose a person this region supports")})
    if applicant.pk == subject.pk:
        raise ValidationError({"subject": _("The person sought must be someone other than the applicant")})
    adopted_kinds = {codes.PersonKind.ADOPTED_ADULT}
    if applicant.kind in adopted_kinds:
        if subject.kind not in codes.BIRTH_FAMILY:
            raise ValidationError(
                {"subject": _("An adopted adult may seek a birth parent, relative, brother or sister")}
            )
    elif applicant.kind in codes.BIRTH_FAMILY:
        if subject.kind not in adopted_kinds:
            raise ValidationError({"subject": _("A birth relative may seek the adopted person")})
    else:
        raise ValidationError(
            {"applicant": _("The applicant must be the adopted person or a birth relative")}
        )
    _not_future(received_on, "received_on")
    _not_future(adoption_date, "adoption_date")
    if not deadlines.intermediary_applies(adoption_date):
        raise ValidationError(
            {
                "adoption_date": _(
                    "The intermediary service is for adoptions before 30 December 2005. For later adoptions "
                    "use disclosure under sections 61 and 62 of the Adoption and Children Act 2002."
                )
            }
        )
    if applicant.date_of_birth is None:
        raise ValidationError(
            {"applicant": _("Record the applicant's date of birth: they must be 18 or over")}
        )
    if deadlines.age_on(applicant.date_of_birth, received_on) < deadlines.ADULT_AGE:
        raise ValidationError({"applicant": _("The applicant must be 18 or over")})
    if subject.date_of_birth is not None:
        if deadlines.age_on(subject.date_of_birth, received_on) < deadlines.ADULT_AGE:
            raise ValidationError({"subject": _("The person sought must be 18 or over")})
    elif not subject_adult_confirmed:
        raise ValidationError(
            {
                "subject_adult_confirmed": _(
                    "Confirm the person sought is 18 or over, or record their date of birth"
                )
            }
        )
    if worker is not None:
        _check_staff([worker], region_id, "worker")
    with transaction.atomic():
        case = IntermediaryCase.objects.create(
            region_id=region_id,
            reference=_reference(IntermediaryCase, "IS"),
            applicant=applicant,
            subject=subject,
            worker=worker,
            received_on=received_on,
            adoption_date=adoption_date,
            subject_adult_confirmed=subject_adult_confirmed or subject.date_of_birth is not None,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            record_type=INTERMEDIARY,
            record_id=case.pk,
            detail={"applicant": applicant.pk, "subject": subject.pk, "priority": case.priority},
        )
    return case


def intermediary_checks(
    *,
    actor: Any,
    case: IntermediaryCase,
    expected_version: int,
    identity_confirmed_on: date,
    adoption_agency: str,
    veto_checked_on: date,
    veto: str,
    veto_detail: str,
    register_checked_on: date,
    register_entry: str,
) -> None:
    """The checks before anyone is approached: identity, age and relationship
    (reg. 11); the appropriate adoption agency and any veto it holds (regs. 8
    and 12); the Adoption Contact Register (reg. 13; ACA 2002 s.80)."""
    if case.outcome:
        raise ValidationError({"__all__": _("The outcome is already recorded")})
    for field, value in (
        ("identity_confirmed_on", identity_confirmed_on),
        ("veto_checked_on", veto_checked_on),
        ("register_checked_on", register_checked_on),
    ):
        _not_future(value, field)
        _not_before(value, case.received_on, field, _("the application"))
    if veto not in codes.Veto.values:
        raise ValidationError({"veto": _("Choose what the veto check found")})
    if register_entry not in codes.RegisterEntry.values:
        raise ValidationError({"register_entry": _("Choose what the Adoption Contact Register shows")})
    if veto != codes.Veto.NONE and not case.subject_is_adopted_person:
        raise ValidationError(
            {
                "veto": _(
                    "Only the adopted person can register a veto; the person sought here is a birth relative"
                )
            }
        )
    if veto == codes.Veto.QUALIFIED and not veto_detail.strip():
        raise ValidationError(
            {"veto_detail": _("Enter the circumstances or people the adopted person specified")}
        )
    _update(
        actor,
        case,
        INTERMEDIARY,
        expected_version,
        {
            "identity_confirmed_on": identity_confirmed_on,
            "adoption_agency": adoption_agency.strip(),
            "veto_checked_on": veto_checked_on,
            "veto": veto,
            "veto_detail": veto_detail.strip() if veto == codes.Veto.QUALIFIED else "",
            "register_checked_on": register_checked_on,
            "register_entry": register_entry,
        },
    )


def intermediary_outcome(
    *,
    actor: Any,
    case: IntermediaryCase,
    expected_version: int,
    outcome: str,
    outcome_on: date,
    outcome_note: str,
) -> None:
    """The outcome, once the checks are recorded. Where the adopted person's
    veto applies the agency must not proceed (SI 2005/2701 reg. 8(3)); a
    qualified veto allows only the contact the adopted person specified."""
    if case.outcome:
        raise ValidationError({"__all__": _("The outcome is already recorded")})
    if not case.checks_done:
        raise ValidationError(
            {"__all__": _("Record the identity, veto and Adoption Contact Register checks first")}
        )
    if outcome not in codes.IntermediaryOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome")})
    _not_future(outcome_on, "outcome_on")
    latest = max(d for d in (case.identity_confirmed_on, case.veto_checked_on, case.register_checked_on) if d)
    _not_before(outcome_on, latest, "outcome_on", _("the checks"))
    if case.veto == codes.Veto.ABSOLUTE and outcome not in {
        codes.IntermediaryOutcome.STOPPED_VETO,
        codes.IntermediaryOutcome.WITHDRAWN,
    }:
        raise ValidationError(
            {"outcome": _("The adopted person has vetoed any contact: the application must stop here")}
        )
    if case.veto == codes.Veto.QUALIFIED and outcome in codes.APPROACHED and not outcome_note.strip():
        raise ValidationError(
            {
                "outcome_note": _(
                    "Explain how the approach kept to what the adopted person specified in their veto"
                )
            }
        )
    if outcome == codes.IntermediaryOutcome.STOPPED_VETO and case.veto == codes.Veto.NONE:
        raise ValidationError({"outcome": _("No veto was found in the checks")})
    _update(
        actor,
        case,
        INTERMEDIARY,
        expected_version,
        {"outcome": outcome, "outcome_on": outcome_on, "outcome_note": outcome_note.strip()},
    )
