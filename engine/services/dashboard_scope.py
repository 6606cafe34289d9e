"""What a managers' dashboard query covers: who asks, which territory, process and weeks.

Shared by ``dashboard`` (breakdowns, trend, drill-down), ``dashboard_facts``, ``kpis`` and
``heatmap``:

- ``Scope`` is the checked request: only managers (manager, territorial manager, director,
  admin) get one; a person with a territory sees that territory only (and cases with none,
  as ``Actor.serves`` allows), direction staff and admins without one see all.
- the period is the last ``weeks`` ISO weeks, the current one included, each starting on
  Monday 00:00 Europe/Paris (exact across daylight saving changes: bounds come from Python);
- a few portable SQL expressions (seconds since the epoch, local day) compiled per dialect;
- ``read_connection``: the page's one read transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Engine,
    Float,
    Table,
    case,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from engine.actors import Actor
from engine.errors import PermissionDenied
from engine.models import (
    Building,
    Dwelling,
    HumanTask,
    ProcessInstance,
    Residence,
    SlaClock,
    Spot,
)
from workflows.business_calendar import PARIS, local_date
from workflows.roles import Role

CLOCK = cast(Table, SlaClock.__table__)
TASK = cast(Table, HumanTask.__table__)
CASE = cast(Table, ProcessInstance.__table__)
SPOT = cast(Table, Spot.__table__)
RESIDENCE = cast(Table, Residence.__table__)
BUILDING = cast(Table, Building.__table__)
DWELLING = cast(Table, Dwelling.__table__)

DASHBOARD_ROLES = frozenset(
    {Role.MANAGER.value, Role.TERRITORIAL_MANAGER.value, Role.DIRECTOR.value, Role.ADMIN.value}
)
PERIODS = (4, 12, 52)
DEFAULT_WEEKS = 12


@dataclass(frozen=True)
class Week:
    """One ISO week of the period: its label (``2026-W10``) and instants [start, end)."""

    label: str
    start: datetime
    end: datetime

    @property
    def day(self) -> date:
        """Its Monday (Europe/Paris): the week's key in the dashboard cache."""
        return local_date(self.start)


@dataclass(frozen=True)
class Scope:
    """A checked dashboard request: territory seen (None = all), process, weeks, now."""

    territory: str | None
    process_key: str | None
    weeks: tuple[Week, ...]
    now: datetime

    @property
    def start(self) -> datetime:
        return self.weeks[0].start

    def territory_filter(self, column: Any) -> ColumnElement[bool]:
        """Rows of the scope's territory (and rows with none); true for all territories."""
        if self.territory is None:
            return literal(True)
        return or_(column == self.territory, column.is_(None))

    def sees(self, territory: str | None) -> bool:
        """Whether rows of ``territory`` are in the scope (``territory_filter`` in Python)."""
        return self.territory is None or territory in (self.territory, None)

    def process_filter(self, column: Any) -> ColumnElement[bool]:
        return literal(True) if self.process_key is None else column == self.process_key


def make_scope(actor: Actor, weeks: int, process_key: str | None, now: datetime) -> Scope:
    """The scope of ``actor``'s request; PermissionDenied for anyone but managers."""
    if not actor.roles & DASHBOARD_ROLES:
        raise PermissionDenied(f"{actor.username} may not see the managers' dashboard")
    if weeks not in PERIODS:
        raise ValueError(f"the period is one of {PERIODS} weeks, not {weeks}")
    territory = None if actor.is_admin else actor.territory
    return Scope(territory, process_key, iso_weeks(now, weeks), now)


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """One read transaction for a dashboard request.

    On PostgreSQL, without JIT compilation: the statements aggregate many rows, so their
    estimated cost passes the JIT threshold, yet they run in tens of milliseconds and
    compiling them cost hundreds (measured at ten offices' volume, bench/volume.py). And with
    random page reads priced as on SSD (the default prices spinning disks): the planner then
    looks a few thousand tasks up by their primary key instead of hashing the whole task or
    audit table (five to three times faster for a director at that volume).
    """
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL jit = off"))
            conn.execute(text("SET LOCAL random_page_cost = 1.1"))
        yield conn


def iso_weeks(now: datetime, count: int) -> tuple[Week, ...]:
    """The last ``count`` ISO weeks up to the one holding ``now``, oldest first."""
    today = local_date(now)
    monday = today - timedelta(days=today.weekday())
    mondays = [monday - timedelta(weeks=back) for back in range(count - 1, -1, -1)]
    return tuple(
        Week(_label(day), _midnight(day), _midnight(day + timedelta(weeks=1))) for day in mondays
    )


def _label(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=PARIS).astimezone(UTC)


def week_index(column: Any, weeks: Sequence[Week]) -> ColumnElement[int]:
    """The index in ``weeks`` of the week ``column`` falls in (rows are filtered to them)."""
    last = len(weeks) - 1
    # One branch at least (a CASE needs one): a span may hold a single week.
    whens = [(column < week.end, index) for index, week in enumerate(weeks[:last])]
    return case(*(whens or [(column < weeks[0].end, 0)]), else_=last)


class epoch_seconds(FunctionElement[float]):
    """Seconds since 1970-01-01 UTC of a timestamp column."""

    type = Float()
    inherit_cache = True


@compiles(epoch_seconds, "postgresql")
def _epoch_pg(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    return f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})"


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    return f"((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 86400.0)"


class local_day(FunctionElement[date]):
    """The day of a timestamp in Europe/Paris (in UTC on SQLite, which has no time zones)."""

    type = Date()
    inherit_cache = True


@compiles(local_day, "postgresql")
def _day_pg(element: local_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(timezone('Europe/Paris', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(local_day, "sqlite")
def _day_sqlite(element: local_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


def place_spots() -> Any:
    """(place code, spot id) for every dwelling, building, residence and spot: a case's place
    may be any of these levels."""
    return union_all(
        select(DWELLING.c.code.label("place"), RESIDENCE.c.spot_id.label("spot_id"))
        .join_from(DWELLING, BUILDING, DWELLING.c.building_id == BUILDING.c.id)
        .join(RESIDENCE, BUILDING.c.residence_id == RESIDENCE.c.id),
        select(BUILDING.c.code, RESIDENCE.c.spot_id).join_from(
            BUILDING, RESIDENCE, BUILDING.c.residence_id == RESIDENCE.c.id
        ),
        select(RESIDENCE.c.code, RESIDENCE.c.spot_id),
        select(SPOT.c.code, SPOT.c.id),
    ).subquery("place_spot")
