"""Code sets for the child's record. Where England's SSDA903 return has a
code set for the same thing, its codes are used, so imports from case
systems and the SSDA903 export need no translation table (DfE, 'Children
looked after return: guide' and the csc-validator-be-903 configuration)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    """SSDA903 SEX: 1 and 2 (M and F from the 2024-25 collection, which adds U)."""

    MALE = "1", _("Male")
    FEMALE = "2", _("Female")
    NOT_KNOWN = "U", _("Not known")


class Ethnicity(models.TextChoices):
    """SSDA903 ETHNIC codes (the 2001 census categories the DfE uses)."""

    WBRI = "WBRI", _("White British")
    WIRI = "WIRI", _("White Irish")
    WOTH = "WOTH", _("Any other White background")
    WIRT = "WIRT", _("Traveller of Irish heritage")
    WROM = "WROM", _("Gypsy/Roma")
    MWBC = "MWBC", _("White and Black Caribbean")
    MWBA = "MWBA", _("White and Black African")
    MWAS = "MWAS", _("White and Asian")
    MOTH = "MOTH", _("Any other mixed background")
    AIND = "AIND", _("Indian")
    APKN = "APKN", _("Pakistani")
    ABAN = "ABAN", _("Bangladeshi")
    AOTH = "AOTH", _("Any other Asian background")
    BCRB = "BCRB", _("Caribbean")
    BAFR = "BAFR", _("African")
    BOTH = "BOTH", _("Any other Black background")
    CHNE = "CHNE", _("Chinese")
    OOTH = "OOTH", _("Any other ethnic group")
    REFU = "REFU", _("Refused")
    NOBT = "NOBT", _("Information not yet obtained")


class LegalStatus(models.TextChoices):
    """SSDA903 LS codes."""

    C1 = "C1", _("Interim care order")
    C2 = "C2", _("Full care order")
    D1 = "D1", _("Freeing order granted")
    E1 = "E1", _("Placement order granted")
    J1 = "J1", _("Remanded to local authority accommodation or youth detention accommodation")
    J2 = "J2", _("Placed in local authority accommodation under PACE")
    J3 = "J3", _("Sentenced to a youth rehabilitation order with residence or fostering requirement")
    L1 = "L1", _("Under police protection and in local authority accommodation")
    L2 = "L2", _("Emergency protection order")
    L3 = "L3", _("Under child assessment order and in local authority accommodation")
    V2 = "V2", _("Single period of accommodation under section 20 (Children Act 1989)")
    V3 = "V3", _("Accommodated under an agreed series of short-term breaks")
    V4 = "V4", _("Accommodated under an agreed series of short-term breaks, when agreements are recorded")


class NeedLevel(models.TextChoices):
    NONE = "none", _("None known")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class WelshLanguage(models.TextChoices):
    WELSH = "welsh", _("Welsh is the child's first language")
    BILINGUAL = "bilingual", _("Bilingual, Welsh and English")
    ENGLISH = "english", _("English")
    OTHER = "other", _("Another language")


class ContactPlan(models.TextChoices):
    NONE = "none", _("No contact planned")
    LETTERBOX = "letterbox", _("Letterbox (indirect) contact")
    DIRECT_SIBLINGS = "direct_siblings", _("Direct contact with siblings")
    DIRECT_BIRTH_FAMILY = "direct_birth_family", _("Direct contact with birth family")


class EarlyPermanence(models.TextChoices):
    NONE = "none", _("None")
    FOSTER_FOR_ADOPTION = "foster_for_adoption", _("Foster for adoption")
    CONCURRENT_PLANNING = "concurrent_planning", _("Concurrent planning")


class PlanChangeReason(models.TextChoices):
    """SSDA903 REASON_PLACED_CEASED: why a 'should be placed for adoption'
    decision ceased other than by placement."""

    RD1 = "RD1", _("The child's needs changed after the decision")
    RD2 = "RD2", _("The court did not make a placement order")
    RD3 = "RD3", _("Prospective adopters could not be found")
    RD4 = "RD4", _("Any other reason")


class DisruptionReason(models.TextChoices):
    """Why a placement ended before the adoption order (local code set: the
    SSDA903 return has none for adoption disruptions)."""

    CHILD_NEEDS = "child_needs", _("The child's needs could not be met")
    ADOPTER_CIRCUMSTANCES = "adopter_circumstances", _("A change in the adopters' circumstances")
    RELATIONSHIP = "relationship", _("The relationship between the child and the adopters broke down")
    SAFEGUARDING = "safeguarding", _("Safeguarding concerns")
    OTHER = "other", _("Another reason")


class AuthorityBasis(models.TextChoices):
    """How the agency has authority to place (Adoption and Children Act 2002, ss.19 and 21)."""

    PLACEMENT_ORDER = "placement_order", _("Placement order (section 21)")
    CONSENT = "consent", _("Parental consent witnessed by Cafcass Cymru (section 19)")


class PlacementArea(models.TextChoices):
    """Where the adopters live, from the child's local authority's point of
    view: the National Adoption Service's performance framework counts
    placements in the child's own region, elsewhere in Wales and outside
    Wales. A placement with a voluntary adoption agency's adopters in Wales
    counts as elsewhere in Wales (the agency is not part of the region)."""

    SAME_REGION = "same_region", _("In the child's own region")
    ELSEWHERE_IN_WALES = "elsewhere_in_wales", _("Elsewhere in Wales (another region or a voluntary agency)")
    OUTSIDE_WALES = "outside_wales", _("Outside Wales")
