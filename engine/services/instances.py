"""Starting cases and changing their lifecycle: cancel, suspend, resume."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.actors import Actor
from engine.db import write_session
from engine.errors import InvalidState, NotFound, PermissionDenied, ProcessFailed
from engine.models import HumanTask, InstanceStatus, ProcessDefinition, ProcessInstance, TaskStatus
from engine.runtime import EngineContext
from engine.services.audit import record
from engine.services.retry import retry_on_conflict
from engine.services.stepping import advance, load_workflow, remember


@dataclass(frozen=True)
class Started:
    """A new case: its id, the version it runs, and its status after the first steps."""

    instance_id: int
    key: str
    version: int
    status: InstanceStatus


def start_instance(
    ctx: EngineContext,
    key: str,
    actor: Actor,
    *,
    business_key: str | None = None,
    place_ref: str | None = None,
    data: dict[str, Any] | None = None,
) -> Started:
    """Start a case on the latest version of ``key`` and run it to its first wait."""
    with write_session(ctx.sessions) as session:
        definition = session.scalars(
            select(ProcessDefinition)
            .where(ProcessDefinition.key == key)
            .order_by(ProcessDefinition.version.desc())
            .limit(1)
        ).first()
        if definition is None:
            raise NotFound(f"no process is deployed under the key {key!r}")
        territory = ctx.territory_of(place_ref)
        if not actor.serves(territory):
            raise PermissionDenied(f"{actor.username} does not serve territory {territory}")
        spec = ctx.specs.get(session, definition.id)
        workflow = BpmnWorkflow(spec.spec, spec.subprocess_specs, script_engine=ctx.script_engine)
        workflow.data.update(_initial_data(data, business_key, place_ref))
        workflow.task_tree.data.update(workflow.data)
        for child in workflow.task_tree.children:
            child.data.update(workflow.data)
        now = ctx.clock.now()
        instance = ProcessInstance(
            definition_id=definition.id,
            process_key=definition.key,
            business_key=business_key,
            place_ref=place_ref,
            territory=territory,
            status=InstanceStatus.RUNNING,
            state="",
            started_by=actor.username,
            started_at=now,
        )
        session.add(instance)
        session.flush()
        record(
            session,
            now,
            actor.username,
            "instance_started",
            instance_id=instance.id,
            key=key,
            version=definition.version,
            data=data or {},
        )
        failure = advance(ctx, session, instance, workflow, actor.username)
    if failure is not None:
        raise ProcessFailed(f"case {instance.id} failed: {failure.message}")
    remember(ctx, instance, workflow)
    return Started(instance.id, definition.key, definition.version, instance.status)


def _initial_data(
    data: dict[str, Any] | None, business_key: str | None, place_ref: str | None
) -> dict[str, Any]:
    initial = dict(data or {})
    # Round-trip through JSON: task data must be storable, and a caller's
    # mutable objects must not end up shared with the workflow.
    initial = dict(json.loads(json.dumps(initial)))
    if business_key is not None:
        initial.setdefault("business_key", business_key)
    if place_ref is not None:
        initial.setdefault("place_ref", place_ref)
    return initial


def _lifecycle(
    ctx: EngineContext,
    instance_id: int,
    actor: Actor,
    allowed: tuple[InstanceStatus, ...],
    target: InstanceStatus,
    action: str,
    reason: str | None,
) -> InstanceStatus:
    with write_session(ctx.sessions) as session:
        instance = get_instance(session, instance_id)
        if not actor.is_admin:
            raise PermissionDenied(f"only an administrator may {action.split('_')[1]} a case")
        if instance.status not in allowed:
            raise InvalidState(f"case {instance_id} is {instance.status.value}")
        now = ctx.clock.now()
        instance.status = target
        if target is InstanceStatus.CANCELLED:
            instance.ended_at = now
            for task in _open_tasks(session, instance_id):
                task.status = TaskStatus.CANCELLED
                task.completed_at = now
        record(session, now, actor.username, action, instance_id=instance_id, reason=reason)
    ctx.workflows.discard(instance_id)
    return target


def cancel_instance(
    ctx: EngineContext, instance_id: int, actor: Actor, reason: str | None = None
) -> InstanceStatus:
    live = (InstanceStatus.RUNNING, InstanceStatus.SUSPENDED, InstanceStatus.FAILED)
    return retry_on_conflict(
        lambda: _lifecycle(
            ctx, instance_id, actor, live, InstanceStatus.CANCELLED, "instance_cancelled", reason
        )
    )


def suspend_instance(
    ctx: EngineContext, instance_id: int, actor: Actor, reason: str | None = None
) -> InstanceStatus:
    return retry_on_conflict(
        lambda: _lifecycle(
            ctx,
            instance_id,
            actor,
            (InstanceStatus.RUNNING,),
            InstanceStatus.SUSPENDED,
            "instance_suspended",
            reason,
        )
    )


def resume_instance(
    ctx: EngineContext, instance_id: int, actor: Actor, reason: str | None = None
) -> InstanceStatus:
    """Resume a suspended case, or retry a failed one from where it stopped."""

    def attempt() -> InstanceStatus:
        with write_session(ctx.sessions) as session:
            instance = get_instance(session, instance_id)
            if not actor.is_admin:
                raise PermissionDenied("only an administrator may resume a case")
            if instance.status not in (InstanceStatus.SUSPENDED, InstanceStatus.FAILED):
                raise InvalidState(f"case {instance_id} is {instance.status.value}")
            spec = ctx.specs.get(session, instance.definition_id)
            workflow = load_workflow(ctx, instance, spec)
            was_failed = instance.status is InstanceStatus.FAILED
            instance.status = InstanceStatus.RUNNING
            instance.error = None
            record(
                session,
                ctx.clock.now(),
                actor.username,
                "instance_resumed",
                instance_id=instance_id,
                reason=reason,
            )
            if was_failed:
                for task in workflow.get_tasks(state=TaskState.ERROR):
                    task._set_state(TaskState.READY)  # run the failed step again
            failure = advance(ctx, session, instance, workflow, actor.username)
        if failure is not None:
            raise ProcessFailed(f"case {instance_id} failed again: {failure.message}")
        remember(ctx, instance, workflow)
        return instance.status

    return retry_on_conflict(attempt)


def get_instance(session: Session, instance_id: int) -> ProcessInstance:
    instance = session.get(ProcessInstance, instance_id)
    if instance is None:
        raise NotFound(f"case {instance_id} does not exist")
    return instance


def _open_tasks(session: Session, instance_id: int) -> list[HumanTask]:
    return list(
        session.scalars(
            select(HumanTask).where(
                HumanTask.instance_id == instance_id,
                HumanTask.status.in_((TaskStatus.OPEN, TaskStatus.CLAIMED)),
            )
        )
    )
