"""Permission matrix of sufficiency (nas.sufficiency), written out from the
law of the service: these are aggregate figures, so they follow the
performance framework's figures. The Director of Operations, the
performance analyst and Board members see every area and the overview of
every area; the regional manager their region and its authorities (the
overview sends them to their region); an authority's team manager and
agency decision maker their authority. Anyone else in an organisation is
refused (403); another organisation's figures do not exist for them (404).
No child is ever named.
"""

from __future__ import annotations

from collections.abc import Iterable

from tests.access.matrix import ANONYMOUS, PERSONA_NAMES, Case, Context, covers
from tests.access.matrix_performance import (
    AUTHORITY_READERS,
    IDENTITY,
    MANAGER,
    NATIONAL_READERS,
    figures_status,
)

SCOPES = ["vale-valleys-cardiff", "north-wales", "cardiff", "wrexham", "wales"]


@covers("sufficiency:index")
def _index(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/sufficiency/", 302, follow_to="/sign-in/")
    for persona in PERSONA_NAMES:
        if persona in NATIONAL_READERS:
            yield Case(
                persona,
                "GET",
                "/sufficiency/",
                200,
                must_contain=["Sufficiency ratio"],
                must_not_contain=IDENTITY,
            )
        elif persona == MANAGER:
            yield Case(persona, "GET", "/sufficiency/", 302, follow_to="/sufficiency/vale-valleys-cardiff/")
        elif persona in AUTHORITY_READERS:
            yield Case(persona, "GET", "/sufficiency/", 302, follow_to="/sufficiency/cardiff/")
        else:
            yield Case(persona, "GET", "/sufficiency/", 403)


@covers(
    "sufficiency:scope",
    "GET /api/v1/sufficiency/{scope}/pipeline",
    "GET /api/v1/sufficiency/{scope}/forecast",
)
def _scope(ctx: Context) -> Iterable[Case]:
    for scope in SCOPES:
        for url in (
            f"/sufficiency/{scope}/",
            f"/api/v1/sufficiency/{scope}/pipeline",
            f"/api/v1/sufficiency/{scope}/forecast",
        ):
            yield Case(ANONYMOUS, "GET", url, 401 if url.startswith("/api/") else 302)
            for persona in PERSONA_NAMES:
                yield Case(persona, "GET", url, figures_status(persona, scope), must_not_contain=IDENTITY)
    yield Case("director.national", "GET", "/sufficiency/atlantis/", 404)
    yield Case("director.national", "GET", "/sufficiency/st-davids-childrens-society/", 404)
    yield Case("director.national", "GET", "/api/v1/sufficiency/voluntary-agencies/pipeline", 404)
    yield Case("director.national", "GET", "/api/v1/sufficiency/wales/forecast?siblings=500", 422)
