"""Made-up adoption support work for Vale, Valleys and Cardiff, so a newcomer
who runs `make run` sees a living caseload: support cases at different
stages, a letterbox agreement with a missed exchange, a birth records
request waiting for counselling, and an intermediary application. Safe to
run again: nothing is made twice."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from nas.accounts.models import User
from nas.core.calendar import add_months
from nas.organisations.models import Organisation
from nas.support import codes, services
from nas.support.models import SupportCase, SupportPerson

#: The demo's people, by a key used only here: (kind, first names, last name, born, adopted).
PEOPLE = {
    "parent": (codes.PersonKind.ADOPTIVE_PARENT, "Sian", "Llewellyn", date(1984, 3, 2), None),
    "child": (codes.PersonKind.CHILD, "Deio", "Llewellyn", date(2018, 6, 21), date(2020, 9, 14)),
    "birth_mother": (codes.PersonKind.BIRTH_PARENT, "Kayleigh", "Morris", date(1996, 1, 9), None),
    "grandmother": (codes.PersonKind.BIRTH_RELATIVE, "Carol", "Morris", date(1968, 7, 30), None),
    "adopted_adult": (
        codes.PersonKind.ADOPTED_ADULT,
        "Gwyneth",
        "Harries",
        date(1971, 2, 11),
        date(1972, 5, 4),
    ),
    "adopted_adult_2": (
        codes.PersonKind.ADOPTED_ADULT,
        "Martin",
        "Beynon",
        date(1969, 10, 3),
        date(1970, 4, 17),
    ),
    "birth_sister": (codes.PersonKind.BIRTH_RELATIVE, "Eirlys", "Price", date(1966, 12, 1), None),
}


def _person(region: Organisation, actor: User, key: str) -> SupportPerson:
    kind, first, last, born, adopted = PEOPLE[key]
    found = SupportPerson.objects.filter(region=region, first_names=first, last_name=last).first()
    if found is not None:
        return found
    return services.person_create(
        actor=actor,
        region_id=region.pk,
        kind=kind,
        first_names=first,
        last_name=last,
        date_of_birth=born,
        adoption_date=adopted,
    )


def seed_support() -> int:
    """Returns how many support cases it made (0 when the demo is already there)."""
    region = Organisation.objects.get(code="vale-valleys-cardiff")
    worker = User.objects.get(username="support.vvc")
    manager = User.objects.get(username="manager.vvc")
    if SupportCase.objects.filter(region=region).exists():
        return 0
    today = timezone.localdate()
    with transaction.atomic():
        people = {key: _person(region, worker, key) for key in PEOPLE}

        # 1. An adoptive family whose support plan is in place, with therapy and an allowance.
        family = services.case_create(
            actor=worker,
            region_id=region.pk,
            person=people["parent"],
            worker=worker,
            requested_on=today - timedelta(days=200),
            request_summary="Help with Deio's sleep and anxiety since starting school.",
        )
        services.case_assess(
            actor=worker,
            case=family,
            expected_version=family.version,
            assessed_on=today - timedelta(days=170),
            needs_statement="Deio needs help with early trauma; the family needs help with costs.",
            proposal="Therapeutic parenting sessions; an adoption allowance.",
            notice_sent_on=today - timedelta(days=168),
            representations_by=today - timedelta(days=140),
        )
        family.refresh_from_db()
        services.case_decide(
            actor=manager,
            case=family,
            expected_version=family.version,
            decided_on=today - timedelta(days=135),
            decision=codes.Decision.PROVIDE,
            representations_on=None,
        )
        family.refresh_from_db()
        for kind, detail, provider, amount, frequency in (
            (
                codes.ServiceKind.THERAPEUTIC,
                "Twelve therapeutic parenting sessions",
                "Adoption therapy team",
                None,
                "",
            ),
            (
                codes.ServiceKind.FINANCIAL,
                "Adoption allowance",
                "Vale of Glamorgan",
                Decimal("45.00"),
                "weekly",
            ),
        ):
            services.service_add(
                actor=worker,
                case=family,
                kind=kind,
                detail=detail,
                provider=provider,
                starts_on=today - timedelta(days=130),
                amount=amount,
                frequency=frequency,
            )
        family.refresh_from_db()
        services.plan_agree(
            actor=worker,
            case=family,
            expected_version=family.version,
            plan_agreed_on=today - timedelta(days=128),
            plan_summary="Therapy for a year and a weekly allowance; reviewed at least once a year.",
        )

        # 2. A birth mother's request, with the assessment overdue.
        services.case_create(
            actor=worker,
            region_id=region.pk,
            person=people["birth_mother"],
            worker=worker,
            requested_on=today - timedelta(days=90),
            request_summary="Counselling after her son's adoption, and help writing letterbox letters.",
        )

        # 3. A new request from an adopted adult.
        services.case_create(
            actor=worker,
            region_id=region.pk,
            person=people["adopted_adult_2"],
            worker=worker,
            requested_on=today - timedelta(days=3),
            request_summary="Advice on tracing his birth family.",
        )

        # A letterbox agreement whose latest exchange has passed without the birth mother's letter.
        agreement = services.agreement_create(
            actor=worker,
            region_id=region.pk,
            case=family,
            workers=[worker],
            per_year=codes.LetterboxFrequency.ONCE_A_YEAR,
            agreed_on=add_months(today, -14) - timedelta(days=20),
            first_exchange_on=add_months(today, -14),
            reminder_days=14,
            terms="First names only; no school, town or photographs showing where the family lives.",
        )
        writers = {}
        for key, side in (
            ("parent", codes.FamilySide.ADOPTIVE),
            ("birth_mother", codes.FamilySide.BIRTH),
            ("grandmother", codes.FamilySide.BIRTH),
        ):
            writers[key] = services.party_add(
                actor=worker,
                agreement=agreement,
                person=people[key],
                side=side,
                writes=key != "grandmother",
                receives=True,
            )
        first = agreement.first_exchange_on
        for key in ("parent", "birth_mother"):
            letter = services.letter_record(
                actor=worker,
                agreement=agreement,
                writer=writers[key],
                exchange_on=first,
                received_on=first - timedelta(days=5),
                content="Deio loves the beach and has started swimming lessons."
                if key == "parent"
                else "I think about you every day and I am proud of you.",
            )
            services.letter_check(
                actor=worker, letter=letter, expected_version=letter.version, approve=True, checked_on=first
            )
            letter.refresh_from_db()
            services.letter_release(
                actor=worker, letter=letter, expected_version=letter.version, released_on=first
            )
        # The second exchange: the adoptive family wrote, the birth mother has not.
        services.letter_record(
            actor=worker,
            agreement=agreement,
            writer=writers["parent"],
            exchange_on=add_months(first, 12),
            received_on=add_months(first, 12) - timedelta(days=3),
            content="Deio is in year two now and has a new best friend.",
        )

        # A birth records request from someone adopted in 1972: counselling must come first.
        services.birth_records_create(
            actor=worker,
            region_id=region.pk,
            person=people["adopted_adult"],
            worker=worker,
            received_on=today - timedelta(days=10),
            counselling_offered_on=today - timedelta(days=10),
        )

        # An intermediary application: an adopted adult (adopted 1970) seeking his birth sister.
        services.intermediary_create(
            actor=worker,
            region_id=region.pk,
            applicant=people["adopted_adult_2"],
            subject=people["birth_sister"],
            worker=worker,
            received_on=today - timedelta(days=20),
            adoption_date=date(1970, 4, 17),
        )
    return 3
