"""The coded values of adoption support. Stored values are never renamed,
only added to, as reports and the audit trail keep them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonKind(models.TextChoices):
    """Who support is for (Adoption and Children Act 2002, s.3(1) and s.4(1);
    SI 2005/1512 reg. 4 and reg. 7(1))."""

    CHILD = "child", _("Adopted child or child to be adopted")
    ADOPTIVE_PARENT = "adoptive_parent", _("Adoptive parent")
    BIRTH_PARENT = "birth_parent", _("Birth parent")
    BIRTH_RELATIVE = "birth_relative", _("Birth relative")
    SIBLING = "sibling", _("Brother or sister of an adopted child")
    ADOPTED_ADULT = "adopted_adult", _("Adopted adult")


#: The birth family's side: the people an adopted adult may seek through an intermediary.
BIRTH_FAMILY = frozenset({PersonKind.BIRTH_PARENT, PersonKind.BIRTH_RELATIVE, PersonKind.SIBLING})


class ServiceKind(models.TextChoices):
    """The adoption support services of SI 2005/1512 reg. 3, as the region offers them."""

    COUNSELLING = "counselling", _("Counselling, advice and information")
    THERAPEUTIC = "therapeutic", _("Therapeutic services")
    FINANCIAL = "financial", _("Financial support")
    TRAINING = "training", _("Training for adoptive parents")
    SUPPORT_GROUP = "support_group", _("Support groups and discussion")
    CONTACT = "contact", _("Help with contact, including letterbox")
    DISRUPTION = "disruption", _("Disruption support")


class CaseStage(models.TextChoices):
    """Where a support case is, computed from its dated steps (never stored)."""

    ASSESSMENT = "assessment", _("Assessing needs")
    NOTICE = "notice", _("Proposal sent: waiting for representations")
    DECIDED = "decided", _("Decided")
    PLAN = "plan", _("Support plan in place")
    CLOSED = "closed", _("Closed")


class DueWhat(models.TextChoices):
    ASSESSMENT = "assessment", _("Assessment due")
    DECISION = "decision", _("Decision possible from")
    REVIEW = "review", _("Review of the plan due")


class Decision(models.TextChoices):
    PROVIDE = "provide", _("Provide adoption support services")
    NOT_PROVIDE = "not_provide", _("No adoption support services")


class Frequency(models.TextChoices):
    """How often a financial payment is made."""

    ONCE = "once", _("Once")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class CaseOutcome(models.TextChoices):
    NEEDS_MET = "needs_met", _("Needs met")
    NO_SERVICES = "no_services", _("Assessed: no services needed")
    DECLINED = "declined", _("The person no longer wants support")
    MOVED = "moved", _("Moved out of the region")
    TRANSFERRED = "transferred", _("Transferred to another service")
    DISRUPTION = "disruption", _("The adoption disrupted")
    OTHER = "other", _("Other")


class LetterboxFrequency(models.IntegerChoices):
    ONCE_A_YEAR = 1, _("Once a year")
    TWICE_A_YEAR = 2, _("Twice a year")


class FamilySide(models.TextChoices):
    ADOPTIVE = "adoptive", _("Adoptive family")
    BIRTH = "birth", _("Birth family")


class LetterStatus(models.TextChoices):
    RECEIVED = "received", _("Received, waiting to be checked")
    APPROVED = "approved", _("Checked, ready to release")
    WITHHELD = "withheld", _("Withheld")
    RELEASED = "released", _("Released")


class Veto(models.TextChoices):
    """SI 2005/2701 reg. 8: the adopted person's veto, kept by the appropriate adoption agency."""

    NONE = "none", _("No veto")
    ABSOLUTE = "absolute", _("Absolute veto: does not wish to be contacted")
    QUALIFIED = (
        "qualified",
        _("Qualified veto: contact only in specified circumstances or by specified people"),
    )


class RegisterEntry(models.TextChoices):
    """The Adoption Contact Register (Adoption and Children Act 2002, s.80)."""

    NO_ENTRY = "no_entry", _("No entry for the subject")
    WANTS_CONTACT = "wants_contact", _("The subject has registered that they would welcome contact")
    NO_CONTACT = "no_contact", _("The subject has registered that they do not want contact")


class IntermediaryOutcome(models.TextChoices):
    CONTACT_AGREED = "contact_agreed", _("The subject agreed to contact")
    INFORMATION_ONLY = "information_only", _("The subject agreed to share information only")
    SUBJECT_DECLINED = "subject_declined", _("The subject declined contact")
    NOT_TRACED = "not_traced", _("The subject could not be traced")
    SUBJECT_DECEASED = "subject_deceased", _("The subject has died")
    STOPPED_VETO = "stopped_veto", _("Stopped: the adopted person's veto applies")
    NOT_APPROPRIATE = "not_appropriate", _("Stopped: not appropriate to proceed")
    WITHDRAWN = "withdrawn", _("The applicant withdrew")


#: Outcomes that mean the intermediary agency went ahead and approached the subject.
APPROACHED = frozenset(
    {
        IntermediaryOutcome.CONTACT_AGREED,
        IntermediaryOutcome.INFORMATION_ONLY,
        IntermediaryOutcome.SUBJECT_DECLINED,
    }
)
