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
    REGIONS,
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
#: The register in figures and the national plan's figures: the national
#: readers and the regions' family finders and managers (nas.matching.policies).
REGIONAL_FINDERS = {"ff.vvc", "ff.north", "manager.vvc"}
REGISTER_FIGURES = AGGREGATE_READERS | REGIONAL_FINDERS
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
#: The identity of each authority's own children with profiles.
OWN_IDENTITY = {
    "cardiff": [
        CHILD_REFERENCE["cardiff_referred"],
        CHILD_SURNAME["cardiff_referred"],
        EXTRA_REFERENCE["cardiff_unpublished"],
        EXTRA_SURNAME["cardiff_unpublished"],
    ],
    "wrexham": [EXTRA_REFERENCE["wrexham_national"], EXTRA_SURNAME["wrexham_national"]],
}


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
    """The authority its own children's; the region what is published to it;
    every region, agency and the national team what is on the national register."""
    organisation = ORGANISATION_OF[persona]
    if organisation in {"cardiff", "wrexham"}:
        return organisation == PROFILE_AUTHORITY[label]
    if label == "wrexham_national":
        return persona in REGION_STAFF | {"ff.north", "assessor.stdavids"} | NATIONAL_TEAM
    return persona in REGION_STAFF and label == "cardiff_regional"


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
            # The profile list page shows the child's own authority's staff whose
            # profile it is (name and case reference); nobody else, and never the API.
            own = [] if api else OWN_IDENTITY.get(ORGANISATION_OF[persona], [])
            yield Case(
                persona,
                "GET",
                url,
                200 if lists else 403,
                must_contain=shown if lists else [],
                must_not_contain=[
                    *(text for text in IDENTITY if text not in own),
                    *DATES_OF_BIRTH,
                    *_hidden_references(ctx, persona),
                ],
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
                200 if persona in REGISTER_FIGURES else 403,
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


# --- Part 2: households' profiles, suggestions, links, the national plan, equity ---------

STD = "st-davids-childrens-society"
HOUSEHOLDS = ("hp_vvc", "hp_std")
#: Applicants' surnames: never on a family-finding page, whoever reads it.
HOUSEHOLD_SURNAME = {"hp_vvc": "Vvchouseholdsurname", "hp_std": "Stdhouseholdsurname"}
HOUSEHOLD_OWNER = {"hp_vvc": "vale-valleys-cardiff", "hp_std": STD}
#: The households' workers (who choose what the profile shares), and who reads their suggestions.
HOUSEHOLD_KEEPERS = {"hp_vvc": {"assessor.vvc", "manager.vvc"}, "hp_std": {"assessor.stdavids"}}
HOUSEHOLD_FINDERS = {"hp_vvc": {"assessor.vvc", "manager.vvc", "ff.vvc"}, "hp_std": {"assessor.stdavids"}}
LINKS = ("link_vvc", "link_std")
LOCAL = {"cardiff": {"sw.cardiff", "tm.cardiff", "adm.cardiff"}, "wrexham": {"sw.wrexham"}}
#: Who sees each link: the child's authority, the region family-finding for the child, the household's owner.
LINK_SCOPE = {
    "link_vvc": LOCAL["cardiff"] | REGION_STAFF,
    "link_std": LOCAL["wrexham"] | {"ff.north", "assessor.stdavids"},
}
#: Who may act for each side of each link.
CHILD_SIDE = {
    "link_vvc": {"sw.cardiff", "tm.cardiff", "ff.vvc", "manager.vvc"},
    "link_std": {"sw.wrexham", "ff.north"},
}
HOUSEHOLD_SIDE = {"link_vvc": {"assessor.vvc", "manager.vvc"}, "link_std": {"assessor.stdavids"}}
HOUSEHOLD_LEAKS = [*HOUSEHOLD_SURNAME.values(), "Matrixhouseaddress"]


@setup
def _households_and_links(ctx: Context, personas: dict[str, Any]) -> None:
    """Two approved households (made straight in the database: the journey is
    the adopters' matrix's business) and two links: Cardiff's child with
    Vale, Valleys and Cardiff's household (interest accepted), and Wrexham's
    child on the national register with St David's household (interest
    expressed by North Wales's family finder)."""
    from datetime import date

    from django.utils import timezone

    from nas.adopters.models import Household, HouseholdMember
    from nas.adopters.models import Milestone as HouseholdMilestone
    from nas.matching import services
    from nas.matching.models import ChildProfile, HouseholdProfile
    from nas.organisations.models import Organisation

    orgs = {
        o.code: o
        for o in Organisation.objects.filter(code__in=[*HOUSEHOLD_OWNER.values(), "cardiff", "newport"])
    }
    made = {}
    for label, lives, national in (("hp_vvc", "cardiff", False), ("hp_std", "newport", True)):
        household = Household.objects.create(
            owner=orgs[HOUSEHOLD_OWNER[label]],
            reference=f"MTX-{label}",
            residence_authority=orgs[lives],
            address="Matrixhouseaddress",
            age_min=0,
            age_max=8,
            max_children=2,
            sibling_group=True,
            health_needs="medium",
            developmental_needs="medium",
            behavioural_needs="medium",
            contact=["letterbox", "direct_siblings"],
            stage="waiting" if national else "approved",
        )
        HouseholdMember.objects.create(
            household=household, role="applicant", first_names="Matrix", last_name=HOUSEHOLD_SURNAME[label]
        )
        HouseholdMilestone.objects.create(
            household=household, kind="approved", date=date(2025, 6, 1), sequence=1
        )
        made[label] = HouseholdProfile.objects.create(
            household=household,
            reference=f"H-MTX{label[-3:].upper()}",
            region=orgs[lives].region,
            published_to_region_at=timezone.now(),
            published_nationally_at=timezone.now() if national else None,
        )
        ctx.records[f"household:{label}"] = made[label].pk
        ctx.records[f"household_ref:{label}"] = made[label].reference  # type: ignore[assignment]
    regional = ChildProfile.objects.get(pk=ctx.records["profile:cardiff_regional"])
    national = ChildProfile.objects.get(pk=ctx.records["profile:wrexham_national"])
    link_vvc = services.link_express_interest(
        actor=personas["ff.vvc"], side="child", profile=regional, household_profile=made["hp_vvc"]
    )
    services.link_accept(actor=personas["assessor.vvc"], link=link_vvc, expected_version=link_vvc.version)
    link_std = services.link_express_interest(
        actor=personas["ff.north"], side="child", profile=national, household_profile=made["hp_std"]
    )
    ctx.records["link:link_vvc"], ctx.records["link:link_std"] = link_vvc.pk, link_std.pk


def sees_household(persona: str, label: str) -> bool:
    organisation = ORGANISATION_OF[persona]
    if organisation == HOUSEHOLD_OWNER[label]:
        return True
    if label == "hp_std":  # on the national register
        return (
            organisation in {"cardiff", "wrexham"} or persona in REGION_STAFF | {"ff.north"} | NATIONAL_TEAM
        )
    # Published to Vale, Valleys and Cardiff only: its authorities' staff and its own.
    return organisation == "cardiff"


def lists_households(persona: str) -> bool:
    return (
        ORGANISATION_OF[persona] in {"cardiff", "wrexham", STD}
        or persona in REGION_STAFF | {"ff.north"} | NATIONAL_TEAM
    )


def _household_action(
    ctx: Context,
    url_for: Callable[[int], str],
    allowed: Callable[[str, str], bool],
    method: str = "GET",
    ok: int = 200,
    data: dict[str, Any] | None = None,
    json: bool = False,
) -> Iterable[Case]:
    for label in HOUSEHOLDS:
        url = url_for(ctx.records[f"household:{label}"])
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, method, url, 401 if api else 302, data=data or {}, json=json)
        for persona in PERSONA_NAMES:
            if not sees_household(persona, label):
                expected = 404
            elif allowed(persona, label):
                expected = ok
            else:
                expected = 403
            hidden = [
                str(ctx.records[f"household_ref:{h}"]) for h in HOUSEHOLDS if not sees_household(persona, h)
            ]
            yield Case(
                persona,
                method,
                url,
                expected,
                must_not_contain=[*HOUSEHOLD_LEAKS, *IDENTITY, *hidden],
                data=data or {},
                json=json,
            )


