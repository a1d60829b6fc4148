"""Pages of a person's notifications and their settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nas.access.lookup import get_for_user
from nas.core.errors import add_errors
from nas.core.http import AuthenticatedRequest
from nas.notifications import selectors, services
from nas.notifications.forms import PreferencesForm
from nas.notifications.models import Notification
from nas.notifications.policies import notifications as policy


def _notification(request: AuthenticatedRequest, pk: int) -> Notification:
    found: Notification = get_for_user(request.user, policy, pk=pk, action="mark")
    return found


@require_GET
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    items = selectors.notification_list(user=request.user, unread_only=unread_only)
    return render(
        request,
        "notifications/list.html",
        {"items": items, "unread_only": unread_only, "unread": selectors.unread_count(user=request.user)},
    )


@require_GET
def notification_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Open what the notification is about (it is then read), if the person
    may still see it; otherwise it is withdrawn and they are told so."""
    notification = _notification(request, pk)
    if not services.withdraw_hidden(user=request.user, notifications=[notification]):
        raise Http404
    services.notification_mark(actor=request.user, notification=notification, read=True)
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        raise Http404
    return redirect(notification.url)


@require_POST
def notification_mark(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notification = _notification(request, pk)
    services.notification_mark(
        actor=request.user, notification=notification, read=request.POST.get("read") != "false"
    )
    return redirect("notifications:list")


@require_POST
def notifications_read_all(request: AuthenticatedRequest) -> HttpResponse:
    services.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
def notification_settings(request: AuthenticatedRequest) -> HttpResponse:
    current, language = selectors.preferences_of(user=request.user)
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        current=current,
        user=request.user,
        initial={"language": language},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_set(
                actor=request.user, choices=form.choices(), language=form.cleaned_data["language"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "email": request.user.email},
        status=400 if form.errors else 200,
    )
