"""The managers' SLA dashboard: late and at-risk work, breach trend, KPIs, per-step heat.

``overview`` answers the whole page in one read transaction of a few grouped statements:

- live clocks past their warning (``at_risk``) or their deadline (``breached``), judged at
  ``ctx.clock.now()`` so a late sweep does not hide them, counted once grouped by (territory,
  spot, process, step, assignee) and rolled up into five breakdowns (the grouped rows are few);
- the breach trend: each clock counts once, in the ISO week of its outcome (its breach if
  it ever breached, else its close met or missed; ``dashboard_outcomes``), late = missed or
  breached; grouped by week, process and step, and shared with the acknowledgement KPI and
  the heatmap;
- the KPIs (``kpis``) and the heat of one process's steps (``heatmap``).

The trend, KPIs and heat add up weekly facts: closed weeks come from the cache
(``dashboard_cache``, computed and stored on a first page that needs them), the current week
is computed live.

``late_items`` is the drill-down: the live late or at-risk clocks matching a breakdown cell.
A filter value ``NONE`` ("-") selects rows without that attribute (no territory, no spot,
unassigned, the case's own clock rather than a step's).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple

from sqlalchemy import case, func, select

from engine.actors import Actor
from engine.models import ClockStatus, ProcessDefinition
from engine.runtime import EngineContext
from engine.services.dashboard_cache import period_totals, store
from engine.services.dashboard_facts import Outcomes
from engine.services.dashboard_scope import (
    CASE,
    CLOCK,
    DEFAULT_WEEKS,
    SPOT,
    TASK,
    Scope,
    Week,
    make_scope,
    place_spots,
    read_connection,
)
from engine.services.heatmap import Heatmap, heatmap
from engine.services.kpis import Kpi, kpis

NONE = "-"
RUNNING = (ClockStatus.ON_TRACK, ClockStatus.AT_RISK, ClockStatus.BREACHED)
DRILL_LIMIT = 1000


class Lateness(StrEnum):
    AT_RISK = "at_risk"
    BREACHED = "breached"


@dataclass(frozen=True)
class Count:
    """One row of a breakdown: its key (None: none), what to show, and the two counts.

    Step rows also carry their process (``process_key``): step ids are per process.
    """

    key: str | None
    label: str | None
    at_risk: int
    breached: int
    process_key: str | None = None


@dataclass(frozen=True)
class WeekRate:
    """Outcomes of one ISO week: settled clocks, late among them, and the rate in %."""

    week: Week
    settled: int
    late: int

    @property
    def rate(self) -> float | None:
        return 100.0 * self.late / self.settled if self.settled else None


@dataclass(frozen=True)
class Overview:
    now: datetime
    territory: str | None
    process_key: str | None
    weeks: tuple[Week, ...]
    processes: tuple[str, ...]
    by_territory: tuple[Count, ...]
    by_spot: tuple[Count, ...]
    by_process: tuple[Count, ...]
    by_step: tuple[Count, ...]
    by_assignee: tuple[Count, ...]
    trend: tuple[WeekRate, ...]
    kpis: tuple[Kpi, ...]
    heatmap: Heatmap | None


@dataclass(frozen=True)
class LateFilter:
    """A breakdown cell: which lateness (None: both) and the attributes to match."""

    lateness: Lateness | None = None
    territory: str | None = None
    spot: str | None = None
    process_key: str | None = None
    step: str | None = None
    assignee: str | None = None
    limit: int = DRILL_LIMIT


@dataclass(frozen=True)
class LateItem:
    clock_id: int
    instance_id: int
    task_id: int | None
    process_key: str
    business_key: str | None
    place_ref: str | None
    territory: str | None
    spot: str | None
    step: str | None
    title: str | None
    assignee: str | None
    lateness: Lateness
    warn_at: datetime
    due_at: datetime


@dataclass(frozen=True)
class LateList:
    items: tuple[LateItem, ...]
    truncated: bool
    filters: LateFilter = field(default_factory=LateFilter)


def overview(
    ctx: EngineContext,
    actor: Actor,
    weeks: int = DEFAULT_WEEKS,
    process_key: str | None = None,
    *,
    heatmap_key: str | None = None,
) -> Overview:
    """The dashboard of ``actor`` (a manager) over the last ``weeks`` ISO weeks.

    ``heatmap_key`` picks the process drawn as a heatmap (default: ``process_key``, else the
    first deployed process).
    """
    scope = make_scope(actor, weeks, process_key, ctx.clock.now())
    with read_connection(ctx.engine) as conn:
        processes = tuple(
            conn.scalars(select(ProcessDefinition.key).distinct().order_by(ProcessDefinition.key))
        )
        rows = [_Live(*row) for row in conn.execute(_live_counts(scope))]
        drawn = heatmap_key or process_key or next(iter(processes), None)
        period = period_totals(conn, scope, drawn)
        heat = heatmap(ctx, conn, drawn, period.totals) if drawn else None
    store(ctx, period)
    return Overview(
        scope.now,
        scope.territory,
        process_key,
        scope.weeks,
        processes,
        _roll_up(rows, lambda r: (r.territory, r.territory, None)),
        _roll_up(rows, lambda r: (r.spot, r.spot_name, None)),
        _roll_up(rows, lambda r: (r.process_key, r.process_key, None)),
        _roll_up(rows, lambda r: (r.step, r.title, r.process_key)),
        _roll_up(rows, lambda r: (r.assignee, r.assignee, None)),
        _trend(scope, period.totals.outcomes),
        kpis(scope, period.totals),
        heat,
    )


def late_items(ctx: EngineContext, actor: Actor, filters: LateFilter) -> LateList:
    """The live late (or at-risk) clocks of ``actor``'s scope matching ``filters``, most
    overdue first, at most ``filters.limit``."""
    scope = make_scope(actor, DEFAULT_WEEKS, filters.process_key, ctx.clock.now())
    lateness = _lateness(scope)
    spots = place_spots()
    query = (
        select(
            CLOCK.c.id,
            CLOCK.c.instance_id,
            CLOCK.c.task_id,
            CLOCK.c.process_key,
            CASE.c.business_key,
            CASE.c.place_ref,
            CLOCK.c.territory,
            SPOT.c.code.label("spot"),
            CLOCK.c.step,
            TASK.c.title,
            TASK.c.assignee,
            lateness.label("lateness"),
            CLOCK.c.warn_at,
            CLOCK.c.due_at,
        )
        .select_from(_live_from(spots))
        .where(*_live_where(scope), *_matching(filters, lateness))
        .order_by(CLOCK.c.due_at, CLOCK.c.id)
        .limit(filters.limit + 1)
    )
    with read_connection(ctx.engine) as conn:
        rows = conn.execute(query).all()
    items = tuple(_late_item(row) for row in rows[: filters.limit])
    return LateList(items, len(rows) > filters.limit, filters)


def _late_item(row: Any) -> LateItem:
    return LateItem(
        clock_id=row.id,
        instance_id=row.instance_id,
        task_id=row.task_id,
        process_key=row.process_key,
        business_key=row.business_key,
        place_ref=row.place_ref,
        territory=row.territory,
        spot=row.spot,
        step=row.step,
        title=row.title,
        assignee=row.assignee,
        lateness=Lateness(row.lateness),
        warn_at=row.warn_at,
        due_at=row.due_at,
    )


def _lateness(scope: Scope) -> Any:
    breached = (CLOCK.c.status == ClockStatus.BREACHED) | (CLOCK.c.due_at <= scope.now)
    return case((breached, Lateness.BREACHED.value), else_=Lateness.AT_RISK.value)


def _live_from(spots: Any) -> Any:
    return (
        CLOCK.outerjoin(TASK, TASK.c.id == CLOCK.c.task_id)
        .join(CASE, CASE.c.id == CLOCK.c.instance_id)
        .outerjoin(spots, spots.c.place == CASE.c.place_ref)
        .outerjoin(SPOT, SPOT.c.id == spots.c.spot_id)
    )


def _live_where(scope: Scope) -> tuple[Any, ...]:
    """Running (not paused) clocks past their warning instant, in scope (ix_sla_clock_warn)."""
    return (
        CLOCK.c.status.in_(RUNNING),
        CLOCK.c.warn_at <= scope.now,
        scope.territory_filter(CLOCK.c.territory),
        scope.process_filter(CLOCK.c.process_key),
    )


def _matching(filters: LateFilter, lateness: Any) -> list[Any]:
    found = [] if filters.lateness is None else [lateness == filters.lateness.value]
    for column, wanted in (
        (CLOCK.c.territory, filters.territory),
        (SPOT.c.code, filters.spot),
        (CLOCK.c.step, filters.step),
        (TASK.c.assignee, filters.assignee),
    ):
        if wanted == NONE:
            found.append(column.is_(None))
        elif wanted is not None:
            found.append(column == wanted)
    return found


def _live_counts(scope: Scope) -> Any:
    lateness = _lateness(scope)
    spots = place_spots()
    keys = (
        CLOCK.c.territory,
        SPOT.c.code.label("spot"),
        SPOT.c.name.label("spot_name"),
        CLOCK.c.process_key,
        CLOCK.c.step,
        TASK.c.assignee,
    )
    return (
        select(
            *keys,
            func.max(TASK.c.title).label("title"),
            lateness.label("lateness"),
            func.count().label("n"),
        )
        .select_from(_live_from(spots))
        .where(*_live_where(scope))
        .group_by(*keys, lateness)
    )


class _Live(NamedTuple):
    """One row of ``_live_counts`` (a plain tuple: five roll-ups read every row)."""

    territory: str | None
    spot: str | None
    spot_name: str | None
    process_key: str
    step: str | None
    assignee: str | None
    title: str | None
    lateness: str
    n: int


def _roll_up(
    rows: Iterable[_Live], key: Callable[[_Live], tuple[str | None, str | None, str | None]]
) -> tuple[Count, ...]:
    """Sum the grouped rows by one dimension; most breached first, then most at risk."""
    sums: dict[tuple[str | None, str | None], list[int]] = defaultdict(lambda: [0, 0])
    labels: dict[tuple[str | None, str | None], str | None] = {}
    for row in rows:
        value, label, process = key(row)
        slot = (value, process)
        labels[slot] = labels.get(slot) or label
        sums[slot][0 if row.lateness == Lateness.AT_RISK.value else 1] += row.n
    counts = [
        Count(value, labels[(value, process)], at_risk, breached, process)
        for (value, process), (at_risk, breached) in sums.items()
    ]
    counts.sort(key=lambda c: (-c.breached, -c.at_risk, c.label or ""))
    return tuple(counts)


def _trend(scope: Scope, settled: Outcomes) -> tuple[WeekRate, ...]:
    """Settled and late clocks per ISO week of their outcome."""
    per_week: dict[int, tuple[int, int]] = {}
    for (index, process, _step), (total, late) in settled.items():
        if scope.process_key in (None, process):
            done, missed = per_week.get(index, (0, 0))
            per_week[index] = (done + total, missed + late)
    return tuple(WeekRate(w, *per_week.get(index, (0, 0))) for index, w in enumerate(scope.weeks))
