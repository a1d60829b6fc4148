"""Permission matrix of the performance framework (nas.performance), written
out from the law of the service, not read back from the policies:

- Figures: the Director of Operations, the performance analyst and Board
  members see every figure and the national dashboard; the regional manager
  their region's and its authorities'; an authority's team manager and
  agency decision maker their authority's. Anyone else in the organisation
  is refused (403); another organisation's figures do not exist for them
  (404). The voluntary agencies' figures together are the national tier's.
- Drill-down: as the figures, but a Board member sees no case list at all
  (404), and the national tier never sees a child's identity.
- Quarterly returns: the regional manager keeps their region's; the national
  tier reads every return; nobody else sees any (404; 403 for the lists).
- Interventions: the Director opens, updates, reviews and closes; the
  region's manager responds; the analyst and the Board read.
- Reports: the Director and the analyst.

Records: a quarterly return and an intervention for Vale, Valleys and
Cardiff and for North Wales, each carrying its own region's text (the
return's commentary, the intervention's concerns and action), so a list that
shows another region's records is caught by what it contains. The matrix's
Cardiff child referred to the region has waited more than six months from its
'should be placed' decision (1 April 2024) by 31 December 2024, so it is
behind NAS-C4 for 2024-25 Q3.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tests.access.matrix import (
    ANONYMOUS,
    CHILD_REFERENCE,
    CHILD_SURNAME,
    ORGANISATION_OF,
    PERSONA_NAMES,
    REGIONS,
    Case,
    Context,
    covers,
    setup,
)

DIRECTOR = "director.national"
NATIONAL_TEAM = {"director.national", "analyst.national"}
NATIONAL_READERS = NATIONAL_TEAM | {"board.national"}
NATIONAL_STAFF = NATIONAL_READERS | {"admin.national"}
MANAGER = "manager.vvc"
AUTHORITY_READERS = {"tm.cardiff", "adm.cardiff"}
READERS = NATIONAL_READERS | {MANAGER} | AUTHORITY_READERS
REGION_OF = {"cardiff": "vale-valleys-cardiff", "wrexham": "north-wales"}
SCOPES = ["vale-valleys-cardiff", "north-wales", "cardiff", "wales", "voluntary-agencies"]
QUARTER = "2024-25-Q3"
IDENTITY = [*CHILD_REFERENCE.values(), *CHILD_SURNAME.values()]
LABELS = ("vvc", "north")
REGION_NAME = {"vvc": "Vale, Valleys and Cardiff", "north": "North Wales"}
#: Each region's records carry text no other region's do.
COMMENTARY = {label: f"Matrix commentary for {name}" for label, name in REGION_NAME.items()}
CONCERNS = {label: f"Matrix concerns for {name}" for label, name in REGION_NAME.items()}
ACTION = {label: f"Matrix action for {name}" for label, name in REGION_NAME.items()}


@setup
def _performance(ctx: Context, personas: dict[str, Any]) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from nas.organisations.models import Organisation
    from nas.performance import services

    today = timezone.localdate()
    for code, label in (("vale-valleys-cardiff", "vvc"), ("north-wales", "north")):
        region = Organisation.objects.get(code=code)
        record = services.return_draft(actor=None, region=region, quarter=QUARTER)
        services.return_commentary(actor=None, record=record, commentary=COMMENTARY[label])
        ctx.records[f"return_{label}"] = record.pk
        ctx.records[f"intervention_{label}"] = services.intervention_open(
            actor=personas[DIRECTOR],
            region=region,
            measure="NAS-C4",
            concerns=CONCERNS[label],
            action=ACTION[label],
            action_due_on=today + timedelta(days=30),
            review_on=today + timedelta(days=30),
            response_due_on=today + timedelta(days=10),
        ).pk


def _in_scope(persona: str, scope: str) -> bool:
    """Whether the organisation whose figures these are is in the persona's tier scope."""
    organisation = ORGANISATION_OF[persona]
    if persona in NATIONAL_STAFF:
        return True
    if organisation in REGIONS:
        return scope == organisation or REGION_OF.get(scope) == organisation
    return scope == organisation


def figures_status(persona: str, scope: str, drill: bool = False) -> int:
    if scope == "voluntary-agencies":
        return 200 if persona in NATIONAL_READERS and not (drill and persona == "board.national") else 404
    if drill and persona == "board.national":
        return 404
    if not _in_scope(persona, scope):
        return 404
    return 200 if persona in READERS else 403


def _anonymous(url: str) -> Case:
    return Case(ANONYMOUS, "GET", url, 401 if url.startswith("/api/") else 302)


