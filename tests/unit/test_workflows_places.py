"""Places: the reference grammar and the chain a reference resolves to."""

from __future__ import annotations

from decimal import Decimal

import pytest

from workflows.places import (
    Building,
    Directory,
    Dwelling,
    PlaceError,
    PlaceKind,
    PlaceRef,
    Residence,
    Spot,
    Territory,
    Typology,
    place_code,
)

NORD = Territory("nord", "Direction territoriale Nord")
SUD = Territory("sud", "Direction territoriale Sud")
MEAUX = Spot("S-01", "Agence de Meaux", "nord")
MELUN = Spot("S-02", "Agence de Melun", "sud")
TILLEULS = Residence("R-001", "Les Tilleuls", "Meaux", "77100", "S-01")
ACACIAS = Residence("R-002", "Les Acacias", "Melun", "77000", "S-02")
BAT_A = Building("B-0001", "Bâtiment A", "R-001", "gardien.meaux.1")
BAT_B = Building("B-0002", "Bâtiment B", "R-001", "gardien.meaux.2")
BAT_C = Building("B-0003", "Bâtiment A", "R-002", None)
T3 = Dwelling("D-00001", "B-0001", Typology.T3, 2, 64.5, 41_925)
T2 = Dwelling("D-00002", "B-0003", Typology.T2, 0, 47.0, 30_550)
SMALL = Directory((NORD, SUD), (MEAUX, MELUN), (TILLEULS, ACACIAS), (BAT_A, BAT_B, BAT_C), (T3, T2))


@pytest.fixture
def directory() -> Directory:
    return SMALL


@pytest.mark.parametrize(
    ("text", "kind", "code"),
    [
        ("D-00042", PlaceKind.DWELLING, "D-00042"),
        ("d-42", PlaceKind.DWELLING, "D-00042"),
        (" B-123 ", PlaceKind.BUILDING, "B-0123"),
        ("R17", PlaceKind.RESIDENCE, "R-017"),
        ("s-7", PlaceKind.SPOT, "S-07"),
        ("D-123456", PlaceKind.DWELLING, "D-123456"),
        ("nord", PlaceKind.TERRITORY, "nord"),
    ],
)
def test_references_are_read_loosely_and_written_canonically(
    text: str, kind: PlaceKind, code: str
) -> None:
    ref = PlaceRef.parse(text)
    assert ref == PlaceRef(kind, code)
    assert str(ref) == code


@pytest.mark.parametrize(
    "text", [None, "", "  ", "D-0", "X-12", "D-", "nord/les-tilleuls/b2", "Nord!"]
)
def test_what_is_not_a_reference(text: str | None) -> None:
    assert PlaceRef.parse(text) is None


def test_numbered_codes() -> None:
    assert place_code(PlaceKind.DWELLING, 42) == "D-00042"
    assert PlaceRef.numbered(PlaceKind.RESIDENCE, 7) == PlaceRef(PlaceKind.RESIDENCE, "R-007")
    with pytest.raises(PlaceError):
        place_code(PlaceKind.TERRITORY, 1)
    with pytest.raises(PlaceError):
        place_code(PlaceKind.DWELLING, 0)


def test_a_dwelling_resolves_to_its_whole_chain(directory: Directory) -> None:
    chain = directory.chain("d-1")
    assert chain is not None
    assert (chain.territory, chain.spot, chain.residence, chain.building, chain.dwelling) == (
        NORD,
        MEAUX,
        TILLEULS,
        BAT_A,
        T3,
    )
    assert directory.territory_of("D-00001") == "nord"
    assert directory.spot_of("D-00001") == MEAUX
    assert directory.building_of("D-00001") == BAT_A
    assert directory.caretaker_for("D-00001") == "gardien.meaux.1"


def test_wider_places_resolve_to_the_levels_above(directory: Directory) -> None:
    building = directory.chain("B-0002")
    assert building is not None and building.dwelling is None
    assert (building.residence, building.caretaker) == (TILLEULS, "gardien.meaux.2")
    spot = directory.chain("S-02")
    assert spot is not None and (spot.territory, spot.spot, spot.residence) == (SUD, MELUN, None)
    territory = directory.chain("sud")
    assert territory is not None and (territory.territory, territory.spot) == (SUD, None)
    assert directory.territory_of("R-002") == "sud"
    assert directory.building_of("R-002") is None


def test_caretaker_is_the_one_looking_after_the_place(directory: Directory) -> None:
    # Two caretakers share Les Tilleuls: no single one for the residence as a whole.
    residence = directory.chain("R-001")
    assert residence is not None
    assert residence.caretakers == ("gardien.meaux.1", "gardien.meaux.2")
    assert directory.caretaker_for("R-001") is None
    # A building without a caretaker, and the dwellings in it, have none.
    assert directory.caretaker_for("B-0003") is None
    assert directory.caretaker_for("D-00002") is None
    assert directory.caretaker_for("R-002") is None
    assert directory.caretaker_for("sud") is None


@pytest.mark.parametrize("ref", [None, "", "D-00099", "B-0999", "R-404", "S-99", "est", "x/y"])
def test_unknown_references_resolve_to_nothing(directory: Directory, ref: str | None) -> None:
    assert directory.chain(ref) is None
    assert directory.territory_of(ref) is None
    assert directory.spot_of(ref) is None
    assert directory.building_of(ref) is None
    assert directory.caretaker_for(ref) is None


def test_a_directory_refuses_dangling_parents_and_duplicate_codes() -> None:
    orphan = Building("B-0009", "Bâtiment Z", "R-999", None)
    with pytest.raises(PlaceError, match="B-0009: unknown residence R-999"):
        Directory((NORD,), (MEAUX,), (TILLEULS,), (orphan,), ())
    with pytest.raises(PlaceError, match="used twice"):
        Directory((NORD,), (MEAUX, MEAUX), (), (), ())


def test_places_check_what_they_can() -> None:
    with pytest.raises(PlaceError, match="postcode"):
        Residence("R-003", "Le Parc", "Meaux", "7710", "S-01")
    with pytest.raises(PlaceError):
        Dwelling("D-00003", "B-0001", Typology.T1, 0, 0.0, 10_000)
    assert T3.rent == Decimal("419.25")
