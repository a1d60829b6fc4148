"""The administration pages, for administrators only.

Signing in goes through the service's own sign-in (with its second factor),
never the admin's password-only form, and to anyone but an administrator the
administration pages do not exist (404)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nas.access import scope
from nas.accounts.roles import Role


class NasAdminSite(admin.AdminSite):
    site_header = _("National Adoption Service administration")
    site_title = _("NAS administration")
    index_title = _("Reference data and staff accounts")

    def has_permission(self, request: HttpRequest) -> bool:
        """The administration pages edit reference data and every account in
        Wales, so they are for the national team's administrators only."""
        user = request.user
        return bool(
            user.is_active
            and user.is_authenticated
            and user.has_role(Role.ADMINISTRATOR)
            and scope.is_national(user)
        )

    def admin_view(  # type: ignore[override]
        self, view: Callable[..., HttpResponse], cacheable: bool = False
    ) -> Callable[..., HttpResponse]:
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("accounts:sign-in"))
            if not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        return guarded

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        return redirect_to_login(request.GET.get("next", reverse("admin:index")), reverse("accounts:sign-in"))
