"""Code sets for the adopter household's record. Needs, contact and language
reuse the child's code sets (nas.children.codes), so family finding compares
like with like."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HouseholdKind(models.TextChoices):
    DOMESTIC = "domestic", _("Domestic adoption")
    INTER_COUNTRY = "inter_country", _("Inter-country adoption")
    STEP_PARENT = "step_parent", _("Step-parent adoption")
    RELATIVE = "relative", _("Adoption by a relative")
    EARLY_PERMANENCE = (
        "early_permanence",
        _("Early permanence: dual approval as foster carer and adopter"),
    )


class HomeLanguage(models.TextChoices):
    """The language of the home: the same values as the child's language
    (nas.children.codes.WelshLanguage), so family finding compares like with
    like, worded for a household."""

    WELSH = "welsh", _("Welsh is the home's first language")
    BILINGUAL = "bilingual", _("Bilingual, Welsh and English")
    ENGLISH = "english", _("English")
    OTHER = "other", _("Another language")


class MemberRole(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    CHILD = "child", _("Child in the household")
    ADULT = "adult", _("Other adult in the household")


class NotProceedingReason(models.TextChoices):
    """Why the agency did not go on with a registration of interest or Stage 1."""

    CHECKS = "checks", _("Statutory checks raised a concern")
    HEALTH = "health", _("Health")
    CAPACITY = "capacity", _("The agency cannot assess at present")
    CIRCUMSTANCES = "circumstances", _("The household's circumstances")
    OTHER = "other", _("Another reason")


class WithdrawalReason(models.TextChoices):
    """Why the household withdrew (local code set)."""

    CHANGE_OF_CIRCUMSTANCES = "change_of_circumstances", _("Change of circumstances")
    HEALTH = "health", _("Health")
    RELATIONSHIP = "relationship", _("Relationship changed")
    BIRTH_CHILD = "birth_child", _("Pregnancy or a birth child")
    WORK_OR_MONEY = "work_or_money", _("Work or money")
    OTHER_AGENCY = "other_agency", _("Chose to go on with another agency")
    NOT_READY = "not_ready", _("Not ready to go on")
    OTHER = "other", _("Another reason")


class DeregistrationReason(models.TextChoices):
    """Why an approved household's approval ended (Adoption Agencies (Wales)
    Regulations 2005, reg. 30D review; local code set)."""

    NO_LONGER_SUITABLE = "no_longer_suitable", _("No longer suitable after a review")
    ADOPTERS_REQUEST = "adopters_request", _("At the adopters' request")
    CHANGE_OF_CIRCUMSTANCES = "change_of_circumstances", _("Change of circumstances")
    ADOPTED_OTHER_ROUTE = "adopted_other_route", _("Adopted through another agency")
    OTHER = "other", _("Another reason")


class ReviewOutcome(models.TextChoices):
    CONTINUES = "continues", _("Approval continues")
    RANGE_CHANGED = "range_changed", _("Approval continues with a changed range")
    TO_PANEL = "to_panel", _("Referred to panel: may no longer be suitable")


class ReviewRoute(models.TextChoices):
    """After a qualifying determination the prospective adopter may either make
    representations to the agency or apply to the Independent Review Mechanism,
    not both."""

    REPRESENTATIONS = "representations", _("Representations to the agency")
    IRM = "irm", _("Application to the Independent Review Mechanism (IRM Cymru)")


class IrmRecommendation(models.TextChoices):
    """What the independent review panel recommends to the agency (Independent
    Review of Determinations (Adoption and Fostering) (Wales) Regulations 2010)."""

    SUITABLE = "suitable", _("The prospective adopter is suitable to adopt")
    NOT_SUITABLE = "not_suitable", _("The prospective adopter is not suitable to adopt")


class EnquiryStatus(models.TextChoices):
    NEW = "new", _("New")
    OPENED = "opened", _("Household record opened")
    CLOSED = "closed", _("Closed")
