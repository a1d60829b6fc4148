"""Who may run a subject access export, include other people's notes in it,
and see the retention report.

A subject access export is of one person's record, so it is reached like
the record: through the record's own policy (404 outside the person's
scope). Anyone who may view the record may export it with the notes about
other people withheld; only a manager (a team manager or a regional
manager) may include them, having weighed the other people's interests
(UK GDPR Article 15(4); Data Protection Act 2018, Schedule 2, paragraph 16).
The retention report is for managers, the Director of Operations and
administrators, each over the records they may see.
"""

from __future__ import annotations

from typing import Any

from nas.accounts.roles import Role

MANAGERS = (Role.TEAM_MANAGER, Role.REGIONAL_MANAGER)
RETENTION_READERS = (*MANAGERS, Role.DIRECTOR_OF_OPERATIONS, Role.ADMINISTRATOR)


def may_include_third_party_notes(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_role(*MANAGERS))


def may_see_retention(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_role(*RETENTION_READERS))
