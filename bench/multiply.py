"""Ten offices from one: copies a simulated office's case rows into other territories.

Simulating ten offices for a year would take hours; the reads measured at that volume only
need the rows to exist with a realistic shape. Each copy ``k`` re-inserts every case and the
rows hanging off it (tasks, SLA clocks, jobs, audit, notifications) with ids shifted past
the originals, foreign keys shifted the same way, territory ``<code>~k`` (so each copy is an
office of its own: an inbox or a territorial dashboard sees one office's rows, among ten
offices' worth of index entries) and unique values made unique again. PostgreSQL only.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, text

from engine.models import Base

CASE = "process_instance"
TASK = "human_task"
CLONED = (CASE, TASK, "sla_clock", "job", "audit_entry", "notification")
UNIQUE_TEXT = {"dedupe_key"}
NEW_UUID = {"spiff_task_id"}


def multiply(conn: Connection, copies: int) -> None:
    """Add ``copies`` copies of every case and its rows (ids, keys, territories shifted)."""
    offsets = {
        name: int(conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {name}")).scalar_one())
        for name in CLONED
    }
    for k in range(1, copies + 1):
        for name in CLONED:
            table = Base.metadata.tables[name]
            columns = ", ".join(c.name for c in table.columns)
            values = ", ".join(_expression(table, column, k, offsets) for column in _names(table))
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
    conn.execute(text("ANALYZE"))


def _names(table: Table) -> list[str]:
    return [c.name for c in table.columns]


def _expression(table: Table, column: str, k: int, offsets: dict[str, int]) -> str:
    if column == "id":
        return f"id + {k * offsets[table.name]}"
    if column == "instance_id":
        return f"instance_id + {k * offsets[CASE]}"
    if column == "task_id":
        return f"task_id + {k * offsets[TASK]}"
    if column == "territory":
        return f"territory || '~{k}'"
    if column in NEW_UUID:
        return "gen_random_uuid()::text"
    if column in UNIQUE_TEXT:
        return f"{column} || '~{k}'"
    return column