@covers("matching:household-list", "GET /api/v1/matching/households")
def _household_list(ctx: Context) -> Iterable[Case]:
    for url in ("/family-finding/households/", "/api/v1/matching/households"):
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, "GET", url, 401 if api else 302)
        for persona in PERSONA_NAMES:
            lists = lists_households(persona)
            refs = {h: str(ctx.records[f"household_ref:{h}"]) for h in HOUSEHOLDS}
            yield Case(
                persona,
                "GET",
                url,
                200 if lists else 403,
                must_contain=[refs[h] for h in HOUSEHOLDS if sees_household(persona, h)] if lists else [],
                must_not_contain=[
                    *HOUSEHOLD_LEAKS,
                    *(refs[h] for h in HOUSEHOLDS if not sees_household(persona, h)),
                ],
            )


@covers("matching:household-detail", "GET /api/v1/matching/households/{pk}")
def _household_detail(ctx: Context) -> Iterable[Case]:
    yield from _household_action(ctx, lambda pk: f"/family-finding/households/{pk}/", lambda p, h: True)
    yield from _household_action(ctx, lambda pk: f"/api/v1/matching/households/{pk}", lambda p, h: True)
    yield Case("assessor.vvc", "GET", "/family-finding/households/999999/", 404)


@covers("matching:household-edit", "PATCH /api/v1/matching/households/{pk}")
def _household_edit(ctx: Context) -> Iterable[Case]:
    keeps = lambda p, h: p in HOUSEHOLD_KEEPERS[h]  # noqa: E731
    yield from _household_action(ctx, lambda pk: f"/family-finding/households/{pk}/edit/", keeps)
    # A stale version is refused, so the matrix changes nothing.
    yield from _household_action(
        ctx, lambda pk: f"/family-finding/households/{pk}/edit/", keeps, method="POST", data={"version": "0"}
    )
    yield from _household_action(
        ctx,
        lambda pk: f"/api/v1/matching/households/{pk}",
        keeps,
        method="PATCH",
        ok=409,
        data={"shared_fields": ["religion"], "version": 0},
        json=True,
    )


