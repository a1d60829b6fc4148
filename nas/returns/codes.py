"""Code sets of England's SSDA903 return that the child's journey does not
already carry (nas.children.codes holds SEX, ETHNIC, LS and
REASON_PLACED_CEASED). The codes and their meanings are the DfE's ('Children
looked after by local authorities in England: guide to the SSDA903
collection', code sets; the same lists are the valid values of the DfE
validator csc-validator-be-903, rules 145, 146, 149, 168, 175, 176, 177, 178).
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class CategoryOfNeed(models.TextChoices):
    """CIN: the main reason the child is looked after (rule 145)."""

    N1 = "N1", _("Abuse or neglect")
    N2 = "N2", _("Child's disability")
    N3 = "N3", _("Parental illness or disability")
    N4 = "N4", _("Family in acute stress")
    N5 = "N5", _("Family dysfunction")
    N6 = "N6", _("Socially unacceptable behaviour")
    N7 = "N7", _("Low income")
    N8 = "N8", _("Absent parenting")


class FosterPlacement(models.TextChoices):
    """PLACE of the foster placement the child lived in before being placed
    for adoption. Only foster placements are offered: DfE rule 336 expects a
    placement for adoption to follow a foster placement (U1 to U6) or another
    adoption placement."""

    U1 = "U1", _("Foster placement with relatives or friends: long-term fostering")
    U2 = (
        "U2",
        _(
            "Foster placement with relatives or friends who are also approved adopters "
            "(foster for adoption or concurrent planning)"
        ),
    )
    U3 = (
        "U3",
        _(
            "Foster placement with relatives or friends: not long-term, "
            "foster for adoption or concurrent planning"
        ),
    )
    U4 = "U4", _("Foster placement with other foster carers: long-term fostering")
    U5 = (
        "U5",
        _(
            "Foster placement with other foster carers who are also approved adopters "
            "(foster for adoption or concurrent planning)"
        ),
    )
    U6 = (
        "U6",
        _(
            "Foster placement with other foster carers: not long-term, "
            "foster for adoption or concurrent planning"
        ),
    )


class PlacementProvider(models.TextChoices):
    """PLACE_PROVIDER (rule 178). PR0 (parents) and PR3 (other public
    provision) are left out: neither may provide a foster or adoption
    placement (rules 529 and 550)."""

    PR1 = "PR1", _("Own provision: the authority itself, or a regional adoption service it hosts")
    PR2 = "PR2", _("Another local authority, or a regional adoption service another one hosts")
    PR4 = "PR4", _("Private provision")
    PR5 = "PR5", _("Voluntary or third sector provision, such as a voluntary adoption agency")


class AdoptersSex(models.TextChoices):
    """SEX_ADOPTR: the sex of the adopters at the date of adoption (rule 176)."""

    M1 = "M1", _("A single man")
    F1 = "F1", _("A single woman")
    MM = "MM", _("A couple, both men")
    FF = "FF", _("A couple, both women")
    MF = "MF", _("A couple, a man and a woman")


SINGLE_ADOPTER = frozenset({AdoptersSex.M1, AdoptersSex.F1})


class AdoptersLegalStatus(models.TextChoices):
    """LS_ADOPTR: the adopters' legal status at the date of adoption (rule 177)."""

    L0 = "L0", _("A single person")
    L11 = "L11", _("A married couple of different sexes")
    L12 = "L12", _("A married couple of the same sex")
    L2 = "L2", _("Civil partners")
    L3 = "L3", _("An unmarried couple of different sexes")
    L4 = "L4", _("An unmarried couple of the same sex")


# Which SEX_ADOPTR codes each LS_ADOPTR code allows: DfE rules 511 and 514
# (one adopter is a single person), 517 and 520 (a different-sex couple is MF),
# 518 and 524 (a same-sex couple is MM or FF), 519 (civil partners are a couple).
ADOPTERS_SEX_FOR_LEGAL_STATUS: dict[str, frozenset[str]] = {
    AdoptersLegalStatus.L0: frozenset({AdoptersSex.M1, AdoptersSex.F1}),
    AdoptersLegalStatus.L11: frozenset({AdoptersSex.MF}),
    AdoptersLegalStatus.L12: frozenset({AdoptersSex.MM, AdoptersSex.FF}),
    AdoptersLegalStatus.L2: frozenset({AdoptersSex.MM, AdoptersSex.FF, AdoptersSex.MF}),
    AdoptersLegalStatus.L3: frozenset({AdoptersSex.MF}),
    AdoptersLegalStatus.L4: frozenset({AdoptersSex.MM, AdoptersSex.FF}),
}


class AdoptionOrderReason(models.TextChoices):
    """REC of the episode that ends with the adoption order (rule 149)."""

    E11 = "E11", _("The application for the adoption order was unopposed")
    E12 = "E12", _("The court dispensed with the parents' consent")


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


# UPN: a letter (not I, O or S) and 12 digits, or 11 digits and a letter; or,
# when the child has none, one of the DfE's codes UN1 to UN5 (rule 168).
UPN_PATTERN = re.compile(r"^(?:[A-HJ-NP-RT-Z](?:\d{12}|\d{11}[A-Z])|UN[1-5])$")
