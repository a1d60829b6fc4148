from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdoptersConfig(AppConfig):
    name = "nas.adopters"
    verbose_name = _("Adopters")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from nas.adopters import panel_subject, policies, worklist  # noqa: F401  (registers them)
        from nas.adopters.journey_dates import TABLE
        from nas.adopters.models import Milestone
        from nas.adopters.policies import enquiries, households
        from nas.core import navigation
        from nas.core.navigation import NavItem

        navigation.register(
            NavItem("adopters:list", _("Adopters"), lambda user: households.can(user, "list"))
        )
        navigation.register(
            NavItem("adopters:enquiries", _("Enquiries"), lambda user: enquiries.can(user, "list"))
        )
        # A household's journey dates are rewritten whenever one of its milestones is saved.
        post_save.connect(TABLE.on_saved, sender=Milestone, dispatch_uid="adopters.journey_dates")
