"""Searching human tasks for the API: filters, visibility, keyset pagination.

The visibility rule is the inbox's (``queries.list_tasks``): an admin sees every
task; anyone else sees the tasks they hold and those offered to one of their roles
(or escalated to it) in their territory. Pages follow the inbox order (due first,
no due date last, then by id) and resume after the last task seen, so a page is
stable while tasks are added or completed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select

from engine.actors import Actor
from engine.db import read_session
from engine.errors import NotFound, PermissionDenied
from engine.models import ClockStatus, HumanTask, ProcessInstance, SlaClock, TaskStatus
from engine.runtime import EngineContext

LIVE_TASKS = (TaskStatus.OPEN, TaskStatus.CLAIMED)


@dataclass(frozen=True)
class TaskFilter:
    mine: bool = False
    role: str | None = None
    status: TaskStatus | None = None
    sla_status: ClockStatus | None = None
    due_before: datetime | None = None
    place: str | None = None


@dataclass(frozen=True)
class After:
    """Where the previous page stopped: its last task's due instant and id."""

    due_at: datetime | None
    task_id: int


@dataclass(frozen=True)
class TaskItem:
    id: int
    instance_id: int
    process_key: str
    business_key: str | None
    place_ref: str | None
    bpmn_id: str
    title: str
    candidate_role: str | None
    escalated_role: str | None
    territory: str | None
    assignee: str | None
    status: TaskStatus
    form_key: str | None
    created_at: datetime
    due_at: datetime | None
    completed_at: datetime | None
    sla_status: ClockStatus | None
    sla_due_at: datetime | None


_COLUMNS = (
    HumanTask,
    ProcessInstance.process_key,
    ProcessInstance.business_key,
    ProcessInstance.place_ref,
    SlaClock.status,
    SlaClock.due_at,
)


def search_tasks(
    ctx: EngineContext,
    actor: Actor,
    filters: TaskFilter,
    *,
    limit: int,
    after: After | None = None,
) -> tuple[list[TaskItem], After | None]:
    """One page of the tasks ``actor`` may see, and where the next page starts (or None)."""
    query = (
        select(*_COLUMNS)
        .join(ProcessInstance, ProcessInstance.id == HumanTask.instance_id)
        .outerjoin(SlaClock, SlaClock.task_id == HumanTask.id)
    )
    if filters.status is None:
        query = query.where(HumanTask.status.in_(LIVE_TASKS))
    else:
        query = query.where(HumanTask.status == filters.status)
    if filters.mine:
        query = query.where(HumanTask.assignee == actor.username)
    if filters.role is not None:
        query = query.where(
            or_(HumanTask.candidate_role == filters.role, HumanTask.escalated_role == filters.role)
        )
    if filters.sla_status is not None:
        query = query.where(SlaClock.status == filters.sla_status)
    if filters.due_before is not None:
        query = query.where(HumanTask.due_at < filters.due_before)
    if filters.place is not None:
        query = query.where(ProcessInstance.place_ref == filters.place)
    if not actor.is_admin:
        query = query.where(_visible_to(actor))
    if after is not None:
        if after.due_at is None:
            query = query.where(HumanTask.due_at.is_(None), HumanTask.id > after.task_id)
        else:
            query = query.where(
                or_(
                    HumanTask.due_at > after.due_at,
                    and_(HumanTask.due_at == after.due_at, HumanTask.id > after.task_id),
                    HumanTask.due_at.is_(None),
                )
            )
    query = query.order_by(HumanTask.due_at.is_(None), HumanTask.due_at, HumanTask.id)
    with read_session(ctx.sessions) as session:
        rows = session.execute(query.limit(limit + 1)).all()
    items = [_item(*row) for row in rows[:limit]]
    more = len(rows) > limit and items
    return items, After(items[-1].due_at, items[-1].id) if more else None


def get_task(ctx: EngineContext, task_id: int, actor: Actor) -> TaskItem:
    """One task, for someone who may see its case (their territory, or everywhere)."""
    query = (
        select(*_COLUMNS)
        .join(ProcessInstance, ProcessInstance.id == HumanTask.instance_id)
        .outerjoin(SlaClock, SlaClock.task_id == HumanTask.id)
        .where(HumanTask.id == task_id)
    )
    with read_session(ctx.sessions) as session:
        row = session.execute(query).first()
    if row is None:
        raise NotFound(f"task {task_id} does not exist")
    item = _item(*row)
    if not actor.serves(item.territory):
        raise PermissionDenied(f"task {task_id} belongs to another territory")
    return item


def _visible_to(actor: Actor) -> ColumnElement[bool]:
    roles = sorted(actor.roles)
    offered: ColumnElement[bool] = or_(
        HumanTask.candidate_role.in_(roles), HumanTask.escalated_role.in_(roles)
    )
    if actor.territory is not None:
        offered = and_(
            offered, or_(HumanTask.territory == actor.territory, HumanTask.territory.is_(None))
        )
    return or_(HumanTask.assignee == actor.username, offered)


def _item(
    task: HumanTask,
    process_key: str,
    business_key: str | None,
    place_ref: str | None,
    sla_status: ClockStatus | None,
    sla_due_at: datetime | None,
) -> TaskItem:
    return TaskItem(
        task.id,
        task.instance_id,
        process_key,
        business_key,
        place_ref,
        task.bpmn_id,
        task.title,
        task.candidate_role,
        task.escalated_role,
        task.territory,
        task.assignee,
        task.status,
        task.form_key,
        task.created_at,
        task.due_at,
        task.completed_at,
        sla_status,
        sla_due_at,
    )
