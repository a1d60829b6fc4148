from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildrenConfig(AppConfig):
    name = "nas.children"
    verbose_name = _("Children")

    def ready(self) -> None:
        from nas.children import policies, worklist  # noqa: F401  (registers the policy and worklist)
        from nas.children.policies import children
        from nas.core import navigation
        from nas.core.navigation import NavItem

        navigation.register(NavItem("children:list", _("Children"), lambda user: children.can(user, "list")))
