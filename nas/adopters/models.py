"""The adopter household: owned by a region or a voluntary adoption agency.

The applicants' identity is personal data: every read and write of a
household is audited (record type "adopters.household"). The approval range
is what family finding compares with a child's needs profile, so it uses the
child's code sets (nas.children.codes). Figures and deadlines are computed
from the dated milestones, never typed in twice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from nas.adopters import codes
from nas.adopters.journey import MilestoneKind, Stage
from nas.children.codes import NeedLevel
from nas.core.models import Record


class Household(Record):
    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("region or agency"),
        on_delete=models.PROTECT,
        related_name="adopter_households",
    )
    reference = models.CharField(_("reference"), max_length=40, unique=True, editable=False)
    kind = models.CharField(
        _("kind of adoption"), max_length=20, choices=codes.HouseholdKind.choices, default="domestic"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessing social worker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessed_households",
    )
    residence_authority = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("local authority they live in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "local_authority"},
    )
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("telephone number"), max_length=40, blank=True)
    language = models.CharField(
        _("language of the home"),
        max_length=12,
        choices=codes.HomeLanguage.choices,
        default=codes.HomeLanguage.ENGLISH,
    )
    # Heritage, weighed by family finding (never a bar): the child's code set (SSDA903 ETHNIC).
    ethnicities = models.JSONField(
        _("ethnic backgrounds in the household"),
        default=list,
        blank=True,
        help_text=_(
            "Codes of the ethnic backgrounds the applicants share with a child (as on the child's record)."
        ),
    )
    religion = models.CharField(_("religion of the household"), max_length=80, blank=True)
    # The approval range: set when approved, changed at a review; family finding reads it.
    age_min = models.PositiveSmallIntegerField(
        _("youngest age (years)"), null=True, blank=True, validators=[MaxValueValidator(17)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("oldest age (years)"), null=True, blank=True, validators=[MaxValueValidator(17)]
    )
    max_children = models.PositiveSmallIntegerField(
        _("most children at once"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    sibling_group = models.BooleanField(_("will take a sibling group"), default=False)
    health_needs = models.CharField(
        _("health needs they can meet"), max_length=6, choices=NeedLevel.choices, blank=True
    )
    developmental_needs = models.CharField(
        _("developmental needs they can meet"), max_length=6, choices=NeedLevel.choices, blank=True
    )
    behavioural_needs = models.CharField(
        _("emotional and behavioural needs they can meet"),
        max_length=6,
        choices=NeedLevel.choices,
        blank=True,
    )
    disability = models.BooleanField(_("can care for a disabled child"), default=False)
    contact = models.JSONField(
        _("contact they can manage"),
        default=list,
        blank=True,
        help_text=_("Codes of the contact plans (as on the child's record) they can manage."),
    )
    stage = models.CharField(_("stage"), max_length=30, choices=Stage.choices, default=Stage.ENQUIRY)

    class Meta:
        verbose_name = _("adopter household")
        verbose_name_plural = _("adopter households")
        ordering = ["reference"]
        indexes = [models.Index(fields=["owner", "stage"], name="household_by_owner_stage")]

    def __str__(self) -> str:
        return self.reference

    @property
    def has_approval_range(self) -> bool:
        return self.age_max is not None and self.max_children is not None


class HouseholdMember(models.Model):
    """An applicant, or another person living in the household (checks and
    the Prospective Adopter's Report cover everyone in the home)."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(_("role in the household"), max_length=12, choices=codes.MemberRole.choices)
    first_names = models.CharField(_("first names"), max_length=120)
    last_name = models.CharField(_("last name"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    relationship = models.CharField(_("relationship to the applicants"), max_length=120, blank=True)

    class Meta:
        ordering = ["household", "pk"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return f"{self.first_names} {self.last_name}"

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("Household members are never deleted; the audit trail keeps who lived there.")


class Milestone(models.Model):
    """A dated step of the household's journey. Corrections change the date
    with a reason, and the audit trail keeps the old one; nothing is deleted."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="milestones")
    kind = models.CharField(_("milestone"), max_length=30, choices=MilestoneKind.choices)
    date = models.DateField(_("date"))
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    sequence = models.PositiveIntegerField(_("order in the journey"))

    class Meta:
        ordering = ["household", "sequence"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "sequence"], name="one_household_milestone_per_position"
            )
        ]
        indexes = [models.Index(fields=["kind", "date"], name="household_milestone_kind_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("Milestones are never deleted; correct the date with a reason instead.")


class HouseholdDates(models.Model):
    """The dates of one household's journey that the performance measures
    read, derived from the milestones (never typed in) and rewritten with
    them in the same transaction (nas.adopters.journey_dates). Every step
    read here is recorded at most once in a journey; the wait from approval
    (NAS-A4) ends at the first match, withdrawal or deregistration."""

    household = models.OneToOneField(
        Household, on_delete=models.PROTECT, primary_key=True, related_name="journey_dates"
    )
    enquiry = models.DateField(null=True)
    roi_accepted = models.DateField(null=True)
    #: Stage 1 completed, or found not suitable at Stage 1.
    stage_one_decided = models.DateField(null=True)
    stage_two_started = models.DateField(null=True)
    qualifying_determination = models.DateField(null=True)
    approved = models.DateField(null=True)
    referred_to_register = models.DateField(null=True)
    wait_ended = models.DateField(null=True)

    class Meta:
        verbose_name = _("household journey dates")
        verbose_name_plural = _("household journey dates")

    def __str__(self) -> str:
        return f"journey dates of household {self.household_id}"


class Enquiry(Record):
    """An enquiry from the public, made through the public form (no sign-in).
    It lands on the chosen region's or agency's enquiry list."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("region or agency"),
        on_delete=models.PROTECT,
        related_name="adopter_enquiries",
    )
    first_names = models.CharField(_("first names"), max_length=120)
    last_name = models.CharField(_("last name"), max_length=120)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("telephone number"), max_length=40, blank=True)
    residence_authority = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("local authority you live in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(
        _("kind of adoption"), max_length=20, choices=codes.HouseholdKind.choices, default="domestic"
    )
    message = models.TextField(_("message"), blank=True)
    language = models.CharField(_("preferred language"), max_length=2, default="en")
    received_at = models.DateTimeField(_("received at"))
    status = models.CharField(
        _("status"), max_length=10, choices=codes.EnquiryStatus.choices, default=codes.EnquiryStatus.NEW
    )
    household = models.OneToOneField(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="enquiry"
    )

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["organisation", "status"], name="enquiry_by_org_status")]

    def __str__(self) -> str:
        return f"{self.first_names} {self.last_name}"
