"""Permission matrix for adoption support (nas/support), written out from the
law of the service, not read back from the policies:

- Support records belong to the region whose support team holds them. Vale,
  Valleys and Cardiff's support worker and regional manager see and keep
  theirs; the region's other staff, another region's staff (ff.north),
  local authority staff, the voluntary agency and the national tier see none
  (404 for a record, 403 for a list or form they have no part in).
- A letterbox agreement and its letters are seen only by the workers
  allocated to it and the region's regional manager: the region's support
  worker gets 404 for an agreement allocated to someone else, and nobody
  else ever sees a letter's content.
- The decision on providing services is the regional manager's.

Records: a case, person, birth records request and intermediary case in
Vale, Valleys and Cardiff and the same in North Wales (out of everyone's
scope here); three letterbox agreements, each with a letter: one allocated
to support.vvc, one allocated only to another support worker of the region,
one in North Wales.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from tests.access.matrix import ANONYMOUS, PERSONA_NAMES, Case, Context, covers, setup

KEEPERS = {"support.vvc", "manager.vvc"}
MANAGER = {"manager.vvc"}
#: Who may see each letterbox agreement (and its letter), by label.
LETTERBOX_READERS = {"lb_vvc": KEEPERS, "lb_other": MANAGER, "lb_north": set()}
LETTER_TEXT = {
    "lb_vvc": "MTXLETTERVVC a letter only its allocated worker and the manager may read",
    "lb_other": "MTXLETTEROTHER a letter allocated to another worker",
    "lb_north": "MTXLETTERNORTH a letter of another region",
}
SURNAME_VVC = "Mtxsupportsurname"
SURNAME_NORTH = "Mtxnorthsurname"


@setup
def _support(ctx: Context, personas: dict[str, Any]) -> None:
    from nas.accounts.roles import Role
    from nas.accounts.services import staff_create
    from nas.organisations.models import Organisation
    from nas.support import codes, services

    regions = {code: Organisation.objects.get(code=code) for code in ("vale-valleys-cardiff", "north-wales")}
    workers = {
        "vale-valleys-cardiff": personas["support.vvc"],
        "north-wales": staff_create(
            actor=None,
            username="mtx.support.north",
            password="matrix-password-not-used",
            organisation_id=regions["north-wales"].pk,
            roles=[Role.SUPPORT_WORKER],
            first_name="Matrix",
            last_name="North",
        ),
    }
    other_worker = staff_create(
        actor=None,
        username="mtx.support2.vvc",
        password="matrix-password-not-used",
        organisation_id=regions["vale-valleys-cardiff"].pk,
        roles=[Role.SUPPORT_WORKER],
        first_name="Matrix",
        last_name="Otherworker",
    )
    for code, suffix in (("vale-valleys-cardiff", "vvc"), ("north-wales", "north")):
        region, worker = regions[code], workers[code]
        surname = SURNAME_VVC if suffix == "vvc" else SURNAME_NORTH

        def person(
            kind: str, first: str, born: date, adopted: date | None = None, *, r=region, w=worker, n=surname
        ):
            return services.person_create(
                actor=w,
                region_id=r.pk,
                kind=kind,
                first_names=first,
                last_name=n,
                date_of_birth=born,
                adoption_date=adopted,
            )

        parent = person(codes.PersonKind.BIRTH_PARENT, "Parent", date(1990, 1, 1))
        adopted = person(codes.PersonKind.ADOPTED_ADULT, "Adopted", date(1960, 1, 1), date(1961, 1, 1))
        relative = person(codes.PersonKind.BIRTH_RELATIVE, "Relative", date(1958, 1, 1))
        case = services.case_create(
            actor=worker,
            region_id=region.pk,
            person=parent,
            worker=worker,
            requested_on=date(2025, 1, 6),
            request_summary="Matrix request",
        )
        request = services.birth_records_create(
            actor=worker,
            region_id=region.pk,
            person=adopted,
            received_on=date(2025, 1, 6),
            counselling_offered_on=date(2025, 1, 6),
        )
        application = services.intermediary_create(
            actor=worker,
            region_id=region.pk,
            applicant=adopted,
            subject=relative,
            received_on=date(2025, 1, 6),
            adoption_date=date(1961, 1, 1),
        )
        ctx.records.update(
            {
                f"person_{suffix}": parent.pk,
                f"case_{suffix}": case.pk,
                f"br_{suffix}": request.pk,
                f"is_{suffix}": application.pk,
            }
        )
        labels = ["lb_vvc", "lb_other"] if suffix == "vvc" else ["lb_north"]
        for label in labels:
            agreement = services.agreement_create(
                actor=worker,
                region_id=region.pk,
                workers=[other_worker if label == "lb_other" else worker],
                per_year=1,
                agreed_on=date(2025, 1, 1),
                first_exchange_on=date(2025, 2, 1),
            )
            writer = services.party_add(
                actor=worker, agreement=agreement, person=parent, side="birth", writes=True, receives=True
            )
            letter = services.letter_record(
                actor=worker,
                agreement=agreement,
                writer=writer,
                exchange_on=date(2025, 2, 1),
                received_on=date(2025, 1, 30),
                content=LETTER_TEXT[label],
            )
            ctx.records[label] = agreement.pk
            ctx.records[f"letter_{label}"] = letter.pk


def _hidden(persona: str) -> list[str]:
    """What this persona must never see anywhere in adoption support."""
    hidden = [SURNAME_NORTH, LETTER_TEXT["lb_north"]]
    if persona not in KEEPERS:
        hidden.append(SURNAME_VVC)
    hidden += [LETTER_TEXT[label] for label, readers in LETTERBOX_READERS.items() if persona not in readers]
    return hidden


def _on(
    url: str,
    readers: set[str],
    allowed: set[str],
    method: str = "GET",
    ok: int = 200,
    data: dict[str, Any] | None = None,
    json: bool = False,
    must_contain: list[str] | None = None,
) -> Iterable[Case]:
    """One record's route: outside `readers` 404, a reader without the role 403, `allowed` gets `ok`."""
    api = url.startswith("/api/")
    yield Case(ANONYMOUS, method, url, 401 if api else 302, data=data or {}, json=json)
    for persona in PERSONA_NAMES:
        if persona not in readers:
            expected = 404
        elif persona in allowed:
            expected = ok
        else:
            expected = 403
        yield Case(
            persona,
            method,
            url,
            expected,
            must_not_contain=_hidden(persona),
            must_contain=(must_contain or []) if expected == ok else [],
            data=data or {},
            json=json,
        )


