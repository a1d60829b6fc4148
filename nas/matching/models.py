"""Family finding's records that do not depend on adopter households: the
weights the engine uses, the dated inter-agency fee table, and the
anonymous profile of each child for whom family finding has begun."""

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

    def shares(self, name: str) -> bool:
        return name in (self.shared_fields or [])
