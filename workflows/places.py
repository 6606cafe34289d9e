"""The landlord's places: direction territoriale → spot → residence → building → dwelling.

Every case is anchored to a place and so to a territory, which routes its tasks and decides
who sees it. A place is referenced by its code (a ``PlaceRef``):

- a dwelling ``D-00042``, a building ``B-0123``, a residence ``R-017``, a spot ``S-07``;
- a territory by its own code, ``nord`` or ``sud``.

References are read loosely (``d-42`` is ``D-00042``) and written in the canonical form.
Places refer to their parent by code, so they stay flat values that load into any store;
``Directory`` indexes them in memory and resolves a reference to its whole chain.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar


class PlaceError(ValueError):
    """A place is malformed or refers to a parent that does not exist."""


class PlaceKind(StrEnum):
    """The levels of the chain, from the widest to the narrowest."""

    TERRITORY = "territory"
    SPOT = "spot"
    RESIDENCE = "residence"
    BUILDING = "building"
    DWELLING = "dwelling"


_PREFIXES = {
    PlaceKind.SPOT: ("S", 2),
    PlaceKind.RESIDENCE: ("R", 3),
    PlaceKind.BUILDING: ("B", 4),
    PlaceKind.DWELLING: ("D", 5),
}
_BY_LETTER = {letter: kind for kind, (letter, _width) in _PREFIXES.items()}
_NUMBERED = re.compile(r"([SRBD])-?0*(\d{1,9})")
_TERRITORY = re.compile(r"[a-z][a-z0-9-]{0,19}")


@dataclass(frozen=True)
class PlaceRef:
    """A reference to one place: its kind and its canonical code."""

    kind: PlaceKind
    code: str

    @classmethod
    def numbered(cls, kind: PlaceKind, number: int) -> PlaceRef:
        """The reference of the ``number``-th place of a numbered kind (``D-00042``)."""
        return cls(kind, place_code(kind, number))

    @classmethod
    def parse(cls, text: str | None) -> PlaceRef | None:
        """The reference ``text`` spells, or None when it is not a place code."""
        if not text:
            return None
        stripped = text.strip()
        numbered = _NUMBERED.fullmatch(stripped.upper())
        if numbered is not None and int(numbered.group(2)) > 0:
            return cls.numbered(_BY_LETTER[numbered.group(1)], int(numbered.group(2)))
        if _TERRITORY.fullmatch(stripped):
            return cls(PlaceKind.TERRITORY, stripped)
        return None

    def __str__(self) -> str:
        return self.code


def place_code(kind: PlaceKind, number: int) -> str:
    """The canonical code of the ``number``-th place of a numbered kind: ``D-00042``."""
    if kind not in _PREFIXES or number < 1:
        raise PlaceError(f"no numbered code for {kind} {number}")
    letter, width = _PREFIXES[kind]
    return f"{letter}-{number:0{width}d}"


class Typology(StrEnum):
    """Number of main rooms: T1 (studio) to T5."""

    T1 = "T1"
    T2 = "T2"
    T3 = "T3"
    T4 = "T4"
    T5 = "T5"


@dataclass(frozen=True)
class Territory:
    """A direction territoriale (``nord`` or ``sud``)."""

    code: str
    name: str


@dataclass(frozen=True)
class Spot:
    """An agence de proximité: the local reception point of a group of communes."""

    code: str
    name: str
    territory: str


@dataclass(frozen=True)
class Residence:
    """A housing estate in one commune, served by one spot."""

    code: str
    name: str
    commune: str
    postcode: str
    spot: str

    def __post_init__(self) -> None:
        if not (len(self.postcode) == 5 and self.postcode.isdigit()):
            raise PlaceError(f"{self.code}: postcode {self.postcode!r} is not 5 digits")


@dataclass(frozen=True)
class Building:
    """A building (or stairwell) of a residence, looked after by one caretaker (gardien)."""

    code: str
    name: str
    residence: str
    caretaker: str | None


@dataclass(frozen=True)
class Dwelling:
    """A logement: typology, floor (0 = rez-de-chaussée), surface and monthly rent."""

    code: str
    building: str
    typology: Typology
    floor: int
    surface_m2: float
    rent_cents: int

    def __post_init__(self) -> None:
        if self.surface_m2 <= 0 or self.rent_cents < 0 or self.floor < -1:
            raise PlaceError(f"{self.code}: impossible surface, rent or floor")

    @property
    def rent(self) -> Decimal:
        """Monthly rent excluding charges, in euros."""
        return Decimal(self.rent_cents) / 100


@dataclass(frozen=True)
class PlaceChain:
    """A place with everything above it; the narrower levels are None above a dwelling.

    ``caretakers`` are the caretakers of the building (or of every building of a residence).
    """

    territory: Territory
    spot: Spot | None = None
    residence: Residence | None = None
    building: Building | None = None
    dwelling: Dwelling | None = None
    caretakers: tuple[str, ...] = ()

    @property
    def caretaker(self) -> str | None:
        """The one caretaker of the place, or None when there are none or several."""
        return self.caretakers[0] if len(self.caretakers) == 1 else None


class PlaceLookup(ABC):
    """Resolves references to chains; the questions routing asks are answered from a chain."""

    @abstractmethod
    def chain(self, ref: str | None) -> PlaceChain | None:
        """The chain of the place ``ref`` names, or None for an unknown or missing ref."""

    def territory_of(self, ref: str | None) -> str | None:
        """Code of the territory a place belongs to (None if unknown)."""
        chain = self.chain(ref)
        return chain.territory.code if chain else None

    def spot_of(self, ref: str | None) -> Spot | None:
        """The spot serving a place (None if unknown or if ``ref`` is a territory)."""
        chain = self.chain(ref)
        return chain.spot if chain else None

    def building_of(self, ref: str | None) -> Building | None:
        """The building of a dwelling or building ref (None for wider places)."""
        chain = self.chain(ref)
        return chain.building if chain else None

    def caretaker_for(self, ref: str | None) -> str | None:
        """Username of the place's caretaker: the one looking after its building(s)."""
        chain = self.chain(ref)
        return chain.caretaker if chain else None


