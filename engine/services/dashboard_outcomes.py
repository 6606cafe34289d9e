"""Settled SLA clocks per week of outcome: the breach trend's, heatmap's and acknowledgement
KPI's data.

A clock's outcome happens once, in the week of the instant stamped when it happened:

- a clock that ever breached (``breached_at`` set by the SLA sweep) counts, late, in the week
  of its breach, whatever became of it afterwards: still breached, closed missed later, or
  cancelled (a breach that happened stays seen);
- a clock that never breached counts in the week it closed (``stopped_at``), late when
  missed (closed past its deadline before a sweep saw it), on time when met;
- a clock cancelled before any breach, or still running, does not count.

So a week's outcomes no longer change once it is over (``dashboard_cache`` keeps them).
A breached clock keeps ``breached_at`` whether it stays breached, is closed missed or
cancelled (the only ways out of breached): those three statuses and the instant lead
``ix_sla_clock_breached``.
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, case, func, or_, select

from engine.models import ClockStatus
from engine.services.dashboard_facts import OUTCOME, Fact, Span
from engine.services.dashboard_scope import CLOCK

BREACH_KEPT = (ClockStatus.BREACHED, ClockStatus.MISSED, ClockStatus.CANCELLED)


def outcome_facts(conn: Connection, span: Span) -> list[Fact]:
    """Settled and late clocks per week of outcome, territory, process and step."""
    breached = and_(CLOCK.c.status.in_(BREACH_KEPT), *span.within(CLOCK.c.breached_at))
    closed = and_(
        CLOCK.c.status.in_((ClockStatus.MET, ClockStatus.MISSED)),
        CLOCK.c.breached_at.is_(None),
        *span.within(CLOCK.c.stopped_at),
    )
    week = span.week(func.coalesce(CLOCK.c.breached_at, CLOCK.c.stopped_at))
    late = case((CLOCK.c.status == ClockStatus.MET, 0), else_=1)
    keys = (week, CLOCK.c.territory, CLOCK.c.process_key, CLOCK.c.step)
    rows = conn.execute(
        select(*keys, func.count(), func.sum(late))
        .where(or_(breached, closed), span.territory_filter(CLOCK.c.territory))
        .group_by(*keys)
    )
    return [
        Fact(int(index), territory, OUTCOME, process, step, None, int(n), float(missed or 0))
        for index, territory, process, step, n, missed in rows
    ]
