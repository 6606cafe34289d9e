"""Human task transitions: claim, unclaim, assign, delegate, complete.

Each is a guarded transition (open → claimed → completed) with a permission
check, in one transaction. Every transition is a conditional UPDATE on the
task's status, so two people acting at once cannot both win; completions
also bump the case's version, so two completions on one case serialize and
the loser retries with fresh state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Connection

from engine.actors import Actor
from engine.clock import using_clock
from engine.db import write_connection
from engine.errors import Conflict, FormInvalid, InvalidState, PermissionDenied, ProcessFailed
from engine.models import InstanceStatus, TaskStatus
from engine.runtime import EngineContext
from engine.services.audit import data_diff, record
from engine.services.case_store import (
    TaskRow,
    fetch_task,
    fetch_task_and_case,
    transition_task,
)
from engine.services.retry import retry_on_conflict
from engine.services.sla_clocks import close_task_clocks
from engine.services.starting import origin_of, settle
from engine.services.stepping import load_workflow, remember, snapshot, spiff_task


@dataclass(frozen=True)
class Completed:
    """A finished task and where its case stands now."""

    task_id: int
    instance_id: int
    instance_status: InstanceStatus
    next_task_ids: tuple[int, ...]


def _live_task(conn: Connection, task_id: int) -> TaskRow:
    return _check_live(fetch_task(conn, task_id))


def _check_live(task: TaskRow) -> TaskRow:
    task_id = task.id
    if task.status is TaskStatus.COMPLETED:
        raise Conflict(f"task {task_id} was already completed by {task.completed_by}")
    if task.status is TaskStatus.CANCELLED:
        raise Conflict(f"task {task_id} was cancelled")
    return task


def _move(conn: Connection, task: TaskRow, expected: TaskStatus, **values: Any) -> None:
    if not transition_task(conn, task, expected, **values):
        raise Conflict(f"task {task.id} was changed by someone else at the same time")


def claim(ctx: EngineContext, task_id: int, actor: Actor) -> None:
    """Take an open task of one of my roles in my territory."""
    with write_connection(ctx.engine) as conn:
        task = _live_task(conn, task_id)
        if task.status is TaskStatus.CLAIMED:
            if task.assignee == actor.username:
                return
            raise Conflict(f"task {task_id} is already claimed by {task.assignee}")
        if not actor.may_work_on(task.candidate_role, task.territory, task.escalated_role):
            raise PermissionDenied(f"{actor.username} may not take task {task_id}")
        now = ctx.clock.now()
        _move(
            conn,
            task,
            TaskStatus.OPEN,
            status=TaskStatus.CLAIMED,
            assignee=actor.username,
            claimed_at=now,
        )
        record(
            conn, now, actor.username, "task_claimed", instance_id=task.instance_id, task_id=task.id
        )


def unclaim(ctx: EngineContext, task_id: int, actor: Actor) -> None:
    """Give a claimed task back to its role's queue."""
    with write_connection(ctx.engine) as conn:
        task = _live_task(conn, task_id)
        if task.status is not TaskStatus.CLAIMED:
            raise InvalidState(f"task {task_id} is not claimed")
        if task.assignee != actor.username and not actor.is_admin:
            raise PermissionDenied(f"task {task_id} is claimed by {task.assignee}")
        _move(
            conn, task, TaskStatus.CLAIMED, status=TaskStatus.OPEN, assignee=None, claimed_at=None
        )
        record(
            conn,
            ctx.clock.now(),
            actor.username,
            "task_unclaimed",
            instance_id=task.instance_id,
            task_id=task.id,
            previous=task.assignee,
        )


def assign(ctx: EngineContext, task_id: int, actor: Actor, assignee: Actor) -> None:
    """Give a task to a named person (an admin, or its holder delegating)."""
    with write_connection(ctx.engine) as conn:
        task = _live_task(conn, task_id)
        _assign(ctx, conn, task, actor, assignee)


def delegate(ctx: EngineContext, task_id: int, actor: Actor, to: Actor) -> None:
    """The holder of a task hands it to a colleague who may work on it."""
    with write_connection(ctx.engine) as conn:
        task = _live_task(conn, task_id)
        if task.assignee != actor.username:
            raise PermissionDenied(f"only the holder of task {task_id} may delegate it")
        _assign(ctx, conn, task, actor, to)


