"""How a service's refusal reaches the person on a page's form, and how a
form's own errors reach an API caller as `{"errors": {field: [message]}}`.
A service's refusal raised in an API endpoint is answered by the API's
exception handlers (nas.contract.errors), not here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from ninja.responses import Status


def add_errors(form: Any, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: each message beside its
    field where the form has that field, at the top of the page otherwise."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for e in errors:
                form.add_error(name if name in form.fields else None, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def messages_by_field(error: ValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as messages by field (`__all__` for one
    that names no field), the API's error body."""
    found = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return {field: [str(m) for m in messages] for field, messages in found.items()}


def api_errors(form_or_error: Any) -> Status[dict[str, Any]]:
    """422 with a form's errors or a service's ValidationError, by field."""
    if isinstance(form_or_error, ValidationError):
        return Status(422, {"errors": messages_by_field(form_or_error)})
    return Status(422, {"errors": {k: [str(m) for m in v] for k, v in form_or_error.errors.items()}})