@covers("matching:household-publish", "POST /api/v1/matching/households/{pk}/publication")
def _household_publish(ctx: Context) -> Iterable[Case]:
    keeps = lambda p, h: p in HOUSEHOLD_KEEPERS[h]  # noqa: E731
    yield from _household_action(
        ctx,
        lambda pk: f"/family-finding/households/{pk}/publish/",
        keeps,
        method="POST",
        ok=302,
        data={"version": "0", "target": "withdraw"},
    )
    yield from _household_action(
        ctx,
        lambda pk: f"/api/v1/matching/households/{pk}/publication",
        keeps,
        method="POST",
        ok=409,
        data={"target": "withdraw", "version": 0},
        json=True,
    )
    yield Case(
        "assessor.vvc", "GET", f"/family-finding/households/{ctx.records['household:hp_vvc']}/publish/", 405
    )


@covers("matching:household-suggestions", "GET /api/v1/matching/households/{pk}/suggestions")
def _household_suggestions(ctx: Context) -> Iterable[Case]:
    finds = lambda p, h: p in HOUSEHOLD_FINDERS[h]  # noqa: E731
    yield from _household_action(ctx, lambda pk: f"/family-finding/households/{pk}/suggestions/", finds)
    yield from _household_action(ctx, lambda pk: f"/api/v1/matching/households/{pk}/suggestions", finds)
    # Vale, Valleys and Cardiff's household is offered the region's child (published to the region).
    yield Case(
        "assessor.vvc",
        "GET",
        f"/family-finding/households/{ctx.records['household:hp_vvc']}/suggestions/",
        200,
        must_contain=[str(ctx.records["profile_ref:cardiff_regional"])],
    )


