from nas.matching.neighbours import NEIGHBOURS, authorities_to_avoid, neighbours_of
from nas.organisations.reference import REGIONS


def test_the_neighbour_relation_is_symmetric_and_never_reflexive():
    for code, near in NEIGHBOURS.items():
        assert code not in near
        for other in near:
            assert code in NEIGHBOURS[other], f"{other} does not list {code}"


def test_it_covers_exactly_the_22_authorities_of_the_reference_data():
    codes = {la[0] for _c, _en, _cy, _lead, authorities in REGIONS for la in authorities}
    assert len(codes) == 22
    assert set(NEIGHBOURS) == codes
    assert all(NEIGHBOURS[c] for c in codes)


def test_powys_borders_eleven_welsh_authorities():
    assert len(neighbours_of("powys")) == 11


def test_avoiding_neighbours_includes_the_childs_own_authority():
    assert authorities_to_avoid("cardiff", avoid_own=False, avoid_neighbours=True) == {
        "cardiff",
        "vale-of-glamorgan",
        "rhondda-cynon-taf",
        "caerphilly",
        "newport",
    }
    assert authorities_to_avoid("cardiff", avoid_own=True, avoid_neighbours=False) == {"cardiff"}
    assert authorities_to_avoid(
        "cardiff", avoid_own=False, avoid_neighbours=False, others=frozenset({"powys"})
    ) == {"powys"}
