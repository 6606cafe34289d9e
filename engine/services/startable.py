"""Which processes a person may start by hand.

The rule: a person may start a process when one of their roles owns one of its first human
steps, the ones reached from its start event before any other person's work (a caretaker
starts a repair request whose first step is the caretaker's report; a customer officer
registers a complaint). Administrators may start any process. Only the latest deployed
version of each process key is offered, as starting always runs that version.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from engine.actors import Actor
from engine.db import read_session
from engine.models import ProcessDefinition
from engine.runtime import EngineContext, LoadedSpec


@dataclass(frozen=True)
class Startable:
    key: str
    name: str
    version: int
    first_roles: frozenset[str]


def startable_processes(ctx: EngineContext, actor: Actor) -> list[Startable]:
    """The latest version of each process ``actor`` may start, by name."""
    latest = (
        select(ProcessDefinition.key, func.max(ProcessDefinition.version).label("version"))
        .group_by(ProcessDefinition.key)
        .subquery()
    )
    query = (
        select(ProcessDefinition.id, ProcessDefinition.key, ProcessDefinition.name)
        .join(
            latest,
            (latest.c.key == ProcessDefinition.key)
            & (latest.c.version == ProcessDefinition.version),
        )
        .order_by(ProcessDefinition.name, ProcessDefinition.key)
    )
    found: list[Startable] = []
    with read_session(ctx.sessions) as session:
        for definition_id, key, name in session.execute(query).all():
            spec = ctx.specs.get(session, definition_id)
            roles = first_roles(spec)
            if actor.is_admin or roles & actor.roles:
                found.append(Startable(key, name, spec.version, roles))
    return found


def may_start(ctx: EngineContext, actor: Actor, key: str) -> Startable | None:
    """The process ``key`` if ``actor`` may start it, else None (also for an unknown key)."""
    return next((p for p in startable_processes(ctx, actor) if p.key == key), None)


def first_roles(spec: LoadedSpec) -> frozenset[str]:
    """The roles of the first human steps reached from the process's start."""
    roles: set[str] = set()
    seen: set[str] = set()
    queue: deque[Any] = deque(spec.spec.start.outputs)
    while queue:
        task_spec = queue.popleft()
        if task_spec.name in seen:
            continue
        seen.add(task_spec.name)
        step = spec.steps.get(getattr(task_spec, "bpmn_id", None) or "")
        if getattr(task_spec, "manual", False) and step is not None:
            if step.role:
                roles.add(step.role)
            continue
        queue.extend(task_spec.outputs)
    return frozenset(roles)