def suggests_for(persona: str, label: str) -> bool:
    """The child's authority (anyone in it), or the family finders and manager of the child's region."""
    organisation = ORGANISATION_OF[persona]
    if organisation in {"cardiff", "wrexham"}:
        return organisation == PROFILE_AUTHORITY[label]
    if label == "cardiff_regional":
        return persona in {"ff.vvc", "manager.vvc"}
    if label == "wrexham_national":
        return persona == "ff.north"
    return False


@covers("matching:profile-suggestions", "GET /api/v1/matching/profiles/{pk}/suggestions")
def _profile_suggestions(ctx: Context) -> Iterable[Case]:
    for url_for in (
        lambda pk: f"/family-finding/profiles/{pk}/suggestions/",
        lambda pk: f"/api/v1/matching/profiles/{pk}/suggestions",
    ):
        for label in PROFILES:
            url = url_for(ctx.records[f"profile:{label}"])
            yield Case(ANONYMOUS, "GET", url, 401 if url.startswith("/api/") else 302)
            for persona in PERSONA_NAMES:
                if not sees_profile(persona, label):
                    expected = 404
                else:
                    expected = 200 if suggests_for(persona, label) else 403
                yield Case(
                    persona,
                    "GET",
                    url,
                    expected,
                    must_not_contain=[*IDENTITY, *DATES_OF_BIRTH, *HOUSEHOLD_LEAKS],
                )
    # Cardiff's child is offered the region's household; Wrexham's, St David's on the register.
    yield Case(
        "ff.vvc",
        "GET",
        f"/family-finding/profiles/{ctx.records['profile:cardiff_regional']}/suggestions/",
        200,
        must_contain=[str(ctx.records["household_ref:hp_vvc"]), str(ctx.records["household_ref:hp_std"])],
    )


def sees_link(persona: str, label: str) -> bool:
    return persona in LINK_SCOPE[label]


def _link_action(
    ctx: Context,
    url_for: Callable[[int], str],
    allowed: Callable[[str, str], bool],
    method: str = "GET",
    ok: int = 200,
    data: dict[str, Any] | None = None,
    json: bool = False,
) -> Iterable[Case]:
    """Outside the link's scope: 404 (ff.north never reaches Vale, Valleys and Cardiff's links);
    in scope without the role: 403; with it: `ok`. Never a name of the child or the household."""
    for label in LINKS:
        url = url_for(ctx.records[f"link:{label}"])
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, method, url, 401 if api else 302, data=data or {}, json=json)
        for persona in PERSONA_NAMES:
            if not sees_link(persona, label):
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
                must_not_contain=[*IDENTITY, *DATES_OF_BIRTH, *HOUSEHOLD_LEAKS],
                data=data or {},
                json=json,
            )


@covers("matching:link-list", "GET /api/v1/matching/links")
def _link_list(ctx: Context) -> Iterable[Case]:
    for url in ("/family-finding/links/", "/api/v1/matching/links"):
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, "GET", url, 401 if api else 302)
        for persona in PERSONA_NAMES:
            organisation = ORGANISATION_OF[persona]
            lists = organisation in {"cardiff", "wrexham", STD} or organisation in REGIONS
            yield Case(
                persona,
                "GET",
                url,
                200 if lists else 403,
                must_not_contain=[
                    *IDENTITY,
                    *HOUSEHOLD_LEAKS,
                    # Another region's or agency's link is not listed: its references never appear.
                    *(
                        str(ctx.records[f"household_ref:{h}"])
                        for h, link in (("hp_vvc", "link_vvc"), ("hp_std", "link_std"))
                        if not sees_link(persona, link) and not sees_household(persona, h)
                    ),
                ],
            )


@covers("matching:link-detail", "GET /api/v1/matching/links/{pk}")
def _link_detail(ctx: Context) -> Iterable[Case]:
    yield from _link_action(ctx, lambda pk: f"/family-finding/links/{pk}/", lambda p, link: True)
    yield from _link_action(ctx, lambda pk: f"/api/v1/matching/links/{pk}", lambda p, link: True)
    yield Case("ff.vvc", "GET", "/family-finding/links/999999/", 404)