def _regional(
    ctx: Context,
    label: str,
    url: str,
    allowed: set[str] = KEEPERS,
    **kwargs: Any,
) -> Iterable[Case]:
    """A region-owned record: Vale, Valleys and Cardiff's (in scope for its keepers)
    and North Wales's (in nobody's)."""
    for suffix, readers in (("vvc", KEEPERS), ("north", set())):
        yield from _on(url.format(pk=ctx.records[f"{label}_{suffix}"]), readers, allowed, **kwargs)


def _letterbox(ctx: Context, url: str, record: str = "", **kwargs: Any) -> Iterable[Case]:
    """An agreement (or its letter): only the allocated workers and the regional manager."""
    for label, readers in LETTERBOX_READERS.items():
        key = f"{record}{label}"
        yield from _on(url.format(pk=ctx.records[key]), readers, readers, **kwargs)


def _list(url: str, must_contain: dict[str, list[str]] | None = None) -> Iterable[Case]:
    """A list or form page: the region's keepers use it; anyone else may not (403)."""
    api = url.startswith("/api/")
    yield Case(ANONYMOUS, "GET", url, 401 if api else 302)
    for persona in PERSONA_NAMES:
        keeper = persona in KEEPERS
        yield Case(
            persona,
            "GET",
            url,
            200 if keeper else 403,
            must_not_contain=_hidden(persona),
            must_contain=(must_contain or {}).get(persona, []) if keeper else [],
        )


