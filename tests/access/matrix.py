"""The permission matrix: for every persona and every route (page or API
endpoint), what they must get — with a record in their scope and one outside
it — and what must never appear in the response.

The expectations here are written out from the law of the service
(docs/design.md, "Who may see what"), not read back from the policies, so a policy that
drifts from the law fails. Every later capability adds its routes here;
test_matrix.py fails when a route exists without a case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from nas.accounts.personas import PERSONAS

PERSONA_NAMES = [p.username for p in PERSONAS]
ORGANISATION_OF = {p.username: p.organisation for p in PERSONAS}
FULL_NAME = {p.username: f"{p.first_name} {p.last_name}" for p in PERSONAS}

NATIONAL_ADMINISTRATOR = "admin.national"
# People who manage others' work: their organisation's staff and audit trails.
MANAGERS = {"tm.cardiff", "adm.cardiff", "manager.vvc", "adm.vvc", "director.national"}
ANONYMOUS = None


@dataclass
class Case:
    persona: str | None
    method: str
    url: str
    expected: int | set[int]
    must_not_contain: list[str] = field(default_factory=list)
    must_contain: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    json: bool = False
    check: Callable[[], None] | None = None
    follow_to: str | None = None  # expected redirect target (prefix)


@dataclass
class Context:
    """Records the cases need, keyed by persona: pk of each persona's account."""

    account_pk: dict[str, int]
    #: Children by label: "cardiff_referred" (referred to Vale, Valleys and Cardiff for family finding),
    #: "cardiff" (not referred) and "wrexham".
    child_pk: dict[str, int] = field(default_factory=dict)
    first_milestone_pk: dict[str, int] = field(default_factory=dict)
    #: Records other parts of the service make for their cases (see `setup`), by label.
    records: dict[str, int] = field(default_factory=dict)


CaseBuilder = Callable[[Context], Iterable[Case]]
MATRIX: dict[str, CaseBuilder] = {}
#: Functions that make the records the cases need, given the context and the personas.
SETUP: list[Callable[[Context, dict[str, Any]], None]] = []


def setup(fn: Callable[[Context, dict[str, Any]], None]) -> Callable[[Context, dict[str, Any]], None]:
    SETUP.append(fn)
    return fn


def covers(*routes: str) -> Callable[[CaseBuilder], CaseBuilder]:
    def register(builder: CaseBuilder) -> CaseBuilder:
        for route in routes:
            if route in MATRIX:
                raise ValueError(f"{route} is covered twice")
            MATRIX[route] = builder
        return builder

    return register


def sees_account(viewer: str, target: str) -> bool:
    """A national administrator sees every account; a manager (or an
    administrator elsewhere) their own organisation's; anyone else their own."""
    if viewer == NATIONAL_ADMINISTRATOR:
        return True
    if viewer in MANAGERS:
        return ORGANISATION_OF[viewer] == ORGANISATION_OF[target]
    return viewer == target


def sees_trail(viewer: str, target: str) -> bool:
    return (viewer in MANAGERS or viewer == NATIONAL_ADMINISTRATOR) and sees_account(viewer, target)


def _everyone_gets(
    url: str, status: int | set[int], method: str = "GET", anonymous: int | set[int] = 302
) -> Iterable[Case]:
    yield Case(ANONYMOUS, method, url, anonymous)
    for persona in PERSONA_NAMES:
        yield Case(persona, method, url, status)


# --- Pages -----------------------------------------------------------------


