"""Places in the database: resolve a reference to its chain, and bulk-load a directory.

``PlaceDirectory`` answers the routing questions (``territory_of``, ``caretaker_for``) for the
engine context. Each reference costs one query the first time and nothing afterwards: found
chains are kept in a per-process LRU cache. Unknown references are not cached, so a place
added later is found; a place *changed* later (a new caretaker) is seen after ``forget()``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, cast

from sqlalchemy import Connection, Engine, RowMapping, Select, Table, func, insert, select

from engine import models
from workflows.places import (
    Building,
    Directory,
    Dwelling,
    PlaceChain,
    PlaceKind,
    PlaceLookup,
    PlaceRef,
    Residence,
    Spot,
    Territory,
    Typology,
)

TERRITORY = cast(Table, models.Territory.__table__)
SPOT = cast(Table, models.Spot.__table__)
RESIDENCE = cast(Table, models.Residence.__table__)
BUILDING = cast(Table, models.Building.__table__)
DWELLING = cast(Table, models.Dwelling.__table__)

_T = [TERRITORY.c.code.label("t_code"), TERRITORY.c.name.label("t_name")]
_S = [SPOT.c.code.label("s_code"), SPOT.c.name.label("s_name")]
_R = [
    RESIDENCE.c.code.label("r_code"),
    RESIDENCE.c.name.label("r_name"),
    RESIDENCE.c.commune,
    RESIDENCE.c.postcode,
]
_B = [BUILDING.c.code.label("b_code"), BUILDING.c.name.label("b_name"), BUILDING.c.caretaker]
_D = [
    DWELLING.c.code.label("d_code"),
    DWELLING.c.typology,
    DWELLING.c.floor,
    DWELLING.c.surface_m2,
    DWELLING.c.rent_cents,
]
_UP_FROM_SPOT = SPOT.join(TERRITORY, SPOT.c.territory_id == TERRITORY.c.id)
_UP_FROM_RESIDENCE = RESIDENCE.join(_UP_FROM_SPOT, RESIDENCE.c.spot_id == SPOT.c.id)
_UP_FROM_BUILDING = BUILDING.join(_UP_FROM_RESIDENCE, BUILDING.c.residence_id == RESIDENCE.c.id)
_UP_FROM_DWELLING = DWELLING.join(_UP_FROM_BUILDING, DWELLING.c.building_id == BUILDING.c.id)

# One statement per kind of reference; a residence's rows are one per building.
_CHAIN_QUERIES: dict[PlaceKind, Select[Any]] = {
    PlaceKind.TERRITORY: select(*_T),
    PlaceKind.SPOT: select(*_T, *_S).select_from(_UP_FROM_SPOT),
    PlaceKind.RESIDENCE: select(*_T, *_S, *_R, BUILDING.c.caretaker)
    .select_from(_UP_FROM_RESIDENCE)
    .outerjoin(BUILDING, BUILDING.c.residence_id == RESIDENCE.c.id)
    .order_by(BUILDING.c.code),
    PlaceKind.BUILDING: select(*_T, *_S, *_R, *_B).select_from(_UP_FROM_BUILDING),
    PlaceKind.DWELLING: select(*_T, *_S, *_R, *_B, *_D).select_from(_UP_FROM_DWELLING),
}
_CODE_COLUMN = {
    PlaceKind.TERRITORY: TERRITORY.c.code,
    PlaceKind.SPOT: SPOT.c.code,
    PlaceKind.RESIDENCE: RESIDENCE.c.code,
    PlaceKind.BUILDING: BUILDING.c.code,
    PlaceKind.DWELLING: DWELLING.c.code,
}


class PlaceDirectory(PlaceLookup):
    """The places stored in the database, resolved with one query per reference."""

    def __init__(self, engine: Engine, capacity: int = 8192) -> None:
        self._engine = engine
        self._capacity = capacity
        self._cache: OrderedDict[str, PlaceChain] = OrderedDict()
        self._lock = threading.Lock()

    def chain(self, ref: str | None) -> PlaceChain | None:
        parsed = PlaceRef.parse(ref)
        if parsed is None:
            return None
        with self._lock:
            cached = self._cache.get(parsed.code)
            if cached is not None:
                self._cache.move_to_end(parsed.code)
                return cached
        with self._engine.connect() as conn:
            chain = load_chain(conn, parsed)
        if chain is not None:
            with self._lock:
                self._cache[parsed.code] = chain
                while len(self._cache) > self._capacity:
                    self._cache.popitem(last=False)
        return chain

    def forget(self) -> None:
        """Drop every cached chain (after places were edited)."""
        with self._lock:
            self._cache.clear()


def load_chain(conn: Connection, ref: PlaceRef) -> PlaceChain | None:
    """The chain of ``ref`` read from the database, or None if there is no such place."""
    query = _CHAIN_QUERIES[ref.kind].where(_CODE_COLUMN[ref.kind] == ref.code)
    rows = conn.execute(query).mappings().all()
    if not rows:
        return None
    caretakers = tuple(sorted({str(name) for row in rows if (name := row.get("caretaker"))}))
    return _chain_from(ref.kind, rows[0], caretakers)


def _chain_from(kind: PlaceKind, row: RowMapping, caretakers: tuple[str, ...]) -> PlaceChain:
    territory = Territory(row["t_code"], row["t_name"])
    if kind is PlaceKind.TERRITORY:
        return PlaceChain(territory)
    spot = Spot(row["s_code"], row["s_name"], territory.code)
    if kind is PlaceKind.SPOT:
        return PlaceChain(territory, spot)
    residence = Residence(row["r_code"], row["r_name"], row["commune"], row["postcode"], spot.code)
    if kind is PlaceKind.RESIDENCE:
        return PlaceChain(territory, spot, residence, caretakers=caretakers)
    building = Building(row["b_code"], row["b_name"], residence.code, row["caretaker"])
    dwelling = None
    if kind is PlaceKind.DWELLING:
        dwelling = Dwelling(
            row["d_code"],
            building.code,
            Typology(row["typology"]),
            row["floor"],
            row["surface_m2"],
            row["rent_cents"],
        )
    return PlaceChain(territory, spot, residence, building, dwelling, caretakers)


@dataclass(frozen=True)
class PlaceCounts:
    """How many places of each level."""

    territories: int
    spots: int
    residences: int
    buildings: int
    dwellings: int


def count_places(conn: Connection) -> PlaceCounts:
    """How many places the database holds, level by level."""
    tables = (TERRITORY, SPOT, RESIDENCE, BUILDING, DWELLING)
    counts = [
        conn.execute(select(func.count()).select_from(table)).scalar_one() for table in tables
    ]
    return PlaceCounts(*counts)


def load_places(conn: Connection, directory: Directory, chunk_size: int = 5000) -> PlaceCounts:
    """Insert every place of ``directory`` (in the caller's transaction), parents first.

    Rows go in with executemany, ``chunk_size`` at a time. A code already stored makes the
    insert fail on its unique index: loading is for new places, not for updates.
    """
    _insert(conn, TERRITORY, ({"code": t.code, "name": t.name} for t in directory.territories))
    territory_ids = _ids(conn, TERRITORY)
    _insert(
        conn,
        SPOT,
        (
            {"code": s.code, "name": s.name, "territory_id": territory_ids[s.territory]}
            for s in directory.spots
        ),
    )
    spot_ids = _ids(conn, SPOT)
    _insert(
        conn,
        RESIDENCE,
        (
            {
                "code": r.code,
                "name": r.name,
                "commune": r.commune,
                "postcode": r.postcode,
                "spot_id": spot_ids[r.spot],
            }
            for r in directory.residences
        ),
        chunk_size,
    )
    residence_ids = _ids(conn, RESIDENCE)
    _insert(
        conn,
        BUILDING,
        (
            {
                "code": b.code,
                "name": b.name,
                "residence_id": residence_ids[b.residence],
                "caretaker": b.caretaker,
            }
            for b in directory.buildings
        ),
        chunk_size,
    )
    building_ids = _ids(conn, BUILDING)
    _insert(
        conn,
        DWELLING,
        (
            {
                "code": d.code,
                "building_id": building_ids[d.building],
                "typology": d.typology.value,
                "floor": d.floor,
                "surface_m2": d.surface_m2,
                "rent_cents": d.rent_cents,
            }
            for d in directory.dwellings
        ),
        chunk_size,
    )
    return PlaceCounts(
        len(directory.territories),
        len(directory.spots),
        len(directory.residences),
        len(directory.buildings),
        len(directory.dwellings),
    )


def _insert(
    conn: Connection, table: Table, rows: Iterable[dict[str, Any]], chunk_size: int = 5000
) -> None:
    statement = insert(table)
    for chunk in _chunks(rows, chunk_size):
        conn.execute(statement, chunk)


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _ids(conn: Connection, table: Table) -> dict[str, int]:
    return {code: id_ for code, id_ in conn.execute(select(table.c.code, table.c.id))}
