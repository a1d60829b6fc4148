"""Permission-matrix cases for family finding (nas.matching): children's
anonymous profiles, the national register's figures, weights and fees.

Written out from the law of the service: the owning authority's staff see
their children's profiles; the region sees what is published to it; the
national team sees what is on the national register; a Board member sees
figures only; nobody sees a name, case reference or date of birth here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from tests.access.matrix import (
    ANONYMOUS,
    CHILD_REFERENCE,
    CHILD_SURNAME,
    ORGANISATION_OF,
    PERSONA_NAMES,
    REGION_STAFF,
    Case,
    Context,
    covers,
    setup,
)

PROFILES = ("cardiff_regional", "cardiff_unpublished", "wrexham_national")
PROFILE_AUTHORITY = {
    "cardiff_regional": "cardiff",
    "cardiff_unpublished": "cardiff",
    "wrexham_national": "wrexham",
}
NATIONAL_TEAM = {"director.national", "analyst.national"}
AGGREGATE_READERS = NATIONAL_TEAM | {"board.national"}
PROFILE_KEEPERS = {"sw.cardiff", "tm.cardiff", "sw.wrexham"}
EXTRA_REFERENCE = {"cardiff_unpublished": "MTXPRF004", "wrexham_national": "MTXPRF005"}
EXTRA_SURNAME = {"cardiff_unpublished": "Unpublishedsurname", "wrexham_national": "Nationalsurname"}
#: Every child's identity: none of it may appear on a family-finding page or response.
IDENTITY = [
    *CHILD_REFERENCE.values(),
    *CHILD_SURNAME.values(),
    *EXTRA_REFERENCE.values(),
    *EXTRA_SURNAME.values(),
]
DATES_OF_BIRTH = ["1 May 2021", "2021-05-01"]


@setup
def _profiles(ctx: Context, personas: dict[str, Any]) -> None:
    from datetime import date

    from nas.children import services as children
    from nas.matching import services
    from nas.matching.models import ChildProfile
    from nas.organisations.models import Organisation

    made = {}
    for label, authority, worker, adm in (
        ("cardiff_unpublished", "cardiff", "sw.cardiff", "adm.cardiff"),
        ("wrexham_national", "wrexham", "sw.wrexham", None),
    ):
        child = children.child_create(
            actor=personas[worker],
            local_authority_id=Organisation.objects.get(code=authority).pk,
            entered_care=date(2024, 1, 10),
            case_reference=EXTRA_REFERENCE[label],
            first_names="Matrix",
            last_name=EXTRA_SURNAME[label],
            date_of_birth=date(2021, 5, 1),
            sex="1",
            ethnicity="WBRI",
        )
        for kind, when in (
            ("permanence_plan", date(2024, 2, 1)),
            ("childs_adoption_report", date(2024, 3, 1)),
            ("should_be_placed", date(2024, 4, 1)),
        ):
            # Wrexham has no decision maker persona: the decision is recorded by the service itself.
            actor = personas[adm] if (adm and kind == "should_be_placed") else personas[worker]
            children.milestone_record(actor=actor, child=child, kind=kind, when=when)
        made[label] = ChildProfile.objects.get(child=child)
    made["cardiff_regional"] = ChildProfile.objects.get(child_id=ctx.child_pk["cardiff_referred"])
    services.child_profile_publish(
        actor=personas["sw.cardiff"],
        profile=made["cardiff_regional"],
        expected_version=made["cardiff_regional"].version,
        target="region",
    )
    services.child_profile_publish(
        actor=personas["sw.wrexham"],
        profile=made["wrexham_national"],
        expected_version=made["wrexham_national"].version,
        target="national",
    )
    for label, profile in made.items():
        ctx.records[f"profile:{label}"] = profile.pk
        ctx.records[f"profile_ref:{label}"] = profile.reference  # type: ignore[assignment]


def sees_profile(persona: str, label: str) -> bool:
    organisation = ORGANISATION_OF[persona]
    if organisation in {"cardiff", "wrexham"}:
        return organisation == PROFILE_AUTHORITY[label]
    if persona in REGION_STAFF:
        return label == "cardiff_regional"
    if persona == "ff.north":
        return label == "wrexham_national"
    if persona in NATIONAL_TEAM:
        return label == "wrexham_national"
    return False


def lists_profiles(persona: str) -> bool:
    return (
        ORGANISATION_OF[persona] in {"cardiff", "wrexham"}
        or persona in REGION_STAFF | {"ff.north"} | NATIONAL_TEAM
    )


def _hidden_references(ctx: Context, persona: str) -> list[str]:
    return [
        str(ctx.records[f"profile_ref:{label}"]) for label in PROFILES if not sees_profile(persona, label)
    ]


def _profile_action(
    ctx: Context,
    url_for: Callable[[int], str],
    allowed: Callable[[str], bool],
    method: str = "GET",
    ok: int = 200,
    data: dict[str, Any] | None = None,
    json: bool = False,
) -> Iterable[Case]:
    """Outside scope: 404; in scope without the role: 403; with it: `ok`. Never any identity."""
    for label in PROFILES:
        url = url_for(ctx.records[f"profile:{label}"])
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, method, url, 401 if api else 302, data=data or {}, json=json)
        for persona in PERSONA_NAMES:
            if not sees_profile(persona, label):
                expected = 404
            elif allowed(persona):
                expected = ok
            else:
                expected = 403
            yield Case(
                persona,
                method,
                url,
                expected,
                must_not_contain=[*IDENTITY, *DATES_OF_BIRTH, *_hidden_references(ctx, persona)],
                data=data or {},
                json=json,
            )


@covers("matching:profile-list", "GET /api/v1/matching/profiles")
def _profile_list(ctx: Context) -> Iterable[Case]:
    for url in ("/family-finding/profiles/", "/api/v1/matching/profiles"):
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, "GET", url, 401 if api else 302)
        for persona in PERSONA_NAMES:
            lists = lists_profiles(persona)
            shown = [
                str(ctx.records[f"profile_ref:{label}"]) for label in PROFILES if sees_profile(persona, label)
            ]
            yield Case(
                persona,
                "GET",
                url,
                200 if lists else 403,
                must_contain=shown if lists else [],
                must_not_contain=[*IDENTITY, *DATES_OF_BIRTH, *_hidden_references(ctx, persona)],
            )


@covers("matching:profile-detail", "GET /api/v1/matching/profiles/{pk}")
def _profile_detail(ctx: Context) -> Iterable[Case]:
    yield from _profile_action(ctx, lambda pk: f"/family-finding/profiles/{pk}/", lambda p: True)
    yield from _profile_action(ctx, lambda pk: f"/api/v1/matching/profiles/{pk}", lambda p: True)
    yield Case("sw.cardiff", "GET", "/family-finding/profiles/999999/", 404)
    yield Case("sw.cardiff", "GET", "/api/v1/matching/profiles/999999", 404)


@covers("matching:profile-edit", "PATCH /api/v1/matching/profiles/{pk}")
def _profile_edit(ctx: Context) -> Iterable[Case]:
    keeps = lambda p: p in PROFILE_KEEPERS  # noqa: E731
    yield from _profile_action(ctx, lambda pk: f"/family-finding/profiles/{pk}/edit/", keeps)
    # A stale version is refused, so the matrix changes nothing.
    yield from _profile_action(
        ctx,
        lambda pk: f"/family-finding/profiles/{pk}/edit/",
        keeps,
        method="POST",
        data={"version": "0", "shared_fields": ["religion"], "about": ""},
    )
    yield from _profile_action(
        ctx,
        lambda pk: f"/api/v1/matching/profiles/{pk}",
        keeps,
        method="PATCH",
        ok=409,
        data={"shared_fields": ["religion"], "version": 0},
        json=True,
    )


@covers("matching:profile-publish", "POST /api/v1/matching/profiles/{pk}/publication")
def _profile_publish(ctx: Context) -> Iterable[Case]:
    keeps = lambda p: p in PROFILE_KEEPERS  # noqa: E731
    yield from _profile_action(
        ctx,
        lambda pk: f"/family-finding/profiles/{pk}/publish/",
        keeps,
        method="POST",
        ok=400,
        data={"version": "1", "target": "nowhere"},
    )
    yield from _profile_action(
        ctx,
        lambda pk: f"/api/v1/matching/profiles/{pk}/publication",
        keeps,
        method="POST",
        ok=409,
        data={"target": "region", "version": 0},
        json=True,
    )
    for label in PROFILES:
        yield Case(
            "sw.cardiff", "GET", f"/family-finding/profiles/{ctx.records[f'profile:{label}']}/publish/", 405
        )


@covers("matching:register-summary", "GET /api/v1/matching/register")
def _register(ctx: Context) -> Iterable[Case]:
    for url in ("/family-finding/register/", "/api/v1/matching/register"):
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, "GET", url, 401 if api else 302)
        for persona in PERSONA_NAMES:
            yield Case(
                persona,
                "GET",
                url,
                200 if persona in AGGREGATE_READERS else 403,
                must_not_contain=[
                    *IDENTITY,
                    *DATES_OF_BIRTH,
                    *(str(ctx.records[f"profile_ref:{label}"]) for label in PROFILES),
                ],
            )


@covers("matching:weights", "GET /api/v1/matching/weights")
def _weights(ctx: Context) -> Iterable[Case]:
    for url in ("/family-finding/weights/", "/api/v1/matching/weights"):
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, "GET", url, 401 if api else 302)
        for persona in PERSONA_NAMES:
            yield Case(
                persona, "GET", url, 200, must_contain=["developmental" if api else "Developmental needs"]
            )


@covers("matching:weights-change", "POST /api/v1/matching/weights")
def _weights_change(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/family-finding/weights/change/", 302)
    yield Case(ANONYMOUS, "POST", "/api/v1/matching/weights", 401, data={}, json=True)
    for persona in PERSONA_NAMES:
        changes = persona in NATIONAL_TEAM
        yield Case(persona, "GET", "/family-finding/weights/change/", 200 if changes else 403)
        # Without a reason nothing changes: the form says why.
        yield Case(
            persona,
            "POST",
            "/family-finding/weights/change/",
            200 if changes else 403,
            data={"version": "1"},
            must_contain=["Enter the reason for the change"] if changes else [],
        )
        yield Case(persona, "POST", "/api/v1/matching/weights", 422 if changes else 403, data={}, json=True)


@covers("matching:fees", "GET /api/v1/matching/fees")
def _fees(ctx: Context) -> Iterable[Case]:
    for url in ("/family-finding/fees/", "/api/v1/matching/fees"):
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, "GET", url, 401 if api else 302)
        for persona in PERSONA_NAMES:
            yield Case(persona, "GET", url, 200, must_contain=["39245" if api else "39,245"])


@covers("matching:fee-create", "POST /api/v1/matching/fees")
def _fee_create(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/family-finding/fees/new/", 302)
    yield Case(ANONYMOUS, "POST", "/api/v1/matching/fees", 401, data={}, json=True)
    for persona in PERSONA_NAMES:
        changes = persona in NATIONAL_TEAM
        yield Case(persona, "GET", "/family-finding/fees/new/", 200 if changes else 403)
        yield Case(
            persona,
            "POST",
            "/family-finding/fees/new/",
            200 if changes else 403,
            must_contain=["Enter where the rate comes from, so others can check it"] if changes else [],
        )
        yield Case(persona, "POST", "/api/v1/matching/fees", 422 if changes else 403, data={}, json=True)
