from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "nas.documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from nas.children.policies import children
        from nas.core import navigation
        from nas.core.navigation import NavItem
        from nas.documents import checks, policies, subjects, worklist  # noqa: F401  (registers them)

        navigation.register(
            NavItem(
                "documents:life-story", _("Life-story work"), lambda user: children.can(user, "view_identity")
            )
        )
