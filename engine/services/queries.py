"""Read-side: inbox listings and an instance's history, straight from tables."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from SpiffWorkflow.util.task import TaskState
from sqlalchemy import ColumnElement, and_, or_, select

from engine.actors import Actor
from engine.db import read_session
from engine.models import AuditEntry, HumanTask, InstanceStatus, TaskStatus
from engine.runtime import EngineContext
from engine.serializer import workflow_from_state
from engine.services.case_access import visible_case


@dataclass(frozen=True)
class TaskView:
    id: int
    instance_id: int
    bpmn_id: str
    title: str
    candidate_role: str | None
    territory: str | None
    assignee: str | None
    status: TaskStatus
    form_key: str | None
    created_at: datetime
    due_at: datetime | None
    escalated_role: str | None = None


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    task_id: int | None
    details: dict[str, Any]


@dataclass(frozen=True)
class InstanceView:
    id: int
    key: str
    version: int
    business_key: str | None
    place_ref: str | None
    territory: str | None
    status: InstanceStatus
    error: str | None
    started_at: datetime
    ended_at: datetime | None
    open_tasks: tuple[TaskView, ...]
    history: tuple[HistoryEntry, ...]


def _view(task: HumanTask) -> TaskView:
    return TaskView(
        task.id,
        task.instance_id,
        task.bpmn_id,
        task.title,
        task.candidate_role,
        task.territory,
        task.assignee,
        task.status,
        task.form_key,
        task.created_at,
        task.due_at,
        task.escalated_role,
    )


def list_tasks(
    ctx: EngineContext,
    *,
    actor: Actor | None = None,
    role: str | None = None,
    assignee: str | None = None,
    include_done: bool = False,
    limit: int = 200,
) -> list[TaskView]:
    """Open tasks an actor may see: claimed by them, or offered to their roles here.

    A task is offered to its candidate role and, once its SLA is breached, to
    the escalation role too (``escalated_role``).
    """
    query = select(HumanTask)
    if not include_done:
        query = query.where(HumanTask.status.in_((TaskStatus.OPEN, TaskStatus.CLAIMED)))
    if role is not None:
        query = query.where(or_(HumanTask.candidate_role == role, HumanTask.escalated_role == role))
    if assignee is not None:
        query = query.where(HumanTask.assignee == assignee)
    if actor is not None and not actor.is_admin:
        roles = sorted(actor.roles)
        offered: ColumnElement[bool] = or_(
            HumanTask.candidate_role.in_(roles), HumanTask.escalated_role.in_(roles)
        )
        if actor.territory is not None:
            offered = and_(
                offered,
                or_(HumanTask.territory == actor.territory, HumanTask.territory.is_(None)),
            )
        query = query.where(or_(HumanTask.assignee == actor.username, offered))
    query = query.order_by(HumanTask.due_at.is_(None), HumanTask.due_at, HumanTask.id).limit(limit)
    with read_session(ctx.sessions) as session:
        return [_view(task) for task in session.scalars(query)]


def show_instance(ctx: EngineContext, instance_id: int, actor: Actor) -> InstanceView:
    """A case's status, open tasks and full audit history."""
    with read_session(ctx.sessions) as session:
        instance = visible_case(session, instance_id, actor)
        definition_version = ctx.specs.get(session, instance.definition_id).version
        tasks = session.scalars(
            select(HumanTask)
            .where(
                HumanTask.instance_id == instance_id,
                HumanTask.status.in_((TaskStatus.OPEN, TaskStatus.CLAIMED)),
            )
            .order_by(HumanTask.id)
        )
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.instance_id == instance_id).order_by(AuditEntry.id)
        )
        return InstanceView(
            instance.id,
            instance.process_key,
            definition_version,
            instance.business_key,
            instance.place_ref,
            instance.territory,
            instance.status,
            instance.error,
            instance.started_at,
            instance.ended_at,
            tuple(_view(t) for t in tasks),
            tuple(
                HistoryEntry(e.at, e.actor, e.action, e.task_id, json.loads(e.details))
                for e in entries
            ),
        )


def case_data(ctx: EngineContext, instance_id: int, actor: Actor) -> dict[str, Any]:
    """The case's current data: its last step's, updated with what its waiting steps see."""
    with read_session(ctx.sessions) as session:
        instance = visible_case(session, instance_id, actor)
        spec = ctx.specs.get(session, instance.definition_id)
        workflow = workflow_from_state(
            instance.state, spec.spec, spec.subprocess_specs, ctx.script_engine
        )
    waiting = [t for t in workflow.get_tasks(state=TaskState.READY) if t.task_spec.manual]
    data: dict[str, Any] = {}
    # Branches carry their own data: the last step run, then what waiting steps see.
    for task in [workflow.last_task, *waiting]:
        if task is not None:
            data.update(task.data)
    return data


