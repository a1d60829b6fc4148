"""Sign-in: password, then a code from an authenticator app (TOTP) or a
recovery code. A person who has no authenticator yet sets one up through a
one-time link an administrator issued them, with their password: a password
alone never sets one up. In the demonstration (DEMO_MODE) the password alone
is enough for the demonstration personas."""

from __future__ import annotations

import io
import time

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nas.accounts import services
from nas.accounts.forms import ConfirmAuthenticatorForm, SecurityCodeForm, SignInForm
from nas.accounts.models import User
from nas.accounts.personas import DEMO_USERNAMES
from nas.accounts.services import SignInOutcome
from nas.core.http import AuthenticatedRequest
from nas.core.middleware import client_network

PENDING_USER = "nas_pending_user"
PENDING_SINCE = "nas_pending_since"
PENDING_NEXT = "nas_pending_next"
NEW_RECOVERY_CODES = "nas_new_recovery_codes"
SET_UP_LINK = "nas_set_up_link"
# A password check is good for this long while the second factor is entered.
PENDING_SECONDS = 5 * 60


def _locked_message() -> str:
    # The same for a username that is not an account (nas.accounts.throttle).
    return _(
        "There have been too many unsuccessful attempts to sign in with this username. "
        "Wait %(minutes)s minutes and try again, or ask your organisation's administrator to unlock it."
    ) % {"minutes": settings.SIGN_IN_LOCKOUT_MINUTES}


def _throttled_message() -> str:
    return _(
        "There have been too many unsuccessful attempts to sign in from your network. "
        "Wait %(minutes)s minutes and try again."
    ) % {"minutes": settings.SIGN_IN_LOCKOUT_MINUTES}


def _no_authenticator_message() -> str:
    return _(
        "Your account does not have an authenticator app set up yet. Ask your organisation's "
        "administrator for a set-up link, open it, and sign in again."
    )


def _pending_user(request: HttpRequest) -> User | None:
    user_id = request.session.get(PENDING_USER)
    since = request.session.get(PENDING_SINCE, 0)
    if user_id is None or time.time() - since > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return None if user is None or user.is_locked else user


def _finish(request: HttpRequest, user: User, method: str) -> HttpResponse:
    """Complete the sign-in (a new session key) and go where the person was heading."""
    next_url = request.session.get(PENDING_NEXT) or request.GET.get("next") or ""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    services.sign_in_succeeded(user=user, method=method)
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("core:home")
    return HttpResponseRedirect(next_url)


@login_not_required
@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignInForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        result = services.sign_in_check_password(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
            address=client_network(request),
        )
        if result.outcome is SignInOutcome.THROTTLED:
            form.add_error(None, _throttled_message())
            status = 429
        elif result.outcome is SignInOutcome.LOCKED:
            form.add_error(None, _locked_message())
        elif result.outcome is SignInOutcome.REJECTED or result.user is None:
            form.add_error(None, _("The username or password is not right. Check them and try again."))
        else:
            user = result.user
            # The demonstration lets only its own personas in on a password alone.
            if settings.DEMO_MODE and user.username in DEMO_USERNAMES:
                return _finish(request, user, "password (demonstration)")
            request.session.cycle_key()
            request.session[PENDING_USER] = user.pk
            request.session[PENDING_SINCE] = time.time()
            request.session[PENDING_NEXT] = request.GET.get("next", "")
            if services.has_confirmed_authenticator(user):
                return redirect("accounts:sign-in-code")
            if services.set_up_link_for(user=user, link_id=request.session.get(SET_UP_LINK)):
                return redirect("accounts:sign-in-set-up")
            for key in (PENDING_USER, PENDING_SINCE, PENDING_NEXT):
                request.session.pop(key, None)
            form.add_error(None, _no_authenticator_message())
    return render(request, "accounts/sign_in.html", {"form": form}, status=status)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        messages.info(request, _("Sign in again: the time allowed to enter a security code has passed."))
        return redirect("accounts:sign-in")
    form = SecurityCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        method = services.second_factor_verify(user=user, code=form.cleaned_data["code"])
        if method is not None:
            for key in (PENDING_USER, PENDING_SINCE):
                request.session.pop(key, None)
            return _finish(request, user, method)
        result = services.sign_in_record_failure(
            user=user, factor="security_code", address=client_network(request)
        )
        if result.outcome is SignInOutcome.LOCKED:
            for key in (PENDING_USER, PENDING_SINCE, PENDING_NEXT):
                request.session.pop(key, None)
            messages.error(request, _locked_message())
            return redirect("accounts:sign-in")
        form.add_error(
            "code", _("The security code is not right. Check your authenticator app and try again.")
        )
    return render(request, "accounts/sign_in_code.html", {"form": form})


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_set_up(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:sign-in")
    if services.has_confirmed_authenticator(user):
        return redirect("accounts:sign-in-code")
    link = services.set_up_link_for(user=user, link_id=request.session.get(SET_UP_LINK))
    if link is None:
        messages.error(request, _no_authenticator_message())
        return redirect("accounts:sign-in")
    device = services.authenticator_start_enrolment(user=user)
    form = ConfirmAuthenticatorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = services.authenticator_confirm(user=user, code=form.cleaned_data["code"], link=link)
        if codes is not None:
            for key in (PENDING_USER, PENDING_SINCE, SET_UP_LINK):
                request.session.pop(key, None)
            _finish(request, user, "totp (first set-up)")
            request.session[NEW_RECOVERY_CODES] = codes
            return redirect("accounts:recovery-codes")
        form.add_error(
            "code", _("The security code is not right. Check the app shows this account and try again.")
        )
    secret = " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))
    return render(
        request,
        "accounts/sign_in_set_up.html",
        {"form": form, "secret": secret, "qr": mark_safe(_qr_svg(services.provisioning_uri(device)))},  # noqa: S308 - SVG we generated
    )


@login_not_required
@never_cache
@require_GET
def set_up_link(request: HttpRequest, token: str) -> HttpResponse:
    """The administrator's one-time link: remembered for this browser, then
    the person signs in with their password and sets up their app."""
    link = services.set_up_link_open(token)
    if link is None:
        return render(request, "accounts/set_up_link_ended.html", status=404)
    request.session[SET_UP_LINK] = link.pk
    messages.info(request, _("Sign in with your username and password, then set up your authenticator app."))
    return redirect("accounts:sign-in")


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request: AuthenticatedRequest) -> HttpResponse:
    """Shows new recovery codes once; POST issues a fresh set."""
    if request.method == "POST":
        codes = services.recovery_codes_issue(user=request.user)
    else:
        codes = request.session.pop(NEW_RECOVERY_CODES, None)
    if not codes:
        return redirect("accounts:my-account")
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_POST
def sign_out(request: AuthenticatedRequest) -> HttpResponse:
    services.sign_out_recorded(user=request.user)
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("accounts:sign-in")


@never_cache
@require_http_methods(["GET"])
def my_account(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/my_account.html",
        {
            "has_authenticator": services.has_confirmed_authenticator(user),
            "recovery_codes_left": services.recovery_codes_remaining(user),
            "tokens": user.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at"),
        },
    )
