"""Starting cases and changing their lifecycle: cancel, suspend, resume."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, cast

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Connection, Table, select

from engine.actors import Actor
from engine.db import write_connection
from engine.errors import InvalidState, NotFound, PermissionDenied, ProcessFailed
from engine.models import InstanceStatus, ProcessDefinition
from engine.runtime import EngineContext
from engine.services.audit import record
from engine.services.case_store import (
    CaseRow,
    cancel_tasks,
    fetch_case,
    insert_case,
    live_spiff_task_ids,
    save_case,
)
from engine.services.retry import retry_on_conflict
from engine.services.sla_clocks import NewClock, close_case_clock, close_task_clocks, open_clocks
from engine.services.stepping import NOTHING, advance, load_workflow, remember, snapshot
from engine.services.timer_jobs import retire_timer_jobs

DEFINITION = cast(Table, ProcessDefinition.__table__)


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
    initial = _initial_data(data, business_key, place_ref)
    territory = ctx.territory_of(place_ref)
    if not actor.serves(territory):
        raise PermissionDenied(f"{actor.username} does not serve territory {territory}")
    with write_connection(ctx.engine) as conn:
        latest = conn.execute(
            select(DEFINITION.c.id, DEFINITION.c.version)
            .where(DEFINITION.c.key == key)
            .order_by(DEFINITION.c.version.desc())
            .limit(1)
        ).first()
        if latest is None:
            raise NotFound(f"no process is deployed under the key {key!r}")
        definition_id, version = latest
        spec = ctx.specs.get(conn, definition_id)
        workflow = BpmnWorkflow(spec.spec, spec.subprocess_specs, script_engine=ctx.script_engine)
        workflow.task_tree.data.update(initial)
        for child in workflow.task_tree.children:
            child.data.update(initial)
        now = ctx.clock.now()
        case = insert_case(
            conn,
            definition_id=definition_id,
            process_key=key,
            business_key=business_key,
            place_ref=place_ref,
            territory=territory,
            status=InstanceStatus.RUNNING,
            started_by=actor.username,
            started_at=now,
        )
        if spec.process_sla is not None:
            open_clocks(
                conn,
                instance_id=case.id,
                process_key=key,
                territory=territory,
                clocks=[NewClock(None, None, spec.process_sla)],
                now=now,
            )
        record(
            conn,
            now,
            actor.username,
            "instance_started",
            instance_id=case.id,
            key=key,
            version=version,
            data=data or {},
        )
        advanced = advance(ctx, conn, case, workflow, actor.username, NOTHING)
    if advanced.failure is not None:
        raise ProcessFailed(f"case {case.id} failed: {advanced.failure}")
    remember(ctx, case, workflow)
    return Started(case.id, key, version, advanced.status, advanced.new_task_ids)


def _initial_data(
    data: dict[str, Any] | None, business_key: str | None, place_ref: str | None
) -> dict[str, Any]:
    # Round-trip through JSON: task data must be storable, and a caller's
    # mutable objects must not end up shared with the workflow.
    initial = dict(json.loads(json.dumps(data or {})))
    if business_key is not None:
        initial.setdefault("business_key", business_key)
    if place_ref is not None:
        initial.setdefault("place_ref", place_ref)
    return initial


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
            advanced = advance(ctx, conn, case, workflow, actor.username, before)
        if advanced.failure is not None:
            raise ProcessFailed(f"case {instance_id} failed again: {advanced.failure}")
        remember(ctx, case, workflow)
        return advanced.status

    return retry_on_conflict(attempt)
