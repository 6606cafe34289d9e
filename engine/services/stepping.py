"""Run a workflow forward and mirror its READY human tasks into ``human_task``.

Shared by every service that moves a case: start, complete, resume.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.compaction import compact
from engine.models import HumanTask, InstanceStatus, ProcessInstance, TaskStatus
from engine.runtime import EngineContext, LoadedSpec
from engine.serializer import workflow_from_state, workflow_to_state
from engine.services.audit import record


@dataclass(frozen=True)
class Failure:
    """A model error met while running engine steps."""

    message: str


def load_workflow(ctx: EngineContext, instance: ProcessInstance, spec: LoadedSpec) -> Any:
    """The instance's live workflow: from the cache when current, else from its state."""
    workflow = ctx.workflows.take(instance.id, instance.lock_version)
    if workflow is None:
        workflow = workflow_from_state(
            instance.state, spec.spec, spec.subprocess_specs, ctx.script_engine
        )
    return workflow


def advance(
    ctx: EngineContext, session: Session, instance: ProcessInstance, workflow: Any, actor: str
) -> Failure | None:
    """Run engine steps, compact history, sync human tasks, store the new state."""
    failure: Failure | None = None
    try:
        workflow.do_engine_steps()
    except SpiffWorkflowException as exc:
        failure = Failure(_describe(exc))
    except Exception as exc:  # a model's script raised something Spiff did not wrap
        failure = Failure(f"{type(exc).__name__}: {exc}")
    compact(workflow)
    now = ctx.clock.now()
    spec = ctx.specs.get(session, instance.definition_id)
    _sync_human_tasks(session, instance, workflow, spec, now)
    if failure is not None:
        instance.status = InstanceStatus.FAILED
        instance.error = failure.message
        record(
            session, now, actor, "instance_failed", instance_id=instance.id, error=failure.message
        )
    elif workflow.completed:
        instance.status = InstanceStatus.COMPLETED
        instance.ended_at = now
        record(session, now, actor, "instance_completed", instance_id=instance.id)
    instance.state = workflow_to_state(workflow)
    return failure


def remember(ctx: EngineContext, instance: ProcessInstance, workflow: Any) -> None:
    """After commit: keep the workflow for the next call on this instance."""
    if instance.status in (InstanceStatus.RUNNING, InstanceStatus.SUSPENDED):
        ctx.workflows.put(instance.id, instance.lock_version, workflow)


def _sync_human_tasks(
    session: Session, instance: ProcessInstance, workflow: Any, spec: LoadedSpec, now: Any
) -> None:
    ready = {
        str(task.id): task
        for task in workflow.get_tasks(state=TaskState.READY)
        if task.task_spec.manual
    }
    open_rows = session.scalars(
        select(HumanTask).where(
            HumanTask.instance_id == instance.id,
            HumanTask.status.in_((TaskStatus.OPEN, TaskStatus.CLAIMED)),
        )
    ).all()
    known = set()
    for row in open_rows:
        known.add(row.spiff_task_id)
        if row.spiff_task_id not in ready:
            # Interrupted (boundary event, cancel): the step no longer waits for anyone.
            row.status = TaskStatus.CANCELLED
            row.completed_at = now
    for spiff_id, task in ready.items():
        if spiff_id in known:
            continue
        step = spec.steps.get(task.task_spec.bpmn_id)
        session.add(
            HumanTask(
                instance_id=instance.id,
                spiff_task_id=spiff_id,
                bpmn_id=task.task_spec.bpmn_id,
                title=step.title if step else (task.task_spec.bpmn_name or task.task_spec.bpmn_id),
                candidate_role=step.role if step else None,
                territory=instance.territory,
                status=TaskStatus.OPEN,
                priority=0,
                form_key=step.form_key if step else None,
                created_at=now,
                due_at=step.sla.deadline(now) if step and step.sla else None,
            )
        )


def spiff_task(workflow: Any, spiff_task_id: str) -> Any:
    return workflow.get_task_from_id(UUID(spiff_task_id))


def _describe(exc: SpiffWorkflowException) -> str:
    parts = [str(exc)]
    task = getattr(exc, "task", None)
    if task is not None:
        parts.append(f"(step {task.task_spec.bpmn_id})")
    notes = getattr(exc, "notes", None)
    if notes:
        parts.extend(notes)
    return " ".join(parts)
