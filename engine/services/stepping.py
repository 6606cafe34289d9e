"""Run a workflow forward and mirror its READY human tasks into ``human_task``.

Shared by every service that moves a case: start, complete, resume. The
human tasks waiting before the step are known from the workflow itself, so
the mirror is a diff (insert the new ones, cancel the interrupted ones), not
a re-read of the table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.specs.mixins.none_task import NoneTask
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Connection

from engine.clock import using_clock
from engine.compaction import compact
from engine.models import InstanceStatus, TaskStatus
from engine.runtime import EngineContext, LoadedSpec
from engine.serializer import workflow_from_state, workflow_to_state
from engine.services.audit import record
from engine.services.case_store import (
    CaseRow,
    cancel_tasks,
    fetch_state,
    insert_tasks,
    save_case,
)
from engine.services.sla_clocks import (
    NewClock,
    close_case_clock,
    close_task_clocks,
    open_clocks,
)
from engine.services.timer_jobs import sync_timer_jobs, timer_due
from workflows.roles import Role

MAX_ROUNDS = 1_000


@dataclass(frozen=True)
class Snapshot:
    """What a case waited on before a step: people (task ids) and timers (due instants)."""

    steps: frozenset[str]
    timers: Mapping[str, datetime]

    def without(self, spiff_task_id: str) -> Snapshot:
        return Snapshot(self.steps - {spiff_task_id}, self.timers)


NOTHING = Snapshot(frozenset(), {})


@dataclass(frozen=True)
class Frontier:
    """What a workflow waits on now, read in one walk of its task tree."""

    steps: dict[str, Any]
    """READY steps that wait for a person, by Spiff task id (in tree order)."""
    timers: dict[str, datetime]
    """Due instant of each timer event waited on, by Spiff task id."""
    engine_work: list[Any]
    """READY tasks nobody does: engine steps Spiff left, plain ``bpmn:task``s."""


def frontier(workflow: Any) -> Frontier:
    steps: dict[str, Any] = {}
    timers: dict[str, datetime] = {}
    engine_work: list[Any] = []
    for task in workflow.get_tasks(state=TaskState.READY | TaskState.WAITING):
        if task.state == TaskState.READY:
            if task.task_spec.manual and not isinstance(task.task_spec, NoneTask):
                steps[str(task.id)] = task
            else:
                engine_work.append(task)
        elif (due := timer_due(task)) is not None:
            timers[str(task.id)] = due
    return Frontier(steps, timers, engine_work)


def snapshot(workflow: Any) -> Snapshot:
    now = frontier(workflow)
    return Snapshot(frozenset(now.steps), now.timers)


@dataclass(frozen=True)
class Advanced:
    """Where a case stands after a step."""

    status: InstanceStatus
    failure: str | None
    new_task_ids: tuple[int, ...]


def waiting_steps(workflow: Any) -> dict[str, Any]:
    """READY steps that wait for a person, by Spiff task id."""
    return frontier(workflow).steps


def load_workflow(ctx: EngineContext, conn: Connection, case: CaseRow, spec: LoadedSpec) -> Any:
    """The case's live workflow: from the cache when current, else from its stored state."""
    workflow = ctx.workflows.take(case.id, case.lock_version)
    if workflow is None:
        workflow = workflow_from_state(
            fetch_state(conn, case.id), spec.spec, spec.subprocess_specs, ctx.script_engine
        )
    return workflow