def _responds(persona: str, label: str) -> bool:
    # Vale, Valleys and Cardiff's link is already accepted; St David's waits for its assessor.
    return label == "link_std" and persona in HOUSEHOLD_SIDE[label]


@covers("matching:link-accept", "POST /api/v1/matching/links/{pk}/accept")
def _link_accept(ctx: Context) -> Iterable[Case]:
    # A stale version is refused, so the matrix changes nothing.
    yield from _link_action(
        ctx,
        lambda pk: f"/family-finding/links/{pk}/accept/",
        _responds,
        method="POST",
        ok=302,
        data={"version": "0"},
    )
    yield from _link_action(
        ctx,
        lambda pk: f"/api/v1/matching/links/{pk}/accept",
        _responds,
        method="POST",
        ok=409,
        data={"version": 0},
        json=True,
    )
    yield Case(
        "assessor.stdavids", "GET", f"/family-finding/links/{ctx.records['link:link_std']}/accept/", 405
    )


def _declines(persona: str, label: str) -> bool:
    return persona in CHILD_SIDE[label] | HOUSEHOLD_SIDE[label]


@covers("matching:link-decline", "POST /api/v1/matching/links/{pk}/decline")
def _link_decline(ctx: Context) -> Iterable[Case]:
    yield from _link_action(ctx, lambda pk: f"/family-finding/links/{pk}/decline/", _declines)
    # Without a reason and feedback nothing is declined: the form says why.
    yield from _link_action(
        ctx,
        lambda pk: f"/family-finding/links/{pk}/decline/",
        _declines,
        method="POST",
        data={"version": "1"},
    )
    yield from _link_action(
        ctx,
        lambda pk: f"/api/v1/matching/links/{pk}/decline",
        _declines,
        method="POST",
        ok=422,
        data={"version": 1},
        json=True,
    )


def _links_it(persona: str, label: str) -> bool:
    """Recording the link needs an accepted interest: Vale, Valleys and Cardiff's, on the child's side."""
    return label == "link_vvc" and persona in CHILD_SIDE[label]


@covers("matching:link-step", "POST /api/v1/matching/links/{pk}/steps")
def _link_step(ctx: Context) -> Iterable[Case]:
    yield from _link_action(ctx, lambda pk: f"/family-finding/links/{pk}/link/", _links_it)
    # The placement is the child's authority's to record, once matched: nobody may yet.
    yield from _link_action(ctx, lambda pk: f"/family-finding/links/{pk}/placed/", lambda p, link: False)
    yield from _link_action(
        ctx,
        lambda pk: f"/family-finding/links/{pk}/link/",
        _links_it,
        method="POST",
        data={"version": "0", "date": "1/6/2025"},
    )
    yield from _link_action(
        ctx,
        lambda pk: f"/api/v1/matching/links/{pk}/steps",
        _links_it,
        method="POST",
        ok=409,
        data={"step": "link", "version": 0, "date": "2025-06-01"},
        json=True,
    )
    yield Case("ff.vvc", "GET", f"/family-finding/links/{ctx.records['link:link_vvc']}/nonsense/", 404)


@covers("matching:link-decision", "POST /api/v1/matching/links/{pk}/decision")
def _link_decision(ctx: Context) -> Iterable[Case]:
    # Only the child's authority's decision maker decides, and only after the matching panel:
    # neither link has been to panel, so everyone in scope is refused (the decision itself is
    # tested in tests/matching/test_panel_match.py).
    yield from _link_action(ctx, lambda pk: f"/family-finding/links/{pk}/decision/", lambda p, link: False)
    yield from _link_action(
        ctx,
        lambda pk: f"/api/v1/matching/links/{pk}/decision",
        lambda p, link: False,
        method="POST",
        data={"outcome": "approved", "reasons": "x", "decided_on": "2025-06-01"},
        json=True,
    )


