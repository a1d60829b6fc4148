from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from nas.core.http import AuthenticatedRequest
from nas.core.worklist import worklist_for


@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "core/home.html",
        {"organisation": user.organisation, "roles": user.role_labels, "sections": worklist_for(user)},
    )


@login_not_required
@require_GET
def set_language(request: HttpRequest, code: str) -> HttpResponse:
    """Switch language and go back to the page the person was on."""
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=365 * 24 * 60 * 60,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=False,
        )
    return response


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@login_not_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "core/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "core/403.html", status=403)
