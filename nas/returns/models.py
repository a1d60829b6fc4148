"""The facts England's SSDA903 return needs about a child that the child's
journey (nas.children) does not hold: one record per child, every field
blank until someone records it. The return never fills a blank with a guess:
a blank field is exported blank, and the return's page lists it as missing.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nas.children.codes import LegalStatus
from nas.core.models import Record
from nas.returns import codes


class Ssda903Details(Record):
    child = models.OneToOneField(
        "children.Child", on_delete=models.PROTECT, related_name="ssda903_details", verbose_name=_("child")
    )
    upn = models.CharField(
        _("unique pupil number (UPN)"),
        max_length=13,
        blank=True,
        help_text=_(
            "The child's UPN, or the DfE's code for why there is none: UN1 not of school age and no "
            "UPN yet, UN2 never attended a maintained school in England, UN3 educated outside England, "
            "UN4 newly looked after and UPN not yet known, UN5 sources disagree."
        ),
    )
    category_of_need = models.CharField(
        _("category of need"), max_length=2, choices=codes.CategoryOfNeed.choices, blank=True
    )
    legal_status_on_entry = models.CharField(
        _("legal status when the child entered care"),
        max_length=2,
        choices=LegalStatus.choices,
        blank=True,
        help_text=_("The placement order is recorded in the child's journey and changes it to E1."),
    )
    foster_placement = models.CharField(
        _("foster placement before the placement for adoption"),
        max_length=2,
        choices=codes.FosterPlacement.choices,
        blank=True,
    )
    foster_placement_provider = models.CharField(
        _("who provided the foster placement"),
        max_length=3,
        choices=codes.PlacementProvider.choices,
        blank=True,
    )
    placed_with_foster_carers = models.CharField(
        _("placed for adoption with their foster carers"),
        max_length=3,
        choices=codes.YesNo.choices,
        blank=True,
        help_text=_(
            "Whether the adopters were already the child's foster carers. If you leave this blank, "
            "it is yes for foster for adoption and concurrent planning, and no otherwise."
        ),
    )
    adoption_placement_provider = models.CharField(
        _("who provided the adopters"), max_length=3, choices=codes.PlacementProvider.choices, blank=True
    )
    adopters_sex = models.CharField(
        _("the adopters"), max_length=2, choices=codes.AdoptersSex.choices, blank=True
    )
    adopters_legal_status = models.CharField(
        _("the adopters' legal status"), max_length=3, choices=codes.AdoptersLegalStatus.choices, blank=True
    )
    adoption_order_reason = models.CharField(
        _("how the adoption order was made"),
        max_length=3,
        choices=codes.AdoptionOrderReason.choices,
        blank=True,
    )

    class Meta:
        verbose_name = _("SSDA903 details")
        verbose_name_plural = _("SSDA903 details")

    def __str__(self) -> str:
        return str(_("SSDA903 details of %(child)s") % {"child": self.child})


# The fields a person records, in the order the form asks for them.
DETAIL_FIELDS = [
    "upn",
    "category_of_need",
    "legal_status_on_entry",
    "foster_placement",
    "foster_placement_provider",
    "placed_with_foster_carers",
    "adoption_placement_provider",
    "adopters_sex",
    "adopters_legal_status",
    "adoption_order_reason",
]