def _create(url: str, message: str) -> Iterable[Case]:
    """A form that creates a record: empty, it is refused with a message (nothing is made)."""
    api = url.startswith("/api/")
    yield Case(ANONYMOUS, "POST", url, 401 if api else 302, json=api)
    for persona in PERSONA_NAMES:
        keeper = persona in KEEPERS
        if api:
            yield Case(
                persona,
                "POST",
                url,
                422 if keeper else 403,
                json=True,
                must_contain=[message] if keeper else [],
            )
        else:
            yield Case(persona, "GET", url, 200 if keeper else 403, must_not_contain=_hidden(persona))
            yield Case(persona, "POST", url, 200 if keeper else 403, must_contain=[message] if keeper else [])


# --- Lists -------------------------------------------------------------------


@covers("support:caseload", "GET /api/v1/support/caseload", "GET /api/v1/support/cases")
def _caseload(ctx: Context) -> Iterable[Case]:
    for url in ("/support/", "/api/v1/support/caseload", "/api/v1/support/cases"):
        yield from _list(url, {p: [SURNAME_VVC] for p in KEEPERS})


@covers("support:person-list", "GET /api/v1/support/people")
def _people(ctx: Context) -> Iterable[Case]:
    for url in ("/support/people/", "/api/v1/support/people"):
        yield from _list(url, {p: [SURNAME_VVC] for p in KEEPERS})


@covers("support:letterbox-list", "GET /api/v1/support/letterbox")
def _letterbox_list(ctx: Context) -> Iterable[Case]:
    from nas.support.models import LetterboxAgreement

    reference = {
        label: LetterboxAgreement.objects.get(pk=ctx.records[label]).reference for label in LETTERBOX_READERS
    }
    for url in ("/support/letterbox/", "/api/v1/support/letterbox"):
        for case in _list(url):
            if case.persona in KEEPERS:
                case.must_contain = [
                    reference[label] for label, r in LETTERBOX_READERS.items() if case.persona in r
                ]
                case.must_not_contain += [
                    reference[label] for label, r in LETTERBOX_READERS.items() if case.persona not in r
                ]
            yield case


@covers("support:birth-records-list", "GET /api/v1/support/birth-records")
def _birth_records_list(ctx: Context) -> Iterable[Case]:
    for url in ("/support/birth-records/", "/api/v1/support/birth-records"):
        yield from _list(url, {p: [SURNAME_VVC] for p in KEEPERS})


@covers("support:intermediary-list", "GET /api/v1/support/intermediary")
def _intermediary_list(ctx: Context) -> Iterable[Case]:
    for url in ("/support/intermediary/", "/api/v1/support/intermediary"):
        yield from _list(url, {p: [SURNAME_VVC] for p in KEEPERS})


# --- Creating records --------------------------------------------------------


@covers("support:person-create", "POST /api/v1/support/people")
def _person_create(ctx: Context) -> Iterable[Case]:
    yield from _create("/support/people/new/", "Choose who this person is")
    yield from _create("/api/v1/support/people", "Choose who this person is")


@covers("support:case-create", "POST /api/v1/support/cases")
def _case_create(ctx: Context) -> Iterable[Case]:
    yield from _create("/support/cases/new/", "Choose who the support is for")
    yield from _create("/api/v1/support/cases", "Choose who the support is for")


@covers("support:letterbox-create", "POST /api/v1/support/letterbox")
def _letterbox_create(ctx: Context) -> Iterable[Case]:
    yield from _create("/support/letterbox/new/", "Allocate at least one worker to the agreement")
    yield from _create("/api/v1/support/letterbox", "Allocate at least one worker to the agreement")


