"""BPMN timers as durable job rows: read from the workflow, mirrored into ``job``.

The due instant of every waiting timer event (start, intermediate catch,
boundary) is read from SpiffWorkflow's task data after each step; the job
table holds one pending row per waiting timer, so a restart loses none and a
sweep finds what is due with one indexed query.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Connection, Table, bindparam, insert, update

from engine.models import Job, JobStatus
from engine.prepared import Prepared

JOB = cast(Table, Job.__table__)
TIMER = "timer"

_INSERT = Prepared(insert(JOB))
_RETIRE = (
    update(JOB)
    .where(
        JOB.c.instance_id == bindparam("case_id"),
        JOB.c.kind == TIMER,
        JOB.c.target.in_(bindparam("targets", expanding=True)),
        JOB.c.status == JobStatus.PENDING,
    )
    .values(status=JobStatus.DONE)
)
_RESCHEDULE = Prepared(
    update(JOB)
    .where(
        JOB.c.instance_id == bindparam("case_id"),
        JOB.c.kind == TIMER,
        JOB.c.target == bindparam("v_target"),
        JOB.c.status == JobStatus.PENDING,
    )
    .values(due_at=bindparam("v_due_at"))
)


_RETIRE_ALL = (
    update(JOB)
    .where(JOB.c.instance_id == bindparam("case_id"), JOB.c.status == JobStatus.PENDING)
    .values(status=JobStatus.DONE)
)


def retire_timer_jobs(conn: Connection, instance_id: int) -> None:
    """A cancelled case waits on nothing any more."""
    conn.execute(_RETIRE_ALL, {"case_id": instance_id})


def waiting_timers(workflow: Any) -> dict[str, datetime]:
    """Due instant of every timer event the workflow waits on, by Spiff task id."""
    timers: dict[str, datetime] = {}
    for task in workflow.get_tasks(state=TaskState.WAITING):
        due = timer_due(task)
        if due is not None:
            timers[str(task.id)] = due
    return timers


def timer_due(task: Any) -> datetime | None:
    """When a WAITING task's timer (the earliest of several) fires; None if it has none."""
    definition = getattr(task.task_spec, "event_definition", None)
    # An event-based gateway waits on a "multiple" definition holding its timers.
    candidates = (
        definition.event_definitions
        if isinstance(definition, MultipleEventDefinition)
        else [definition]
    )
    dues = [
        due
        for candidate in candidates
        if isinstance(candidate, TimerEventDefinition)
        and (due := _due(task, candidate)) is not None
    ]
    return min(dues) if dues else None


def _due(task: Any, definition: TimerEventDefinition) -> datetime | None:
    value = task._get_internal_data("event_value")
    if value is None:
        return None
    if isinstance(definition, CycleTimerEventDefinition):
        return TimerEventDefinition.get_datetime(value["next"]) if value["cycles"] else None
    if isinstance(definition, TimeDateEventDefinition):
        due = TimerEventDefinition.parse_time_or_duration(value)
        return due if isinstance(due, datetime) else None
    if isinstance(definition, DurationTimerEventDefinition):
        due_instant: datetime = TimerEventDefinition.get_datetime(value)
        return due_instant
    return None


def sync_timer_jobs(
    conn: Connection,
    instance_id: int,
    before: Mapping[str, datetime],
    after: Mapping[str, datetime],
    now: datetime,
) -> None:
    """Make the pending timer jobs of a case match the timers it now waits on."""
    gone = [target for target in before if target not in after]
    if gone:
        conn.execute(_RETIRE, {"case_id": instance_id, "targets": sorted(gone)})
    moved = [
        {"case_id": instance_id, "v_target": target, "v_due_at": due}
        for target, due in after.items()
        if target in before and before[target] != due
    ]
    if moved:
        _RESCHEDULE.execute_many(conn, moved)
    new = [
        {
            "kind": TIMER,
            "instance_id": instance_id,
            "target": target,
            "due_at": due,
            "status": JobStatus.PENDING,
            "attempts": 0,
            "last_error": None,
            "created_at": now,
        }
        for target, due in after.items()
        if target not in before
    ]
    if new:
        _INSERT.execute_many(conn, new)
