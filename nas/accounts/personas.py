"""Demonstration personas: one for each role and tier, plus an outsider.

Used by `manage.py seed_demo` and by the tests, so a newcomer and the test
suite meet the same people.
"""

from __future__ import annotations

from dataclasses import dataclass

from nas.accounts.roles import Role

DEMO_PASSWORD = "adoption-demo-password"


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    organisation: str
    roles: tuple[str, ...]
    description: str


PERSONAS = [
    Persona(
        "sw.cardiff", "Ceri", "Morgan", "cardiff", (Role.SOCIAL_WORKER,), "Child's social worker, Cardiff"
    ),
    Persona("tm.cardiff", "Rhian", "Evans", "cardiff", (Role.TEAM_MANAGER,), "Team manager, Cardiff"),
    Persona(
        "adm.cardiff",
        "Owain",
        "Price",
        "cardiff",
        (Role.AGENCY_DECISION_MAKER,),
        "Agency decision maker, Cardiff",
    ),
    Persona(
        "ff.vvc",
        "Nia",
        "Hughes",
        "vale-valleys-cardiff",
        (Role.FAMILY_FINDER,),
        "Family finder, Vale, Valleys and Cardiff",
    ),
    Persona(
        "assessor.vvc",
        "Dylan",
        "Roberts",
        "vale-valleys-cardiff",
        (Role.ADOPTER_ASSESSOR,),
        "Adopter assessor, Vale, Valleys and Cardiff",
    ),
    Persona(
        "panel.vvc",
        "Elin",
        "Davies",
        "vale-valleys-cardiff",
        (Role.PANEL_ADVISER,),
        "Panel adviser, Vale, Valleys and Cardiff",
    ),
    Persona(
        "support.vvc",
        "Gareth",
        "Lewis",
        "vale-valleys-cardiff",
        (Role.SUPPORT_WORKER,),
        "Adoption support worker, Vale, Valleys and Cardiff",
    ),
    Persona(
        "manager.vvc",
        "Angharad",
        "Thomas",
        "vale-valleys-cardiff",
        (Role.REGIONAL_MANAGER,),
        "Regional manager, Vale, Valleys and Cardiff",
    ),
    Persona(
        "adm.vvc",
        "Huw",
        "Jenkins",
        "vale-valleys-cardiff",
        (Role.AGENCY_DECISION_MAKER,),
        "Agency decision maker for adopters, Vale, Valleys and Cardiff",
    ),
    Persona(
        "assessor.stdavids",
        "Lowri",
        "Griffiths",
        "st-davids-childrens-society",
        (Role.ADOPTER_ASSESSOR,),
        "Adopter assessor, St David's Children Society",
    ),
    Persona(
        "analyst.national",
        "Rhys",
        "Owen",
        "wales",
        (Role.PERFORMANCE_ANALYST,),
        "Performance analyst, national team",
    ),
    Persona(
        "director.national",
        "Catrin",
        "Powell",
        "wales",
        (Role.DIRECTOR_OF_OPERATIONS,),
        "Director of Operations",
    ),
    Persona(
        "board.national", "Iwan", "Rees", "wales", (Role.NATIONAL_BOARD_MEMBER,), "National Board member"
    ),
    Persona(
        "admin.national", "Mererid", "Wyn", "wales", (Role.ADMINISTRATOR,), "Administrator, national team"
    ),
    Persona(
        "ff.north",
        "Sioned",
        "Williams",
        "north-wales",
        (Role.FAMILY_FINDER,),
        "Family finder, North Wales (outside Vale, Valleys and Cardiff's records)",
    ),
    Persona(
        "sw.wrexham",
        "Tomos",
        "Parry",
        "wrexham",
        (Role.SOCIAL_WORKER,),
        "Social worker, Wrexham (outside Cardiff's records)",
    ),
]

#: Governance (issue 21): seeded by seed_demo with the others, kept apart so
#: every part's permission matrix need not name them; their own matrix
#: (tests/access/matrix_sufficiency.py) and tests/sufficiency/test_governance.py
#: check that they see aggregate figures of their region or authority only.
GOVERNANCE_PERSONAS = [
    Persona(
        "rcb.vvc",
        "Gwyn",
        "Howells",
        "merthyr-tydfil",
        (Role.REGIONAL_BOARD_MEMBER,),
        "Regional Collaborative Board member (Director of Social Services, Merthyr Tydfil), "
        "Vale, Valleys and Cardiff",
    ),
    Persona(
        "sro.vvc",
        "Mererid",
        "Thomas",
        "vale-of-glamorgan",
        (Role.SENIOR_RESPONSIBLE_OFFICER,),
        "Senior Responsible Officer of the lead authority (Vale of Glamorgan), Vale, Valleys and Cardiff",
    ),
    Persona(
        "jc.vvc",
        "Alun",
        "Pritchard",
        "rhondda-cynon-taf",
        (Role.JOINT_COMMITTEE_MEMBER,),
        "Joint Committee member (cabinet member, Rhondda Cynon Taf), Vale, Valleys and Cardiff",
    ),
    Persona(
        "dss.cardiff",
        "Elin",
        "Roberts",
        "cardiff",
        (Role.DIRECTOR_OF_SOCIAL_SERVICES,),
        "Director of Social Services, Cardiff",
    ),
]

#: Who may sign in with a password alone in the demonstration.
DEMO_USERNAMES = frozenset(p.username for p in [*PERSONAS, *GOVERNANCE_PERSONAS])
