"""Row-level access to cases and human tasks for the hot path (SQLAlchemy Core).

Completing a task is the engine's hottest operation. The ORM's unit of work
costs several times the database's own time per statement here, so the
services that move a case use these few Core statements instead, with an
explicit optimistic lock on ``process_instance.lock_version``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Connection, Table, Update, bindparam, insert, select, update

from engine.errors import NotFound
from engine.models import HumanTask, InstanceStatus, ProcessInstance, TaskStatus

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
_FETCH_CASE = select(*_CASE_COLUMNS).where(CASE.c.id == bindparam("instance_id"))
_FETCH_TASK = select(*_TASK_COLUMNS).where(TASK.c.id == bindparam("task_id"))
_FETCH_TASK_AND_CASE = (
    select(*_TASK_COLUMNS, *(c.label(f"case_{c.name}") for c in _CASE_COLUMNS))
    .join_from(TASK, CASE, TASK.c.instance_id == CASE.c.id)
    .where(TASK.c.id == bindparam("task_id"))
)
_FETCH_STATE = select(CASE.c.state).where(CASE.c.id == bindparam("instance_id"))
_INSERT_CASE = insert(CASE).returning(CASE.c.id)
_INSERT_TASKS = insert(TASK).returning(TASK.c.id, sort_by_parameter_order=True)
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
def _save_case_statement(columns: frozenset[str]) -> Update:
    return (
        update(CASE)
        .where(CASE.c.id == bindparam("case_id"), CASE.c.lock_version == bindparam("seen"))
        .values({name: bindparam(f"v_{name}") for name in sorted(columns)})
    )


@cache
def _transition_statement(columns: frozenset[str]) -> Update:
    return (
        update(TASK)
        .where(TASK.c.id == bindparam("task_id"), TASK.c.status == bindparam("expected"))
        .values({name: bindparam(f"v_{name}") for name in sorted(columns)})
    )


def fetch_case(conn: Connection, instance_id: int) -> CaseRow:
    row = conn.execute(_FETCH_CASE, {"instance_id": instance_id}).first()
    if row is None:
        raise NotFound(f"case {instance_id} does not exist")
    return CaseRow(**row._asdict())


def fetch_task(conn: Connection, task_id: int) -> TaskRow:
    row = conn.execute(_FETCH_TASK, {"task_id": task_id}).first()
    if row is None:
        raise NotFound(f"task {task_id} does not exist")
    return TaskRow(**row._asdict())


def fetch_task_and_case(conn: Connection, task_id: int) -> tuple[TaskRow, CaseRow]:
    """A task and its case in one round trip (the completion's first read)."""
    row = conn.execute(_FETCH_TASK_AND_CASE, {"task_id": task_id}).first()
    if row is None:
        raise NotFound(f"task {task_id} does not exist")
    values = row._asdict()
    case = CaseRow(**{c.name: values.pop(f"case_{c.name}") for c in _CASE_COLUMNS})
    return TaskRow(**values), case


def fetch_state(conn: Connection, instance_id: int) -> str:
    state: str = conn.execute(_FETCH_STATE, {"instance_id": instance_id}).scalar_one()
    return state


def insert_case(conn: Connection, **values: Any) -> CaseRow:
    values = {**values, "state": "", "lock_version": 1}
    instance_id = conn.execute(_INSERT_CASE, values).scalar_one()
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
    result = conn.execute(
        _save_case_statement(frozenset(values)),
        {**params, "case_id": case.id, "seen": case.lock_version},
    )
    if result.rowcount != 1:
        raise VersionConflict(f"case {case.id} changed since it was read")
    case.lock_version += 1
    if "status" in values:
        case.status = values["status"]


def transition_task(conn: Connection, task: TaskRow, expected: TaskStatus, **values: Any) -> bool:
    """Move a task on only if it is still in ``expected`` (the guard against races)."""
    params = {f"v_{name}": value for name, value in values.items()}
    result = conn.execute(
        _transition_statement(frozenset(values)),
        {**params, "task_id": task.id, "expected": expected},
    )
    return result.rowcount == 1


def insert_tasks(conn: Connection, rows: Sequence[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    return [row[0] for row in conn.execute(_INSERT_TASKS, list(rows))]


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
