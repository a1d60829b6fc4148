from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildrenConfig(AppConfig):
    name = "nas.children"
    verbose_name = _("Children")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from nas.children import policies, worklist  # noqa: F401  (registers the policy and worklist)
        from nas.children.journey_dates import TABLE
        from nas.children.models import Milestone
        from nas.children.policies import children
        from nas.core import navigation
        from nas.core.navigation import NavItem

        navigation.register(NavItem("children:list", _("Children"), lambda user: children.can(user, "list")))
        # A child's journey dates are rewritten whenever one of its milestones is saved.
        post_save.connect(TABLE.on_saved, sender=Milestone, dispatch_uid="children.journey_dates")
