"""Adoption support: the regional function of supporting children, adoptive
families, birth parents and relatives, brothers and sisters, and adopted
adults, before and after adoption (Adoption and Children Act 2002, ss.2-4;
SI 2005/1512 (W.116)).

Every record here is owned by a region (the regional collaborative whose
support team holds it) and kept for at least 100 years: nothing is deleted.
Dates of each step are stored; deadlines are computed in deadlines.py.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nas.core.models import NEVER_DELETED, Record
from nas.support import codes, deadlines

REGION = {"kind": "region"}
LOCAL_AUTHORITY = {"kind": "local_authority"}


class Undeletable(models.Model):
    """Rows that belong to a record (services, reviews, sessions, parties): kept with it."""

    class Meta:
        abstract = True

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError(NEVER_DELETED)


class SupportPerson(Record):
    """Someone adoption support is for: a child, an adoptive parent, a birth
    parent or relative, a brother or sister, or an adopted adult."""

    region = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="support_people",
        limit_choices_to=REGION,
    )
    kind = models.CharField(_("who they are"), max_length=20, choices=codes.PersonKind.choices)
    first_names = models.CharField(_("first names"), max_length=120)
    last_name = models.CharField(pgettext_lazy("person", "last name"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    adoption_date = models.DateField(
        _("date of the adoption order"),
        null=True,
        blank=True,
        help_text=_("For an adopted person: the date their adoption order was made."),
    )
    # A child known to a Welsh authority: their record (or post-adoption record) there.
    child = models.ForeignKey(
        "children.Child",
        verbose_name=_("child's record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_people",
    )
    # A record in another part of the service (e.g. an adopter household), by type and id.
    linked_record_type = models.CharField(_("linked record type"), max_length=60, blank=True)
    linked_record_id = models.CharField(_("linked record"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("person receiving support")
        verbose_name_plural = _("people receiving support")
        ordering = ["last_name", "first_names", "pk"]
        indexes = [models.Index(fields=["region", "last_name"], name="support_person_by_name")]

    def __str__(self) -> str:
        return f"{self.first_names} {self.last_name}"

    def age_on(self, day: date) -> int | None:
        return deadlines.age_on(self.date_of_birth, day) if self.date_of_birth else None


class SupportCase(Record):
    """A request for adoption support and what came of it: the assessment of
    needs, notice of the proposal, the decision, the plan with its services,
    reviews, and closure with the outcome."""

    region = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="support_cases",
        limit_choices_to=REGION,
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    person = models.ForeignKey(
        SupportPerson, verbose_name=_("person"), on_delete=models.PROTECT, related_name="cases"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("support worker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_cases",
    )
    requested_on = models.DateField(_("date support was requested"))
    request_summary = models.TextField(_("what was asked for"))
    # Out-of-area placement (SI 2005/1512 reg. 7(4)-(5)).
    placing_authority = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("placing authority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=LOCAL_AUTHORITY,
    )
    receiving_authority = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("authority where the family lives"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=LOCAL_AUTHORITY,
    )
    consulted_on = models.DateField(_("date the receiving authority was consulted"), null=True, blank=True)
    # Assessment and proposal (reg. 9).
    assessed_on = models.DateField(_("date the assessment was completed"), null=True, blank=True)
    needs_statement = models.TextField(_("statement of needs"), blank=True)
    proposal = models.TextField(_("services proposed"), blank=True)
    notice_sent_on = models.DateField(_("date notice of the proposal was sent"), null=True, blank=True)
    representations_by = models.DateField(_("representations to be made by"), null=True, blank=True)
    representations_on = models.DateField(
        _("date representations were made or the person said they were satisfied"), null=True, blank=True
    )
    # Decision (reg. 13) and plan.
    decided_on = models.DateField(_("date of the decision"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=codes.Decision.choices, blank=True)
    plan_agreed_on = models.DateField(_("date the support plan was agreed"), null=True, blank=True)
    plan_summary = models.TextField(_("support plan"), blank=True)
    # Closure.
    closed_on = models.DateField(_("date closed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=codes.CaseOutcome.choices, blank=True)
    closure_note = models.TextField(_("closing note"), blank=True)

    class Meta:
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")
        ordering = ["-requested_on", "pk"]
        indexes = [
            models.Index(fields=["region", "closed_on"], name="support_case_open"),
            models.Index(fields=["worker", "closed_on"], name="support_case_by_worker"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def assessment_due(self) -> date:
        return deadlines.assessment_due(self.requested_on)

    @property
    def consultation_ends(self) -> date | None:
        return deadlines.consultation_ends(self.consulted_on) if self.consulted_on else None

    def last_reviewed_on(self) -> date | None:
        reviews = getattr(self, "_prefetched_objects_cache", {}).get("reviews")
        dates = [r.reviewed_on for r in (reviews if reviews is not None else self.reviews.all())]
        return max(dates) if dates else None

    @property
    def review_due(self) -> date | None:
        if self.plan_agreed_on is None:
            return None
        return deadlines.review_due(self.last_reviewed_on() or self.plan_agreed_on)


class SupportService(Undeletable):
    """One service in the support plan."""

    case = models.ForeignKey(SupportCase, on_delete=models.PROTECT, related_name="services")
    kind = models.CharField(_("service"), max_length=20, choices=codes.ServiceKind.choices)
    detail = models.TextField(_("what will be provided"))
    provider = models.CharField(_("who provides it"), max_length=200)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    amount = models.DecimalField(_("amount (£)"), max_digits=9, decimal_places=2, null=True, blank=True)
    frequency = models.CharField(
        _("how often it is paid"), max_length=10, choices=codes.Frequency.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(pgettext_lazy("support", "recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support service")
        verbose_name_plural = _("support services")
        ordering = ["case", "starts_on", "pk"]
        indexes = [models.Index(fields=["kind", "ends_on"], name="support_service_by_kind")]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def is_active(self, today: date) -> bool:
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)


class SupportReview(Undeletable):
    """A review of the support plan: what was found and what changes."""

    case = models.ForeignKey(SupportCase, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField(_("date of the review"))
    summary = models.TextField(_("what the review found"))
    changes = models.TextField(_("changes to the plan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(pgettext_lazy("support", "recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["case", "reviewed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.reviewed_on:%Y-%m-%d}"


class LetterboxAgreement(Record):
    """An agreement between an adoptive family and a birth family to exchange
    letters through the region: who writes, how often and when. Only the
    workers allocated to it and the regional manager may see it."""

    region = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="letterbox_agreements",
        limit_choices_to=REGION,
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    case = models.ForeignKey(
        SupportCase,
        verbose_name=_("support case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letterbox_agreements",
    )
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("allocated workers"), related_name="letterbox_agreements"
    )
    per_year = models.PositiveSmallIntegerField(
        _("how often letters are exchanged"), choices=codes.LetterboxFrequency.choices
    )
    first_exchange_on = models.DateField(_("date of the first exchange"))
    reminder_days = models.PositiveSmallIntegerField(_("days before an exchange to remind"), default=14)
    terms = models.TextField(_("what the letters may contain"), blank=True)
    agreed_on = models.DateField(_("date agreed"))
    ended_on = models.DateField(_("date the agreement ended"), null=True, blank=True)
    end_reason = models.TextField(_("why the agreement ended"), blank=True)

    class Meta:
        verbose_name = _("letterbox agreement")
        verbose_name_plural = _("letterbox agreements")
        ordering = ["reference"]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class LetterboxParty(Undeletable):
    """A person the agreement names, on the adoptive or the birth family's side."""

    agreement = models.ForeignKey(LetterboxAgreement, on_delete=models.PROTECT, related_name="parties")
    person = models.ForeignKey(
        SupportPerson, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    side = models.CharField(_("family"), max_length=10, choices=codes.FamilySide.choices)
    writes = models.BooleanField(_("writes a letter at each exchange"), default=True)
    receives = models.BooleanField(_("receives the other family's letters"), default=True)

    class Meta:
        verbose_name = _("party to the agreement")
        verbose_name_plural = _("parties to the agreement")
        ordering = ["agreement", "side", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "person"], name="one_party_per_person_per_agreement")
        ]

    def __str__(self) -> str:
        return str(self.person)


