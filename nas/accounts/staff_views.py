"""Staff accounts as managers and administrators see them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
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
        request, _("The authenticator app is reset. The person sets up a new one at their next sign-in.")
    )
    return redirect("accounts:staff-detail", pk=account.pk)