@covers("matching:link-create", "POST /api/v1/matching/links")
def _link_create(ctx: Context) -> Iterable[Case]:
    regional, national = ctx.records["profile:cardiff_regional"], ctx.records["profile:wrexham_national"]
    hp_vvc, hp_std = ctx.records["household:hp_vvc"], ctx.records["household:hp_std"]
    child_side = f"/family-finding/links/new/?side=child&profile={regional}&household={hp_vvc}"
    household_side = f"/family-finding/links/new/?side=household&profile={national}&household={hp_std}"
    yield Case(ANONYMOUS, "GET", child_side, 302)
    yield Case(ANONYMOUS, "POST", "/api/v1/matching/links", 401, data={}, json=True)
    for persona in PERSONA_NAMES:
        # The child's side for Cardiff's child: the child must be theirs to act for.
        if not sees_profile(persona, "cardiff_regional"):
            child_expected = 404
        elif persona in CHILD_SIDE["link_vvc"]:
            child_expected = 200
        else:
            child_expected = 403
        # The household's side for St David's household and Wrexham's child on the register.
        if not sees_profile(persona, "wrexham_national"):
            household_expected = 404
        elif persona in HOUSEHOLD_SIDE["link_std"]:
            household_expected = 200
        else:
            household_expected = 403
        leaks = [*IDENTITY, *DATES_OF_BIRTH, *HOUSEHOLD_LEAKS]
        yield Case(persona, "GET", child_side, child_expected, must_not_contain=leaks)
        yield Case(persona, "GET", household_side, household_expected, must_not_contain=leaks)
        # A link between them already exists: the form says so and nothing is added.
        yield Case(
            persona,
            "POST",
            "/family-finding/links/new/",
            400 if child_expected == 200 else child_expected,
            data={"side": "child", "profile": regional, "household": hp_vvc},
            must_not_contain=leaks,
        )
        yield Case(
            persona,
            "POST",
            "/api/v1/matching/links",
            422 if household_expected == 200 else household_expected,
            data={"side": "household", "profile": national, "household": hp_std},
            json=True,
            must_not_contain=leaks,
        )


@covers("matching:national-plan", "GET /api/v1/matching/national-plan")
def _national_plan(ctx: Context) -> Iterable[Case]:
    national_child = str(ctx.records["profile_ref:wrexham_national"])
    register_household = str(ctx.records["household_ref:hp_std"])
    for url in ("/family-finding/national-plan/", "/api/v1/matching/national-plan"):
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, "GET", url, 401 if api else 302)
        for persona in PERSONA_NAMES:
            if persona in NATIONAL_TEAM:
                yield Case(
                    persona,
                    "GET",
                    url,
                    200,
                    must_contain=[
                        national_child,
                        register_household,
                        "advisory_only" if api else "Advisory only",
                    ],
                    must_not_contain=[*IDENTITY, *HOUSEHOLD_LEAKS],
                )
            elif persona == "board.national" or persona in REGIONAL_FINDERS:
                # The Board and the regions see the plan's figures, never the planned pairs.
                yield Case(
                    persona,
                    "GET",
                    url,
                    200,
                    must_contain=["advisory_only" if api else "Advisory only"],
                    must_not_contain=[national_child, register_household, *IDENTITY, *HOUSEHOLD_LEAKS],
                )
            else:
                yield Case(persona, "GET", url, 403)


@covers("matching:equity", "GET /api/v1/matching/equity")
def _equity(ctx: Context) -> Iterable[Case]:
    for url in ("/family-finding/equity/", "/api/v1/matching/equity"):
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, "GET", url, 401 if api else 302)
        for persona in PERSONA_NAMES:
            reads = persona in NATIONAL_TEAM or persona == "manager.vvc"
            yield Case(
                persona,
                "GET",
                url,
                200 if reads else 403,
                must_not_contain=[
                    *IDENTITY,
                    *HOUSEHOLD_LEAKS,
                    *(str(ctx.records[f"profile_ref:{label}"]) for label in PROFILES),
                ],
            )
