"""Human task transitions: claim, unclaim, assign, delegate, complete.

Each is a guarded transition (open → claimed → completed) with a permission
check, in one transaction. Claims use a conditional UPDATE so two people
claiming at once cannot both win; completions also bump the instance's
version, so two completions of one case serialize and the loser retries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.util.task import TaskState
from sqlalchemy import update
from sqlalchemy.orm import Session

from engine.actors import Actor
from engine.db import write_session
from engine.errors import (
    Conflict,
    FormInvalid,
    InvalidState,
    NotFound,
    PermissionDenied,
    ProcessFailed,
)
from engine.models import HumanTask, InstanceStatus, TaskStatus
from engine.runtime import EngineContext
from engine.services.audit import data_diff, record
from engine.services.instances import get_instance
from engine.services.retry import retry_on_conflict
from engine.services.stepping import advance, load_workflow, remember, spiff_task

LIVE = (TaskStatus.OPEN, TaskStatus.CLAIMED)


@dataclass(frozen=True)
class Completed:
    """A finished task and where its case stands now."""

    task_id: int
    instance_id: int
    instance_status: InstanceStatus
    next_task_ids: tuple[int, ...]


def get_task(session: Session, task_id: int) -> HumanTask:
    task = session.get(HumanTask, task_id)
    if task is None:
        raise NotFound(f"task {task_id} does not exist")
    return task


def _live_task(session: Session, task_id: int) -> HumanTask:
    task = get_task(session, task_id)
    if task.status is TaskStatus.COMPLETED:
        raise Conflict(f"task {task_id} was already completed by {task.completed_by}")
    if task.status is TaskStatus.CANCELLED:
        raise Conflict(f"task {task_id} was cancelled")
    return task


def _guarded_update(session: Session, task: HumanTask, expected: TaskStatus, **values: Any) -> None:
    result = session.execute(
        update(HumanTask)
        .where(HumanTask.id == task.id, HumanTask.status == expected)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"task {task.id} was changed by someone else at the same time")
    session.refresh(task)


def claim(ctx: EngineContext, task_id: int, actor: Actor) -> None:
    """Take an open task of one of my roles in my territory."""
    with write_session(ctx.sessions) as session:
        task = _live_task(session, task_id)
        if task.status is TaskStatus.CLAIMED:
            if task.assignee == actor.username:
                return
            raise Conflict(f"task {task_id} is already claimed by {task.assignee}")
        if not actor.may_work_on(task.candidate_role, task.territory):
            raise PermissionDenied(f"{actor.username} may not take task {task_id}")
        now = ctx.clock.now()
        _guarded_update(
            session,
            task,
            TaskStatus.OPEN,
            status=TaskStatus.CLAIMED,
            assignee=actor.username,
            claimed_at=now,
        )
        record(
            session,
            now,
            actor.username,
            "task_claimed",
            instance_id=task.instance_id,
            task_id=task.id,
        )


def unclaim(ctx: EngineContext, task_id: int, actor: Actor) -> None:
    """Give a claimed task back to its role's queue."""
    with write_session(ctx.sessions) as session:
        task = _live_task(session, task_id)
        if task.status is not TaskStatus.CLAIMED:
            raise InvalidState(f"task {task_id} is not claimed")
        if task.assignee != actor.username and not actor.is_admin:
            raise PermissionDenied(f"task {task_id} is claimed by {task.assignee}")
        now = ctx.clock.now()
        _guarded_update(
            session,
            task,
            TaskStatus.CLAIMED,
            status=TaskStatus.OPEN,
            assignee=None,
            claimed_at=None,
        )
        record(
            session,
            now,
            actor.username,
            "task_unclaimed",
            instance_id=task.instance_id,
            task_id=task.id,
            previous=task.assignee,
        )


