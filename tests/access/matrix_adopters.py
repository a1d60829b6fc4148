"""Permission matrix for adopter households and enquiries (written out from
the law of the service, docs/design.md, "Who may see what"): a region's staff see the
households their region assesses, a voluntary agency's staff their own;
local authority staff, the national tier and outsiders (ff.north for Vale,
Valleys and Cardiff's households, assessor.stdavids for the region's) get
404. Assessors and the regional manager keep the journey; only the
decision maker decides (through the panel); the public enquiry form needs no
sign-in."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from tests.access.matrix import ANONYMOUS, ORGANISATION_OF, PERSONA_NAMES, Case, Context, covers, setup

VVC = "vale-valleys-cardiff"
STD = "st-davids-childrens-society"
SURNAME = {"vvc": "Vvcapplicantsurname", "stdavids": "Stdapplicantsurname"}
ENQUIRER = {"vvc": "Vvcenquirersurname", "stdavids": "Stdenquirersurname"}
OWNER = {"vvc": VVC, "stdavids": STD}
KEEPERS = {"assessor.vvc", "manager.vvc", "assessor.stdavids"}
ARCHIVERS = {"manager.vvc", "assessor.stdavids"}
REGIONS = {"vale-valleys-cardiff", "north-wales", "south-east-wales", "west-and-mid-wales", "western-bay"}


def adopter_staff(persona: str) -> bool:
    """Staff of a region or a voluntary agency: they have an adopter list (perhaps empty)."""
    return ORGANISATION_OF[persona] in REGIONS or ORGANISATION_OF[persona] == STD


def sees(persona: str, label: str) -> bool:
    return ORGANISATION_OF[persona] == OWNER[label]


def hidden(persona: str) -> list[str]:
    return [
        text for label in SURNAME if not sees(persona, label) for text in (SURNAME[label], ENQUIRER[label])
    ]


@setup
def _adopters(ctx: Context, personas: dict[str, Any]) -> None:
    from django.core.cache import cache

    from nas.adopters import services

    cache.clear()  # the public form's rate limit counts per address
    for label, owner, actor in (("vvc", VVC, "assessor.vvc"), ("stdavids", STD, "assessor.stdavids")):
        from nas.organisations.models import Organisation

        household = services.household_create(
            actor=personas[actor],
            owner_id=Organisation.objects.get(code=owner).pk,
            enquiry_date=date(2025, 1, 6),
            applicants=[{"first_names": "Matrix", "last_name": SURNAME[label]}],
        )
        services.milestone_record(
            actor=personas[actor], household=household, kind="roi_received", when=date(2025, 1, 20)
        )
        enquiry = services.enquiry_submit(
            organisation_id=Organisation.objects.get(code=owner).pk,
            first_names="Matrix",
            last_name=ENQUIRER[label],
            email=f"{label}@example.com",
            language="en",
        )
        ctx.records[f"household_{label}"] = household.pk
        ctx.records[f"milestone_{label}"] = household.milestones.get(kind="roi_received").pk
        ctx.records[f"household_member_{label}"] = household.members.get().pk
        ctx.records[f"enquiry_{label}"] = enquiry.pk
    # An approved household of Vale, Valleys and Cardiff: its range changes only at a review, or by the
    # agency decision maker.
    from tests.adopters import helpers

    assessor = personas["assessor.vvc"]
    approved = helpers.advance(
        assessor, helpers.make_household(assessor, VVC, SURNAME["vvc"] + "approved"), "par_completed"
    )
    helpers.approve(personas["panel.vvc"], personas["adm.vvc"], approved)
    ctx.records["approved_vvc"] = approved.pk


def _cases(
    ctx: Context,
    url_for: Callable[[str], str],
    allowed: Callable[[str], bool],
    *,
    prefix: str = "household",
    method: str = "GET",
    ok: int = 200,
    data: dict[str, Any] | None = None,
    json: bool = False,
    must_contain: Callable[[str, str], list[str]] | None = None,
) -> Iterable[Case]:
    """Outside scope: 404 and nothing identifying; in scope without the role: 403; with it: `ok`."""
    for label in SURNAME:
        url = url_for(label)
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, method, url, 401 if api else 302, data=data or {}, json=json)
        for persona in PERSONA_NAMES:
            if not sees(persona, label):
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
                must_not_contain=hidden(persona),
                must_contain=(must_contain(persona, label) if must_contain and expected == ok else []),
                data=data or {},
                json=json,
            )


def _household_url(ctx: Context, path: str) -> Callable[[str], str]:
    return lambda label: path.format(
        pk=ctx.records[f"household_{label}"],
        m=ctx.records[f"milestone_{label}"],
        member=ctx.records[f"household_member_{label}"],
    )


def _lists(url: str, shown: Callable[[str], list[str]]) -> Iterable[Case]:
    api = url.startswith("/api/")
    yield Case(ANONYMOUS, "GET", url, 401 if api else 302)
    for persona in PERSONA_NAMES:
        lists = adopter_staff(persona)
        yield Case(
            persona,
            "GET",
            url,
            200 if lists else 403,
            must_contain=shown(persona) if lists else [],
            must_not_contain=hidden(persona),
        )


@covers("adopters:list", "GET /api/v1/adopters")
def _household_list(ctx: Context) -> Iterable[Case]:
    for url in ("/adopters/", "/api/v1/adopters"):
        yield from _lists(url, lambda p: [SURNAME[label] for label in SURNAME if sees(p, label)])


@covers("adopters:detail", "GET /api/v1/adopters/{pk}")
def _household_detail(ctx: Context) -> Iterable[Case]:
    for path in ("/adopters/{pk}/", "/api/v1/adopters/{pk}"):
        yield from _cases(
            ctx, _household_url(ctx, path), lambda p: True, must_contain=lambda p, label: [SURNAME[label]]
        )
    yield Case("assessor.vvc", "GET", "/adopters/999999/", 404)


@covers("adopters:create", "POST /api/v1/adopters")
def _household_create(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/adopters/new/", 302)
    yield Case(ANONYMOUS, "POST", "/api/v1/adopters", 401, json=True)
    for persona in PERSONA_NAMES:
        keeps = persona in KEEPERS
        yield Case(persona, "GET", "/adopters/new/", 200 if keeps else 403)
        yield Case(
            persona,
            "POST",
            "/adopters/new/",
            200 if keeps else 403,
            must_contain=["Enter the date of the enquiry"] if keeps else [],
        )
        yield Case(persona, "POST", "/api/v1/adopters", 422 if keeps else 403, json=True)


@covers("adopters:edit", "PATCH /api/v1/adopters/{pk}")
def _household_edit(ctx: Context) -> Iterable[Case]:
    keeps = lambda p: p in KEEPERS  # noqa: E731
    yield from _cases(ctx, _household_url(ctx, "/adopters/{pk}/edit/"), keeps)
    # A stale version is refused (409), so the matrix changes nothing.
    yield from _cases(
        ctx,
        _household_url(ctx, "/api/v1/adopters/{pk}"),
        keeps,
        method="PATCH",
        ok=409,
        data={"phone": "01234", "version": 0},
        json=True,
    )


@covers("adopters:member-add", "POST /api/v1/adopters/{pk}/members")
def _member_add(ctx: Context) -> Iterable[Case]:
    keeps = lambda p: p in KEEPERS  # noqa: E731
    yield from _cases(ctx, _household_url(ctx, "/adopters/{pk}/members/new/"), keeps)
    yield from _cases(
        ctx, _household_url(ctx, "/api/v1/adopters/{pk}/members"), keeps, method="POST", ok=422, json=True
    )


@covers("adopters:member-edit", "PATCH /api/v1/adopters/{pk}/members/{member_pk}")
def _member_edit(ctx: Context) -> Iterable[Case]:
    keeps = lambda p: p in KEEPERS  # noqa: E731
    yield from _cases(ctx, _household_url(ctx, "/adopters/{pk}/members/{member}/edit/"), keeps)
    # A stale version is refused (409), so the matrix changes nothing.
    yield from _cases(
        ctx,
        _household_url(ctx, "/api/v1/adopters/{pk}/members/{member}"),
        keeps,
        method="PATCH",
        ok=409,
        data={"last_name": "Changed", "version": 0},
        json=True,
    )
    # Another household's member reached through this household's URL does not exist.
    other = ctx.records["household_member_stdavids"]
    yield Case("assessor.vvc", "GET", f"/adopters/{ctx.records['household_vvc']}/members/{other}/edit/", 404)


#: Once approved, the range is changed at a review (the journey keepers) or by the decision maker.
APPROVED_RANGE_EDITORS = {"assessor.vvc", "manager.vvc", "adm.vvc"}


@covers("adopters:approval-range", "PUT /api/v1/adopters/{pk}/approval-range")
def _approval_range(ctx: Context) -> Iterable[Case]:
    keeps = lambda p: p in KEEPERS  # noqa: E731
    yield from _cases(ctx, _household_url(ctx, "/adopters/{pk}/approval-range/"), keeps)
    yield from _cases(
        ctx,
        _household_url(ctx, "/api/v1/adopters/{pk}/approval-range"),
        keeps,
        method="PUT",
        ok=422,
        json=True,
    )
    approved = ctx.records["approved_vvc"]
    for url, method, ok in (
        (f"/adopters/{approved}/approval-range/", "GET", 200),
        (f"/api/v1/adopters/{approved}/approval-range", "PUT", 422),
    ):
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, method, url, 401 if api else 302, json=api)
        for persona in PERSONA_NAMES:
            expected = 404 if not sees(persona, "vvc") else ok if persona in APPROVED_RANGE_EDITORS else 403
            yield Case(persona, method, url, expected, json=api, must_not_contain=hidden(persona))


@covers("adopters:milestone-record", "POST /api/v1/adopters/{pk}/milestones")
def _milestone_record(ctx: Context) -> Iterable[Case]:
    keeps = lambda p: p in KEEPERS  # noqa: E731
    yield from _cases(ctx, _household_url(ctx, "/adopters/{pk}/milestones/roi_accepted/new/"), keeps)
    # The decision is the decision maker's, recorded through the panel: nobody types it in here.
    yield from _cases(ctx, _household_url(ctx, "/adopters/{pk}/milestones/approved/new/"), lambda p: False)
    yield from _cases(
        ctx,
        _household_url(ctx, "/api/v1/adopters/{pk}/milestones"),
        keeps,
        method="POST",
        ok=422,
        data={"kind": "roi_accepted", "date": "", "version": 1},
        json=True,
    )
    yield Case(
        "assessor.vvc", "GET", f"/adopters/{ctx.records['household_vvc']}/milestones/no_such/new/", 404
    )


@covers("adopters:milestone-correct", "POST /api/v1/adopters/{pk}/milestones/{milestone_pk}/correction")
def _milestone_correct(ctx: Context) -> Iterable[Case]:
    yield from _cases(
        ctx, _household_url(ctx, "/adopters/{pk}/milestones/{m}/correct/"), lambda p: p in KEEPERS
    )
    # A stale version is refused (409), so the matrix changes nothing.
    yield from _cases(
        ctx,
        _household_url(ctx, "/api/v1/adopters/{pk}/milestones/{m}/correction"),
        lambda p: p in KEEPERS,
        method="POST",
        ok=409,
        data={"date": "2025-01-21", "reason": "Matrix", "version": 0},
        json=True,
    )
    # Another household's milestone reached through this household's URL does not exist.
    other = ctx.records["milestone_stdavids"]
    yield Case(
        "assessor.vvc", "GET", f"/adopters/{ctx.records['household_vvc']}/milestones/{other}/correct/", 404
    )


@covers("adopters:archive")
def _household_archive(ctx: Context) -> Iterable[Case]:
    # Without a reason nothing is archived: the manager goes back to the record with a message.
    yield from _cases(
        ctx,
        _household_url(ctx, "/adopters/{pk}/archive/"),
        lambda p: p in ARCHIVERS,
        method="POST",
        ok=302,
        data={"reason": ""},
    )


@covers("adopters:worklist", "GET /api/v1/adopters/worklist")
def _worklist(ctx: Context) -> Iterable[Case]:
    for url in ("/adopters/worklist/", "/api/v1/adopters/worklist"):
        yield from _lists(url, lambda p: [])


@covers("adopters:enquiries", "GET /api/v1/adopters/enquiries")
def _enquiry_list(ctx: Context) -> Iterable[Case]:
    for url in ("/adopters/enquiries/", "/api/v1/adopters/enquiries"):
        yield from _lists(url, lambda p: [ENQUIRER[label] for label in ENQUIRER if sees(p, label)])


def _enquiry_url(ctx: Context, path: str) -> Callable[[str], str]:
    return lambda label: path.format(pk=ctx.records[f"enquiry_{label}"])


@covers("adopters:enquiry-detail", "GET /api/v1/adopters/enquiries/{pk}")
def _enquiry_detail(ctx: Context) -> Iterable[Case]:
    for path in ("/adopters/enquiries/{pk}/", "/api/v1/adopters/enquiries/{pk}"):
        yield from _cases(
            ctx, _enquiry_url(ctx, path), lambda p: True, must_contain=lambda p, label: [ENQUIRER[label]]
        )


@covers("adopters:enquiry-open")
def _enquiry_open(ctx: Context) -> Iterable[Case]:
    # The first keeper opens the household; the next is told it is already dealt with: both go back (302).
    yield from _cases(
        ctx,
        _enquiry_url(ctx, "/adopters/enquiries/{pk}/open/"),
        lambda p: p in KEEPERS,
        method="POST",
        ok=302,
    )
    yield Case("assessor.vvc", "GET", _enquiry_url(ctx, "/adopters/enquiries/{pk}/open/")("vvc"), 405)


@covers("adopters:enquiry-close")
def _enquiry_close(ctx: Context) -> Iterable[Case]:
    yield from _cases(
        ctx,
        _enquiry_url(ctx, "/adopters/enquiries/{pk}/close/"),
        lambda p: p in KEEPERS,
        method="POST",
        ok=302,
        data={"reason": ""},
    )


def _enquiry_made(surname: str, made: bool) -> Callable[[], None]:
    def check() -> None:
        from nas.adopters.models import Enquiry

        assert Enquiry.objects.filter(last_name=surname).exists() == made, (surname, made)

    return check


@covers("adopters:enquire")
def _enquire(ctx: Context) -> Iterable[Case]:
    """The public form: anyone, signed in or not, may read and send it."""
    from nas.organisations.models import Organisation

    for persona in [ANONYMOUS, *PERSONA_NAMES]:
        yield Case(persona, "GET", "/enquire/", 200, must_not_contain=[*SURNAME.values(), *ENQUIRER.values()])
    valid = {
        "organisation": Organisation.objects.get(code=VVC).pk,
        "first_names": "Public",
        "last_name": "Publicsurname",
        "email": "public@example.com",
        "kind": "domestic",
        "consent": "on",
    }
    yield Case(
        ANONYMOUS, "POST", "/enquire/", 200, data={"first_names": ""}, must_contain=["Enter your last name"]
    )
    yield Case(
        ANONYMOUS,
        "POST",
        "/enquire/",
        302,
        data=valid,
        follow_to="/enquire/thank-you/",
        check=_enquiry_made("Publicsurname", True),
    )
    # A robot fills in the hidden field: it is thanked the same way and nothing is kept.
    yield Case(
        ANONYMOUS,
        "POST",
        "/enquire/",
        302,
        data={**valid, "last_name": "Robotsurname", "website": "http://spam.example"},
        follow_to="/enquire/thank-you/",
        check=_enquiry_made("Robotsurname", False),
    )
    yield Case("sw.wrexham", "POST", "/enquire/", 200, data={}, must_contain=["Enter your email address"])


@covers("adopters:enquire-thanks")
def _enquire_thanks(ctx: Context) -> Iterable[Case]:
    for persona in [ANONYMOUS, *PERSONA_NAMES]:
        yield Case(persona, "GET", "/enquire/thank-you/", 200, must_not_contain=["Publicsurname"])
