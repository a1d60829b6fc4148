"""The organisations of the service: the nation, the five regional
collaboratives, the 22 local authorities and the voluntary adoption agencies.

One table for all four kinds, because a staff account belongs to exactly one
organisation whatever its tier, and the access layer scopes by it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    NATIONAL = "national", _("National")
    REGION = "region", _("Regional collaborative")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    VOLUNTARY_AGENCY = "voluntary_agency", _("Voluntary adoption agency")


class Tier(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    LOCAL = "local", _("Local")
    VOLUNTARY = "voluntary", _("Voluntary sector")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def regions(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.REGION)

    def local_authorities(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.LOCAL_AUTHORITY)

    def agencies(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.VOLUNTARY_AGENCY)


class Organisation(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    name_en = models.CharField(_("name in English"), max_length=120)
    name_cy = models.CharField(_("name in Welsh"), max_length=120)
    region = models.ForeignKey(
        "self",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authorities",
        limit_choices_to={"kind": OrganisationKind.REGION},
        help_text=_("For a local authority, the regional collaborative it belongs to."),
    )
    lead_authority = models.OneToOneField(
        "self",
        verbose_name=_("lead authority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_region",
        limit_choices_to={"kind": OrganisationKind.LOCAL_AUTHORITY},
        help_text=_("For a region, the local authority that hosts it."),
    )
    active = models.BooleanField(_("active"), default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=True) | models.Q(kind="local_authority"),
                name="only_local_authorities_sit_in_a_region",
            ),
            models.CheckConstraint(
                condition=models.Q(lead_authority__isnull=True) | models.Q(kind="region"),
                name="only_regions_have_a_lead_authority",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the language of the current request."""
        return self.name_cy if (get_language() or "en").startswith("cy") else self.name_en

    @property
    def tier(self) -> str:
        return {
            OrganisationKind.NATIONAL: Tier.NATIONAL,
            OrganisationKind.REGION: Tier.REGIONAL,
            OrganisationKind.LOCAL_AUTHORITY: Tier.LOCAL,
            OrganisationKind.VOLUNTARY_AGENCY: Tier.VOLUNTARY,
        }[OrganisationKind(self.kind)]

    def clean(self) -> None:
        if self.kind == OrganisationKind.LOCAL_AUTHORITY and self.region_id is None:
            raise ValidationError({"region": _("Choose the region this local authority belongs to.")})
        if self.kind != OrganisationKind.LOCAL_AUTHORITY and self.region_id is not None:
            raise ValidationError({"region": _("Only a local authority belongs to a region.")})
        if self.kind != OrganisationKind.REGION and self.lead_authority_id is not None:
            raise ValidationError({"lead_authority": _("Only a region has a lead authority.")})
        if (
            self.kind == OrganisationKind.REGION
            and self.pk is not None
            and self.lead_authority is not None
            and self.lead_authority.region_id != self.pk
        ):
            raise ValidationError(
                {"lead_authority": _("The lead authority must be one of the region's authorities.")}
            )


class Team(models.Model):
    """A team inside an organisation (e.g. Cardiff's Children Looked After
    team): worklists are drawn up per team."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["organisation__name_en", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="team_names_unique_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name
