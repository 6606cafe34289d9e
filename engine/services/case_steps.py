"""A case's steps: those done (with what each one recorded) and those waiting now.

The same reading feeds the case's diagram (element ids to mark) and its text alternative
(the ordered list of steps), so the drawing and the text never disagree. Steps are the
case's human tasks: a completed one is "done" with the data its completion changed (from
the audit entry), an open or claimed one is "current".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from engine.actors import Actor
from engine.db import read_session
from engine.models import AuditEntry, HumanTask, ProcessDefinition, TaskStatus
from engine.runtime import EngineContext
from engine.services.case_access import get_instance, visible_case

LIVE = (TaskStatus.OPEN, TaskStatus.CLAIMED)


@dataclass(frozen=True)
class DoneStep:
    task_id: int
    bpmn_id: str
    title: str
    form_key: str | None
    completed_at: datetime | None
    completed_by: str | None
    changes: dict[str, Any]


@dataclass(frozen=True)
class CurrentStep:
    task_id: int
    bpmn_id: str
    title: str
    status: TaskStatus
    assignee: str | None


@dataclass(frozen=True)
class CaseSteps:
    done: tuple[DoneStep, ...]
    current: tuple[CurrentStep, ...]


@dataclass(frozen=True)
class CaseDiagram:
    """The deployed version's BPMN XML and the elements to mark on it."""

    xml: str
    current: tuple[str, ...]
    done: tuple[str, ...]


def case_steps(ctx: EngineContext, instance_id: int, actor: Actor) -> CaseSteps:
    """Steps done (in completion order) and steps waiting, for someone who may see the case."""
    with read_session(ctx.sessions) as session:
        visible_case(session, instance_id, actor)
        tasks = list(
            session.scalars(
                select(HumanTask)
                .where(HumanTask.instance_id == instance_id)
                .order_by(HumanTask.completed_at, HumanTask.id)
            )
        )
        completions = session.execute(
            select(AuditEntry.task_id, AuditEntry.details).where(
                AuditEntry.instance_id == instance_id, AuditEntry.action == "task_completed"
            )
        ).all()
    changes = {task_id: _new_values(details) for task_id, details in completions}
    done = tuple(
        DoneStep(
            t.id,
            t.bpmn_id,
            t.title,
            t.form_key,
            t.completed_at,
            t.completed_by,
            changes.get(t.id, {}),
        )
        for t in tasks
        if t.status is TaskStatus.COMPLETED
    )
    current = tuple(
        CurrentStep(t.id, t.bpmn_id, t.title, t.status, t.assignee)
        for t in sorted(tasks, key=lambda t: t.id)
        if t.status in LIVE
    )
    return CaseSteps(done, current)


def case_diagram(ctx: EngineContext, instance_id: int, actor: Actor) -> CaseDiagram:
    """The XML of the version the case runs, with its current and completed step ids."""
    steps = case_steps(ctx, instance_id, actor)
    with read_session(ctx.sessions) as session:
        instance = get_instance(session, instance_id)
        xml = session.scalar(
            select(ProcessDefinition.xml).where(ProcessDefinition.id == instance.definition_id)
        )
    current = tuple(dict.fromkeys(s.bpmn_id for s in steps.current))
    done = tuple(dict.fromkeys(s.bpmn_id for s in steps.done if s.bpmn_id not in current))
    return CaseDiagram((xml or b"").decode("utf-8"), current, done)


def _new_values(details: str) -> dict[str, Any]:
    """``{field: new value}`` from a completion's ``changes`` ({field: {old, new}})."""
    try:
        recorded = json.loads(details).get("changes") or {}
    except (ValueError, AttributeError):
        return {}
    return {
        key: change.get("new") if isinstance(change, dict) else change
        for key, change in recorded.items()
    }
