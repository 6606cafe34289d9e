"""A deterministic demo office: places and staff shaped like the real landlord.

``generate(seed)`` returns plain values (no database): the two directions, 25 spots, 100
communes of Seine-et-Marne, about 300 residences and 900 buildings, 18,000 dwellings, and staff
for every role in every territory. The same seed always gives the same office, so the demo,
tests and benchmarks talk about the same ``D-00042``.

Every demo account has the same documented password, ``DEMO_PASSWORD`` ("habiflow-demo");
usernames read like the job and the place: ``gardien.meaux.1``, ``cgl.melun.2``,
``responsable.sud.1`` (see ``workflows.demo_staff``). ``habiflow demo-data`` loads it.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from workflows.demo_communes import SPOT_COMMUNES
from workflows.demo_names import RESIDENCE_NAMES
from workflows.demo_staff import DEMO_PASSWORD, StaffMember, generate_staff, slug
from workflows.places import (
    Building,
    Directory,
    Dwelling,
    PlaceKind,
    Residence,
    Spot,
    Territory,
    Typology,
    place_code,
)

__all__ = [
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "DWELLINGS",
    "RESIDENCES",
    "TERRITORIES",
    "Commune",
    "DemoData",
    "StaffMember",
    "generate",
]

DEFAULT_SEED = 77
RESIDENCES = 300
DWELLINGS = 18_000

TERRITORIES = (
    Territory("nord", "Direction territoriale Nord"),
    Territory("sud", "Direction territoriale Sud"),
)

# Typology mix and surface ranges (m²) of a typical social stock in Île-de-France.
_TYPOLOGY_WEIGHTS = {Typology.T1: 7, Typology.T2: 20, Typology.T3: 36, Typology.T4: 28,
                     Typology.T5: 9}  # fmt: skip
_SURFACES = {Typology.T1: (24, 34), Typology.T2: (40, 54), Typology.T3: (56, 72),
             Typology.T4: (70, 88), Typology.T5: (85, 110)}  # fmt: skip
_RENT_PER_M2 = (5.4, 8.6)  # euros a month, from PLAI to PLS financing
_BUILDINGS_PER_RESIDENCE = {1: 15, 2: 25, 3: 25, 4: 18, 5: 10, 6: 7}
_CARETAKER_MAX_DWELLINGS = 120
_CARETAKER_MAX_BUILDINGS = 4


@dataclass(frozen=True)
class Commune:
    """A commune of the département and the spot that serves it."""

    name: str
    postcode: str
    territory: str
    spot: str


@dataclass(frozen=True)
class DemoData:
    """The whole demo office, as values."""

    seed: int
    communes: tuple[Commune, ...]
    places: Directory
    staff: tuple[StaffMember, ...]

    def fingerprint(self) -> str:
        """SHA-256 of everything generated: equal fingerprints, identical offices."""
        digest = hashlib.sha256()
        for part in (
            self.communes,
            self.places.territories,
            self.places.spots,
            self.places.residences,
            self.places.buildings,
            self.places.dwellings,
            self.staff,
        ):
            digest.update(repr(part).encode())
        return digest.hexdigest()


def generate(seed: int = DEFAULT_SEED) -> DemoData:
    """The demo office for ``seed``."""
    rng = random.Random(seed)
    spots, communes = _spots_and_communes()
    residences = _residences(rng, communes)
    buildings, dwellings = _buildings_and_dwellings(rng, residences)
    places = Directory(TERRITORIES, spots, residences, buildings, dwellings)
    towns = {spot.code: town for spot, town in zip(spots, _agency_towns(), strict=True)}
    return DemoData(seed, communes, places, generate_staff(rng, places, towns))


def _agency_towns() -> list[str]:
    return [rows[0][0] for _, rows in SPOT_COMMUNES]


def _agency_name(commune: str) -> str:
    if commune.startswith("Le "):
        return f"Agence du {commune[3:]}"
    if commune[0] in "AEÉIOU":
        return f"Agence d'{commune}"
    return f"Agence de {commune}"


def _spots_and_communes() -> tuple[tuple[Spot, ...], tuple[Commune, ...]]:
    spots: list[Spot] = []
    communes: list[Commune] = []
    for number, (territory, rows) in enumerate(SPOT_COMMUNES, start=1):
        code = place_code(PlaceKind.SPOT, number)
        spots.append(Spot(code, _agency_name(rows[0][0]), territory))
        communes.extend(Commune(name, postcode, territory, code) for name, postcode, _ in rows)
    return tuple(spots), tuple(communes)


def _share(total: int, weights: Sequence[float], minimum: int) -> list[int]:
    """Split ``total`` in proportion to ``weights``, each at least ``minimum`` (largest
    remainder, so the parts add up exactly)."""
    spare = total - minimum * len(weights)
    whole = sum(weights)
    exact = [spare * weight / whole for weight in weights]
    parts = [math.floor(share) for share in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: parts[i] - exact[i])
    for index in by_remainder[: spare - sum(parts)]:
        parts[index] += 1
    return [minimum + part for part in parts]


def _residences(rng: random.Random, communes: Sequence[Commune]) -> tuple[Residence, ...]:
    weights = {name: weight for _, rows in SPOT_COMMUNES for name, _, weight in rows}
    counts = _share(RESIDENCES, [weights[commune.name] for commune in communes], 1)
    residences: list[Residence] = []
    for commune, count in zip(communes, counts, strict=True):
        for name in rng.sample(RESIDENCE_NAMES, count):
            code = place_code(PlaceKind.RESIDENCE, len(residences) + 1)
            residences.append(Residence(code, name, commune.name, commune.postcode, commune.spot))
    return tuple(residences)


def _buildings_and_dwellings(
    rng: random.Random, residences: Sequence[Residence]
) -> tuple[tuple[Building, ...], tuple[Dwelling, ...]]:
    sizes_choices, size_weights = zip(*_BUILDINGS_PER_RESIDENCE.items(), strict=True)
    per_residence = [rng.choices(sizes_choices, size_weights)[0] for _ in residences]
    sizes = _share(DWELLINGS, [rng.randint(6, 34) for _ in range(sum(per_residence))], 1)
    buildings: list[Building] = []
    dwellings: list[Dwelling] = []
    caretakers_in: dict[str, int] = {}
    for residence, count in zip(residences, per_residence, strict=True):
        rate = round(rng.uniform(*_RENT_PER_M2), 2)
        group_dwellings = group_buildings = 0
        caretaker = ""
        for letter in "ABCDEF"[:count]:
            size = sizes[len(buildings)]
            if (
                not caretaker
                or group_dwellings + size > _CARETAKER_MAX_DWELLINGS
                or group_buildings == _CARETAKER_MAX_BUILDINGS
            ):
                number = caretakers_in[residence.commune] = (
                    caretakers_in.get(residence.commune, 0) + 1
                )
                caretaker = f"gardien.{slug(residence.commune)}.{number}"
                group_dwellings = group_buildings = 0
            group_dwellings += size
            group_buildings += 1
            code = place_code(PlaceKind.BUILDING, len(buildings) + 1)
            buildings.append(Building(code, f"Bâtiment {letter}", residence.code, caretaker))
            dwellings.extend(_dwellings(rng, code, size, rate, first=len(dwellings) + 1))
    return tuple(buildings), tuple(dwellings)


def _dwellings(
    rng: random.Random, building: str, size: int, rate: float, *, first: int
) -> list[Dwelling]:
    per_floor = max(rng.choice((2, 3, 4, 4, 4, 6)), math.ceil(size / 12))
    typologies = rng.choices(list(_TYPOLOGY_WEIGHTS), list(_TYPOLOGY_WEIGHTS.values()), k=size)
    dwellings = []
    for index, typology in enumerate(typologies):
        surface = round(rng.uniform(*_SURFACES[typology]), 1)
        dwellings.append(
            Dwelling(
                place_code(PlaceKind.DWELLING, first + index),
                building,
                typology,
                index // per_floor,
                surface,
                round(surface * rate * 100),
            )
        )
    return dwellings
