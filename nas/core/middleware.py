from __future__ import annotations

import ipaddress
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

from nas.core import context

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

# Scripts and styles come only from our own static files: no inline script,
# no third-party origin (the GOV.UK 'js-enabled' snippet is a static file).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class RequestIdMiddleware:
    """Gives every request an id (or keeps a well-formed one from the proxy)
    and echoes it in the X-Request-ID header, so an audit entry, a log line
    and a user's complaint can be tied together."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Pages about children and families must not linger in shared caches.
            response.setdefault("Cache-Control", "no-store")
        return response


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from. Behind TRUSTED_PROXIES load
    balancers, the address the nearest of them saw (the last ones in
    X-Forwarded-For are theirs); a client cannot forge that entry."""
    hops = settings.TRUSTED_PROXIES
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None


def client_network(request: HttpRequest) -> str:
    """Who is asking, for a rate limit: the client's address (client_address),
    or for IPv6 its whole /64 network, which one host can use at will."""
    address = client_address(request) or "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class SessionIdleTimeoutMiddleware:
    """Keeps a signed-in session alive while it is used: each request pushes
    its end SESSION_COOKIE_AGE seconds on, but the session row is written at
    most once every SESSION_REFRESH_SECONDS, not on every request (which
    would make every page a database write)."""

    KEY = "_nas_refreshed"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now
        return response


class AuditContextMiddleware:
    """Binds the request id and client address for audit entries written
    while this request is handled."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        token = context.bind(
            context.RequestContext(
                request_id=getattr(request, "request_id", ""),
                ip_address=client_address(request),
                channel=channel,
            )
        )
        try:
            return self.get_response(request)
        finally:
            context.reset(token)


class StaffSignInRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a signed-in member of staff unless its view says
    otherwise (login_not_required). The JSON API answers 401 by itself."""

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):  # type: ignore[no-untyped-def]
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def get_login_url(self, view_func):  # type: ignore[no-untyped-def]
        # Always the service's own sign-in (with its second factor), never the admin's form.
        return resolve_url(settings.LOGIN_URL)


class ServiceErrorPagesMiddleware:
    """With DEBUG on (`make run`), Django answers a missing page or an
    unexpected error with its technical page, whose inline styles the
    content security policy blocks: people see the service's own 404 and 500
    pages instead (403 is the service's own already). The traceback still
    goes to the log; the API keeps its JSON answers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not settings.DEBUG
            or response.status_code not in (404, 500)
            or getattr(response, "streaming", False)
            or request.path.startswith("/api/")
            or b"DEBUG = True" not in response.content
        ):
            return response
        from nas.core.views import page_not_found
        from nas.operations.views import server_error

        if response.status_code == 404:
            return page_not_found(request, Exception())
        return server_error(request)
