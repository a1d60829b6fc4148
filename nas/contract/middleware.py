"""No NUL character reaches a query: PostgreSQL refuses one in any string
("A string literal cannot contain NUL (0x00) characters"), so a `%00` in a
path, a query string or a JSON body would otherwise be a server error.

A path with one names nothing (404); a query string or a JSON body with one
is a bad request (400). The API answers in its one error shape; a page
answers with the service's own 400 or 404 page."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from nas.contract.errors import ALL, errors_body

API_PREFIX = "/api/"
# `\u0000` in JSON, not preceded by an escaped backslash (`\\u0000` is text).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


def _has_nul(request: HttpRequest) -> tuple[bool, bool]:
    """(in the path, in the query string or the body)."""
    if "\x00" in request.path:
        return True, False
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in v for v in values):
            return False, True
    if request.content_type == "application/json" and request.method in {"POST", "PUT", "PATCH", "DELETE"}:
        body = request.body
        if b"\x00" in body or _JSON_NUL.search(body):
            return False, True
    return False, False


class NulCharacterMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        in_path, in_input = _has_nul(request)
        if not (in_path or in_input):
            return self.get_response(request)
        if request.path.startswith(API_PREFIX):
            if in_path:
                return JsonResponse(errors_body({ALL: [_("Not found")]}), status=404)
            return JsonResponse(errors_body({ALL: [_("Remove the null character")]}), status=400)
        if in_path:
            raise Http404
        raise BadRequest
