"""Permission matrix of the authenticator set-up links (nas.accounts).

Only an administrator who may see an account issues its set-up link, and
never for their own account (a national administrator here: the other
personas get 403 for accounts they see, 404 and nothing of the person for
the rest). The link itself needs no sign-in; one that does not exist is 404
for everyone."""

from __future__ import annotations

from collections.abc import Iterable

from tests.access.matrix import (
    ANONYMOUS,
    NATIONAL_ADMINISTRATOR,
    PERSONA_NAMES,
    Case,
    Context,
    _everyone_gets,
    covers,
    sees_account,
)


@covers("accounts:staff-set-up-link")
def _staff_set_up_link(ctx: Context) -> Iterable[Case]:
    for target in PERSONA_NAMES:
        url = f"/staff/{ctx.account_pk[target]}/set-up-link/"
        yield Case(ANONYMOUS, "POST", url, 302, follow_to="/sign-in/")
        for viewer in PERSONA_NAMES:
            if not sees_account(viewer, target):
                expected = 404
            elif viewer == NATIONAL_ADMINISTRATOR and viewer != target:
                expected = 200
            else:
                expected = 403
            yield Case(viewer, "POST", url, expected, must_not_contain=[] if expected != 404 else [target])


@covers("accounts:set-up-link")
def _set_up_link(ctx: Context) -> Iterable[Case]:
    yield from _everyone_gets("/sign-in/set-up/not-a-link/", 404, anonymous=404)
