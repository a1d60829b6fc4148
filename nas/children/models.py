"""A child for whom adoption is, or was, the plan: owned by a local authority.

Identity (names, date of birth, the authority's case reference) is kept out
of anything shared beyond the authority; the needs profile is what family
finding works from. Figures and deadlines are computed from the dated
milestones, never typed in twice.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nas.children import codes
from nas.children.journey import MilestoneKind, Stage
from nas.core.models import Archivable, ArchivableQuerySet, Record


class SiblingGroup(Record):
    local_authority = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="sibling_groups"
    )
    name = models.CharField(_("name of the group"), max_length=120)
    placed_together = models.BooleanField(_("to be placed together"), default=True)
    reason_apart = models.TextField(_("why the children are to be placed apart"), blank=True)

    class Meta:
        verbose_name = _("sibling group")
        verbose_name_plural = _("sibling groups")

    def __str__(self) -> str:
        return self.name


class Child(Record):
    local_authority = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("local authority"),
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"kind": "local_authority"},
    )
    team = models.ForeignKey(
        "organisations.Team", verbose_name=_("team"), on_delete=models.PROTECT, null=True, blank=True
    )
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("child's social worker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocated_children",
    )
    # Identity: never leaves the authority.
    case_reference = models.CharField(
        _("case reference"),
        max_length=40,
        help_text=_("The child's reference in the authority's case system (CHILD in the SSDA903 return)."),
    )
    # Blank only for children imported from an SSDA903 return, which carries no names.
    first_names = models.CharField(_("first names"), max_length=120, blank=True)
    last_name = models.CharField(_("last name"), max_length=120, blank=True)
    former_names = models.TextField(
        _("former names"),
        blank=True,
        help_text=_("Names the child has been known by, such as a birth name or a name before adoption."),
    )
    date_of_birth = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=codes.Sex.choices)
    # Legal status and route.
    legal_status = models.CharField(
        _("legal status"), max_length=2, choices=codes.LegalStatus.choices, blank=True
    )
    early_permanence = models.CharField(
        _("early permanence route"),
        max_length=30,
        choices=codes.EarlyPermanence.choices,
        default=codes.EarlyPermanence.NONE,
    )
    # Needs profile.
    ethnicity = models.CharField(_("ethnicity"), max_length=4, choices=codes.Ethnicity.choices)
    religion = models.CharField(_("religion"), max_length=80, blank=True)
    language = models.CharField(
        _("language"), max_length=12, choices=codes.WelshLanguage.choices, default=codes.WelshLanguage.ENGLISH
    )
    health_needs = models.CharField(
        _("health needs"), max_length=6, choices=codes.NeedLevel.choices, default=codes.NeedLevel.NONE
    )
    developmental_needs = models.CharField(
        _("developmental needs"), max_length=6, choices=codes.NeedLevel.choices, default=codes.NeedLevel.NONE
    )
    behavioural_needs = models.CharField(
        _("emotional and behavioural needs"),
        max_length=6,
        choices=codes.NeedLevel.choices,
        default=codes.NeedLevel.NONE,
    )
    disability = models.BooleanField(_("disabled"), default=False)
    needs_summary = models.TextField(_("summary of needs"), blank=True)
    contact_plan = models.CharField(
        _("contact plan"),
        max_length=20,
        choices=codes.ContactPlan.choices,
        default=codes.ContactPlan.LETTERBOX,
    )
    location_limits = models.TextField(
        _("where the child should not live"),
        blank=True,
        help_text=_("For example, not near the birth family's area."),
    )
    avoid_authorities = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("authorities the child should not be placed in"),
        blank=True,
        related_name="+",
    )
    sibling_group = models.ForeignKey(
        SiblingGroup,
        verbose_name=_("sibling group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # The journey: its stage moves only through nas.children.services.
    stage = models.CharField(_("stage"), max_length=30, choices=Stage.choices, default=Stage.IN_CARE)
    # At the adoption order the pre-adoption record is restricted.
    restricted_at = models.DateTimeField(_("restricted at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["last_name", "first_names"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "case_reference"],
                name="one_child_per_case_reference_per_authority",
            )
        ]
        indexes = [models.Index(fields=["local_authority", "stage"], name="child_by_authority_stage")]

    def __str__(self) -> str:
        name = f"{self.first_names} {self.last_name}".strip()
        return name or str(_("Child %(reference)s") % {"reference": self.case_reference})

    @property
    def is_restricted(self) -> bool:
        return self.restricted_at is not None

    def age_on(self, day: date) -> int:
        years = day.year - self.date_of_birth.year
        return years - ((day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day))


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Milestones are never deleted; correct the date with a reason instead.")


class Milestone(models.Model):
    """A dated step in the child's journey. Corrections change the date with
    a reason, and the audit trail keeps the old one; nothing is deleted."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="milestones")
    kind = models.CharField(_("milestone"), max_length=30, choices=MilestoneKind.choices)
    date = models.DateField(_("date"))
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    sequence = models.PositiveIntegerField(_("order in the journey"))
    #: The child's JourneyDates, joined on the child (no column of its own).
    journey = models.ForeignObject(
        "JourneyDates",
        on_delete=models.DO_NOTHING,
        from_fields=["child"],
        to_fields=["child"],
        related_name="+",
    )

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["child", "sequence"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["child", "sequence"], name="one_milestone_per_position")
        ]
        indexes = [models.Index(fields=["kind", "date"], name="milestone_by_kind_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("Milestones are never deleted; correct the date with a reason instead.")

    @property
    def detail_label(self) -> str:
        """The coded detail in words (the reason a plan changed, the basis of
        authority to place, where the child is placed)."""
        area = self.detail.get("placement_area") if self.kind == MilestoneKind.PLACED else None
        if area in codes.PlacementArea.values:
            return str(codes.PlacementArea(area).label)
        for key, choices in (
            (
                "reason",
                codes.DisruptionReason if self.kind == MilestoneKind.DISRUPTED else codes.PlanChangeReason,
            ),
            ("basis", codes.AuthorityBasis),
        ):
            value = self.detail.get(key)
            if value in choices.values:
                return str(choices(value).label)
        return ""


class JourneyDates(models.Model):
    """The dates of one child's journey that the performance measures read,
    derived from the milestones (never typed in) and rewritten with them in
    the same transaction: nas.children.journey_dates keeps them. The once-only
    steps have their one date; placement, match decision and link may recur
    (after a disruption), and the measures of the adoption order read the
    last of each; the wait from the 'should be placed' decision (NAS-C4)
    ends at the first match decision or change of plan."""

    child = models.OneToOneField(
        Child, on_delete=models.PROTECT, primary_key=True, related_name="journey_dates"
    )
    #: The child's authority, copied (it never changes once the record is
    #: made) so the measures read one table instead of two.
    local_authority = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    entered_care = models.DateField(null=True)
    should_be_placed = models.DateField(null=True)
    authority_to_place = models.DateField(null=True)
    adoption_order = models.DateField(null=True)
    last_placed = models.DateField(null=True)
    last_match_decision = models.DateField(null=True)
    last_linked = models.DateField(null=True)
    wait_ended = models.DateField(null=True)

    class Meta:
        verbose_name = _("journey dates")
        verbose_name_plural = _("journey dates")
        indexes = [
            models.Index(fields=["adoption_order"], name="journey_by_adoption_order"),
            models.Index(fields=["should_be_placed"], name="journey_by_should_be_placed"),
        ]

    def __str__(self) -> str:
        return f"journey dates of child {self.child_id}"


class PostAdoptionRecord(Record):
    """Begins at the adoption order. The pre-adoption record is restricted
    from then on; this record is what post-adoption work refers to."""

    child = models.OneToOneField(Child, on_delete=models.PROTECT, related_name="post_adoption_record")
    adoption_order_date = models.DateField(_("date of the adoption order"))
    reference = models.CharField(_("post-adoption reference"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("post-adoption record")
        verbose_name_plural = _("post-adoption records")

    def __str__(self) -> str:
        return self.reference

    @staticmethod
    def new_reference(adoption_order_date: date) -> str:
        """A reference that says nothing of the child's pre-adoption identity."""
        return f"PA-{adoption_order_date:%Y}-{secrets.token_hex(4).upper()}"


class CareEpisode(Archivable):
    """One episode of the child's care as the authority's case system
    returned it (an SSDA903 Episodes row): the child's care history as data
    (docs/design.md, "The care history"). Kept as imported, so the SSDA903
    export gives back what came in; the journey's milestones are derived from
    these episodes by the import. A later year's file completes an episode
    (its end, reason) and adds the new ones; nothing is deleted. A child
    recorded by hand has the episodes its milestones make, written by the
    same module (source "journey"). Nothing is deleted: an episode replaced
    (a return's episode over a hand-recorded one, an episode a corrected
    milestone no longer makes) is archived, superseded, with the reason, and
    stays in the child's history (nas.children.selectors.care_history_of)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="care_episodes")
    #: DECOM: the date the episode began.
    start = models.DateField(_("episode began"))
    #: RNE: why a new episode began (S started to be looked after, L, P, T, B, U).
    reason_new = models.CharField(_("reason for the new episode"), max_length=1)
    legal_status = models.CharField(_("legal status"), max_length=2)
    #: CIN: the category of need.
    category_of_need = models.CharField(_("category of need"), max_length=2, blank=True)
    place = models.CharField(_("placement"), max_length=2, blank=True)
    place_provider = models.CharField(_("placement provider"), max_length=3, blank=True)
    #: DEC: the date the episode ended (None: not ended in the file).
    end = models.DateField(_("episode ended"), null=True, blank=True)
    #: REC: why it ended (X1 a new episode began, E11/E12 adopted, ...).
    reason_ended = models.CharField(_("reason the episode ended"), max_length=3, blank=True)
    reason_place_change = models.CharField(_("reason for the change of placement"), max_length=5, blank=True)
    home_postcode = models.CharField(_("home postcode"), max_length=10, blank=True)
    placement_postcode = models.CharField(_("placement postcode"), max_length=10, blank=True)
    #: URN: the Ofsted unique reference number of the placement.
    urn = models.CharField(_("Ofsted URN"), max_length=10, blank=True)
    #: Where the episode came from: an authority's return (kept as it came in),
    #: or the milestones recorded by hand (nas.children.care_history.journey_history_write).
    source = models.CharField(
        _("source"),
        max_length=7,
        choices=[("import", _("imported")), ("journey", _("recorded"))],
        default="import",
    )
    #: An imported episode the return left open that a milestone recorded by
    #: hand afterwards ended (its end, REC and REASON_PLACE_CHANGE are the
    #: journey's, and follow a correction of that milestone).
    ended_by_journey = models.BooleanField(_("ended by a recorded milestone"), default=False)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["child", "start"]
        verbose_name = _("care episode")
        verbose_name_plural = _("care episodes")
        constraints = [
            models.UniqueConstraint(
                fields=["child", "start"],
                condition=models.Q(archived_at__isnull=True),
                name="one_current_episode_per_child_and_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason_new} {self.start:%Y-%m-%d}"
