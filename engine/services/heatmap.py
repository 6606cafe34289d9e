"""Per-step heat of one process: SLA breach rate and median duration in business days.

Over the period: the SLA clocks settled per step (met, or missed / breached; the page's one
read of settled clocks, ``dashboard_scope.outcomes``), and one grouped statement of the
completed tasks per step bucketed by (day opened, day completed). The
buckets' business days come from ``workflows.business_calendar`` (holidays included), once per
distinct pair of days, and the weighted median is read off the buckets: no loop over tasks.
Days are Europe/Paris days on PostgreSQL, UTC days on SQLite.

Steps are listed in the reading order of the newest deployed version's diagram, so the
table follows the drawing; steps met only in older versions come after.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import cast

from sqlalchemy import Connection, Table, func, select

from engine.actors import Actor
from engine.bpmn_di import step_order
from engine.errors import NotFound, PermissionDenied
from engine.models import ProcessDefinition, TaskStatus
from engine.runtime import EngineContext
from engine.services.dashboard_scope import (
    CASE,
    DASHBOARD_ROLES,
    TASK,
    Outcomes,
    Scope,
    local_day,
)
from workflows.business_calendar import business_days_between

DEFINITION = cast(Table, ProcessDefinition.__table__)
WATCH_RATE = 10.0  # % of late settled clocks from which a step is watched
ALERT_RATE = 25.0  # ... and from which it is an alert


@dataclass(frozen=True)
class StepHeat:
    """One step of the process over the period."""

    step: str
    title: str
    settled: int
    late: int
    completed: int
    median_days: float | None

    @property
    def breach_rate(self) -> float | None:
        """Percentage of the step's settled SLA clocks that were late (None: no clock)."""
        return 100.0 * self.late / self.settled if self.settled else None

    @property
    def band(self) -> str:
        """``none`` (no SLA data), ``ok``, ``watch`` or ``alert``: the colour, also said in text."""
        rate = self.breach_rate
        if rate is None:
            return "none"
        return "alert" if rate >= ALERT_RATE else "watch" if rate >= WATCH_RATE else "ok"


@dataclass(frozen=True)
class Heatmap:
    process_key: str
    version: int
    steps: tuple[StepHeat, ...]


def heatmap(
    ctx: EngineContext, conn: Connection, scope: Scope, process_key: str, settled: Outcomes
) -> Heatmap | None:
    """The heat of ``process_key``'s steps, None when it was never deployed; ``settled`` holds
    the period's settled clocks (``dashboard_scope.outcomes``)."""
    newest = conn.execute(
        select(DEFINITION.c.id, DEFINITION.c.version, DEFINITION.c.sha256, DEFINITION.c.xml)
        .where(DEFINITION.c.key == process_key)
        .order_by(DEFINITION.c.version.desc())
        .limit(1)
    ).first()
    if newest is None:
        return None
    titles = {step: info.title for step, info in ctx.specs.get(conn, newest.id).steps.items()}
    ordered = [s for s in _reading_order(newest.sha256, process_key, newest.xml) if s in titles]
    clocks = _clock_counts(settled, process_key)
    medians, completed = _durations(conn, scope, process_key)
    seen = [*ordered, *sorted((set(clocks) | set(completed)) - set(ordered))]
    return Heatmap(
        process_key,
        newest.version,
        tuple(
            StepHeat(
                step,
                titles.get(step, step),
                *clocks.get(step, (0, 0)),
                completed.get(step, 0),
                medians.get(step),
            )
            for step in seen
        ),
    )


def newest_diagram(ctx: EngineContext, actor: Actor, process_key: str) -> bytes:
    """The BPMN XML of the newest version of ``process_key``, for a manager's heatmap."""
    if not actor.roles & DASHBOARD_ROLES:
        raise PermissionDenied(f"{actor.username} may not see the managers' dashboard")
    with ctx.engine.connect() as conn:
        xml = conn.scalar(
            select(DEFINITION.c.xml)
            .where(DEFINITION.c.key == process_key)
            .order_by(DEFINITION.c.version.desc())
            .limit(1)
        )
    if xml is None:
        raise NotFound(f"process {process_key} was never deployed")
    return bytes(xml)


@lru_cache(maxsize=64)
def _reading_order(sha256: str, process_key: str, xml: bytes) -> tuple[str, ...]:
    return tuple(node for node, _name in step_order(xml, process_key))


def _clock_counts(settled: Outcomes, process_key: str) -> dict[str, tuple[int, int]]:
    counts: dict[str, tuple[int, int]] = {}
    for (_week, process, step), (total, late) in settled.items():
        if process == process_key and step is not None:
            done, missed = counts.get(step, (0, 0))
            counts[step] = (done + total, missed + late)
    return counts


def _durations(
    conn: Connection, scope: Scope, process_key: str
) -> tuple[dict[str, float], dict[str, int]]:
    opened, closed = local_day(TASK.c.created_at), local_day(TASK.c.completed_at)
    rows = conn.execute(
        select(TASK.c.bpmn_id, opened, closed, func.count())
        .join(CASE, CASE.c.id == TASK.c.instance_id)
        .where(
            TASK.c.status == TaskStatus.COMPLETED,
            TASK.c.completed_at >= scope.start,
            CASE.c.process_key == process_key,
            scope.territory_filter(TASK.c.territory),
        )
        .group_by(TASK.c.bpmn_id, opened, closed)
    )
    spans: dict[tuple[date, date], int] = {}
    buckets: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for step, start, end, count in rows:
        days = spans.get((start, end))
        if days is None:
            days = spans[(start, end)] = max(0, business_days_between(start, end))
        buckets[step].append((days, int(count)))
    medians = {step: weighted_median(counts) for step, counts in buckets.items()}
    return medians, {step: sum(n for _d, n in counts) for step, counts in buckets.items()}


def weighted_median(counts: Iterable[tuple[int, int]]) -> float:
    """The median of values given as (value, how many times); the mean of the two middle ones
    when the total is even."""
    ordered = sorted(counts)
    total = sum(n for _v, n in ordered)
    low_rank, high_rank = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for value, n in ordered:
        if low is None and seen + n > low_rank:
            low = value
        if seen + n > high_rank:
            high = value
            break
        seen += n
    assert low is not None and high is not None
    return (low + high) / 2
