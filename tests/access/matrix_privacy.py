"""Permission matrix of data protection (nas.privacy).

A subject access export is reached like the record it is about: a child's
by the staff of the child's authority who may see who the child is, a
household's and a support person's by those their policies let see them;
everyone else gets 404 and nothing of the person. Including notes about
other people is for managers (403 for anyone else who may export). The
retention report is for managers, the Director of Operations and
administrators (403 for the rest)."""

from __future__ import annotations

from collections.abc import Iterable

from nas.accounts.personas import PERSONAS
from tests.access.matrix import (
    ANONYMOUS,
    CHILD_REFERENCE,
    ORGANISATION_OF,
    PERSONA_NAMES,
    Case,
    Context,
    _everyone_gets,
    covers,
)
from tests.access.matrix_adopters import SURNAME
from tests.access.matrix_support import SURNAME_VVC

ROLES = {p.username: set(p.roles) for p in PERSONAS}
MANAGERS = {"team_manager", "regional_manager"}
RETENTION_READERS = MANAGERS | {"director_of_operations", "administrator"}


def _subjects(ctx: Context) -> list[tuple[str, int, set[str], str]]:
    """(kind, record, the personas who may export it, a name it holds)."""
    from nas.accounts.models import User
    from nas.adopters.models import Household
    from nas.adopters.policies import households
    from nas.support.models import SupportPerson
    from nas.support.policies import people

    users = {u.username: u for u in User.objects.filter(username__in=PERSONA_NAMES)}
    household = Household.objects.get(members__last_name=SURNAME["vvc"])
    person = SupportPerson.objects.get(last_name=SURNAME_VVC, first_names="Parent")
    return [
        (
            "child",
            ctx.child_pk["cardiff"],
            {p for p in PERSONA_NAMES if ORGANISATION_OF[p] == "cardiff"},
            CHILD_REFERENCE["cardiff"],
        ),
        (
            "household",
            household.pk,
            {p for p in PERSONA_NAMES if households.scope(users[p]).filter(pk=household.pk).exists()},
            SURNAME["vvc"],
        ),
        (
            "support-person",
            person.pk,
            {p for p in PERSONA_NAMES if people.scope(users[p]).filter(pk=person.pk).exists()},
            SURNAME_VVC,
        ),
    ]


@covers("privacy:subject-access")
def _start(ctx: Context) -> Iterable[Case]:
    yield from _everyone_gets("/data-protection/subject-access/", 200)


@covers("privacy:subject-access-detail", "GET /api/v1/privacy/subject-access/{kind}/{pk}")
def _export(ctx: Context) -> Iterable[Case]:
    for kind, pk, allowed, name in _subjects(ctx):
        page = f"/data-protection/subject-access/{kind}/{pk}/"
        api = f"/api/v1/privacy/subject-access/{kind}/{pk}"
        yield Case(ANONYMOUS, "GET", page, 302, follow_to="/sign-in/")
        yield Case(ANONYMOUS, "GET", api, 401)
        for persona in PERSONA_NAMES:
            if persona in allowed:
                yield Case(persona, "GET", page, 200)
                yield Case(persona, "GET", api, 200, must_contain=[name])
                yield Case(
                    persona, "GET", f"{api}?third_party=true", 200 if ROLES[persona] & MANAGERS else 403
                )
                yield Case(persona, "POST", page, 200, data={"file_format": "json"}, must_contain=[name])
            else:
                yield Case(persona, "GET", page, {403, 404}, must_not_contain=[name])
                yield Case(persona, "GET", api, {403, 404}, must_not_contain=[name])
                yield Case(
                    persona, "POST", page, {403, 404}, data={"file_format": "json"}, must_not_contain=[name]
                )
    yield Case("sw.cardiff", "GET", "/data-protection/subject-access/nobody/1/", 404)


@covers("privacy:retention", "GET /api/v1/privacy/retention")
def _retention(ctx: Context) -> Iterable[Case]:
    yield Case(ANONYMOUS, "GET", "/data-protection/retention/", 302, follow_to="/sign-in/")
    yield Case(ANONYMOUS, "GET", "/api/v1/privacy/retention", 401)
    for persona in PERSONA_NAMES:
        status = 200 if ROLES[persona] & RETENTION_READERS else 403
        yield Case(persona, "GET", "/data-protection/retention/", status)
        yield Case(persona, "GET", "/api/v1/privacy/retention", status)
