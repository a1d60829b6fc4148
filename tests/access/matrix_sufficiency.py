"""Permission matrix of sufficiency (nas.sufficiency), written out from the
law of the service: these are aggregate figures, so they follow the
performance framework's figures. The Director of Operations, the
performance analyst and Board members see every area and the overview of
every area; the regional manager their region and its authorities (the
overview sends them to their region); an authority's team manager and
agency decision maker their authority. Anyone else in an organisation is
refused (403); another organisation's figures do not exist for them (404).
No child is ever named.

Governance (nas.accounts.personas.GOVERNANCE_PERSONAS, made here): the Vale,
Valleys and Cardiff Regional Collaborative Board member, Senior Responsible
Officer and Joint Committee member read their region's and its authorities'
figures and its plan; Cardiff's Director of Social Services reads Cardiff's
figures; none of them writes, and anything else does not exist for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tests.access.matrix import ANONYMOUS, ORGANISATION_OF, PERSONA_NAMES, Case, Context, covers, setup
from tests.access.matrix_performance import (
    AUTHORITY_READERS,
    IDENTITY,
    MANAGER,
    NATIONAL_READERS,
    figures_status,
)

SCOPES = ["vale-valleys-cardiff", "north-wales", "cardiff", "wrexham", "wales"]
REGIONAL_GOVERNANCE = ["rcb.vvc", "sro.vvc", "jc.vvc"]
GOVERNANCE = [*REGIONAL_GOVERNANCE, "dss.cardiff"]
EVERYONE = [*PERSONA_NAMES, *GOVERNANCE]


@setup
def _governance(ctx: Context, personas: dict[str, Any]) -> None:
    from nas.accounts.personas import DEMO_PASSWORD, GOVERNANCE_PERSONAS
    from nas.accounts.services import staff_create
    from nas.organisations.models import Organisation

    for p in GOVERNANCE_PERSONAS:
        personas[p.username] = staff_create(
            actor=None,
            username=p.username,
            password=DEMO_PASSWORD,
            organisation_id=Organisation.objects.get(code=p.organisation).pk,
            roles=list(p.roles),
            first_name=p.first_name,
            last_name=p.last_name,
        )
        ctx.account_pk[p.username] = personas[p.username].pk


def _figures(persona: str, scope: str) -> int:
    if persona in REGIONAL_GOVERNANCE:
        return 200 if scope in ("vale-valleys-cardiff", "cardiff") else 404
    if persona == "dss.cardiff":
        return 200 if scope == "cardiff" else 404
    return figures_status(persona, scope)


API_SCOPES = {"vale-valleys-cardiff", "north-wales", "cardiff"}


@covers("sufficiency:index")
def _index(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/sufficiency/", 302, follow_to="/sign-in/")
    for persona in EVERYONE:
        if persona in REGIONAL_GOVERNANCE:
            yield Case(persona, "GET", "/sufficiency/", 302, follow_to="/sufficiency/vale-valleys-cardiff/")
        elif persona == "dss.cardiff":
            yield Case(persona, "GET", "/sufficiency/", 302, follow_to="/sufficiency/cardiff/")
        elif persona in NATIONAL_READERS:
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
        # The API's answers follow the page's rule: checked on three scopes, to keep the matrix quick.
        urls = [f"/sufficiency/{scope}/"]
        if scope in API_SCOPES:
            urls += [f"/api/v1/sufficiency/{scope}/pipeline", f"/api/v1/sufficiency/{scope}/forecast"]
        for url in urls:
            yield Case(ANONYMOUS, "GET", url, 401 if url.startswith("/api/") else 302)
            for persona in EVERYONE:
                yield Case(persona, "GET", url, _figures(persona, scope), must_not_contain=IDENTITY)
    yield Case("director.national", "GET", "/sufficiency/atlantis/", 404)
    yield Case("director.national", "GET", "/sufficiency/st-davids-childrens-society/", 404)
    yield Case("director.national", "GET", "/api/v1/sufficiency/voluntary-agencies/pipeline", 404)
    yield Case("director.national", "GET", "/api/v1/sufficiency/wales/forecast?siblings=500", 422)


# --- The regions' plans --------------------------------------------------------

PLAN_TITLE = {
    "vvc": "Matrix plan action for Vale, Valleys and Cardiff",
    "north": "Matrix plan action for North Wales",
}
REGION_CODE = {"vvc": "vale-valleys-cardiff", "north": "north-wales"}


@setup
def _plans(ctx: Context, personas: dict[str, Any]) -> None:
    from datetime import date

    from nas.organisations.models import Organisation
    from nas.sufficiency import services

    for label, code in REGION_CODE.items():
        ctx.records[f"plan_action_{label}"] = services.plan_action_add(
            actor=personas[MANAGER] if label == "vvc" else None,
            region=Organisation.objects.get(code=code),
            measure="NAS-R1",
            title=PLAN_TITLE[label],
            owner="Matrix owner",
            due_on=date(2030, 1, 1),
            expected_effect="Matrix effect",
        ).pk


def _plan_status(persona: str, label: str) -> int:
    """National readers read every plan; the manager their region's; the
    region's other staff are refused (403); anyone else finds nothing (404)."""
    if persona in NATIONAL_READERS or (persona in (MANAGER, *REGIONAL_GOVERNANCE) and label == "vvc"):
        return 200
    if ORGANISATION_OF.get(persona) == REGION_CODE[label]:
        return 403
    return 404


