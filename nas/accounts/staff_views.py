"""Staff accounts as managers and administrators see them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nas.access.lookup import get_for_user, require, visible
from nas.accounts import services
from nas.accounts.forms import ArchiveForm
from nas.accounts.models import User
from nas.accounts.policies import staff_accounts
from nas.audit.policies import may_see_trails
from nas.core.http import AuthenticatedRequest


@require_GET
def staff_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, staff_accounts, "list")
    accounts = (
        visible(request.user, staff_accounts)
        .prefetch_related("roles")
        .order_by("organisation__name_en", "username")
    )
    return render(request, "accounts/staff_list.html", {"accounts": accounts})


@require_GET
def staff_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    account = get_for_user(request.user, staff_accounts, pk=pk)
    return render(request, "accounts/staff_detail.html", _detail_context(request, account, ArchiveForm()))


def _detail_context(request: AuthenticatedRequest, account: User, form: ArchiveForm) -> dict[str, object]:
    return {
        "account": account,
        "form": form,
        "has_authenticator": services.has_confirmed_authenticator(account),
        "can_unlock": staff_accounts.can(request.user, "unlock", account),
        "can_reset": staff_accounts.can(request.user, "reset_mfa", account),
        "can_archive": staff_accounts.can(request.user, "archive", account) and not account.is_archived,
        "can_issue_link": staff_accounts.can(request.user, "set_up_link", account) and account.is_active,
        "open_link": account.set_up_links.filter(used_at__isnull=True, revoked_at__isnull=True)
        .filter(expires_at__gt=timezone.now())
        .order_by("-issued_at")
        .first(),
        "can_see_trail": may_see_trails(request.user),
    }


@require_POST
def staff_unlock(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    account = get_for_user(request.user, staff_accounts, pk=pk, action="unlock")
    services.account_unlock(actor=request.user, user=account)
    messages.success(request, _("The account is unlocked. The person can sign in again."))
    return redirect("accounts:staff-detail", pk=account.pk)


@require_POST
def staff_archive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    account = get_for_user(request.user, staff_accounts, pk=pk, action="archive")
    form = ArchiveForm(request.POST)
    if form.is_valid():
        try:
            services.account_archive(actor=request.user, user=account, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The account is archived. The person can no longer sign in."))
            return redirect("accounts:staff-detail", pk=account.pk)
    return render(request, "accounts/staff_detail.html", _detail_context(request, account, form), status=400)


@require_POST
def staff_reset_authenticator(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    account = get_for_user(request.user, staff_accounts, pk=pk, action="reset_mfa")
    services.account_reset_authenticator(actor=request.user, user=account)
    messages.success(
        request,
        _("The authenticator app is reset. Create a set-up link so the person can set up a new one."),
    )
    return redirect("accounts:staff-detail", pk=account.pk)


@require_POST
def staff_set_up_link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Issue a one-time set-up link and show it, once, to the administrator."""
    account = get_for_user(request.user, staff_accounts, pk=pk, action="set_up_link")
    try:
        link, token = services.set_up_link_issue(actor=request.user, user=account)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:staff-detail", pk=account.pk)
    url = request.build_absolute_uri(reverse("accounts:set-up-link", args=[token]))
    response = render(
        request, "accounts/staff_set_up_link.html", {"account": account, "link": link, "url": url}
    )
    response["Cache-Control"] = "no-store"
    return response
