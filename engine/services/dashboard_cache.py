"""The dashboard's closed weeks, aggregated once and kept (tables of migration 0006).

A page's trend, heatmap and KPIs add up per-week facts (``dashboard_facts``). A week's facts
are final once the week is over, so ``period_totals``:

- reads the cached weeks of the period (summed in SQL over weeks and territories in scope);
- computes the closed weeks not cached yet for every territory at once (one computation
  serves every manager) and hands them back to be stored (``store``, after the page's read
  transaction, in a short write transaction of its own);
- computes the live weeks (the current one, and the one before during ``SETTLING``) for the
  scope alone.

A week is cached only once it ended ``SETTLING`` before now: a fact stamped just before the
week's end by a transaction still running, or a vacancy alert whose timer job ran late, is
still seen. Concurrent pages may compute the same week: the first to store it wins (its
marker row, ``dashboard_week``, is inserted or ignored), and a failure to store never fails
the page. ``clear`` drops the cache: needed only when history is rewritten (rows inserted
into the past, as ``bench.multiply`` does).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

from sqlalchemy import Connection, Table, case, delete, func, insert, null, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from engine.db import write_connection
from engine.models import DashboardWeek, DashboardWeekFact
from engine.runtime import EngineContext
from engine.services.dashboard_facts import OUTCOME, Fact, Span, Totals
from engine.services.dashboard_outcomes import outcome_facts
from engine.services.dashboard_scope import Scope
from engine.services.heatmap import duration_facts
from engine.services.kpis import kpi_facts

WEEK = cast(Table, DashboardWeek.__table__)
FACT = cast(Table, DashboardWeekFact.__table__)
SETTLING = timedelta(days=1)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FreshWeek:
    """A closed week computed by a page, to store: its Monday and its facts."""

    day: date
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Period:
    """The period's facts added up for the scope, and the closed weeks to store."""

    totals: Totals
    fresh: tuple[FreshWeek, ...]


def facts(conn: Connection, span: Span) -> list[Fact]:
    """Every fact of ``span``: clock outcomes, task durations, KPIs."""
    return [*outcome_facts(conn, span), *duration_facts(conn, span), *kpi_facts(conn, span)]


def period_totals(conn: Connection, scope: Scope, drawn: str | None) -> Period:
    """The facts of ``scope``'s weeks added up: cached weeks read, the others computed.

    The live weeks are computed for what the page shows only: the durations of the process
    ``drawn`` as a heatmap (None: none), the KPIs of the scope's process."""
    closed = sum(1 for week in scope.weeks if week.end <= scope.now - SETTLING)
    days = [week.day for week in scope.weeks[:closed]]
    cached = set(conn.scalars(select(WEEK.c.week_start).where(WEEK.c.week_start.in_(days))))
    totals = Totals()
    _read(conn, scope, [day for day in days if day in cached], totals)
    missing = [index for index, day in enumerate(days) if day not in cached]
    fresh: list[FreshWeek] = []
    if missing:
        first = missing[0]
        span = Span(scope.weeks[first:closed], None, scope.now, closed=True)
        per_week: dict[int, list[Fact]] = defaultdict(list)
        for fact in facts(conn, span):
            per_week[first + fact.week].append(fact)
        for index in missing:
            fresh.append(FreshWeek(days[index], tuple(per_week[index])))
            for fact in per_week[index]:
                if scope.sees(fact.territory):
                    totals.add(index, fact)
    live = Span(scope.weeks[closed:], scope.territory, scope.now, closed=False)
    shown = [
        *outcome_facts(conn, live),
        *(duration_facts(conn, live, drawn) if drawn else []),
        *kpi_facts(conn, live, scope.process_key),
    ]
    for fact in shown:
        totals.add(closed + fact.week, fact)
    return Period(totals, tuple(fresh))


def _read(conn: Connection, scope: Scope, days: list[date], totals: Totals) -> None:
    """Add the cached facts of ``days`` in scope, summed over territories (and over weeks but
    for outcomes, which the trend shows per week)."""
    if not days:
        return
    index = {week.day: position for position, week in enumerate(scope.weeks)}
    per_week = case((FACT.c.kind == OUTCOME, FACT.c.week_start), else_=null())
    keys = (per_week, FACT.c.kind, FACT.c.process_key, FACT.c.step, FACT.c.bucket)
    rows = conn.execute(
        select(*keys, func.sum(FACT.c.n), func.sum(FACT.c.total))
        .where(FACT.c.week_start.in_(days), scope.territory_filter(FACT.c.territory))
        .group_by(*keys)
    )
    for day, kind, process, step, bucket, n, total in rows:
        fact = Fact(0, None, kind, process, step, bucket, int(n), float(total or 0))
        totals.add(0 if day is None else index[day], fact)


def store(ctx: EngineContext, period: Period) -> None:
    """Keep the closed weeks a page computed; never fails (a later page computes again)."""
    if not period.fresh:
        return
    try:
        with write_connection(ctx.engine) as conn:
            for week in period.fresh:
                _store_week(conn, week, ctx.clock.now())
    except SQLAlchemyError:
        log.warning("dashboard cache not stored", exc_info=True)


def _store_week(conn: Connection, week: FreshWeek, now: datetime) -> None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    marked = conn.execute(
        dialect.insert(WEEK)
        .values(week_start=week.day, computed_at=now)
        .on_conflict_do_nothing(index_elements=[WEEK.c.week_start])
        .returning(WEEK.c.week_start)
    ).first()
    if marked is None or not week.facts:
        return  # stored by another page meanwhile, or nothing happened that week
    conn.execute(
        insert(FACT),
        [
            {
                "week_start": week.day,
                "territory": fact.territory,
                "kind": fact.kind,
                "process_key": fact.process_key,
                "step": fact.step,
                "bucket": fact.bucket,
                "n": fact.n,
                "total": fact.total,
            }
            for fact in week.facts
        ],
    )


def forget(conn: Connection) -> int:
    """Drop every cached week in ``conn``'s transaction; returns how many were cached."""
    conn.execute(delete(FACT))
    return conn.execute(delete(WEEK)).rowcount


def clear(ctx: EngineContext) -> int:
    """Drop the dashboard cache (after rewriting history); returns how many weeks it held."""
    with write_connection(ctx.engine) as conn:
        return forget(conn)
