"""Permission matrix for documents (nas/documents) and the search
(nas/search), written out from the law of the service, not read back from
the policies:

- A document's access is its record's: a Cardiff child's documents are
  read by Cardiff's staff who see the child's identity, and added to by its
  case keepers (the decision maker reads but does not add: 403). Everyone
  else gets 404 for the document and its download, the National Board and
  Wrexham's staff included.
- An adopted child's documents are reached only through the post-adoption
  record, by the authority's team manager and agency decision maker (SI
  2005/2689 (W.189), reg. 7(1)); the region's support team only where it
  supports someone linked to the child (reg. 7(2); nobody here); all
  others 404.
- Life-story work is the authority's (staff who see children's identity);
  others 403.
- The search is for anyone with records to find; the national tier has
  none (403). What it lists never names a child outside the caller's scope.

Records: one document (a Child's Adoption Report) on Matrix's Cardiff child,
and an adopted Cardiff child with a post-adoption record.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access.matrix import (
    ANONYMOUS,
    ORGANISATION_OF,
    PERSONA_NAMES,
    Case,
    Context,
    _hidden_identity,
    covers,
    sees_identity,
    setup,
)
from tests.documents import files

CASE_KEEPERS = {"sw.cardiff", "tm.cardiff"}
READERS = {p for p in PERSONA_NAMES if sees_identity(p, "cardiff")}
AGENCY = {"tm.cardiff", "adm.cardiff"}
LOCAL = {p for p in PERSONA_NAMES if ORGANISATION_OF[p] in {"cardiff", "wrexham"}}
NATIONAL = {p for p in PERSONA_NAMES if ORGANISATION_OF[p] == "wales"}
ADOPTED_SURNAME = "Mtxadoptedchild"


@setup
def _documents(ctx: Context, personas: dict[str, Any]) -> None:
    import io

    from nas.children import services as children
    from nas.children.journey import MilestoneKind
    from nas.children.models import Child
    from nas.documents import services
    from nas.organisations.models import Organisation

    child = Child.objects.get(pk=ctx.child_pk["cardiff"])
    data = files.pdf()
    document = services.document_upload(
        actor=personas["sw.cardiff"],
        record_type="children.child",
        record=child,
        kind="childs_adoption_report",
        dated=date(2024, 3, 1),
        description="Matrix CAR",
        upload=services.Upload("car.pdf", io.BytesIO(data), len(data)),
    )
    ctx.records["document"] = document.pk
    adopted = children.child_create(
        actor=personas["sw.cardiff"],
        local_authority_id=Organisation.objects.get(code="cardiff").pk,
        entered_care=date(2023, 1, 10),
        case_reference="MTXADO004",
        first_names="Matrix",
        last_name=ADOPTED_SURNAME,
        date_of_birth=date(2021, 5, 1),
        sex="1",
        ethnicity="WBRI",
    )
    when = date(2023, 2, 1)
    for kind in (
        MilestoneKind.PERMANENCE_PLAN,
        MilestoneKind.CHILDS_ADOPTION_REPORT,
        MilestoneKind.SHOULD_BE_PLACED,
        MilestoneKind.AUTHORITY_TO_PLACE,
        MilestoneKind.REFERRED_TO_REGION,
        MilestoneKind.REFERRED_TO_REGISTER,
        MilestoneKind.LINKED,
        MilestoneKind.MATCHING_PANEL,
        MilestoneKind.MATCH_DECISION,
        MilestoneKind.INTRODUCTIONS,
        MilestoneKind.PLACED,
        MilestoneKind.ADOPTION_ORDER,
    ):
        actor = personas[
            "adm.cardiff"
            if kind in {MilestoneKind.SHOULD_BE_PLACED, MilestoneKind.MATCH_DECISION}
            else "sw.cardiff"
        ]
        detail = {"basis": "placement_order"} if kind == MilestoneKind.AUTHORITY_TO_PLACE else {}
        children.milestone_record(actor=actor, child=adopted, kind=kind, when=when, detail=detail)
        when += timedelta(days=70 if kind == MilestoneKind.PLACED else 7)
    adopted.refresh_from_db()
    ctx.records["post_adoption"] = adopted.post_adoption_record.pk


def _each(
    url: str,
    allowed: set[str],
    ok: int,
    *,
    method: str = "GET",
    anonymous: int = 302,
    refused: int = 404,
    **kw,
):
    yield Case(ANONYMOUS, method, url, anonymous, data=dict(kw.get("data") or {}), json=kw.get("json", False))
    for persona in PERSONA_NAMES:
        expected = ok if persona in allowed else kw.get("in_scope_refusal", {}).get(persona, refused)
        data = kw["make_data"]() if "make_data" in kw else dict(kw.get("data") or {})
        yield Case(
            persona,
            method,
            url,
            expected,
            data=data,
            json=kw.get("json", False),
            must_not_contain=kw.get("hidden", lambda p: [])(persona),
        )


def _cardiff(ctx: Context) -> int:
    return ctx.child_pk["cardiff"]


@covers("documents:list", "GET /api/v1/documents")
def _list(ctx: Context) -> Iterable[Case]:
    yield from _each(f"/documents/of/children.child/{_cardiff(ctx)}/", READERS, 200)
    yield from _each(
        f"/api/v1/documents?record_type=children.child&record_id={_cardiff(ctx)}", READERS, 200, anonymous=401
    )
    yield Case("sw.cardiff", "GET", "/documents/of/no.such_type/1/", 404)
    yield Case("sw.cardiff", "GET", f"/documents/of/children.child/{_cardiff(ctx)}/?export=csv", 200)


@covers("documents:upload", "POST /api/v1/documents")
def _upload(ctx: Context) -> Iterable[Case]:
    refused = {"adm.cardiff": 403}
    yield from _each(
        f"/documents/of/children.child/{_cardiff(ctx)}/new/", CASE_KEEPERS, 200, in_scope_refusal=refused
    )

    def api_data() -> dict[str, Any]:
        return {
            "record_type": "children.child",
            "record_id": str(_cardiff(ctx)),
            "kind": "medical",
            "dated": "2024-03-01",
            "file": SimpleUploadedFile("medical.pdf", files.pdf()),
        }

    yield from _each(
        "/api/v1/documents",
        CASE_KEEPERS,
        201,
        method="POST",
        anonymous=401,
        make_data=api_data,
        in_scope_refusal=refused,
    )


@covers("documents:detail", "GET /api/v1/documents/{pk}")
def _detail(ctx: Context) -> Iterable[Case]:
    pk = ctx.records["document"]
    yield from _each(f"/documents/{pk}/", READERS, 200)
    yield from _each(f"/api/v1/documents/{pk}", READERS, 200, anonymous=401)


@covers("documents:version-create", "POST /api/v1/documents/{pk}/versions")
def _version(ctx: Context) -> Iterable[Case]:
    pk = ctx.records["document"]
    refused = {"adm.cardiff": 403}
    yield from _each(f"/documents/{pk}/versions/new/", CASE_KEEPERS, 200, in_scope_refusal=refused)

    def stale() -> dict[str, Any]:
        return {"version": "999", "file": SimpleUploadedFile("v2.pdf", files.pdf())}

    yield from _each(
        f"/api/v1/documents/{pk}/versions",
        CASE_KEEPERS,
        409,
        method="POST",
        anonymous=401,
        make_data=stale,
        in_scope_refusal=refused,
    )


@covers("documents:archive", "POST /api/v1/documents/{pk}/archive")
def _archive(ctx: Context) -> Iterable[Case]:
    pk = ctx.records["document"]
    refused = {"adm.cardiff": 403}
    # An empty reason is refused, so the document stays for every persona's case.
    yield from _each(
        f"/documents/{pk}/archive/",
        CASE_KEEPERS,
        302,
        method="POST",
        data={"reason": ""},
        in_scope_refusal=refused,
    )
    yield from _each(
        f"/api/v1/documents/{pk}/archive",
        CASE_KEEPERS,
        422,
        method="POST",
        anonymous=401,
        data={"reason": ""},
        json=True,
        in_scope_refusal=refused,
    )


@covers("documents:download", "GET /api/v1/documents/{pk}/versions/{number}/content")
def _download(ctx: Context) -> Iterable[Case]:
    """Outsiders (Wrexham, other regions) and the National Board: 404."""
    pk = ctx.records["document"]
    yield from _each(f"/documents/{pk}/versions/1/download/", READERS, 200)
    yield from _each(f"/api/v1/documents/{pk}/versions/1/content", READERS, 200, anonymous=401)
    yield Case("sw.cardiff", "GET", f"/documents/{pk}/versions/9/download/", 404)


@covers("documents:life-story", "GET /api/v1/documents/life-story")
def _life_story(ctx: Context) -> Iterable[Case]:
    yield from _each("/documents/life-story/", LOCAL, 200, refused=403)
    yield from _each("/api/v1/documents/life-story", LOCAL, 200, refused=403, anonymous=401)


@covers("documents:post-adoption")
def _post_adoption(ctx: Context) -> Iterable[Case]:
    pk = ctx.records["post_adoption"]
    yield from _each(f"/documents/post-adoption/{pk}/", AGENCY, 200)
    yield from _each(
        f"/documents/post-adoption/{pk}/",
        AGENCY,
        302,
        method="POST",
        data={"reason": "Matrix: adopted adult's request"},
    )


@covers("documents:post-adoption-life-story")
def _post_adoption_life_story(ctx: Context) -> Iterable[Case]:
    """Only the agency's managers add to a restricted record; they are sent to
    give their reason first (302); the support team may read it but not add."""
    pk = ctx.records["post_adoption"]
    yield from _each(f"/documents/post-adoption/{pk}/life-story/new/", AGENCY, 302)


@covers("documents:generated", "GET /api/v1/documents/generated/{template}/{pk}")
def _generated(ctx: Context) -> Iterable[Case]:
    yield from _each(f"/documents/generated/child-summary/{_cardiff(ctx)}/", READERS, 200)
    yield from _each(
        f"/api/v1/documents/generated/child-summary/{_cardiff(ctx)}?language=cy", READERS, 200, anonymous=401
    )
    yield Case("sw.cardiff", "GET", f"/documents/generated/no-such-letter/{_cardiff(ctx)}/", 404)


@covers("search:results", "GET /api/v1/search")
def _search(ctx: Context) -> Iterable[Case]:
    """Nobody sees a child they may not see identified; the adopted child's
    restricted record only for those who may open it."""
    searchers = set(PERSONA_NAMES) - NATIONAL

    def hidden(persona: str) -> list[str]:
        names = _hidden_identity(persona)
        if persona not in AGENCY:
            names.append(ADOPTED_SURNAME)
        return names

    for url in ("/search/?q=Matrix", "/api/v1/search?q=Matrix"):
        api = url.startswith("/api/")
        yield from _each(url, searchers, 200, refused=403, anonymous=401 if api else 302, hidden=hidden)
    yield Case(
        "tm.cardiff", "GET", "/search/?q=Matrix", 200, must_contain=[ADOPTED_SURNAME, "Restricted record"]
    )