P = TypeVar("P", Territory, Spot, Residence, Building, Dwelling)


def _unique(codes: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(sorted({code for code in codes if code}))


@dataclass(frozen=True)
class Directory(PlaceLookup):
    """All the places of an office, in memory, checked for dangling parents."""

    territories: tuple[Territory, ...]
    spots: tuple[Spot, ...]
    residences: tuple[Residence, ...]
    buildings: tuple[Building, ...]
    dwellings: tuple[Dwelling, ...]
    _index: dict[str, object] = field(init=False, repr=False, compare=False)
    _caretakers: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, object] = {}
        levels: list[tuple[tuple[Territory | Spot | Residence | Building | Dwelling, ...], str]]
        levels = [
            (self.territories, ""),
            (self.spots, "territory"),
            (self.residences, "spot"),
            (self.buildings, "residence"),
            (self.dwellings, "building"),
        ]
        for places, parent in levels:
            for place in places:
                if place.code in index:
                    raise PlaceError(f"place code {place.code} is used twice")
                if parent and getattr(place, parent) not in index:
                    raise PlaceError(f"{place.code}: unknown {parent} {getattr(place, parent)}")
                index[place.code] = place
        by_residence: dict[str, list[str | None]] = {}
        for building in self.buildings:
            by_residence.setdefault(building.residence, []).append(building.caretaker)
        object.__setattr__(self, "_index", index)
        object.__setattr__(
            self, "_caretakers", {code: _unique(names) for code, names in by_residence.items()}
        )

    def chain(self, ref: str | None) -> PlaceChain | None:
        parsed = PlaceRef.parse(ref)
        place = self._index.get(parsed.code) if parsed else None
        dwelling = _as(place, Dwelling)
        building = _as(self._index[dwelling.building] if dwelling else place, Building)
        residence = _as(self._index[building.residence] if building else place, Residence)
        spot = _as(self._index[residence.spot] if residence else place, Spot)
        territory = _as(self._index[spot.territory] if spot else place, Territory)
        if territory is None:
            return None
        if building is not None:
            caretakers = _unique([building.caretaker])
        else:
            caretakers = self._caretakers.get(residence.code, ()) if residence else ()
        return PlaceChain(territory, spot, residence, building, dwelling, caretakers)


def _as(place: object, kind: type[P]) -> P | None:
    return place if isinstance(place, kind) else None