@covers("performance:index")
def _index(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/performance/", 302, follow_to="/sign-in/")
    for persona in PERSONA_NAMES:
        if persona in NATIONAL_READERS:
            yield Case(persona, "GET", "/performance/", 200, must_contain=["Performance: all Wales"])
        elif persona == MANAGER:
            yield Case(
                persona, "GET", "/performance/", 302, follow_to="/performance/figures/vale-valleys-cardiff/"
            )
        elif persona in AUTHORITY_READERS:
            yield Case(persona, "GET", "/performance/", 302, follow_to="/performance/figures/cardiff/")
        else:
            yield Case(persona, "GET", "/performance/", 403)


@covers("performance:scope", "GET /api/v1/performance/figures/{scope}")
def _scope(ctx: Context) -> Iterable[Case]:
    for scope in SCOPES:
        for url in (f"/performance/figures/{scope}/", f"/api/v1/performance/figures/{scope}"):
            yield _anonymous(url)
            for persona in PERSONA_NAMES:
                yield Case(persona, "GET", url, figures_status(persona, scope), must_not_contain=IDENTITY)
    yield Case(DIRECTOR, "GET", "/performance/figures/atlantis/", 404)
    yield Case(DIRECTOR, "GET", "/performance/figures/st-davids-childrens-society/", 404)


def _measure_for(scope: str) -> str:
    return "NAS-A2" if scope == "voluntary-agencies" else "NAS-C4"


@covers("performance:drill-down", "GET /api/v1/performance/figures/{scope}/{code}/{period}/cases")
def _drill_down(ctx: Context) -> Iterable[Case]:
    for scope in SCOPES:
        code = _measure_for(scope)
        for url in (
            f"/performance/figures/{code}/{QUARTER}/{scope}/cases/",
            f"/api/v1/performance/figures/{scope}/{code}/{QUARTER}/cases",
        ):
            yield _anonymous(url)
            for persona in PERSONA_NAMES:
                expected = figures_status(persona, scope, drill=True)
                identity = persona in AUTHORITY_READERS and scope == "cardiff"
                yield Case(
                    persona,
                    "GET",
                    url,
                    expected,
                    must_contain=[CHILD_REFERENCE["cardiff_referred"]]
                    if identity and expected == 200
                    else [],
                    must_not_contain=[CHILD_REFERENCE["wrexham"]] if identity else IDENTITY,
                )
    yield Case(DIRECTOR, "GET", f"/performance/figures/NOPE/{QUARTER}/wales/cases/", 404)
    yield Case(DIRECTOR, "GET", "/performance/figures/NAS-C4/not-a-period/wales/cases/", 404)


@covers("performance:measures", "GET /api/v1/performance/measures", "GET /api/v1/performance/figures")
def _measures(ctx: Context) -> Iterable[Case]:
    for url in ("/performance/measures/", "/api/v1/performance/measures", "/api/v1/performance/figures"):
        yield _anonymous(url)
        for persona in PERSONA_NAMES:
            yield Case(persona, "GET", url, 200 if persona in READERS else 403, must_not_contain=IDENTITY)


@covers("performance:reports", "GET /api/v1/performance/reports/{kind}/{period}")
def _reports(ctx: Context) -> Iterable[Case]:
    yield _anonymous("/performance/reports/")
    yield _anonymous("/api/v1/performance/reports/minister/2024-25-H1?format=xlsx")
    for persona in PERSONA_NAMES:
        # The Board makes and reads its own annual report (aggregates only).
        allowed = persona in NATIONAL_READERS
        yield Case(persona, "GET", "/performance/reports/", 200 if allowed else 403)
        yield Case(
            persona,
            "GET",
            "/api/v1/performance/reports/minister/2024-25-H1?format=xlsx",
            200 if allowed else 403,
            must_not_contain=IDENTITY,
        )
    yield Case(DIRECTOR, "GET", "/api/v1/performance/reports/minister/2024-25?format=pdf", 404)


def _sees_region(persona: str, label: str) -> bool:
    return persona in NATIONAL_READERS or (persona == MANAGER and label == "vvc")


def _lists(url: str, readers: set[str], shows: dict[str, list[str]]) -> Iterable[Case]:
    """Who may read the list, and, of those, that each sees the records of the
    regions they may (`shows`: each region's recognisable text in this list)
    and none of the others': the national readers both regions', the Vale,
    Valleys and Cardiff manager their own and never North Wales's."""
    yield _anonymous(url)
    for persona in PERSONA_NAMES:
        if persona not in readers:
            yield Case(persona, "GET", url, 403)
            continue
        seen = [label for label in LABELS if _sees_region(persona, label)]
        yield Case(
            persona,
            "GET",
            url,
            200,
            must_contain=[text for label in seen for text in shows[label]],
            must_not_contain=[text for label in LABELS if label not in seen for text in shows[label]],
        )


@covers("performance:returns", "GET /api/v1/performance/returns")
def _returns(ctx: Context) -> Iterable[Case]:
    """The page lists each return by its region's name and links to it; the API gives its commentary."""
    page = {
        label: [REGION_NAME[label], f'href="/performance/returns/{ctx.records[f"return_{label}"]}/"']
        for label in LABELS
    }
    api = {label: [COMMENTARY[label]] for label in LABELS}
    yield from _lists("/performance/returns/", NATIONAL_READERS | {MANAGER}, page)
    yield from _lists("/api/v1/performance/returns", NATIONAL_READERS | {MANAGER}, api)


@covers("performance:return-detail", "GET /api/v1/performance/returns/{pk}")
def _return_detail(ctx: Context) -> Iterable[Case]:
    for label in ("vvc", "north"):
        pk = ctx.records[f"return_{label}"]
        for url in (f"/performance/returns/{pk}/", f"/api/v1/performance/returns/{pk}"):
            yield _anonymous(url)
            for persona in PERSONA_NAMES:
                yield Case(persona, "GET", url, 200 if _sees_region(persona, label) else 404)
    yield Case(MANAGER, "GET", "/performance/returns/999999/", 404)


@covers("performance:return-action", "POST /api/v1/performance/returns/{pk}/{action}")
def _return_action(ctx: Context) -> Iterable[Case]:
    """A commentary without the version read saves nothing: 400 (page) or 422 (API) for the keeper."""
    for label in ("vvc", "north"):
        pk = ctx.records[f"return_{label}"]
        page = f"/performance/returns/{pk}/commentary/"
        api = f"/api/v1/performance/returns/{pk}/commentary"
        yield Case(ANONYMOUS, "POST", page, 302, data={"commentary": "x"})
        yield Case(ANONYMOUS, "POST", api, 401, data={"commentary": "x"}, json=True)
        for persona in PERSONA_NAMES:
            if not _sees_region(persona, label):
                expected = 404
            elif persona == MANAGER:
                expected = 400
            else:
                expected = 403
            yield Case(persona, "POST", page, expected, data={"commentary": "x"})
            yield Case(
                persona,
                "POST",
                api,
                422 if expected == 400 else expected,
                data={"commentary": "x"},
                json=True,
            )
            yield Case(persona, "GET", page, {405, 404} if expected == 404 else 405)
    yield Case(MANAGER, "POST", f"/performance/returns/{ctx.records['return_vvc']}/delete/", 404)


@covers("performance:interventions", "GET /api/v1/performance/interventions")
def _interventions(ctx: Context) -> Iterable[Case]:
    """The page lists each intervention by its region's name and links to it; the API gives its
    concerns and actions."""
    page = {
        label: [
            REGION_NAME[label],
            f'href="/performance/interventions/{ctx.records[f"intervention_{label}"]}/"',
        ]
        for label in LABELS
    }
    api = {label: [CONCERNS[label], ACTION[label]] for label in LABELS}
    yield from _lists("/performance/interventions/", NATIONAL_READERS | {MANAGER}, page)
    yield from _lists("/api/v1/performance/interventions", NATIONAL_READERS | {MANAGER}, api)


@covers("performance:intervention-new", "POST /api/v1/performance/interventions")
def _intervention_new(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/performance/interventions/new/", 302)
    yield Case(ANONYMOUS, "POST", "/api/v1/performance/interventions", 401, data={}, json=True)
    for persona in PERSONA_NAMES:
        director = persona == DIRECTOR
        yield Case(persona, "GET", "/performance/interventions/new/", 200 if director else 403)
        # An empty intervention is refused with messages, so the matrix opens nothing.
        yield Case(
            persona,
            "POST",
            "/performance/interventions/new/",
            400 if director else 403,
            must_contain=["Enter the concerns"] if director else [],
        )
        yield Case(
            persona, "POST", "/api/v1/performance/interventions", 422 if director else 403, data={}, json=True
        )


@covers("performance:intervention-detail", "GET /api/v1/performance/interventions/{pk}")
def _intervention_detail(ctx: Context) -> Iterable[Case]:
    for label in ("vvc", "north"):
        pk = ctx.records[f"intervention_{label}"]
        for url in (f"/performance/interventions/{pk}/", f"/api/v1/performance/interventions/{pk}"):
            yield _anonymous(url)
            for persona in PERSONA_NAMES:
                yield Case(
                    persona,
                    "GET",
                    url,
                    200 if _sees_region(persona, label) else 404,
                    must_contain=[CONCERNS[label]] if _sees_region(persona, label) else [],
                )


@covers("performance:intervention-action", "POST /api/v1/performance/interventions/{pk}/{action}")
def _intervention_action(ctx: Context) -> Iterable[Case]:
    """Empty text saves nothing: 400 (page) or 422 (API) for whoever may act."""
    for label in ("vvc", "north"):
        pk = ctx.records[f"intervention_{label}"]
        for action, actor in (("respond", MANAGER), ("update", DIRECTOR), ("close", DIRECTOR)):
            page = f"/performance/interventions/{pk}/{action}/"
            api = f"/api/v1/performance/interventions/{pk}/{action}"
            yield Case(ANONYMOUS, "POST", page, 302, data={"text": ""})
            yield Case(ANONYMOUS, "POST", api, 401, data={"text": ""}, json=True)
            for persona in PERSONA_NAMES:
                if not _sees_region(persona, label):
                    expected = 404
                elif persona == actor:
                    expected = 400
                else:
                    expected = 403
                yield Case(persona, "POST", page, expected, data={"text": "", "version": 1})
                yield Case(
                    persona,
                    "POST",
                    api,
                    422 if expected == 400 else expected,
                    data={"text": "", "version": 1},
                    json=True,
                )