@covers("core:home")
def _home(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/", 302, follow_to="/sign-in/")
    for persona in PERSONA_NAMES:
        yield Case(persona, "GET", "/", 200, must_contain=[FULL_NAME[persona]])


@covers("core:language")
def _language(ctx: Context) -> Iterable[Case]:
    yield from _everyone_gets("/language/cy/?next=/", 302, anonymous=302)
    yield Case(ANONYMOUS, "GET", "/language/cy/?next=https://elsewhere.example/", 302, follow_to="/")


@covers("core:accessibility", "core:privacy", "healthz")
def _public_pages(ctx: Context) -> Iterable[Case]:
    for url in ("/accessibility/", "/privacy/", "/healthz"):
        yield from _everyone_gets(url, 200, anonymous=200)


@covers("organisations:list")
def _organisations(ctx: Context) -> Iterable[Case]:
    yield from _everyone_gets("/organisations/", 200)


@covers("accounts:sign-in")
def _sign_in(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/sign-in/", 200)
    for persona in PERSONA_NAMES:
        yield Case(persona, "GET", "/sign-in/", 302, follow_to="/")


@covers("accounts:sign-in-code", "accounts:sign-in-set-up")
def _second_factor_pages(ctx: Context) -> Iterable[Case]:
    # Without a password check just passed there is nothing to see here.
    for url in ("/sign-in/security-code/", "/sign-in/set-up-authenticator/"):
        yield Case(ANONYMOUS, "GET", url, 302, follow_to="/sign-in/")
        for persona in PERSONA_NAMES:
            yield Case(persona, "GET", url, 302, follow_to="/sign-in/")


@covers("accounts:sign-out")
def _sign_out(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "POST", "/sign-out/", 302, follow_to="/sign-in/")
    for persona in PERSONA_NAMES:
        yield Case(persona, "POST", "/sign-out/", 302, follow_to="/sign-in/")
        yield Case(persona, "GET", "/sign-out/", 405)


@covers("accounts:my-account")
def _my_account(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/account/", 302, follow_to="/sign-in/")
    for persona in PERSONA_NAMES:
        others = [FULL_NAME[o] for o in PERSONA_NAMES if o != persona]
        yield Case(persona, "GET", "/account/", 200, must_contain=[persona], must_not_contain=others)


@covers("accounts:recovery-codes")
def _recovery_codes(ctx: Context) -> Iterable[Case]:
    # Codes are shown once, straight after they are made; a plain visit goes back to the account page.
    yield Case(ANONYMOUS, "GET", "/account/recovery-codes/", 302, follow_to="/sign-in/")
    for persona in PERSONA_NAMES:
        yield Case(persona, "GET", "/account/recovery-codes/", 302, follow_to="/account/")


@covers("accounts:staff-list", "GET /api/v1/staff")
def _staff_list(ctx: Context) -> Iterable[Case]:
    for url in ("/staff/", "/api/v1/staff"):
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, "GET", url, 401 if api else 302)
        for persona in PERSONA_NAMES:
            lists = persona in MANAGERS or persona == NATIONAL_ADMINISTRATOR
            hidden = [o for o in PERSONA_NAMES if not sees_account(persona, o)]
            shown = [o for o in PERSONA_NAMES if sees_account(persona, o)] if lists else []
            yield Case(
                persona,
                "GET",
                url,
                200 if lists else 403,
                must_contain=shown,
                must_not_contain=hidden,
            )


@covers("accounts:staff-detail", "GET /api/v1/staff/{pk}")
def _staff_detail(ctx: Context) -> Iterable[Case]:
    for target in PERSONA_NAMES:
        pk = ctx.account_pk[target]
        for url in (f"/staff/{pk}/", f"/api/v1/staff/{pk}"):
            api = url.startswith("/api/")
            yield Case(ANONYMOUS, "GET", url, 401 if api else 302, must_not_contain=[target])
            for viewer in PERSONA_NAMES:
                if sees_account(viewer, target):
                    yield Case(viewer, "GET", url, 200, must_contain=[target])
                else:
                    yield Case(viewer, "GET", url, 404, must_not_contain=[target, FULL_NAME[target]])
    yield Case(NATIONAL_ADMINISTRATOR, "GET", "/staff/999999/", 404)
    yield Case(NATIONAL_ADMINISTRATOR, "GET", "/api/v1/staff/999999", 404)


@covers("accounts:staff-unlock", "accounts:staff-reset-authenticator")
def _staff_actions(ctx: Context) -> Iterable[Case]:
    """Only a (national) administrator unlocks or resets, and never their own account."""
    for action in ("unlock", "reset-authenticator"):
        for target in PERSONA_NAMES:
            url = f"/staff/{ctx.account_pk[target]}/{action}/"
            yield Case(ANONYMOUS, "POST", url, 302, follow_to="/sign-in/")
            for viewer in PERSONA_NAMES:
                if not sees_account(viewer, target):
                    expected = 404
                elif viewer == NATIONAL_ADMINISTRATOR and viewer != target:
                    expected = 302
                else:
                    expected = 403
                yield Case(
                    viewer, "POST", url, expected, must_not_contain=[] if expected != 404 else [target]
                )
                yield Case(viewer, "GET", url, 405)


@covers("audit:trail", "audit:export", "GET /api/v1/audit/{record_type}/{record_id}")
def _audit_trail(ctx: Context) -> Iterable[Case]:
    for target in PERSONA_NAMES:
        pk = ctx.account_pk[target]
        urls = (
            f"/audit/accounts.user/{pk}/",
            f"/audit/accounts.user/{pk}/export.csv",
            f"/api/v1/audit/accounts.user/{pk}",
        )
        for url in urls:
            api = url.startswith("/api/")
            yield Case(ANONYMOUS, "GET", url, 401 if api else 302)
            for viewer in PERSONA_NAMES:
                if sees_trail(viewer, target):
                    yield Case(viewer, "GET", url, 200)
                else:
                    yield Case(viewer, "GET", url, 404, must_not_contain=[target, FULL_NAME[target]])
    # A child's trail names the child and holds old identity values: only the
    # owning authority's managers read it; the region it is referred to does not.
    for label, pk in ctx.child_pk.items():
        for url in (f"/audit/children.child/{pk}/", f"/audit/children.child/{pk}/export.csv"):
            for viewer in PERSONA_NAMES:
                reads = viewer in {"tm.cardiff", "adm.cardiff"} and CHILD_AUTHORITY[label] == "cardiff"
                yield Case(
                    viewer,
                    "GET",
                    url,
                    200 if reads else 404,
                    must_not_contain=[] if reads else [CHILD_SURNAME[label], CHILD_REFERENCE[label]],
                )
    # A record type nobody registered, or a record that is not there, does not exist.
    yield Case(NATIONAL_ADMINISTRATOR, "GET", "/audit/nobody.nothing/1/", 404)
    yield Case(NATIONAL_ADMINISTRATOR, "GET", "/audit/accounts.user/999999/", 404)
    yield Case(NATIONAL_ADMINISTRATOR, "GET", "/api/v1/audit/accounts.user/not-a-number", 404)


# --- API -------------------------------------------------------------------


@covers("GET /api/v1/me")
def _api_me(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/api/v1/me", 401)
    for persona in PERSONA_NAMES:
        others = [o for o in PERSONA_NAMES if o != persona]
        yield Case(persona, "GET", "/api/v1/me", 200, must_contain=[persona], must_not_contain=others)


@covers("GET /api/v1/organisations", "GET /api/v1/organisations/{code}")
def _api_organisations(ctx: Context) -> Iterable[Case]:
    for url in ("/api/v1/organisations", "/api/v1/organisations/cardiff"):
        yield Case(ANONYMOUS, "GET", url, 401)
        for persona in PERSONA_NAMES:
            yield Case(persona, "GET", url, 200)
    yield Case("sw.cardiff", "GET", "/api/v1/organisations/atlantis", 404)


@covers("GET /api/v1/openapi.json")
def _api_schema(ctx: Context) -> Iterable[Case]:
    # The description of the API is public, as it names no record.
    yield from _everyone_gets("/api/v1/openapi.json", 200, anonymous=200)


# --- Administration --------------------------------------------------------


ADMIN_URLS = [
    "/admin/",
    "/admin/organisations/organisation/",
    "/admin/accounts/user/",
    "/admin/accounts/user/add/",
]


@covers("admin:*")
def _admin(ctx: Context) -> Iterable[Case]:
    """The administration pages exist only for administrators."""
    for url in ADMIN_URLS:
        yield Case(ANONYMOUS, "GET", url, 302, follow_to="/sign-in/")
        for persona in PERSONA_NAMES:
            yield Case(persona, "GET", url, 200 if persona == NATIONAL_ADMINISTRATOR else 404)


@covers("accounts:staff-archive")
def _staff_archive(ctx: Context) -> Iterable[Case]:
    """Only a national administrator archives an account, never their own; a reason is required."""
    for target in PERSONA_NAMES:
        url = f"/staff/{ctx.account_pk[target]}/archive/"
        yield Case(ANONYMOUS, "POST", url, 302, follow_to="/sign-in/")
        for viewer in PERSONA_NAMES:
            if not sees_account(viewer, target):
                yield Case(viewer, "POST", url, 404, data={"reason": "left"}, must_not_contain=[target])
            elif viewer == NATIONAL_ADMINISTRATOR and viewer != target:
                yield Case(
                    viewer,
                    "POST",
                    url,
                    400,
                    data={"reason": ""},
                    must_contain=["Enter the reason for archiving"],
                )
            else:
                yield Case(viewer, "POST", url, 403, data={"reason": "left"})
            yield Case(viewer, "GET", url, 405)


# --- Children (the local authority's records) -------------------------------

CHILD_REFERENCE = {"cardiff_referred": "MTXREF001", "cardiff": "MTXCDF002", "wrexham": "MTXWRX003"}
CHILD_SURNAME = {
    "cardiff_referred": "Referredsurname",
    "cardiff": "Cardiffsurname",
    "wrexham": "Wrexhamsurname",
}
CHILD_AUTHORITY = {"cardiff_referred": "cardiff", "cardiff": "cardiff", "wrexham": "wrexham"}
#: Staff of Vale, Valleys and Cardiff, the region Cardiff refers its children to.
REGION_STAFF = {"ff.vvc", "assessor.vvc", "panel.vvc", "support.vvc", "manager.vvc", "adm.vvc"}
REGIONS = {"vale-valleys-cardiff", "north-wales", "south-east-wales", "west-and-mid-wales", "western-bay"}
CASE_KEEPERS = {"sw.cardiff", "tm.cardiff", "sw.wrexham"}
DECISION_MAKERS_LOCAL = {"adm.cardiff"}


@setup
def _children(ctx: Context, personas: dict[str, Any]) -> None:
    from datetime import date

    from nas.children import services
    from nas.organisations.models import Organisation

    made = {}
    for label, authority, worker in (
        ("cardiff_referred", "cardiff", "sw.cardiff"),
        ("cardiff", "cardiff", "sw.cardiff"),
        ("wrexham", "wrexham", "sw.wrexham"),
    ):
        made[label] = services.child_create(
            actor=personas[worker],
            local_authority_id=Organisation.objects.get(code=authority).pk,
            entered_care=date(2024, 1, 10),
            case_reference=CHILD_REFERENCE[label],
            first_names="Matrix",
            last_name=CHILD_SURNAME[label],
            date_of_birth=date(2021, 5, 1),
            sex="2",
            ethnicity="WBRI",
        )
    child, sw, adm = made["cardiff_referred"], personas["sw.cardiff"], personas["adm.cardiff"]
    for kind, when, actor, detail in (
        ("permanence_plan", date(2024, 2, 1), sw, {}),
        ("childs_adoption_report", date(2024, 3, 1), sw, {}),
        ("should_be_placed", date(2024, 4, 1), adm, {}),
        ("authority_to_place", date(2024, 5, 1), sw, {"basis": "placement_order"}),
        ("referred_to_region", date(2024, 5, 2), sw, {}),
    ):
        services.milestone_record(actor=actor, child=child, kind=kind, when=when, detail=detail)
    ctx.child_pk.update({label: c.pk for label, c in made.items()})
    ctx.first_milestone_pk.update(
        {label: c.milestones.order_by("sequence").first().pk for label, c in made.items()}
    )


def local_staff(persona: str) -> bool:
    return ORGANISATION_OF[persona] in {"cardiff", "wrexham"}


def regional_staff(persona: str) -> bool:
    """Staff of any region (Vale, Valleys and Cardiff's, or another one)."""
    return ORGANISATION_OF[persona] in REGIONS


def sees_child(persona: str, label: str) -> bool:
    """The authority's own staff see its children; the region's staff see the
    children referred to it for family finding; nobody else sees any."""
    if local_staff(persona):
        return ORGANISATION_OF[persona] == CHILD_AUTHORITY[label]
    return persona in REGION_STAFF and label == "cardiff_referred"


def sees_identity(persona: str, label: str) -> bool:
    return local_staff(persona) and sees_child(persona, label)


def _hidden_identity(persona: str) -> list[str]:
    """Identity of every child this persona must not see identified."""
    return [
        text
        for label in CHILD_REFERENCE
        if not sees_identity(persona, label)
        for text in (CHILD_REFERENCE[label], CHILD_SURNAME[label])
    ]


def _child_action(
    ctx: Context,
    url_for: Callable[[int, int], str],
    allowed: Callable[[str, str], bool],
    method: str = "GET",
    ok: int = 200,
    data: dict[str, Any] | None = None,
    json: bool = False,
    labels: Iterable[str] = tuple(CHILD_REFERENCE),
) -> Iterable[Case]:
    """Outside scope: 404 and no identity; in scope without the role: 403; with it: `ok`."""
    for label in labels:
        url = url_for(ctx.child_pk[label], ctx.first_milestone_pk[label])
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, method, url, 401 if api else 302, data=data or {}, json=json)
        for persona in PERSONA_NAMES:
            if not sees_child(persona, label):
                expected = 404
            elif allowed(persona, label):
                expected = ok
            else:
                expected = 403
            yield Case(
                persona,
                method,
                url,
                expected,
                must_not_contain=_hidden_identity(persona),
                data=data or {},
                json=json,
            )


@covers("children:list", "GET /api/v1/children")
def _children_list(ctx: Context) -> Iterable[Case]:
    for url in ("/children/", "/api/v1/children"):
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, "GET", url, 401 if api else 302)
        for persona in PERSONA_NAMES:
            lists = local_staff(persona) or regional_staff(persona)
            shown = [CHILD_REFERENCE[label] for label in CHILD_REFERENCE if sees_identity(persona, label)]
            yield Case(
                persona,
                "GET",
                url,
                200 if lists else 403,
                must_contain=shown,
                must_not_contain=_hidden_identity(persona),
            )


@covers("children:detail", "GET /api/v1/children/{pk}")
def _child_detail(ctx: Context) -> Iterable[Case]:
    yield from _child_action(ctx, lambda pk, m: f"/children/{pk}/", lambda p, label: True)
    yield from _child_action(ctx, lambda pk, m: f"/api/v1/children/{pk}", lambda p, label: True)
    yield Case("sw.cardiff", "GET", "/children/999999/", 404)
    # Identity is shown to the authority's own staff.
    yield Case(
        "sw.cardiff",
        "GET",
        f"/children/{ctx.child_pk['cardiff_referred']}/",
        200,
        must_contain=[CHILD_SURNAME["cardiff_referred"]],
    )


@covers("children:create", "POST /api/v1/children")
def _child_create(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/children/new/", 302)
    yield Case(ANONYMOUS, "POST", "/api/v1/children", 401, data={}, json=True)
    for persona in PERSONA_NAMES:
        yield Case(persona, "GET", "/children/new/", 200 if persona in CASE_KEEPERS else 403)
        # An empty child is refused with messages, so the matrix changes nothing.
        yield Case(
            persona,
            "POST",
            "/children/new/",
            200 if persona in CASE_KEEPERS else 403,
            must_contain=["Enter the case reference"] if persona in CASE_KEEPERS else [],
        )
        yield Case(
            persona, "POST", "/api/v1/children", 422 if persona in CASE_KEEPERS else 403, data={}, json=True
        )


@covers("children:edit", "PATCH /api/v1/children/{pk}")
def _child_edit(ctx: Context) -> Iterable[Case]:
    keeps = lambda p, label: p in CASE_KEEPERS  # noqa: E731
    yield from _child_action(ctx, lambda pk, m: f"/children/{pk}/edit/", keeps)
    # A stale version is refused (409), so the matrix changes nothing.
    yield from _child_action(
        ctx,
        lambda pk, m: f"/api/v1/children/{pk}",
        keeps,
        method="PATCH",
        ok=409,
        data={"religion": "Matrix", "version": 0},
        json=True,
    )


@covers("children:milestone-record", "POST /api/v1/children/{pk}/milestones")
def _milestone_record(ctx: Context) -> Iterable[Case]:
    keeps = lambda p, label: p in CASE_KEEPERS  # noqa: E731
    decides = lambda p, label: p in DECISION_MAKERS_LOCAL  # noqa: E731
    yield from _child_action(ctx, lambda pk, m: f"/children/{pk}/milestones/permanence_plan/new/", keeps)
    yield from _child_action(ctx, lambda pk, m: f"/children/{pk}/milestones/should_be_placed/new/", decides)
    yield from _child_action(
        ctx,
        lambda pk, m: f"/api/v1/children/{pk}/milestones",
        keeps,
        method="POST",
        ok=422,
        data={"kind": "permanence_plan", "date": "", "version": 1},
        json=True,
    )
    yield from _child_action(
        ctx,
        lambda pk, m: f"/api/v1/children/{pk}/milestones",
        decides,
        method="POST",
        ok=422,
        data={"kind": "should_be_placed", "date": "", "version": 1},
        json=True,
    )
    yield Case("sw.cardiff", "GET", f"/children/{ctx.child_pk['cardiff']}/milestones/no_such_step/new/", 404)


@covers("children:milestone-correct", "POST /api/v1/children/{pk}/milestones/{milestone_pk}/correction")
def _milestone_correct(ctx: Context) -> Iterable[Case]:
    keeps = lambda p, label: p in CASE_KEEPERS  # noqa: E731
    yield from _child_action(ctx, lambda pk, m: f"/children/{pk}/milestones/{m}/correct/", keeps)
    yield from _child_action(
        ctx,
        lambda pk, m: f"/api/v1/children/{pk}/milestones/{m}/correction",
        keeps,
        method="POST",
        ok=422,
        data={"date": "", "reason": ""},
        json=True,
    )
    # A milestone of another child, reached through this child's URL, does not exist.
    other = ctx.first_milestone_pk["wrexham"]
    yield Case("sw.cardiff", "GET", f"/children/{ctx.child_pk['cardiff']}/milestones/{other}/correct/", 404)


@covers("children:open-restricted")
def _open_restricted(ctx: Context) -> Iterable[Case]:
    opens = lambda p, label: p in {"tm.cardiff", "adm.cardiff"}  # noqa: E731
    yield from _child_action(
        ctx,
        lambda pk, m: f"/children/{pk}/open-restricted/",
        opens,
        method="POST",
        ok=400,
        data={"reason": ""},
    )


@covers("children:archive")
def _child_archive(ctx: Context) -> Iterable[Case]:
    archives = lambda p, label: p == "tm.cardiff"  # noqa: E731
    # Without a reason nothing is archived: the manager is sent back to the record with the message.
    yield from _child_action(
        ctx, lambda pk, m: f"/children/{pk}/archive/", archives, method="POST", ok=302, data={"reason": ""}
    )


@covers("children:import", "POST /api/v1/children/import")
def _child_import(ctx: Context) -> Iterable[Case]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    yield Case(ANONYMOUS, "GET", "/children/import/", 302)
    for persona in PERSONA_NAMES:
        imports = persona == "tm.cardiff"
        yield Case(persona, "GET", "/children/import/", 200 if imports else 403)
        yield Case(
            persona,
            "POST",
            "/api/v1/children/import",
            422 if imports else 403,
            data={"files": SimpleUploadedFile("x.csv", b"a,b\n1,2\n", "text/csv")},
        )


@covers("children:worklist", "GET /api/v1/children/worklist")
def _child_worklist(ctx: Context) -> Iterable[Case]:
    for url in ("/children/worklist/", "/api/v1/children/worklist"):
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, "GET", url, 401 if api else 302)
        for persona in PERSONA_NAMES:
            if local_staff(persona):
                expected = 200
            elif regional_staff(persona):
                expected = 404  # the worklist names children: the region has no identity to see
            else:
                expected = 403
            yield Case(persona, "GET", url, expected, must_not_contain=_hidden_identity(persona))


@covers("children:sibling-group-create")
def _sibling_groups(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/children/sibling-groups/new/", 302)
    for persona in PERSONA_NAMES:
        keeps = persona in CASE_KEEPERS
        yield Case(
            persona,
            "GET",
            "/children/sibling-groups/new/",
            200 if keeps else 403,
            must_not_contain=_hidden_identity(persona),
        )