def assign(ctx: EngineContext, task_id: int, actor: Actor, assignee: Actor) -> None:
    """Give a task to a named person (admin or the current holder delegating)."""
    with write_session(ctx.sessions) as session:
        task = _live_task(session, task_id)
        holder = task.assignee
        if not (actor.is_admin or holder == actor.username):
            raise PermissionDenied(f"{actor.username} may not assign task {task_id}")
        if not assignee.may_work_on(task.candidate_role, task.territory):
            raise PermissionDenied(
                f"{assignee.username} does not hold role {task.candidate_role} "
                f"in territory {task.territory}"
            )
        now = ctx.clock.now()
        _guarded_update(
            session,
            task,
            task.status,
            status=TaskStatus.CLAIMED,
            assignee=assignee.username,
            claimed_at=now,
        )
        action = "task_delegated" if holder == actor.username else "task_assigned"
        record(
            session,
            now,
            actor.username,
            action,
            instance_id=task.instance_id,
            task_id=task.id,
            previous=holder,
            assignee=assignee.username,
        )


def delegate(ctx: EngineContext, task_id: int, actor: Actor, to: Actor) -> None:
    """The holder of a task hands it to a colleague who may work on it."""
    with write_session(ctx.sessions) as session:
        holder = _live_task(session, task_id).assignee
    if holder != actor.username:
        raise PermissionDenied(f"only the holder of task {task_id} may delegate it")
    assign(ctx, task_id, actor, to)


def complete(
    ctx: EngineContext, task_id: int, actor: Actor, data: dict[str, Any] | None = None
) -> Completed:
    """Complete a task with its form data and run the case to its next wait."""
    return retry_on_conflict(lambda: _complete_once(ctx, task_id, actor, dict(data or {})))


def _complete_once(
    ctx: EngineContext, task_id: int, actor: Actor, data: dict[str, Any]
) -> Completed:
    with write_session(ctx.sessions) as session:
        task = _live_task(session, task_id)
        if task.status is TaskStatus.CLAIMED and task.assignee != actor.username:
            if not actor.is_admin:
                raise Conflict(f"task {task_id} is claimed by {task.assignee}")
        elif not actor.may_work_on(task.candidate_role, task.territory):
            raise PermissionDenied(f"{actor.username} may not complete task {task_id}")
        if task.form_key and ctx.forms is not None:
            errors = ctx.forms.validate(task.form_key, data)
            if errors:
                raise FormInvalid(errors)
        instance = get_instance(session, task.instance_id)
        if instance.status is not InstanceStatus.RUNNING:
            raise InvalidState(f"case {instance.id} is {instance.status.value}")
        spec = ctx.specs.get(session, instance.definition_id)
        workflow = load_workflow(ctx, instance, spec)
        step = spiff_task(workflow, task.spiff_task_id)
        if step is None or step.state != TaskState.READY:
            raise InvalidState(f"task {task_id} is no longer waiting in case {instance.id}")
        before = dict(step.data)
        step.data.update(data)
        step.run()
        now = ctx.clock.now()
        _guarded_update(
            session,
            task,
            task.status,
            status=TaskStatus.COMPLETED,
            completed_at=now,
            completed_by=actor.username,
            assignee=task.assignee or actor.username,
        )
        record(
            session,
            now,
            actor.username,
            "task_completed",
            instance_id=instance.id,
            task_id=task.id,
            step=task.bpmn_id,
            changes=data_diff(before, step.data),
        )
        failure = advance(ctx, session, instance, workflow, actor.username)
        session.flush()
        next_ids = tuple(t.id for t in session.new if isinstance(t, HumanTask)) or _open_task_ids(
            session, instance.id
        )
    if failure is not None:
        raise ProcessFailed(f"case {instance.id} failed after task {task_id}: {failure.message}")
    remember(ctx, instance, workflow)
    return Completed(task.id, instance.id, instance.status, next_ids)


def _open_task_ids(session: Session, instance_id: int) -> tuple[int, ...]:
    from sqlalchemy import select

    return tuple(
        session.scalars(
            select(HumanTask.id).where(
                HumanTask.instance_id == instance_id, HumanTask.status.in_(LIVE)
            )
        )
    )
