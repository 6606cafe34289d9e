"""Row-level access to cases and human tasks for the hot path (SQLAlchemy Core).

Completing a task is the engine's hottest operation. The ORM's unit of work
costs several times the database's own time per statement here, so the
services that move a case use these few Core statements instead, prepared
once (``engine.prepared``), with an explicit optimistic lock on
``process_instance.lock_version``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, insert, select, update

from engine.errors import NotFound
from engine.models import HumanTask, InstanceStatus, ProcessInstance, TaskStatus
from engine.prepared import Prepared

CASE = cast(Table, ProcessInstance.__table__)
TASK = cast(Table, HumanTask.__table__)
LIVE = (TaskStatus.OPEN, TaskStatus.CLAIMED)


class VersionConflict(Exception):
    """Another transaction saved the case since it was read: retry with fresh state."""


@dataclass
class CaseRow:
    """The columns of a case the services decide on (the state is read only when needed)."""

    id: int
    definition_id: int
    territory: str | None
    place_ref: str | None
    business_key: str | None
    status: InstanceStatus
    lock_version: int


@dataclass
class TaskRow:
    id: int
    instance_id: int
    spiff_task_id: str
    bpmn_id: str
    candidate_role: str | None
    escalated_role: str | None
    territory: str | None
    assignee: str | None
    status: TaskStatus
    form_key: str | None
    completed_by: str | None


_CASE_COLUMNS = (
    CASE.c.id,
    CASE.c.definition_id,
    CASE.c.territory,
    CASE.c.place_ref,
    CASE.c.business_key,
    CASE.c.status,
    CASE.c.lock_version,
)
_TASK_COLUMNS = (
    TASK.c.id,
    TASK.c.instance_id,
    TASK.c.spiff_task_id,
    TASK.c.bpmn_id,
    TASK.c.candidate_role,
    TASK.c.escalated_role,
    TASK.c.territory,
    TASK.c.assignee,
    TASK.c.status,
    TASK.c.form_key,
    TASK.c.completed_by,
)

# Statements are built once: constructing one costs more than running it on SQLite.
_FETCH_CASE = Prepared(select(*_CASE_COLUMNS).where(CASE.c.id == bindparam("instance_id")))
_FETCH_TASK = Prepared(select(*_TASK_COLUMNS).where(TASK.c.id == bindparam("task_id")))
_FETCH_TASK_AND_CASE = Prepared(
    select(*_TASK_COLUMNS, *_CASE_COLUMNS)
    .join_from(TASK, CASE, TASK.c.instance_id == CASE.c.id)
    .where(TASK.c.id == bindparam("task_id"))
)
_FETCH_STATE = Prepared(select(CASE.c.state).where(CASE.c.id == bindparam("instance_id")))
_INSERT_CASE = Prepared(insert(CASE).returning(CASE.c.id))
_INSERT_TASK = Prepared(insert(TASK).returning(TASK.c.id))
_LIVE_SPIFF_IDS = select(TASK.c.spiff_task_id).where(
    TASK.c.instance_id == bindparam("instance_id"), TASK.c.status.in_(LIVE)
)
_CANCEL_TASKS = (
    update(TASK)
    .where(
        TASK.c.instance_id == bindparam("case_id"),
        TASK.c.spiff_task_id.in_(bindparam("spiff_ids", expanding=True)),
        TASK.c.status.in_(LIVE),
    )
    .values(status=TaskStatus.CANCELLED, completed_at=bindparam("now"))
    .returning(TASK.c.id)
)


@cache
def _save_case_statement(columns: frozenset[str]) -> Prepared:
    return Prepared(
        update(CASE)
        .where(CASE.c.id == bindparam("case_id"), CASE.c.lock_version == bindparam("seen"))
        .values({name: bindparam(f"v_{name}") for name in sorted(columns)})
    )


@cache
def _transition_statement(columns: frozenset[str]) -> Prepared:
    return Prepared(
        update(TASK)
        .where(TASK.c.id == bindparam("task_id"), TASK.c.status == bindparam("expected"))
        .values({name: bindparam(f"v_{name}") for name in sorted(columns)})
    )


def fetch_case(conn: Connection, instance_id: int) -> CaseRow:
    row = _FETCH_CASE.first(conn, {"instance_id": instance_id})
    if row is None:
        raise NotFound(f"case {instance_id} does not exist")
    return CaseRow(*row)


def fetch_task(conn: Connection, task_id: int) -> TaskRow:
    row = _FETCH_TASK.first(conn, {"task_id": task_id})
    if row is None:
        raise NotFound(f"task {task_id} does not exist")
    return TaskRow(*row)


def fetch_task_and_case(conn: Connection, task_id: int) -> tuple[TaskRow, CaseRow]:
    """A task and its case in one round trip (the completion's first read)."""
    row = _FETCH_TASK_AND_CASE.first(conn, {"task_id": task_id})
    if row is None:
        raise NotFound(f"task {task_id} does not exist")
    split = len(_TASK_COLUMNS)
    return TaskRow(*row[:split]), CaseRow(*row[split:])


def fetch_state(conn: Connection, instance_id: int) -> str:
    row = _FETCH_STATE.first(conn, {"instance_id": instance_id})
    if row is None:
        raise NotFound(f"case {instance_id} does not exist")
    state: str = row[0]
    return state


def insert_case(conn: Connection, **values: Any) -> CaseRow:
    values = {**values, "state": "", "lock_version": 1}
    instance_id = _INSERT_CASE.execute(conn, values).fetchone()[0]
    return CaseRow(
        instance_id,
        values["definition_id"],
        values["territory"],
        values["place_ref"],
        values["business_key"],
        values["status"],
        1,
    )


def save_case(conn: Connection, case: CaseRow, **values: Any) -> None:
    """Write the case if nobody else did since it was read; bump its version."""
    values["lock_version"] = case.lock_version + 1
    params = {f"v_{name}": value for name, value in values.items()}
    saved = _save_case_statement(frozenset(values)).rowcount(
        conn, {**params, "case_id": case.id, "seen": case.lock_version}
    )
    if saved != 1:
        raise VersionConflict(f"case {case.id} changed since it was read")
    case.lock_version += 1
    if "status" in values:
        case.status = values["status"]


def transition_task(conn: Connection, task: TaskRow, expected: TaskStatus, **values: Any) -> bool:
    """Move a task on only if it is still in ``expected`` (the guard against races)."""
    params = {f"v_{name}": value for name, value in values.items()}
    moved = _transition_statement(frozenset(values)).rowcount(
        conn, {**params, "task_id": task.id, "expected": expected}
    )
    return moved == 1


def insert_tasks(conn: Connection, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert task rows in order; returns their ids in the same order."""
    return [_INSERT_TASK.execute(conn, row).fetchone()[0] for row in rows]


def cancel_tasks(
    conn: Connection, instance_id: int, spiff_task_ids: Collection[str], now: datetime
) -> list[int]:
    """Close the live rows of steps no longer waited on; returns their ids."""
    if not spiff_task_ids:
        return []
    result = conn.execute(
        _CANCEL_TASKS,
        {"case_id": instance_id, "spiff_ids": sorted(spiff_task_ids), "now": now},
    )
    return list(result.scalars())


def live_spiff_task_ids(conn: Connection, instance_id: int) -> tuple[str, ...]:
    return tuple(conn.execute(_LIVE_SPIFF_IDS, {"instance_id": instance_id}).scalars())