class Letter(Record):
    """A letter from one family to the other. It is checked by a worker before
    it is released, or withheld with the reason; it is never deleted."""

    agreement = models.ForeignKey(LetterboxAgreement, on_delete=models.PROTECT, related_name="letters")
    writer = models.ForeignKey(
        LetterboxParty, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="letters"
    )
    exchange_on = models.DateField(_("exchange"))
    received_on = models.DateField(_("date received"))
    content = models.TextField(_("the letter"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=codes.LetterStatus.choices, default=codes.LetterStatus.RECEIVED
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_on = models.DateField(_("date checked"), null=True, blank=True)
    check_note = models.TextField(_("notes from the check"), blank=True)
    withheld_reason = models.TextField(_("why the letter is withheld"), blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_on = models.DateField(_("date released"), null=True, blank=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["agreement", "exchange_on", "pk"]
        indexes = [models.Index(fields=["agreement", "exchange_on"], name="letter_by_exchange")]

    def __str__(self) -> str:
        return f"{self.agreement} {self.exchange_on:%Y-%m-%d}"


class BirthRecordsRequest(Record):
    """An adopted adult's request for the information to obtain their birth
    record, the counselling that comes first where the law requires it, and
    what was disclosed and when."""

    region = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="birth_records_requests",
        limit_choices_to=REGION,
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    person = models.ForeignKey(
        SupportPerson,
        verbose_name=_("adopted adult"),
        on_delete=models.PROTECT,
        related_name="birth_records_requests",
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="birth_records_requests",
    )
    received_on = models.DateField(_("date the request was received"))
    adoption_date = models.DateField(_("date of the adoption order"))
    counselling_offered_on = models.DateField(_("date counselling was offered"), null=True, blank=True)
    disclosed_on = models.DateField(_("date of disclosure"), null=True, blank=True)
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    disclosure = models.TextField(_("what was disclosed"), blank=True)

    class Meta:
        verbose_name = _("birth records request")
        verbose_name_plural = _("birth records requests")
        ordering = ["-received_on", "pk"]

    def __str__(self) -> str:
        return self.reference

    @property
    def counselling_required(self) -> bool:
        return deadlines.counselling_required(self.adoption_date)

    @property
    def route(self) -> str:
        return deadlines.birth_records_route(self.adoption_date)


class CounsellingSession(Undeletable):
    """A birth records counselling interview (ACA 2002 Sch. 2 para. 4; SI 2005/2689 reg. 15)."""

    request = models.ForeignKey(BirthRecordsRequest, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(_("date of the session"))
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("counsellor"), on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("notes of the session"))
    recorded_at = models.DateTimeField(pgettext_lazy("support", "recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("counselling session")
        verbose_name_plural = _("counselling sessions")
        ordering = ["request", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d}"


class IntermediaryCase(Record):
    """An intermediary service for an adoption before 30 December 2005: an
    adopted adult seeking a birth relative, or a relative seeking the adopted
    person (SI 2005/2701 (W.190))."""

    region = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="intermediary_cases",
        limit_choices_to=REGION,
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    applicant = models.ForeignKey(
        SupportPerson,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="intermediary_applications",
    )
    subject = models.ForeignKey(
        SupportPerson,
        verbose_name=_("person sought"),
        on_delete=models.PROTECT,
        related_name="intermediary_subjects",
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intermediary_cases",
    )
    received_on = models.DateField(_("date the application was received"))
    adoption_date = models.DateField(_("date of the adoption order"))
    subject_adult_confirmed = models.BooleanField(
        _("the person sought is known to be 18 or over"), default=False
    )
    # Checks (regs. 11 to 13).
    identity_confirmed_on = models.DateField(
        _("date identity, age and relationship were confirmed"), null=True, blank=True
    )
    adoption_agency = models.CharField(_("the appropriate adoption agency"), max_length=200, blank=True)
    veto_checked_on = models.DateField(_("date the veto check was made"), null=True, blank=True)
    veto = models.CharField(_("veto"), max_length=10, choices=codes.Veto.choices, blank=True)
    veto_detail = models.TextField(_("what the adopted person specified"), blank=True)
    register_checked_on = models.DateField(
        _("date the Adoption Contact Register was checked"), null=True, blank=True
    )
    register_entry = models.CharField(
        _("Adoption Contact Register"), max_length=20, choices=codes.RegisterEntry.choices, blank=True
    )
    # Outcome.
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=codes.IntermediaryOutcome.choices, blank=True
    )
    outcome_on = models.DateField(_("date of the outcome"), null=True, blank=True)
    outcome_note = models.TextField(_("what happened"), blank=True)

    class Meta:
        verbose_name = _("intermediary case")
        verbose_name_plural = _("intermediary cases")
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return self.reference

    @property
    def priority(self) -> bool:
        return deadlines.intermediary_priority(self.adoption_date)

    @property
    def subject_is_adopted_person(self) -> bool:
        return self.subject.kind in {codes.PersonKind.ADOPTED_ADULT, codes.PersonKind.CHILD}

    @property
    def checks_done(self) -> bool:
        return bool(self.identity_confirmed_on and self.veto_checked_on and self.register_checked_on)