@covers("support:birth-records-create", "POST /api/v1/support/birth-records")
def _birth_records_create(ctx: Context) -> Iterable[Case]:
    yield from _create("/support/birth-records/new/", "Choose the adopted adult")
    yield from _create("/api/v1/support/birth-records", "Choose the adopted adult")


@covers("support:intermediary-create", "POST /api/v1/support/intermediary")
def _intermediary_create(ctx: Context) -> Iterable[Case]:
    yield from _create("/support/intermediary/new/", "Choose the applicant")
    yield from _create("/api/v1/support/intermediary", "Choose the applicant")


# --- People ------------------------------------------------------------------


@covers("support:person-detail", "GET /api/v1/support/people/{pk}")
def _person_detail(ctx: Context) -> Iterable[Case]:
    yield from _regional(ctx, "person", "/support/people/{pk}/", must_contain=[SURNAME_VVC])
    yield from _regional(ctx, "person", "/api/v1/support/people/{pk}", must_contain=[SURNAME_VVC])
    yield Case("support.vvc", "GET", "/support/people/999999/", 404)


@covers("support:person-edit", "PATCH /api/v1/support/people/{pk}")
def _person_edit(ctx: Context) -> Iterable[Case]:
    yield from _regional(ctx, "person", "/support/people/{pk}/edit/")
    # A stale version is refused, so the matrix changes nothing.
    yield from _regional(
        ctx, "person", "/api/v1/support/people/{pk}", method="PATCH", ok=409, data={"version": 0}, json=True
    )


# --- Support cases -------------------------------------------------------------


@covers("support:case-detail", "GET /api/v1/support/cases/{pk}")
def _case_detail(ctx: Context) -> Iterable[Case]:
    yield from _regional(ctx, "case", "/support/cases/{pk}/", must_contain=[SURNAME_VVC])
    yield from _regional(ctx, "case", "/api/v1/support/cases/{pk}", must_contain=[SURNAME_VVC])


@covers("support:case-edit", "PATCH /api/v1/support/cases/{pk}")
def _case_edit(ctx: Context) -> Iterable[Case]:
    yield from _regional(ctx, "case", "/support/cases/{pk}/edit/")
    yield from _regional(
        ctx, "case", "/api/v1/support/cases/{pk}", method="PATCH", ok=409, data={"version": 0}, json=True
    )


CASE_STEPS = [
    # (page name, page path, API path, who may, the message an empty form gets)
    (
        "support:case-assess",
        "assessment/",
        "assessment",
        KEEPERS,
        "Enter the date the assessment was completed",
    ),
    ("support:case-decide", "decision/", "decision", MANAGER, "Enter the date of the decision"),
    ("support:case-service", "services/new/", "services", KEEPERS, "Choose the service"),
    ("support:case-plan", "plan/", "plan", KEEPERS, "Enter the date the plan was agreed"),
    ("support:case-review", "reviews/new/", "reviews", KEEPERS, "Enter the date of the review"),
    ("support:case-close", "close/", "closure", KEEPERS, "Choose the outcome"),
]


def _case_step(page: str, api: str, allowed: set[str], message: str) -> Any:
    def build(ctx: Context) -> Iterable[Case]:
        yield from _regional(ctx, "case", "/support/cases/{pk}/" + page, allowed)
        yield from _regional(
            ctx, "case", "/support/cases/{pk}/" + page, allowed, method="POST", must_contain=[message]
        )
        yield from _regional(
            ctx, "case", "/api/v1/support/cases/{pk}/" + api, allowed, method="POST", ok=422, json=True
        )

    return build


for _name, _page, _api, _allowed, _message in CASE_STEPS:
    covers(_name, f"POST /api/v1/support/cases/{{pk}}/{_api}")(_case_step(_page, _api, _allowed, _message))


# --- Letterbox ---------------------------------------------------------------


