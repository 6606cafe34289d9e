"""Per-step heat of one process: SLA breach rate and median duration in business days.

Over the period: the SLA clocks settled per step (met, or late: missed or breached, counted in
the week of their outcome, ``dashboard_outcomes``), and the completed tasks per step in the
week of their completion, bucketed by business days taken (``duration_facts``: one grouped
statement by day opened and day completed; the buckets' business days come from
``workflows.business_calendar``, holidays included, once per distinct pair of days). A
completion is stamped when it happens, so a week's buckets never change once it is over
(``dashboard_cache`` keeps them); the weighted median is read off the period's buckets.
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

from sqlalchemy import Connection, Table, func, literal, select

from engine.actors import Actor
from engine.bpmn_di import step_order
from engine.errors import NotFound, PermissionDenied
from engine.models import ProcessDefinition, TaskStatus
from engine.runtime import EngineContext
from engine.services.dashboard_facts import DURATION, Fact, Outcomes, Span, Totals
from engine.services.dashboard_scope import CASE, DASHBOARD_ROLES, TASK, local_day
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
    ctx: EngineContext, conn: Connection, process_key: str, totals: Totals
) -> Heatmap | None:
    """The heat of ``process_key``'s steps, None when it was never deployed; ``totals`` holds
    the period's facts (``dashboard_cache.period_totals``)."""
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
    clocks = _clock_counts(totals.outcomes, process_key)
    buckets = {
        step: days for (process, step), days in totals.durations.items() if process == process_key
    }
    seen = [*ordered, *sorted((set(clocks) | set(buckets)) - set(ordered))]
    return Heatmap(
        process_key,
        newest.version,
        tuple(
            StepHeat(
                step,
                titles.get(step, step),
                *clocks.get(step, (0, 0)),
                sum(buckets.get(step, {}).values()),
                weighted_median(buckets[step].items()) if step in buckets else None,
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


def duration_facts(conn: Connection, span: Span, process_key: str | None = None) -> list[Fact]:
    """Completed tasks per week of completion, territory, process, step and business days (of
    every process, or of ``process_key``)."""
    opened, closed = local_day(TASK.c.created_at), local_day(TASK.c.completed_at)
    keys = (
        span.week(TASK.c.completed_at),
        TASK.c.territory,
        CASE.c.process_key,
        TASK.c.bpmn_id,
        opened,
        closed,
    )
    rows = conn.execute(
        select(*keys, func.count())
        .join(CASE, CASE.c.id == TASK.c.instance_id)
        .where(
            TASK.c.status == TaskStatus.COMPLETED,
            *span.within(TASK.c.completed_at),
            span.territory_filter(TASK.c.territory),
            literal(True) if process_key is None else CASE.c.process_key == process_key,
        )
        .group_by(*keys)
    )
    spans: dict[tuple[date, date], int] = {}
    counts: dict[tuple[int, str | None, str, str, int], int] = defaultdict(int)
    for week, territory, process, step, start, end, count in rows:
        days = spans.get((start, end))
        if days is None:
            days = spans[(start, end)] = max(0, business_days_between(start, end))
        counts[(week, territory, process, step, days)] += int(count)
    return [
        Fact(int(week), territory, DURATION, process, step, days, n, 0.0)
        for (week, territory, process, step, days), n in counts.items()
    ]


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
