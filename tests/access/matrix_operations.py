"""Permission matrix of running the service (nas.operations): the liveness
and readiness probes answer anyone, load balancers included, and say
nothing but ok or a short reason. The matrix has no worker running, so
/readyz answers 503 (not ready) to everyone alike."""

from __future__ import annotations

from collections.abc import Iterable

from tests.access.matrix import Case, Context, _everyone_gets, covers


@covers("readyz")
def _readiness(ctx: Context) -> Iterable[Case]:
    yield from _everyone_gets("/readyz", 503, anonymous=503)
