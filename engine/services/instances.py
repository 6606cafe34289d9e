"""Starting cases and changing their lifecycle: cancel, suspend, resume."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Connection

from engine.actors import Actor
from engine.db import write_connection
from engine.errors import InvalidState, PermissionDenied, ProcessFailed
from engine.models import InstanceStatus
from engine.runtime import EngineContext
from engine.services.audit import record
from engine.services.case_store import (
    CaseRow,
    cancel_tasks,
    fetch_case,
    live_spiff_task_ids,
    save_case,
)
from engine.services.retry import retry_on_conflict
from engine.services.sla_clocks import close_case_clock, close_task_clocks
from engine.services.starting import Origin, origin_of, settle, start_case
from engine.services.stepping import load_workflow, remember, snapshot
from engine.services.timer_jobs import retire_timer_jobs


@dataclass(frozen=True)
class Started:
    """A new case: its id, the version it runs, its status and first tasks."""

    instance_id: int
    key: str
    version: int
    status: InstanceStatus
    task_ids: tuple[int, ...]


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
    territory = ctx.territory_of(place_ref)
    if not actor.serves(territory):
        raise PermissionDenied(f"{actor.username} does not serve territory {territory}")
    origin = Origin(actor.username, territory, place_ref, business_key)
    with write_connection(ctx.engine) as conn:
        started = start_case(ctx, conn, key, origin, dict(data or {}))
    advanced = started.advanced
    if advanced.failure is not None:
        raise ProcessFailed(f"case {started.case.id} failed: {advanced.failure}")
    remember(ctx, started.case, started.workflow)
    return Started(started.case.id, key, started.version, advanced.status, advanced.new_task_ids)


def _admin_case(conn: Connection, instance_id: int, actor: Actor, verb: str) -> CaseRow:
    case = fetch_case(conn, instance_id)
    if not actor.is_admin:
        raise PermissionDenied(f"only an administrator may {verb} a case")
    return case


def cancel_instance(
    ctx: EngineContext, instance_id: int, actor: Actor, reason: str | None = None
) -> InstanceStatus:
    """Stop a case for good; its open tasks are cancelled."""

    def attempt() -> InstanceStatus:
        with write_connection(ctx.engine) as conn:
            case = _admin_case(conn, instance_id, actor, "cancel")
            if case.status in (InstanceStatus.COMPLETED, InstanceStatus.CANCELLED):
                raise InvalidState(f"case {instance_id} is {case.status.value}")
            now = ctx.clock.now()
            cancelled = cancel_tasks(conn, case.id, live_spiff_task_ids(conn, case.id), now)
            close_task_clocks(conn, cancelled, now, cancelled=True)
            close_case_clock(conn, case.id, now, cancelled=True)
            retire_timer_jobs(conn, case.id)
            save_case(conn, case, status=InstanceStatus.CANCELLED, ended_at=now)
            record(
                conn, now, actor.username, "instance_cancelled", instance_id=case.id, reason=reason
            )
        ctx.workflows.discard(instance_id)
        return case.status

    return retry_on_conflict(attempt)


def suspend_instance(
    ctx: EngineContext, instance_id: int, actor: Actor, reason: str | None = None
) -> InstanceStatus:
    """Hold a case: none of its tasks can be completed until it is resumed."""

    def attempt() -> InstanceStatus:
        with write_connection(ctx.engine) as conn:
            case = _admin_case(conn, instance_id, actor, "suspend")
            if case.status is not InstanceStatus.RUNNING:
                raise InvalidState(f"case {instance_id} is {case.status.value}")
            save_case(conn, case, status=InstanceStatus.SUSPENDED)
            record(
                conn,
                ctx.clock.now(),
                actor.username,
                "instance_suspended",
                instance_id=case.id,
                reason=reason,
            )
        ctx.workflows.discard(instance_id)
        return case.status

    return retry_on_conflict(attempt)


def resume_instance(
    ctx: EngineContext, instance_id: int, actor: Actor, reason: str | None = None
) -> InstanceStatus:
    """Resume a suspended case, or retry a failed one from the step that failed."""

    def attempt() -> InstanceStatus:
        with write_connection(ctx.engine) as conn:
            case = _admin_case(conn, instance_id, actor, "resume")
            if case.status not in (InstanceStatus.SUSPENDED, InstanceStatus.FAILED):
                raise InvalidState(f"case {instance_id} is {case.status.value}")
            spec = ctx.specs.get(conn, case.definition_id)
            workflow = load_workflow(ctx, conn, case, spec)
            before = snapshot(workflow)
            for failed in workflow.get_tasks(state=TaskState.ERROR):
                failed._set_state(TaskState.READY)  # run the failed step again
            case.status = InstanceStatus.RUNNING
            record(
                conn,
                ctx.clock.now(),
                actor.username,
                "instance_resumed",
                instance_id=case.id,
                reason=reason,
            )
            advanced = settle(ctx, conn, case, workflow, origin_of(case, actor.username), before)
        if advanced.failure is not None:
            raise ProcessFailed(f"case {instance_id} failed again: {advanced.failure}")
        remember(ctx, case, workflow)
        return advanced.status

    return retry_on_conflict(attempt)