def advance(
    ctx: EngineContext,
    conn: Connection,
    case: CaseRow,
    workflow: Any,
    actor: str,
    before: Snapshot,
) -> Advanced:
    """Run engine steps, compact history, mirror human tasks and timers, save the state."""
    with using_clock(ctx.clock):
        failure, settled = _run_engine_steps(workflow)
    # Compaction only splices completed tasks out: what the case waits on is unchanged.
    compact(workflow)
    after = settled or frontier(workflow)
    now = ctx.clock.now()
    spec = ctx.specs.get(conn, case.definition_id)
    waiting = after.steps
    interrupted = cancel_tasks(conn, case.id, before.steps - set(waiting), now)
    close_task_clocks(conn, interrupted, now, cancelled=True)
    fresh = [(spiff_id, task) for spiff_id, task in waiting.items() if spiff_id not in before.steps]
    route = _router(ctx, case)
    new_ids = insert_tasks(
        conn, [_task_row(case, sid, task, spec, now, route) for sid, task in fresh]
    )
    open_clocks(
        conn,
        instance_id=case.id,
        process_key=spec.key,
        territory=case.territory,
        clocks=[
            NewClock(task_id, bpmn_id, step.sla)
            for task_id, (_, task) in zip(new_ids, fresh, strict=True)
            if (step := spec.steps.get(bpmn_id := task.task_spec.bpmn_id)) and step.sla
        ],
        now=now,
    )
    sync_timer_jobs(conn, case.id, before.timers, after.timers, now)
    values: dict[str, Any] = {"status": case.status, "error": None}
    if failure is not None:
        values.update(status=InstanceStatus.FAILED, error=failure)
        record(conn, now, actor, "instance_failed", instance_id=case.id, error=failure)
    elif workflow.completed:
        values.update(status=InstanceStatus.COMPLETED, ended_at=now)
        close_case_clock(conn, case.id, now)
        record(conn, now, actor, "instance_completed", instance_id=case.id)
    save_case(conn, case, state=workflow_to_state(workflow), **values)
    return Advanced(case.status, failure, tuple(new_ids))


def remember(ctx: EngineContext, case: CaseRow, workflow: Any) -> None:
    """After commit: keep the workflow for the next call on this case."""
    if case.status in (InstanceStatus.RUNNING, InstanceStatus.SUSPENDED):
        ctx.workflows.put(case.id, case.lock_version, workflow)


def spiff_task(workflow: Any, spiff_task_id: str) -> Any:
    return workflow.get_task_from_id(UUID(spiff_task_id))


def _run_engine_steps(workflow: Any) -> tuple[str | None, Frontier | None]:
    """Run until only people or future timers are awaited: (failure, what it waits on).

    Spiff refreshes timers at the end of its engine steps, so a timer that has
    just come due is READY afterwards: go round again. A plain ``bpmn:task``
    has nobody to do it and passes through.
    """
    try:
        for _ in range(MAX_ROUNDS):
            workflow.do_engine_steps()
            settled = frontier(workflow)
            if not settled.engine_work:
                return None, settled
            for task in settled.engine_work:
                if isinstance(task.task_spec, NoneTask):
                    task.run()
        return f"the process did not settle after {MAX_ROUNDS} rounds of engine steps", None
    except SpiffWorkflowException as exc:
        return _describe(exc), None
    except Exception as exc:  # a model's script raised something Spiff did not wrap
        return f"{type(exc).__name__}: {exc}", None


def _router(ctx: EngineContext, case: CaseRow) -> Callable[[str | None], str | None]:
    """Who gets a new step directly: the building's caretaker for caretaker steps.

    Other steps are offered to their role's people in the case's territory.
    """
    caretaker: list[str | None] = []

    def route(role: str | None) -> str | None:
        if role != Role.CARETAKER.value:
            return None
        if not caretaker:
            caretaker.append(ctx.caretaker_for(case.place_ref))
        return caretaker[0]

    return route


def _task_row(
    case: CaseRow,
    spiff_id: str,
    task: Any,
    spec: LoadedSpec,
    now: datetime,
    route: Callable[[str | None], str | None],
) -> dict[str, Any]:
    bpmn_id = task.task_spec.bpmn_id
    step = spec.steps.get(bpmn_id)
    assignee = route(step.role if step else None)
    return {
        "instance_id": case.id,
        "spiff_task_id": spiff_id,
        "bpmn_id": bpmn_id,
        "title": step.title if step else (task.task_spec.bpmn_name or bpmn_id),
        "candidate_role": step.role if step else None,
        "territory": case.territory,
        "assignee": assignee,
        "status": TaskStatus.CLAIMED if assignee else TaskStatus.OPEN,
        "priority": 0,
        "form_key": step.form_key if step else None,
        "created_at": now,
        "claimed_at": now if assignee else None,
        "completed_at": None,
        "completed_by": None,
        "due_at": step.sla.deadline(now) if step and step.sla else None,
    }


def _describe(exc: SpiffWorkflowException) -> str:
    parts = [str(exc)]
    task = getattr(exc, "task", None)
    if task is not None:
        parts.append(f"(step {task.task_spec.bpmn_id})")
    notes = getattr(exc, "notes", None)
    if notes:
        parts.extend(notes)
    return " ".join(parts)
