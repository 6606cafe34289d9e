"""Helpers the process features share: reload cases, find a waiting step by its title."""

from __future__ import annotations

from engine.actors import Actor
from engine.runtime import EngineContext, WorkflowCache
from engine.services import queries

ADMIN = Actor("admin", frozenset({"admin"}))


def reload_from_database(ctx: EngineContext) -> EngineContext:
    """Forget live workflows: the next service call restores the case from the database."""
    ctx.workflows = WorkflowCache()
    return ctx


def open_task_titled(ctx: EngineContext, case_id: int, title: str) -> queries.TaskView:
    """The case's open task with this title; the failure lists what is open instead."""
    view = queries.show_instance(ctx, case_id, ADMIN)
    found = [task for task in view.open_tasks if task.title == title]
    assert found, (
        f"no open task {title!r}; open: {[t.title for t in view.open_tasks]} "
        f"(case {view.status.value})"
    )
    return found[0]
