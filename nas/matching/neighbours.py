"""Which of the 22 Welsh local authorities share a boundary.

A care plan often says a child must not live in their own authority or one
next to it (so that a chance meeting with the birth family is unlikely).
The relation below is of land boundaries between the principal areas created
by the Local Government (Wales) Act 1994, as described by the authorities'
own descriptions and the Ordnance Survey boundary maps (for Powys, for
example: Gwynedd, Denbighshire and Wrexham to the north; Monmouthshire,
Blaenau Gwent, Merthyr Tydfil, Caerphilly, Rhondda Cynon Taf and Neath Port
Talbot to the south; Carmarthenshire and Ceredigion to the west; and for
Neath Port Talbot: Bridgend and Rhondda Cynon Taf to the east, Powys and
Carmarthenshire to the north, Swansea to the west).

The Isle of Anglesey has no land boundary; it is joined to Gwynedd by the
Menai bridges, so for family finding it counts as Gwynedd's neighbour.
Borders with English counties are not listed: they are outside the service.
"""

from __future__ import annotations

_BORDERS: dict[str, tuple[str, ...]] = {
    "isle-of-anglesey": ("gwynedd",),
    "gwynedd": ("isle-of-anglesey", "conwy", "denbighshire", "powys", "ceredigion"),
    "conwy": ("gwynedd", "denbighshire"),
    "denbighshire": ("conwy", "gwynedd", "flintshire", "wrexham", "powys"),
    "flintshire": ("denbighshire", "wrexham"),
    "wrexham": ("flintshire", "denbighshire", "powys"),
    "powys": (
        "gwynedd",
        "denbighshire",
        "wrexham",
        "ceredigion",
        "carmarthenshire",
        "neath-port-talbot",
        "rhondda-cynon-taf",
        "merthyr-tydfil",
        "caerphilly",
        "blaenau-gwent",
        "monmouthshire",
    ),
    "ceredigion": ("gwynedd", "powys", "carmarthenshire", "pembrokeshire"),
    "pembrokeshire": ("ceredigion", "carmarthenshire"),
    "carmarthenshire": ("pembrokeshire", "ceredigion", "powys", "neath-port-talbot", "swansea"),
    "swansea": ("carmarthenshire", "neath-port-talbot"),
    "neath-port-talbot": ("swansea", "carmarthenshire", "powys", "rhondda-cynon-taf", "bridgend"),
    "bridgend": ("neath-port-talbot", "rhondda-cynon-taf", "vale-of-glamorgan"),
    "vale-of-glamorgan": ("bridgend", "rhondda-cynon-taf", "cardiff"),
    "rhondda-cynon-taf": (
        "bridgend",
        "neath-port-talbot",
        "powys",
        "merthyr-tydfil",
        "caerphilly",
        "cardiff",
        "vale-of-glamorgan",
    ),
    "merthyr-tydfil": ("rhondda-cynon-taf", "powys", "caerphilly"),
    "caerphilly": (
        "merthyr-tydfil",
        "rhondda-cynon-taf",
        "powys",
        "blaenau-gwent",
        "torfaen",
        "newport",
        "cardiff",
    ),
    "cardiff": ("vale-of-glamorgan", "rhondda-cynon-taf", "caerphilly", "newport"),
    "newport": ("cardiff", "caerphilly", "torfaen", "monmouthshire"),
    "torfaen": ("newport", "caerphilly", "blaenau-gwent", "monmouthshire"),
    "blaenau-gwent": ("powys", "caerphilly", "torfaen", "monmouthshire"),
    "monmouthshire": ("powys", "blaenau-gwent", "torfaen", "newport"),
}

NEIGHBOURS: dict[str, frozenset[str]] = {code: frozenset(near) for code, near in _BORDERS.items()}


def neighbours_of(code: str) -> frozenset[str]:
    """The authorities that share a boundary with this one (not itself)."""
    return NEIGHBOURS.get(code, frozenset())


def authorities_to_avoid(
    own: str, *, avoid_own: bool, avoid_neighbours: bool, others: frozenset[str] = frozenset()
) -> frozenset[str]:
    """The authorities a child must not be placed in: the plan's own list,
    plus the child's own authority and its neighbours where the plan says so."""
    avoid = set(others)
    if avoid_own or avoid_neighbours:
        avoid.add(own)
    if avoid_neighbours:
        avoid |= neighbours_of(own)
    return frozenset(avoid)