@covers("support:letterbox-detail", "GET /api/v1/support/letterbox/{pk}")
def _letterbox_detail(ctx: Context) -> Iterable[Case]:
    yield from _letterbox(ctx, "/support/letterbox/{pk}/")
    yield from _letterbox(ctx, "/api/v1/support/letterbox/{pk}")


@covers("support:letterbox-end", "POST /api/v1/support/letterbox/{pk}/end")
def _letterbox_end(ctx: Context) -> Iterable[Case]:
    yield from _letterbox(ctx, "/support/letterbox/{pk}/end/")
    yield from _letterbox(
        ctx, "/support/letterbox/{pk}/end/", method="POST", must_contain=["Enter why the agreement ended"]
    )
    yield from _letterbox(ctx, "/api/v1/support/letterbox/{pk}/end", method="POST", ok=422, json=True)


@covers("support:letterbox-workers", "PUT /api/v1/support/letterbox/{pk}/workers")
def _letterbox_workers(ctx: Context) -> Iterable[Case]:
    """Only the regional manager changes who is allocated; an allocated worker sees the agreement (403)."""
    for label, readers in LETTERBOX_READERS.items():
        pk = ctx.records[label]
        yield from _on(f"/support/letterbox/{pk}/workers/", readers, MANAGER)
        yield from _on(
            f"/support/letterbox/{pk}/workers/",
            readers,
            MANAGER,
            method="POST",
            must_contain=["Allocate at least one worker to the agreement"],
        )
        # A stale version is refused, so the matrix changes nothing.
        yield from _on(
            f"/api/v1/support/letterbox/{pk}/workers",
            readers,
            MANAGER,
            method="PUT",
            ok=409,
            data={"workers": [ctx.account_pk["support.vvc"]], "version": 0},
            json=True,
        )


@covers("support:letterbox-party", "POST /api/v1/support/letterbox/{pk}/parties")
def _letterbox_party(ctx: Context) -> Iterable[Case]:
    yield from _letterbox(ctx, "/support/letterbox/{pk}/people/new/")
    yield from _letterbox(
        ctx, "/support/letterbox/{pk}/people/new/", method="POST", must_contain=["Choose the person"]
    )
    yield from _letterbox(ctx, "/api/v1/support/letterbox/{pk}/parties", method="POST", ok=422, json=True)


@covers("support:letter-create", "POST /api/v1/support/letterbox/{pk}/letters")
def _letter_create(ctx: Context) -> Iterable[Case]:
    yield from _letterbox(ctx, "/support/letterbox/{pk}/letters/new/")
    yield from _letterbox(
        ctx,
        "/support/letterbox/{pk}/letters/new/",
        method="POST",
        must_contain=["Choose who wrote the letter"],
    )
    yield from _letterbox(ctx, "/api/v1/support/letterbox/{pk}/letters", method="POST", ok=422, json=True)


@covers("support:letter-detail", "GET /api/v1/support/letters/{pk}")
def _letter_detail(ctx: Context) -> Iterable[Case]:
    """The letter's content is shown to its readers and to nobody else."""
    for url in ("/support/letters/{pk}/", "/api/v1/support/letters/{pk}"):
        for label, readers in LETTERBOX_READERS.items():
            yield from _on(
                url.format(pk=ctx.records[f"letter_{label}"]),
                readers,
                readers,
                must_contain=[LETTER_TEXT[label]],
            )


@covers("support:letter-check", "POST /api/v1/support/letters/{pk}/check")
def _letter_check(ctx: Context) -> Iterable[Case]:
    yield from _letterbox(ctx, "/support/letters/{pk}/check/", record="letter_")
    yield from _letterbox(
        ctx,
        "/support/letters/{pk}/check/",
        record="letter_",
        method="POST",
        must_contain=["Choose whether the letter can be released"],
    )
    yield from _letterbox(
        ctx, "/api/v1/support/letters/{pk}/check", record="letter_", method="POST", ok=422, json=True
    )