def _assign(
    ctx: EngineContext, conn: Connection, task: TaskRow, actor: Actor, assignee: Actor
) -> None:
    holder = task.assignee
    if not (actor.is_admin or holder == actor.username):
        raise PermissionDenied(f"{actor.username} may not assign task {task.id}")
    if not assignee.may_work_on(task.candidate_role, task.territory, task.escalated_role):
        raise PermissionDenied(
            f"{assignee.username} does not hold role {task.candidate_role} "
            f"in territory {task.territory}"
        )
    now = ctx.clock.now()
    _move(
        conn,
        task,
        task.status,
        status=TaskStatus.CLAIMED,
        assignee=assignee.username,
        claimed_at=now,
    )
    action = "task_delegated" if holder == actor.username else "task_assigned"
    record(
        conn,
        now,
        actor.username,
        action,
        instance_id=task.instance_id,
        task_id=task.id,
        previous=holder,
        assignee=assignee.username,
    )


def complete(
    ctx: EngineContext, task_id: int, actor: Actor, data: dict[str, Any] | None = None
) -> Completed:
    """Complete a task with its form data and run the case to its next wait."""
    return retry_on_conflict(lambda: _complete_once(ctx, task_id, actor, dict(data or {})))


def _complete_once(
    ctx: EngineContext, task_id: int, actor: Actor, data: dict[str, Any]
) -> Completed:
    with write_connection(ctx.engine) as conn:
        task, case = fetch_task_and_case(conn, task_id)
        _check_live(task)
        if task.status is TaskStatus.CLAIMED and task.assignee != actor.username:
            if not actor.is_admin:
                raise Conflict(f"task {task_id} is claimed by {task.assignee}")
        elif not actor.may_work_on(task.candidate_role, task.territory, task.escalated_role):
            raise PermissionDenied(f"{actor.username} may not complete task {task_id}")
        answered = [name for name, value in data.items() if value is not None]
        if task.form_key and ctx.forms is not None:
            errors = ctx.forms.validate(task.form_key, data)
            if errors:
                raise FormInvalid(errors)
            # Optional fields left empty still exist for the model's conditions and scripts.
            for name in ctx.forms.field_names(task.form_key):
                data.setdefault(name, None)
        if case.status is not InstanceStatus.RUNNING:
            raise InvalidState(f"case {case.id} is {case.status.value}")
        spec = ctx.specs.get(conn, case.definition_id)
        workflow = load_workflow(ctx, conn, case, spec)
        step = spiff_task(workflow, task.spiff_task_id)
        if step is None or step.state != TaskState.READY:
            # Usually a concurrent completion committed between our two reads:
            # the task row, read again, says by whom.
            _check_live(fetch_task(conn, task_id))
            raise InvalidState(f"task {task_id} is no longer waiting in case {case.id}")
        before = snapshot(workflow).without(task.spiff_task_id)
        data_before = dict(step.data)
        step.data.update(data)
        with using_clock(ctx.clock):
            step.run()
        now = ctx.clock.now()
        _move(
            conn,
            task,
            task.status,
            status=TaskStatus.COMPLETED,
            completed_at=now,
            completed_by=actor.username,
            assignee=task.assignee or actor.username,
        )
        step_info = spec.steps.get(task.bpmn_id)
        if step_info is not None and step_info.sla is not None:
            close_task_clocks(conn, [task.id], now)
        record(
            conn,
            now,
            actor.username,
            "task_completed",
            instance_id=case.id,
            task_id=task.id,
            step=task.bpmn_id,
            changes=data_diff(data_before, step.data, answered),
        )
        advanced = settle(ctx, conn, case, workflow, origin_of(case, actor.username), before)
    if advanced.failure is not None:
        raise ProcessFailed(f"case {case.id} failed after task {task_id}: {advanced.failure}")
    remember(ctx, case, workflow)
    return Completed(task.id, case.id, advanced.status, advanced.new_task_ids)
