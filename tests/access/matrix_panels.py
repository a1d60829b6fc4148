"""Permission matrix for adoption panels and the decision maker's decisions:
a region's or agency's staff see their own organisation's meetings; only a
panel adviser manages a panel; only an agency decision maker decides;
everyone else outside the organisation gets 404."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from tests.access.matrix import ANONYMOUS, ORGANISATION_OF, PERSONA_NAMES, Case, Context, covers, setup
from tests.access.matrix_adopters import STD, VVC, adopter_staff

VENUE = {"vvc": "Vvcpanelvenue", "stdavids": "Stdpanelvenue"}
OWNER = {"vvc": VVC, "stdavids": STD}
SURNAME = {"vvc": "Vvcpanelsurname", "stdavids": "Stdpanelsurname"}
ADVISERS = {"panel.vvc"}
CENTRAL = {"vvc": "Vvccentralmember", "stdavids": "Stdcentralmember"}
DECIDERS = {"adm.vvc"}


def sees(persona: str, label: str) -> bool:
    return ORGANISATION_OF[persona] == OWNER[label]


def hidden(persona: str) -> list[str]:
    return [t for label in VENUE if not sees(persona, label) for t in (VENUE[label], SURNAME[label])]


@setup
def _panels(ctx: Context, personas: dict[str, Any]) -> None:
    from nas.panels import services
    from tests.adopters import helpers

    adviser, adm = personas["panel.vvc"], personas["adm.vvc"]
    # Vale, Valleys and Cardiff: a meeting whose minutes are final, with one household awaiting
    # the decision and one the decision maker is minded not to approve.
    awaiting = helpers.advance(
        personas["assessor.vvc"],
        helpers.make_household(personas["assessor.vvc"], VVC, SURNAME["vvc"]),
        "par_completed",
    )
    refused = helpers.advance(
        personas["assessor.vvc"],
        helpers.make_household(personas["assessor.vvc"], VVC, "Vvcrefusedsurname"),
        "par_completed",
    )
    meeting = helpers.quorate_meeting(adviser, date(2025, 6, 2), VENUE["vvc"])
    item = helpers.to_panel(adviser, meeting, awaiting)
    other = helpers.to_panel(adviser, meeting, refused)
    services.minutes_finalise(actor=adviser, meeting=meeting, minutes="Minutes.", final_on=date(2025, 6, 4))
    services.decision_record(
        actor=adm,
        subject_type="adopters.household",
        subject_id=refused.pk,
        outcome="minded_not_to_approve",
        reasons="Concerns about support networks.",
        decided_on=date(2025, 6, 10),
        agenda_item=other,
    )
    # St David's: its own meeting, with a household on the agenda (set up directly: it has no panel adviser).
    from nas.organisations.models import Organisation
    from nas.panels.models import AgendaItem, Meeting, PanelMember

    std_household = helpers.advance(
        personas["assessor.stdavids"],
        helpers.make_household(personas["assessor.stdavids"], STD, SURNAME["stdavids"]),
        "par_completed",
    )
    std_meeting = Meeting.objects.create(
        organisation=Organisation.objects.get(code=STD), date=date(2025, 6, 3), venue=VENUE["stdavids"]
    )
    member = PanelMember.objects.create(meeting=std_meeting, name="Std Chair", role="chair", independent=True)
    std_item = AgendaItem.objects.create(
        meeting=std_meeting,
        position=1,
        kind="adopter_approval",
        subject_type="adopters.household",
        subject_id=std_household.pk,
        subject_label=std_household.reference,
    )
    # The central lists: Vale, Valleys and Cardiff's kept by its adviser, St David's set up directly.
    from nas.panels.models import CentralMember

    listed = services.central_member_add(
        actor=adviser, name=CENTRAL["vvc"], role="independent", independent=True, joined_on=date(2025, 1, 6)
    )
    std_listed = CentralMember.objects.create(
        organisation=std_meeting.organisation,
        name=CENTRAL["stdavids"],
        role="chair",
        independent=True,
        joined_on=date(2025, 1, 6),
    )
    ctx.records.update(
        {
            "central_vvc": listed.pk,
            "central_stdavids": std_listed.pk,
            "meeting_vvc": meeting.pk,
            "item_vvc": item.pk,
            "member_vvc": meeting.members.first().pk,
            "qd_vvc": refused.pk,
            "meeting_stdavids": std_meeting.pk,
            "item_stdavids": std_item.pk,
            "member_stdavids": member.pk,
            "qd_stdavids": std_household.pk,
        }
    )


def _url(ctx: Context, path: str) -> Callable[[str], str]:
    return lambda label: path.format(
        pk=ctx.records[f"meeting_{label}"],
        item=ctx.records[f"item_{label}"],
        member=ctx.records[f"member_{label}"],
        household=ctx.records[f"qd_{label}"],
        central=ctx.records[f"central_{label}"],
    )


def _cases(
    ctx: Context,
    url_for: Callable[[str], str],
    allowed: Callable[[str], bool],
    *,
    method: str = "GET",
    ok: int = 200,
    data: dict[str, Any] | None = None,
    json: bool = False,
) -> Iterable[Case]:
    for label in VENUE:
        url = url_for(label)
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, method, url, 401 if api else 302, data=data or {}, json=json)
        for persona in PERSONA_NAMES:
            expected = 404 if not sees(persona, label) else ok if allowed(persona) else 403
            yield Case(
                persona, method, url, expected, must_not_contain=hidden(persona), data=data or {}, json=json
            )


@covers("panels:list", "GET /api/v1/panels")
def _meeting_list(ctx: Context) -> Iterable[Case]:
    for url in ("/panels/", "/api/v1/panels"):
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, "GET", url, 401 if api else 302)
        for persona in PERSONA_NAMES:
            lists = adopter_staff(persona)
            shown = [VENUE[label] for label in VENUE if sees(persona, label)] if lists else []
            yield Case(
                persona,
                "GET",
                url,
                200 if lists else 403,
                must_contain=shown,
                must_not_contain=hidden(persona),
            )


@covers("panels:create", "POST /api/v1/panels")
def _meeting_create(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/panels/new/", 302)
    yield Case(ANONYMOUS, "POST", "/api/v1/panels", 401, data={"date": ""}, json=True)
    for persona in PERSONA_NAMES:
        manages = persona in ADVISERS
        yield Case(persona, "GET", "/panels/new/", 200 if manages else 403)
        yield Case(
            persona,
            "POST",
            "/panels/new/",
            200 if manages else 403,
            must_contain=["Enter the date of the meeting"] if manages else [],
        )
        yield Case(persona, "POST", "/api/v1/panels", 422 if manages else 403, data={"date": ""}, json=True)


@covers("panels:detail", "GET /api/v1/panels/{pk}")
def _meeting_detail(ctx: Context) -> Iterable[Case]:
    for path in ("/panels/{pk}/", "/api/v1/panels/{pk}"):
        yield from _cases(ctx, _url(ctx, path), lambda p: True)
    yield Case("panel.vvc", "GET", "/panels/999999/", 404)


@covers("panels:member-add", "POST /api/v1/panels/{pk}/members")
def _member_add(ctx: Context) -> Iterable[Case]:
    manages = lambda p: p in ADVISERS  # noqa: E731
    yield from _cases(ctx, _url(ctx, "/panels/{pk}/members/new/"), manages)
    yield from _cases(
        ctx,
        _url(ctx, "/api/v1/panels/{pk}/members"),
        manages,
        method="POST",
        ok=422,
        data={"name": "", "role": "chair", "independent": True},
        json=True,
    )


@covers("panels:member-attendance")
def _member_attendance(ctx: Context) -> Iterable[Case]:
    yield from _cases(
        ctx,
        _url(ctx, "/panels/{pk}/members/{member}/attendance/"),
        lambda p: p in ADVISERS,
        method="POST",
        ok=302,
        data={"present": "yes"},
    )


@covers("panels:item-add", "POST /api/v1/panels/{pk}/items")
def _item_add(ctx: Context) -> Iterable[Case]:
    manages = lambda p: p in ADVISERS  # noqa: E731
    yield from _cases(ctx, _url(ctx, "/panels/{pk}/items/new/"), manages)
    # A household of another organisation cannot be put on the agenda: it does not exist for the adviser.
    yield from _cases(
        ctx,
        _url(ctx, "/api/v1/panels/{pk}/items"),
        manages,
        method="POST",
        ok=422,
        data={"kind": "adopter_approval", "subject_type": "adopters.household", "subject_id": 0},
        json=True,
    )


@covers("panels:recommendation", "POST /api/v1/panels/{pk}/items/{item_pk}/recommendation")
def _recommendation(ctx: Context) -> Iterable[Case]:
    manages = lambda p: p in ADVISERS  # noqa: E731
    yield from _cases(ctx, _url(ctx, "/panels/{pk}/items/{item}/recommendation/"), manages)
    yield from _cases(
        ctx,
        _url(ctx, "/api/v1/panels/{pk}/items/{item}/recommendation"),
        manages,
        method="POST",
        ok=422,
        data={"recommendation": "", "reasons": ""},
        json=True,
    )


@covers("panels:minutes", "POST /api/v1/panels/{pk}/minutes")
def _minutes(ctx: Context) -> Iterable[Case]:
    manages = lambda p: p in ADVISERS  # noqa: E731
    yield from _cases(ctx, _url(ctx, "/panels/{pk}/minutes/"), manages)
    yield from _cases(
        ctx,
        _url(ctx, "/api/v1/panels/{pk}/minutes"),
        manages,
        method="POST",
        ok=422,
        data={"minutes": "", "final_on": ""},
        json=True,
    )


@covers("panels:decision", "POST /api/v1/panels/{pk}/items/{item_pk}/decision")
def _decision(ctx: Context) -> Iterable[Case]:
    decides = lambda p: p in DECIDERS  # noqa: E731
    yield from _cases(ctx, _url(ctx, "/panels/{pk}/items/{item}/decision/"), decides)
    yield from _cases(
        ctx,
        _url(ctx, "/api/v1/panels/{pk}/items/{item}/decision"),
        decides,
        method="POST",
        ok=422,
        data={"outcome": "", "reasons": "", "decided_on": ""},
        json=True,
    )


@covers("panels:subject-decision", "POST /api/v1/panels/decisions/{record_type}/{record_id}")
def _subject_decision(ctx: Context) -> Iterable[Case]:
    decides = lambda p: p in DECIDERS  # noqa: E731
    yield from _cases(ctx, _url(ctx, "/panels/decisions/adopters.household/{household}/"), decides)
    yield from _cases(
        ctx,
        _url(ctx, "/api/v1/panels/decisions/adopters.household/{household}"),
        decides,
        method="POST",
        ok=422,
        data={"outcome": "", "reasons": "", "decided_on": ""},
        json=True,
    )
    # A record type nobody registered for panels does not exist.
    yield Case("adm.vvc", "GET", "/panels/decisions/accounts.user/1/", 404)


def _hidden_from(persona: str) -> list[str]:
    return hidden(persona) + [CENTRAL[label] for label in CENTRAL if not sees(persona, label)]


@covers("panels:central-list", "GET /api/v1/panels/central-list")
def _central_list(ctx: Context) -> Iterable[Case]:
    """The region's or agency's staff read their own list; the national tier,
    a local authority and another organisation see none of it."""
    for url in ("/panels/central-list/", "/api/v1/panels/central-list"):
        api = url.startswith("/api/")
        yield Case(ANONYMOUS, "GET", url, 401 if api else 302)
        for persona in PERSONA_NAMES:
            lists = adopter_staff(persona)
            shown = [CENTRAL[label] for label in CENTRAL if sees(persona, label)] if lists else []
            yield Case(
                persona,
                "GET",
                url,
                200 if lists else 403,
                must_contain=shown,
                must_not_contain=_hidden_from(persona),
            )


@covers("panels:central-add", "POST /api/v1/panels/central-list")
def _central_add(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/panels/central-list/new/", 302)
    yield Case(ANONYMOUS, "POST", "/api/v1/panels/central-list", 401, data={"name": ""}, json=True)
    for persona in PERSONA_NAMES:
        keeps = persona in ADVISERS
        yield Case(persona, "GET", "/panels/central-list/new/", 200 if keeps else 403)
        yield Case(
            persona,
            "POST",
            "/panels/central-list/new/",
            200 if keeps else 403,
            must_contain=["Enter the member&#x27;s name"] if keeps else [],
        )
        yield Case(
            persona,
            "POST",
            "/api/v1/panels/central-list",
            422 if keeps else 403,
            data={"name": ""},
            json=True,
        )


@covers("panels:central-edit", "PATCH /api/v1/panels/central-list/{member_pk}")
def _central_edit(ctx: Context) -> Iterable[Case]:
    keeps = lambda p: p in ADVISERS  # noqa: E731
    yield from _cases(ctx, _url(ctx, "/panels/central-list/{central}/"), keeps)
    yield from _cases(
        ctx,
        _url(ctx, "/api/v1/panels/central-list/{central}"),
        keeps,
        method="PATCH",
        ok=422,
        data={"name": "", "version": 1},
        json=True,
    )


@covers("panels:central-leave", "POST /api/v1/panels/central-list/{member_pk}/leave")
def _central_leave(ctx: Context) -> Iterable[Case]:
    keeps = lambda p: p in ADVISERS  # noqa: E731
    yield from _cases(ctx, _url(ctx, "/panels/central-list/{central}/leave/"), keeps)
    yield from _cases(
        ctx,
        _url(ctx, "/api/v1/panels/central-list/{central}/leave"),
        keeps,
        method="POST",
        ok=422,
        data={"left_on": "", "version": 1},
        json=True,
    )


@covers("POST /api/v1/panels/{pk}/members/choose")
def _members_choose(ctx: Context) -> Iterable[Case]:
    # Vale, Valleys and Cardiff's meeting has recommended already, so its membership is fixed (422).
    yield from _cases(
        ctx,
        _url(ctx, "/api/v1/panels/{pk}/members/choose"),
        lambda p: p in ADVISERS,
        method="POST",
        ok=422,
        data={"members": [], "chair": 1},
        json=True,
    )
