"""Permission matrix of the SSDA903 return (nas.returns).

The return names every child the authority looked after (case reference and
date of birth), so it stays inside the authority: another authority's staff,
the regions, the voluntary agencies and the national tier get 404. Inside the
authority the team manager and the agency decision maker export it; a social
worker gets 403. A child's SSDA903 details are part of the child's record:
reached like the record (404 outside its scope) and kept by the social
worker and team manager of the child's authority (403 for anyone else who
sees the child).
"""

from __future__ import annotations

from collections.abc import Iterable

from tests.access.matrix import (
    ANONYMOUS,
    CASE_KEEPERS,
    CHILD_REFERENCE,
    ORGANISATION_OF,
    PERSONA_NAMES,
    Case,
    Context,
    _child_action,
    covers,
)

EXPORTERS = {"tm.cardiff", "adm.cardiff"}
YEAR = 2025  # the matrix children entered care on 10 January 2024
CARDIFF_CHILDREN = [CHILD_REFERENCE["cardiff_referred"], CHILD_REFERENCE["cardiff"]]


def _return_urls(authority: str, api: bool) -> list[str]:
    if api:
        return [
            f"/api/v1/returns/ssda903/{authority}/{YEAR}",
            f"/api/v1/returns/ssda903/{authority}/{YEAR}/download?table=Header",
        ]
    return [
        f"/returns/ssda903/{authority}/?year={YEAR}",
        f"/returns/ssda903/{authority}/{YEAR}/SSDA903.zip",
        f"/returns/ssda903/{authority}/{YEAR}/Header.csv",
    ]


def _return_cases(urls_for: int) -> Iterable[Case]:
    """urls_for: which URL of each list (page/zip/table or summary/download)."""
    for authority in ("cardiff", "wrexham"):
        for api in (False, True):
            urls = _return_urls(authority, api)
            if urls_for >= len(urls):
                continue
            url = urls[urls_for]
            yield Case(ANONYMOUS, "GET", url, 401 if api else 302, must_not_contain=CARDIFF_CHILDREN)
            for persona in PERSONA_NAMES:
                if ORGANISATION_OF[persona] != authority:
                    yield Case(persona, "GET", url, 404, must_not_contain=list(CHILD_REFERENCE.values()))
                elif persona in EXPORTERS:
                    yield Case(
                        persona,
                        "GET",
                        url,
                        200,
                        must_contain=CARDIFF_CHILDREN if urls_for != 1 or api else [],
                        must_not_contain=[CHILD_REFERENCE["wrexham"]],
                    )
                else:
                    yield Case(persona, "GET", url, 403, must_not_contain=list(CHILD_REFERENCE.values()))


@covers("returns:ssda903-index")
def _index(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/returns/ssda903/", 302, follow_to="/sign-in/")
    for persona in PERSONA_NAMES:
        if persona in EXPORTERS:
            yield Case(persona, "GET", "/returns/ssda903/", 302, follow_to="/returns/ssda903/cardiff/")
        elif ORGANISATION_OF[persona] in {"cardiff", "wrexham"}:
            yield Case(persona, "GET", "/returns/ssda903/", 403)
        else:
            yield Case(persona, "GET", "/returns/ssda903/", 404)


@covers("returns:ssda903", "GET /api/v1/returns/ssda903/{authority}/{year}")
def _page(ctx: Context) -> Iterable[Case]:
    yield from _return_cases(0)
    yield Case("tm.cardiff", "GET", "/returns/ssda903/atlantis/", 404)
    yield Case("tm.cardiff", "GET", "/returns/ssda903/vale-valleys-cardiff/", 404)
    yield Case("tm.cardiff", "GET", "/api/v1/returns/ssda903/cardiff/1999", 404)


@covers("returns:ssda903-zip", "GET /api/v1/returns/ssda903/{authority}/{year}/download")
def _zip(ctx: Context) -> Iterable[Case]:
    yield from _return_cases(1)
    yield Case("tm.cardiff", "GET", "/returns/ssda903/cardiff/1999/SSDA903.zip", 404)


@covers("returns:ssda903-table")
def _table(ctx: Context) -> Iterable[Case]:
    yield from _return_cases(2)
    yield Case("tm.cardiff", "GET", f"/returns/ssda903/cardiff/{YEAR}/Reviews.csv", 404)


def _keeps(persona: str, label: str) -> bool:
    return persona in CASE_KEEPERS


@covers("returns:ssda903-details", "GET /api/v1/returns/ssda903-details/{pk}")
def _details(ctx: Context) -> Iterable[Case]:
    yield from _child_action(ctx, lambda pk, m: f"/returns/ssda903/children/{pk}/", _keeps)
    yield from _child_action(ctx, lambda pk, m: f"/api/v1/returns/ssda903-details/{pk}", _keeps)
    # A form with a mistake saves nothing, so the matrix changes nothing.
    yield from _child_action(
        ctx,
        lambda pk, m: f"/returns/ssda903/children/{pk}/",
        _keeps,
        method="POST",
        ok=400,
        data={"upn": "not a upn", "version": "0"},
    )
    yield Case("sw.cardiff", "GET", "/returns/ssda903/children/999999/", 404)


@covers("PUT /api/v1/returns/ssda903-details/{pk}")
def _details_write(ctx: Context) -> Iterable[Case]:
    yield from _child_action(
        ctx,
        lambda pk, m: f"/api/v1/returns/ssda903-details/{pk}",
        _keeps,
        method="PUT",
        ok=422,
        data={"upn": "not a upn", "version": 0},
        json=True,
    )
