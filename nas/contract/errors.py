"""One error body for the whole API, `{"errors": {"field": ["message"]}}`,
in the caller's language, whatever refused the request: a wrong type in the
body or the query (422), a service's refusal (its ValidationError, 422 by
field), someone else's change since the caller read the record (409), a
refusal by the access layer (403, JSON whatever DEBUG says), a record out of
reach (404), a missing or bad token (401). Endpoints call their service and
let these propagate; none catches them itself."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as ServiceRefusal
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from nas.core.errors import messages_by_field
from nas.core.records import StaleRecordError

ALL = "__all__"


class ErrorsOut(Schema):
    """Messages by field; `__all__` for what concerns the request as a whole."""

    errors: dict[str, list[str]]


def errors_body(messages: dict[str, list[str]]) -> dict[str, Any]:
    return {"errors": messages}


def _message(error: dict[str, Any]) -> str:
    """A pydantic error in words a caseworker understands, in their language."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Enter a value: this field is required")
    if kind in {"int_type", "int_parsing", "int_from_float", "int_parsing_size"}:
        return _("Enter a whole number")
    if kind in {"bool_type", "bool_parsing"}:
        return _("Enter true or false")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Enter a real date, as YYYY-MM-DD")
    if kind in {"decimal_type", "decimal_parsing", "float_type", "float_parsing", "finite_number"}:
        return _("Enter a number")
    if kind == "decimal_max_places":
        return _("Enter a number with at most %(places)s decimal places") % {
            "places": ctx.get("decimal_places")
        }
    if kind in {"decimal_max_digits", "decimal_whole_digits"}:
        return _("Enter a smaller number")
    if kind == "string_type":
        return _("Enter text")
    if kind == "string_too_long":
        return _("Enter no more than %(max)s characters") % {"max": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Enter at least %(min)s characters") % {"min": ctx.get("min_length")}
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Enter a number no less than %(min)s") % {"min": ctx.get("ge", ctx.get("gt"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("Enter a number no more than %(max)s") % {"max": ctx.get("le", ctx.get("lt"))}
    if kind in {"literal_error", "enum"}:
        codes = str(ctx.get("expected", "")).replace(" or ", ", ")
        return _("Choose one of: %(choices)s") % {"choices": codes}
    if kind in {"list_type", "tuple_type", "set_type"}:
        return _("Enter a list")
    if kind == "too_long":
        return _("Enter no more than %(max)s items") % {"max": ctx.get("max_length")}
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return _("Enter an object with named fields")
    if kind == "json_invalid":
        return _("The body is not valid JSON")
    if kind == "nul_character":
        return _("Remove the null character")
    if kind == "date_out_of_range":
        return _("Enter a year between %(first)s and %(last)s") % {
            "first": ctx.get("first"),
            "last": ctx.get("last"),
        }
    if kind == "extra_forbidden":
        return _("This field is not recognised")
    return _("Enter a valid value")


def _field(loc: list[Any] | tuple[Any, ...]) -> str:
    """The field a pydantic location names: `["body", "payload", "date_of_birth"]`
    is `date_of_birth`, `["query", "offset"]` is `offset`; the body as a
    whole is `__all__`."""
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts and parts[0] in {"query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    names = [str(p) for p in parts if isinstance(p, str)]
    return names[0] if names else ALL


def validation_messages(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in errors:
        message = _message(error)
        messages = found.setdefault(_field(error.get("loc", ())), [])
        if message not in messages:
            messages.append(message)
    return found


def install(api: NinjaAPI) -> None:
    """Answer every refusal of `api` in the one shape."""

    def respond(request: HttpRequest, status: int, messages: dict[str, list[str]]) -> HttpResponse:
        return api.create_response(request, errors_body(messages), status=status)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(request, 422, validation_messages(exc.errors))

    @api.exception_handler(ServiceRefusal)
    def service_refused(request: HttpRequest, exc: ServiceRefusal) -> HttpResponse:
        return respond(request, 422, messages_by_field(exc))

    @api.exception_handler(StaleRecordError)
    def stale(request: HttpRequest, exc: StaleRecordError) -> HttpResponse:
        return respond(request, 409, {ALL: [str(StaleRecordError.message)]})

    @api.exception_handler(OverflowError)
    def overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # A number past any the database holds (an id or a filter): no record has it.
        return respond(request, 422, {ALL: [_("Enter a smaller number")]})

    @api.exception_handler(PermissionDenied)
    def refused(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, {ALL: [_("You do not have permission to do this")]})

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, {ALL: [_("Not found")]})

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, AuthenticationError) or exc.status_code == 401:
            message = _("Sign in, or send a valid API token")
        elif isinstance(exc, Throttled):
            message = _("Too many requests: try again later")
        elif exc.status_code == 403:
            message = _("You do not have permission to do this")
        elif exc.status_code == 400:
            message = _("The request could not be read")
        else:
            message = str(exc)
        response = respond(request, exc.status_code, {ALL: [message]})
        if isinstance(exc, Throttled) and exc.wait:
            response["Retry-After"] = str(int(exc.wait))
        return response


# What each refusal means, for the OpenAPI: every operation can answer these.
REFUSALS = {
    "400": "Bad request: the body is not JSON, or a NUL character in the query or the body",
    "401": "Not signed in, or no valid API token",
    "403": "The caller's roles do not allow this",
    "404": "No such record in the caller's scope (a record outside it answers the same)",
    "422": "Validation errors by field",
}
STALE = "Someone else changed the record since the caller read it (send the version you read)"


def _sends_version(operation: dict[str, Any], schemas: dict[str, Any]) -> bool:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    ref = content.get("schema", {}).get("$ref", "")
    body = schemas.get(ref.rsplit("/", 1)[-1], {}) if ref else content.get("schema", {})
    return "version" in body.get("properties", {})


def document(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the refusals every operation can answer to the OpenAPI document,
    each with the one error body (409 where the body carries a version)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorsOut", ErrorsOut.model_json_schema())
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorsOut"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            codes = dict(REFUSALS)
            if method in {"post", "put", "patch"} and _sends_version(operation, components):
                codes["409"] = STALE
            for code, description in codes.items():
                responses.setdefault(code, {"description": description, "content": body})
    return schema
