"""Ten offices over months from one simulated month: copies a simulated office's cases.

Simulating ten offices for a year would take hours; the reads measured at that volume only
need the rows to exist with a realistic shape. Each copy ``k`` re-inserts every case and the
rows hanging off it (tasks, SLA clocks, jobs, audit, notifications) with ids shifted past
the originals, foreign keys shifted the same way and unique values made unique again. Copies
go round ``OFFICES`` offices — copy ``k`` belongs to office ``k % OFFICES``, territory
``<code>~<office>`` (office 0 is the original's) — and each round is the period before the
previous one: every time of copy ``k`` moves back ``(k // OFFICES) * period_days`` days. So
an inbox or a territorial dashboard sees one office's rows among ten offices' index entries,
and a dashboard's recent weeks hold about ten offices' recent weeks, not the whole history.
An earlier round's work that was still open when its month ended is closed then, as
cancelled (cases, tasks, SLA clocks, keeping a breach's instant; pending timer jobs done): a
real office has long finished it, and left open it would count today as every earlier
month's late work at once. Writing into past weeks invalidates the dashboard's cache of
closed weeks: it is dropped.
PostgreSQL only.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Connection, DateTime, Table, TypeDecorator, text

from engine.models import Base
from engine.services.dashboard_cache import forget

CASE = "process_instance"
TASK = "human_task"
CLONED = (CASE, TASK, "sla_clock", "job", "audit_entry", "notification")
UNIQUE_TEXT = {"dedupe_key"}
NEW_UUID = {"spiff_task_id"}
OFFICES = 10
# Per table, the live statuses an earlier round closes: (status column value when closed,
# the instant column stamped then).
CLOSED_OUT = {
    CASE: ("('running', 'suspended')", "cancelled", "ended_at"),
    TASK: ("('open', 'claimed')", "cancelled", "completed_at"),
    "sla_clock": ("('on_track', 'at_risk', 'breached', 'paused')", "cancelled", "stopped_at"),
    "job": ("('pending')", "done", None),
}


def multiply(conn: Connection, copies: int, period_days: int, end: datetime) -> None:
    """Add ``copies`` copies of every case and its rows (ids, keys, territories, times) of the
    simulated period ending at ``end``."""
    offsets = {
        name: int(conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {name}")).scalar_one())
        for name in CLONED
    }
    for k in range(1, copies + 1):
        for name in CLONED:
            table = Base.metadata.tables[name]
            columns = ", ".join(c.name for c in table.columns)
            shift = (k // OFFICES) * period_days
            closing = _closing(table, end, shift)
            values = ", ".join(
                closing.get(column) or _expression(table, column, k, offsets, shift)
                for column in _names(table)
            )
            conn.execute(
                text(
                    f"INSERT INTO {name} ({columns}) SELECT {values} FROM {name} "
                    f"WHERE id <= {offsets[name]}"
                )
            )
    for name in CLONED:
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT max(id) FROM {name}))"
            )
        )
    forget(conn)
    conn.execute(text("ANALYZE"))


def _names(table: Table) -> list[str]:
    return [c.name for c in table.columns]


def _expression(table: Table, column: str, k: int, offsets: dict[str, int], shift: int) -> str:
    if column == "id":
        return f"id + {k * offsets[table.name]}"
    if column == "instance_id":
        return f"instance_id + {k * offsets[CASE]}"
    if column == "task_id":
        return f"task_id + {k * offsets[TASK]}"
    if column == "territory":
        office = k % OFFICES
        return f"territory || '~{office}'" if office else "territory"
    if _is_instant(table.columns[column]) and shift:
        return f"{column} - interval '{shift} days'"
    if column in NEW_UUID:
        return "gen_random_uuid()::text"
    if column in UNIQUE_TEXT:
        return f"{column} || '~{k}'"
    return column


def _is_instant(column: Column[object]) -> bool:
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return isinstance(kind, DateTime)


def _closing(table: Table, end: datetime, shift: int) -> dict[str, str]:
    """For an earlier round (``shift`` days back), the expressions closing its live rows at the
    end of its period."""
    if not shift or table.name not in CLOSED_OUT:
        return {}
    live, closed, stamped = CLOSED_OUT[table.name]
    is_live = f"status IN {live}"
    found = {"status": f"CASE WHEN {is_live} THEN '{closed}' ELSE status END"}
    if stamped is not None:
        back = f"interval '{shift} days'"
        at = f"TIMESTAMPTZ '{end.isoformat()}' - {back}"
        found[stamped] = f"CASE WHEN {is_live} THEN {at} ELSE {stamped} - {back} END"
    return found
