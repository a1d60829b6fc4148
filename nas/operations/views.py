from __future__ import annotations

import logging
import sys

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from nas.operations import health

logger = logging.getLogger("nas.operations")

#: Seconds a client (and a load balancer) should wait before trying again.
RETRY_AFTER = 5


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Alive: the process answers. Touches nothing else, so a load balancer
    never restarts a healthy server because the database is away."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready for traffic: the database answers, the cache answers, every
    migration is applied, and a task worker's heartbeat is recent."""
    checks = health.readiness()
    ready = all(outcome == health.OK for outcome in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )


def _database_unavailable() -> bool:
    error = sys.exc_info()[1]
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """The page for an unexpected error. When the database cannot be reached
    it is the service's 503 page ("try again in a few minutes"), with
    Retry-After; an API caller gets the API's error shape. Rendered without
    the request's context, which would read the session and the user from
    the very database that is away."""
    if _database_unavailable():
        if request.path.startswith("/api/"):
            message = _("The service is unavailable. Try again in a few minutes.")
            response: HttpResponse = JsonResponse({"errors": {"__all__": [message]}}, status=503)
        else:
            response = HttpResponse(render_to_string("operations/503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return HttpResponse(render_to_string("core/500.html"), status=500)