@covers("sufficiency:plans")
def _plan_index(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/sufficiency/plans/", 302, follow_to="/sign-in/")
    for persona in EVERYONE:
        if persona in NATIONAL_READERS:
            yield Case(persona, "GET", "/sufficiency/plans/", 200, must_contain=["North Wales"])
        elif persona in (MANAGER, *REGIONAL_GOVERNANCE):
            yield Case(
                persona,
                "GET",
                "/sufficiency/plans/",
                302,
                follow_to="/sufficiency/plans/vale-valleys-cardiff/",
            )
        else:
            yield Case(persona, "GET", "/sufficiency/plans/", 403)


@covers(
    "sufficiency:plan",
    "GET /api/v1/sufficiency/plans/{region}",
    "POST /api/v1/sufficiency/plans/{region}/actions",
)
def _plan(ctx: Context) -> Iterable[Case]:
    new = {
        "measure": "NAS-C4",
        "title": "Matrix new action",
        "owner": "Matrix owner",
        "due_on": "2030-01-01",
        "expected_effect": "Matrix effect",
    }
    page_data = {**new, "due_on": "01/01/2030"}
    for label, code in REGION_CODE.items():
        other = "north" if label == "vvc" else "vvc"
        page = f"/sufficiency/plans/{code}/"
        api = f"/api/v1/sufficiency/plans/{code}"
        yield Case(ANONYMOUS, "GET", page, 302)
        yield Case(ANONYMOUS, "GET", api, 401)
        yield Case(ANONYMOUS, "POST", f"{api}/actions", 401, data=new, json=True)
        for persona in EVERYONE:
            status = _plan_status(persona, label)
            yield Case(
                persona,
                "GET",
                page,
                status,
                must_contain=[PLAN_TITLE[label]] if status == 200 else [],
                must_not_contain=[PLAN_TITLE[other], *IDENTITY],
            )
            yield Case(persona, "GET", api, status, must_not_contain=[PLAN_TITLE[other]])
            keeps = persona == MANAGER and label == "vvc"
            writes = 302 if keeps else (403 if status in (200, 403) else 404)
            yield Case(persona, "POST", page, writes, data=page_data)
            yield Case(persona, "POST", f"{api}/actions", 201 if keeps else writes, data=new, json=True)
    yield Case("director.national", "GET", "/sufficiency/plans/cardiff/", 404)
    yield Case("director.national", "GET", "/api/v1/sufficiency/plans/atlantis", 404)


@covers("sufficiency:progress", "POST /api/v1/sufficiency/plans/actions/{pk}/progress")
def _progress(ctx: Context) -> Iterable[Case]:
    for label in REGION_CODE:
        pk = ctx.records[f"plan_action_{label}"]
        page = f"/sufficiency/plans/actions/{pk}/progress/"
        api = f"/api/v1/sufficiency/plans/actions/{pk}/progress"
        data = {"status": "on_track", "note": "Matrix progress"}
        yield Case(ANONYMOUS, "GET", page, 302)
        yield Case(ANONYMOUS, "POST", api, 401, data=data, json=True)
        for persona in EVERYONE:
            keeps = persona == MANAGER and label == "vvc"
            # The national tier and the region's governance read the action but record nothing on it.
            reads = persona in NATIONAL_READERS or (persona in REGIONAL_GOVERNANCE and label == "vvc")
            status = 200 if keeps else (403 if reads else 404)
            yield Case(persona, "GET", page, status)
            yield Case(persona, "POST", page, {302, 400} if keeps else status, data=data)
            yield Case(persona, "POST", api, {201, 422} if keeps else status, data=data, json=True)
    yield Case(MANAGER, "GET", "/sufficiency/plans/actions/999999/progress/", 404)


# --- Annual reviews ------------------------------------------------------------


@setup
def _reviews(ctx: Context, personas: dict[str, Any]) -> None:
    from nas.organisations.models import Organisation
    from nas.sufficiency.models import AnnualReview, ReviewStatus

    for label, status in (("vvc", ReviewStatus.DRAFT), ("north", ReviewStatus.APPROVED)):
        ctx.records[f"review_{label}"] = AnnualReview.objects.create(
            region=Organisation.objects.get(code=REGION_CODE[label]),
            year="2024-25",
            figures={"measures": {}, "plan": {}, "forecast": {}},
            commentary=f"Matrix review of {label}",
            status=status,
            drafted_by=personas[MANAGER],
        ).pk


def _review_reads(persona: str, label: str) -> bool:
    """The region's manager and governance read its reviews; the national tier the approved ones."""
    if label == "vvc":
        return persona in (MANAGER, *REGIONAL_GOVERNANCE)
    return persona in NATIONAL_READERS


@covers(
    "sufficiency:reviews",
    "sufficiency:review-new",
    "sufficiency:review",
    "sufficiency:review-download",
    "GET /api/v1/sufficiency/reviews",
    "POST /api/v1/sufficiency/reviews",
    "GET /api/v1/sufficiency/reviews/{pk}",
)
def _review_pages(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/sufficiency/reviews/", 302)
    yield Case(ANONYMOUS, "GET", "/sufficiency/reviews/new/", 302)
    yield Case(ANONYMOUS, "GET", "/api/v1/sufficiency/reviews", 401)
    yield Case(ANONYMOUS, "POST", "/api/v1/sufficiency/reviews", 401, data={"year": "2023-24"}, json=True)
    for persona in EVERYONE:
        lists = persona in (*NATIONAL_READERS, MANAGER, *REGIONAL_GOVERNANCE)
        yield Case(persona, "GET", "/sufficiency/reviews/", 200 if lists else 403)
        yield Case(persona, "GET", "/api/v1/sufficiency/reviews", 200 if lists else 403)
        yield Case(persona, "GET", "/sufficiency/reviews/new/", 200 if persona == MANAGER else 403)
        yield Case(
            persona,
            "POST",
            "/sufficiency/reviews/new/",
            {302, 400} if persona == MANAGER else 403,
            data={"year": "2023-24"},
        )
        # Only a regional manager drafts (their own region's: the body names no region).
        yield Case(
            persona,
            "POST",
            "/api/v1/sufficiency/reviews",
            {201, 422} if persona == MANAGER else 403,
            data={"year": "2023-24"},
            json=True,
        )
        for label in REGION_CODE:
            pk = ctx.records[f"review_{label}"]
            reads = _review_reads(persona, label)
            yield Case(
                persona,
                "GET",
                f"/sufficiency/reviews/{pk}/",
                200 if reads else 404,
                must_contain=[f"Matrix review of {label}"] if reads else [],
                must_not_contain=IDENTITY,
            )
            yield Case(persona, "GET", f"/sufficiency/reviews/{pk}/xlsx/?lang=cy", 200 if reads else 404)
            yield Case(
                persona,
                "GET",
                f"/api/v1/sufficiency/reviews/{pk}",
                200 if reads else 404,
                must_contain=[f"Matrix review of {label}"] if reads else [],
            )
    yield Case(MANAGER, "GET", "/sufficiency/reviews/999999/", 404)
    yield Case(MANAGER, "GET", f"/sufficiency/reviews/{ctx.records['review_vvc']}/docx/", 404)


@covers(
    "sufficiency:review-comment",
    "sufficiency:review-approve",
    "POST /api/v1/sufficiency/reviews/{pk}/comments",
    "POST /api/v1/sufficiency/reviews/{pk}/approve",
)
def _review_writes(ctx: Context) -> Iterable[Case]:
    """The region's governance comments on its draft; its Board member
    approves it; the national tier reads the approved review of another
    region but writes nothing on it (403); anyone else finds nothing (404)."""
    approver = "rcb.vvc"
    for label in REGION_CODE:
        pk = ctx.records[f"review_{label}"]
        api = f"/api/v1/sufficiency/reviews/{pk}"
        yield Case(ANONYMOUS, "POST", f"{api}/comments", 401, data={"text": "Matrix comment"}, json=True)
        yield Case(ANONYMOUS, "POST", f"{api}/approve", 401, data={"version": 1}, json=True)
        for persona in EVERYONE:
            reads = _review_reads(persona, label)
            comments = label == "vvc" and persona in REGIONAL_GOVERNANCE
            refused = 403 if reads else 404
            yield Case(
                persona,
                "POST",
                f"/sufficiency/reviews/{pk}/comment/",
                302 if comments else refused,
                data={"text": "Matrix comment"},
            )
            yield Case(
                persona,
                "POST",
                f"{api}/comments",
                201 if comments else refused,
                data={"text": "Matrix comment"},
                json=True,
            )
            if persona != approver:
                yield Case(persona, "POST", f"/sufficiency/reviews/{pk}/approve/", refused)
                yield Case(persona, "POST", f"{api}/approve", refused, data={"version": 1}, json=True)
    vvc, north = ctx.records["review_vvc"], ctx.records["review_north"]
    yield Case(
        approver, "POST", f"/api/v1/sufficiency/reviews/{north}/approve", 404, data={"version": 1}, json=True
    )
    # A version the Board member did not read is stale (409); then the page approves it.
    yield Case(
        approver, "POST", f"/api/v1/sufficiency/reviews/{vvc}/approve", 409, data={"version": 0}, json=True
    )
    # Last: the Board member approves the draft, through the API and then (already approved) the page.
    yield Case(
        approver,
        "POST",
        f"/api/v1/sufficiency/reviews/{vvc}/approve",
        200,
        data={"version": 1},
        json=True,
        must_contain=['"status": "approved"'],
    )
    yield Case(approver, "POST", f"/sufficiency/reviews/{vvc}/approve/", 403)
    yield Case(approver, "POST", f"/sufficiency/reviews/{north}/approve/", 404)
    yield Case(
        approver, "POST", f"/api/v1/sufficiency/reviews/{vvc}/comments", 403, data={"text": "Late"}, json=True
    )