@covers("support:letter-release", "POST /api/v1/support/letters/{pk}/release")
def _letter_release(ctx: Context) -> Iterable[Case]:
    yield from _letterbox(ctx, "/support/letters/{pk}/release/", record="letter_")
    yield from _letterbox(
        ctx,
        "/support/letters/{pk}/release/",
        record="letter_",
        method="POST",
        must_contain=["Enter the date the letter was released"],
    )
    yield from _letterbox(
        ctx, "/api/v1/support/letters/{pk}/release", record="letter_", method="POST", ok=422, json=True
    )


# --- Birth records -------------------------------------------------------------


@covers("support:birth-records-detail", "GET /api/v1/support/birth-records/{pk}")
def _birth_records_detail(ctx: Context) -> Iterable[Case]:
    yield from _regional(ctx, "br", "/support/birth-records/{pk}/", must_contain=[SURNAME_VVC])
    yield from _regional(ctx, "br", "/api/v1/support/birth-records/{pk}", must_contain=[SURNAME_VVC])


@covers("support:birth-records-counselling", "POST /api/v1/support/birth-records/{pk}/counselling")
def _birth_records_counselling(ctx: Context) -> Iterable[Case]:
    yield from _regional(ctx, "br", "/support/birth-records/{pk}/counselling/new/")
    yield from _regional(
        ctx,
        "br",
        "/support/birth-records/{pk}/counselling/new/",
        method="POST",
        must_contain=["Enter notes of the session"],
    )
    yield from _regional(
        ctx, "br", "/api/v1/support/birth-records/{pk}/counselling", method="POST", ok=422, json=True
    )


@covers("support:birth-records-disclosure", "POST /api/v1/support/birth-records/{pk}/disclosure")
def _birth_records_disclosure(ctx: Context) -> Iterable[Case]:
    yield from _regional(ctx, "br", "/support/birth-records/{pk}/disclosure/")
    yield from _regional(
        ctx,
        "br",
        "/support/birth-records/{pk}/disclosure/",
        method="POST",
        must_contain=["Enter what was disclosed"],
    )
    yield from _regional(
        ctx, "br", "/api/v1/support/birth-records/{pk}/disclosure", method="POST", ok=422, json=True
    )


# --- Intermediary service --------------------------------------------------------


@covers("support:intermediary-detail", "GET /api/v1/support/intermediary/{pk}")
def _intermediary_detail(ctx: Context) -> Iterable[Case]:
    yield from _regional(ctx, "is", "/support/intermediary/{pk}/", must_contain=[SURNAME_VVC])
    yield from _regional(ctx, "is", "/api/v1/support/intermediary/{pk}", must_contain=[SURNAME_VVC])


@covers("support:intermediary-checks", "POST /api/v1/support/intermediary/{pk}/checks")
def _intermediary_checks(ctx: Context) -> Iterable[Case]:
    yield from _regional(ctx, "is", "/support/intermediary/{pk}/checks/")
    yield from _regional(
        ctx,
        "is",
        "/support/intermediary/{pk}/checks/",
        method="POST",
        must_contain=["Choose what the veto check found"],
    )
    yield from _regional(
        ctx, "is", "/api/v1/support/intermediary/{pk}/checks", method="POST", ok=422, json=True
    )


@covers("support:intermediary-outcome", "POST /api/v1/support/intermediary/{pk}/outcome")
def _intermediary_outcome(ctx: Context) -> Iterable[Case]:
    yield from _regional(ctx, "is", "/support/intermediary/{pk}/outcome/")
    yield from _regional(
        ctx, "is", "/support/intermediary/{pk}/outcome/", method="POST", must_contain=["Choose the outcome"]
    )
    yield from _regional(
        ctx, "is", "/api/v1/support/intermediary/{pk}/outcome", method="POST", ok=422, json=True
    )
