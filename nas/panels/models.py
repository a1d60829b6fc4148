"""Adoption panels: meetings with their members, agendas, papers and
recommendations, and the agency decision maker's decisions.

An agenda item refers to its subject by record type and id (an adopter
household, a match, a child's case), resolved through the access registry
(nas.access.policies.for_record_type), so a later part of the service puts
its records on an agenda without this app knowing its models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from nas.core.models import Record


class PanelRole(models.TextChoices):
    CHAIR = "chair", _("Chair (independent)")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    MEDICAL_ADVISER = "medical_adviser", _("Medical adviser")
    INDEPENDENT = "independent", _("Independent member")
    ELECTED_MEMBER = "elected_member", _("Elected member")
    AGENCY_ADVISER = "agency_adviser", _("Agency adviser (does not vote)")
    LEGAL_ADVISER = "legal_adviser", _("Legal adviser (does not vote)")
    MINUTE_TAKER = "minute_taker", _("Minute taker (does not vote)")


NON_VOTING = frozenset({PanelRole.AGENCY_ADVISER, PanelRole.LEGAL_ADVISER, PanelRole.MINUTE_TAKER})


class ItemKind(models.TextChoices):
    ADOPTER_APPROVAL = "adopter_approval", _("Approval of prospective adopters")
    MATCH = "match", _("Match of a child with prospective adopters")
    CHILD_CASE = "child_case", _("Child's case")
    REVIEW = "review", _("Review of an approval")


class Recommendation(models.TextChoices):
    RECOMMENDED = "recommended", _("Recommended")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")
    DEFERRED = "deferred", _("Deferred for more information")


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    MINDED_NOT_TO_APPROVE = (
        "minded_not_to_approve",
        _("Minded not to approve (qualifying determination)"),
    )
    NOT_APPROVED = "not_approved", _("Not approved")


class Meeting(Record):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("region or agency"),
        on_delete=models.PROTECT,
        related_name="panel_meetings",
    )
    date = models.DateField(_("date of the meeting"))
    venue = models.CharField(_("where"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_final_on = models.DateField(
        _("final minutes and papers sent to the decision maker on"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("panel meeting")
        verbose_name_plural = _("panel meetings")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organisation", "date"], name="meeting_by_org_date")]

    def __str__(self) -> str:
        # The date in words, in the reader's language ("3 December 2026", "3 Rhagfyr 2026").
        return str(_("Panel of %(date)s") % {"date": date_format(self.date, "j F Y")})

    @property
    def minutes_are_final(self) -> bool:
        return self.minutes_final_on is not None


class CentralMember(Record):
    """A person on the region's or agency's central list of panel members:
    each meeting's members are chosen from those on the list on its date.

    Source: Adoption Agencies (Wales) Regulations 2005, reg. 3 (as substituted
    by the Adoption Agencies (Wales) (Amendment) Regulations 2014): the agency
    keeps a central list of persons it considers suitable to be members of an
    adoption panel, and appoints each panel's chair from it. The regulation's
    exact Welsh wording could not be read here; the shape follows England's
    reg. 3 as amended in 2012.

    Nobody is removed from the list: leaving is dated (`left_on`), so who sat
    on a past meeting can always be read back."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("region or agency"),
        on_delete=models.PROTECT,
        related_name="central_panel_members",
    )
    name = models.CharField(_("name"), max_length=160)
    role = models.CharField(_("role on the panel"), max_length=20, choices=PanelRole.choices)
    independent = models.BooleanField(_("independent of the agency"), default=False)
    joined_on = models.DateField(_("joined the central list on"))
    left_on = models.DateField(_("left the central list on"), null=True, blank=True)

    class Meta:
        ordering = ["organisation", "name", "pk"]
        verbose_name = _("member of the central list")
        verbose_name_plural = _("central list of panel members")
        indexes = [models.Index(fields=["organisation", "left_on"], name="central_member_by_org")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="central_member_leaves_after_joining",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def on_list_on(self, day: object) -> bool:
        """Whether the person was on the list on `day` (the day they leave, they are not)."""
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)  # type: ignore[operator]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("Nobody is removed from the central list; record the date they left instead.")


class PanelMember(models.Model):
    """A member sitting on one meeting, chosen from the central list. The
    name, role and independence are kept as they were at the meeting, so a
    meeting's record reads the same whatever changes on the list later; a
    member typed in before the central list existed has no `central_member`."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="members")
    central_member = models.ForeignKey(
        CentralMember,
        verbose_name=_("on the central list as"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sittings",
    )
    name = models.CharField(_("name"), max_length=160)
    role = models.CharField(_("role on the panel"), max_length=20, choices=PanelRole.choices)
    independent = models.BooleanField(_("independent of the agency"), default=False)
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "central_member"], name="one_sitting_per_central_member_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def votes(self) -> bool:
        return self.role not in NON_VOTING

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("Panel members are never deleted; mark them absent instead.")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveIntegerField(_("order on the agenda"))
    kind = models.CharField(_("kind of business"), max_length=20, choices=ItemKind.choices)
    subject_type = models.CharField(_("record type"), max_length=60)
    subject_id = models.PositiveBigIntegerField(_("record"))
    subject_label = models.CharField(_("subject"), max_length=120)
    papers_received_on = models.DateField(_("papers received on"), null=True, blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    reasons = models.TextField(_("the panel's reasons"), blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recommended_at = models.DateTimeField(_("recommendation recorded at"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="one_item_per_agenda_position"),
            models.UniqueConstraint(
                fields=["meeting", "kind", "subject_type", "subject_id"],
                name="one_item_per_subject_per_meeting",
            ),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="item_by_subject")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_label}"

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("Agenda items are never deleted.")


class Decision(models.Model):
    """The agency decision maker's decision on a subject, with reasons: who
    decided what and when. Keyed like agenda items (record type and id), so it
    serves adopter approvals, matches and any later kind of decision."""

    subject_type = models.CharField(_("record type"), max_length=60)
    subject_id = models.PositiveBigIntegerField(_("record"))
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="panel_decisions"
    )
    outcome = models.CharField(_("decision"), max_length=30, choices=DecisionOutcome.choices)
    reasons = models.TextField(_("reasons"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("date of the decision"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="decision_by_subject")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.decided_on:%Y-%m-%d}"

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("Decisions are never deleted.")
