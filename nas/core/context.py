"""Where a request came from, for the audit trail.

Services take the acting person explicitly; the request id and address are
carried here so that a management command or a background job (which has
neither) records an entry the same way.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None
    channel: str = "system"


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar("nas_request_context")


def current() -> RequestContext:
    return _current.get(RequestContext())


def bind(context: RequestContext) -> contextvars.Token[RequestContext]:
    return _current.set(context)


def reset(token: contextvars.Token[RequestContext]) -> None:
    _current.reset(token)
