"""Family finding's records: the weights the engine uses, the dated
inter-agency fee table, the anonymous profiles of children for whom family
finding has begun and of approved households, and the links between them
(from an expression of interest to the placement)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nas.core.models import NEVER_DELETED, Record
from nas.matching import engine


class WeightSet(models.Model):
    """One version of the engine's weights. Versions are never changed or
    deleted: a change makes a new version, and the newest is in force."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    weights = models.JSONField(_("weights"))
    in_force_from = models.DateTimeField(_("in force from"))
    reason = models.TextField(_("reason for the change"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("weight set")
        verbose_name_plural = _("weight sets")

    def __str__(self) -> str:
        return str(_("Weights, version %(number)s") % {"number": self.number})

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(NEVER_DELETED)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"criterion": name, "label": engine.CRITERION_LABELS[name], "weight": self.weights.get(name, 0)}
            for name in engine.CRITERIA
        ]


class FeeKind(models.TextChoices):
    REGION_TO_REGION = engine.REGION_TO_REGION, _("Between regions or local authorities in Wales")
    REGION_TO_AGENCY = engine.REGION_TO_AGENCY, _("With a voluntary adoption agency's adopters")


class InterAgencyFee(models.Model):
    """The fee the child's agency pays the adopters' agency for a placement
    across regions or with a voluntary agency, per placement of a number of
    children, for placements made between two dates (the date the child
    moves in). Ended rates stay, so old placements keep their fee."""

    kind = models.CharField(_("who pays whom"), max_length=20, choices=FeeKind.choices)
    children = models.PositiveSmallIntegerField(_("number of children placed together"))
    amount = models.PositiveIntegerField(_("fee in pounds"))
    valid_from = models.DateField(_("for placements from"))
    valid_to = models.DateField(_("for placements until"), null=True, blank=True)
    source = models.TextField(_("source"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "children", "-valid_from"]
        verbose_name = _("inter-agency fee")
        verbose_name_plural = _("inter-agency fees")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="fee_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=models.Q(children__gte=1), name="fee_for_at_least_one_child"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.children}: £{self.amount:,}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(NEVER_DELETED)

    def as_rate(self) -> engine.FeeRate:
        return engine.FeeRate(self.kind, self.children, self.amount, self.valid_from, self.valid_to)


class SharedField(models.TextChoices):
    """Optional parts of the profile the child's worker may choose to share.
    Age band, number of children, needs, disability and region are always
    shared: family finding cannot work without them."""

    SEX = "sex", _("Sex")
    ETHNICITY = "ethnicity", _("Ethnicity")
    RELIGION = "religion", _("Religion")
    LANGUAGE = "language", _("Language")
    CONTACT_PLAN = "contact_plan", _("Contact plan")
    EARLY_PERMANENCE = "early_permanence", _("Early permanence route")
    ABOUT = "about", _("About the child (the worker's own words)")


class ChildProfile(Record):
    """The anonymous profile family finding works from: no name, no case
    reference, no date of birth, no place smaller than the region. Made when
    the agency decision maker decides the child should be placed for
    adoption; the child's worker chooses what else it shares and when it is
    published to the region and to the national register."""

    child = models.OneToOneField(
        "children.Child", on_delete=models.PROTECT, related_name="matching_profile", verbose_name=_("child")
    )
    reference = models.CharField(_("profile reference"), max_length=12, unique=True)
    region = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
        limit_choices_to={"kind": "region"},
    )
    shared_fields = models.JSONField(_("also shared"), default=list, blank=True)
    about = models.TextField(
        _("about the child"),
        blank=True,
        help_text=_("What a family should know, in your own words. No names, schools or places."),
    )
    # Location limits of the plan beyond the child's list of authorities to avoid.
    avoid_own_authority = models.BooleanField(_("not in the child's own authority"), default=False)
    avoid_neighbouring_authorities = models.BooleanField(
        _("not in the child's own authority or one next to it"), default=False
    )
    published_to_region_at = models.DateTimeField(_("published to the region"), null=True, blank=True)
    published_nationally_at = models.DateTimeField(
        _("published on the national register"), null=True, blank=True
    )
    #: Where the profile was published when it left family finding at the
    #: match ("region" or "national"; empty while in family finding): it is
    #: published there again if the placement ends before the adoption order.
    held_publication = models.CharField(_("publication held since the match"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("child's profile")
        verbose_name_plural = _("children's profiles")
        ordering = ["reference"]
        indexes = [models.Index(fields=["region", "published_to_region_at"], name="profile_by_region")]

    def __str__(self) -> str:
        return str(_("Profile %(reference)s") % {"reference": self.reference})

    @property
    def is_published_to_region(self) -> bool:
        return self.published_to_region_at is not None

    @property
    def is_published_nationally(self) -> bool:
        return self.published_nationally_at is not None

    @property
    def left_family_finding(self) -> bool:
        return bool(self.held_publication)

    def shares(self, name: str) -> bool:
        return name in (self.shared_fields or [])


class HouseholdSharedField(models.TextChoices):
    """Optional parts of a household's profile its worker may choose to
    share. The approval range, the region they live in, who approved them
    and how long they have waited are always shared: family finding cannot
    work without them."""

    LANGUAGE = "language", _("Language of the home")
    ETHNICITY = "ethnicity", _("Ethnic backgrounds")
    RELIGION = "religion", _("Religion")
    KIND = "kind", _("Kind of adoption")
    ABOUT = "about", _("About the household (the worker's own words)")


class HouseholdProfile(Record):
    """An approved household as family finding sees it: no names, no
    address beyond the region they live in. Made when the household is
    approved (published to the region's family finders at once) and
    published on the national register when the household is referred to
    the Adoption Register for Wales; the household's worker chooses what
    else it shares."""

    household = models.OneToOneField(
        "adopters.Household",
        on_delete=models.PROTECT,
        related_name="matching_profile",
        verbose_name=_("household"),
    )
    reference = models.CharField(_("profile reference"), max_length=12, unique=True)
    #: The region whose family finders see the profile before the national register: the
    #: owning region, or for a voluntary agency's household the region they live in.
    region = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
        null=True,
        blank=True,
        limit_choices_to={"kind": "region"},
    )
    shared_fields = models.JSONField(_("also shared"), default=list, blank=True)
    about = models.TextField(
        _("about the household"),
        blank=True,
        help_text=_("What a child's worker should know, in your own words. No names, addresses or places."),
    )
    published_to_region_at = models.DateTimeField(_("published to the region"), null=True, blank=True)
    published_nationally_at = models.DateTimeField(
        _("published on the national register"), null=True, blank=True
    )
    #: Where the profile was published when it left family finding at the
    #: match ("region" or "national"; empty while in family finding): it is
    #: published there again if the placement ends before the adoption order.
    held_publication = models.CharField(_("publication held since the match"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("household's profile")
        verbose_name_plural = _("households' profiles")
        ordering = ["reference"]
        indexes = [
            models.Index(fields=["region", "published_to_region_at"], name="household_profile_by_region")
        ]

    def __str__(self) -> str:
        return str(_("Household profile %(reference)s") % {"reference": self.reference})

    @property
    def is_published_to_region(self) -> bool:
        return self.published_to_region_at is not None

    @property
    def is_published_nationally(self) -> bool:
        return self.published_nationally_at is not None

    @property
    def left_family_finding(self) -> bool:
        return bool(self.held_publication)

    def shares(self, name: str) -> bool:
        return name in (self.shared_fields or [])


class LinkState(models.TextChoices):
    INTEREST = "interest", _("Interest expressed")
    ACCEPTED = "accepted", _("Interest accepted: exploring the link")
    DECLINED = "declined", _("Declined")
    LINKED = "linked", _("Linked")
    LINKING_MEETING = "linking_meeting", _("Linking meeting held")
    MATCHING_PANEL = "matching_panel", _("Matching panel recommendation made")
    MATCHED = "matched", _("Matched: the decision maker approved the match")
    NOT_APPROVED = "not_approved", _("The decision maker did not approve the match")
    INTRODUCTIONS = "introductions", _("Introductions")
    PLACED = "placed", _("Placed")
    ADOPTED = "adopted", _("Adoption order made")
    DISRUPTED = "disrupted", _("Placement ended before the adoption order")


class LinkSide(models.TextChoices):
    CHILD = "child", _("The child's side (family finder or the child's social worker)")
    HOUSEHOLD = "household", _("The household's side (their social worker)")


class DeclineReason(models.TextChoices):
    """Why a link was declined (local code set: feedback for family finding,
    read by the equity report and the engine's evaluation)."""

    NEEDS = "needs", _("The child's needs are more than the family can meet")
    AGE_OR_GROUP = "age_or_group", _("The child's age or the size of the sibling group")
    CONTACT = "contact", _("The contact plan")
    IDENTITY = "identity", _("Identity: ethnicity, culture, religion or language")
    LOCATION = "location", _("Where the family lives")
    FAMILY_CIRCUMSTANCES = "family_circumstances", _("The family's circumstances have changed")
    ANOTHER_LINK = "another_link", _("Going ahead with another link")
    CHILD_PLAN = "child_plan", _("The child's plan has changed")
    OTHER = "other", _("Another reason")


OPEN_STATES = frozenset(
    {
        LinkState.INTEREST,
        LinkState.ACCEPTED,
        LinkState.LINKED,
        LinkState.LINKING_MEETING,
        LinkState.MATCHING_PANEL,
        LinkState.MATCHED,
        LinkState.INTRODUCTIONS,
    }
)
#: Links that count towards a household's cap (settings.MATCHING_ACTIVE_LINKS_PER_HOUSEHOLD).
ACTIVE_STATES = frozenset(
    {
        LinkState.LINKED,
        LinkState.LINKING_MEETING,
        LinkState.MATCHING_PANEL,
        LinkState.MATCHED,
        LinkState.INTRODUCTIONS,
    }
)
#: Ended without a placement: a new link between the same child and household may follow.
ENDED_STATES = frozenset({LinkState.DECLINED, LinkState.NOT_APPROVED, LinkState.DISRUPTED})


class Link(Record):
    """A child (or a sibling group placed together, one unit) and an approved
    household considered for each other: from an expression of interest to the
    placement and the adoption order, or its ending with the reason. Its steps
    move the child's and the household's journeys (nas.matching.services)."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="links", verbose_name=_("child")
    )
    #: The placed-together sibling group, when the child has one: the whole group moves as one.
    sibling_group = models.ForeignKey(
        "children.SiblingGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="links",
        verbose_name=_("sibling group"),
    )
    unit = models.CharField(_("child or sibling group"), max_length=30, editable=False)
    household = models.ForeignKey(
        "adopters.Household", on_delete=models.PROTECT, related_name="links", verbose_name=_("household")
    )
    #: The region that family-finds for the child; its adoption panel hears the match.
    region = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    state = models.CharField(_("state"), max_length=20, choices=LinkState.choices, default=LinkState.INTEREST)
    initiated_by = models.CharField(_("interest expressed by"), max_length=10, choices=LinkSide.choices)
    interest_note = models.TextField(_("why this could work"), blank=True)
    suggestion_score = models.IntegerField(_("score when suggested"), null=True, blank=True)
    suggestion_rank = models.PositiveIntegerField(_("place in the suggestions"), null=True, blank=True)
    declined_by = models.CharField(_("declined by"), max_length=10, choices=LinkSide.choices, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=30, choices=DeclineReason.choices, blank=True
    )
    decline_feedback = models.TextField(_("feedback"), blank=True)
    linked_on = models.DateField(_("linked on"), null=True, blank=True)
    linking_meeting_on = models.DateField(_("linking meeting held on"), null=True, blank=True)
    matched_on = models.DateField(_("match decision on"), null=True, blank=True)
    introductions_on = models.DateField(_("introductions began on"), null=True, blank=True)
    placed_on = models.DateField(_("placed on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    inter_agency_fee_pence = models.PositiveIntegerField(_("inter-agency fee (pence)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "household"],
                condition=~models.Q(state__in=["declined", "not_approved", "disrupted"]),
                name="one_open_link_per_child_and_household",
            )
        ]
        indexes = [
            models.Index(fields=["household", "state"], name="link_by_household_state"),
            models.Index(fields=["region", "state"], name="link_by_region_state"),
        ]

    def __str__(self) -> str:
        return str(_("Link %(number)s") % {"number": self.pk})

    @property
    def owner_id(self) -> int:
        """The region whose adoption panel hears the match (nas.panels.services.item_add
        refuses a meeting of another region or agency)."""
        return self.region_id

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def responder_side(self) -> str:
        return LinkSide.HOUSEHOLD if self.initiated_by == LinkSide.CHILD else LinkSide.CHILD


class LinkEvent(models.Model):
    """One step of a link, dated, with who recorded it: the link's timeline."""

    link = models.ForeignKey(Link, on_delete=models.PROTECT, related_name="events")
    state = models.CharField(_("state"), max_length=20, choices=LinkState.choices)
    date = models.DateField(_("date"))
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["link", "recorded_at", "pk"]
        verbose_name = _("step of a link")
        verbose_name_plural = _("steps of links")

    def __str__(self) -> str:
        return f"{self.get_state_display()} {self.date:%Y-%m-%d}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError(NEVER_DELETED)

    @property
    def detail_label(self) -> str:
        """The coded detail in words: who declined and why, the panel's recommendation."""
        from nas.children.codes import DisruptionReason
        from nas.panels.models import Recommendation

        parts = []
        side = self.detail.get("side")
        if self.state == LinkState.DECLINED and side in LinkSide.values:
            parts.append(str(_("Declined by %(side)s") % {"side": LinkSide(side).label}))
        elif self.state == LinkState.INTEREST and side in LinkSide.values:
            parts.append(str(_("Expressed by %(side)s") % {"side": LinkSide(side).label}))
        reason = self.detail.get("reason")
        if reason in DeclineReason.values and self.state == LinkState.DECLINED:
            parts.append(str(DeclineReason(reason).label))
        elif reason in DisruptionReason.values:
            parts.append(str(DisruptionReason(reason).label))
        recommendation = self.detail.get("recommendation")
        if recommendation in Recommendation.values:
            parts.append(
                str(_("Panel: %(recommendation)s") % {"recommendation": Recommendation(recommendation).label})
            )
        return "; ".join(parts)
