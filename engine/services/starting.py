"""Starting a case, and handing over from one case to another process.

A case hands over by throwing a BPMN message whose name is the key of a
deployed process: the engine starts that process on the same place, with the
message's payload as its data and ``handover_from`` naming the sender, in the
same transaction as the step that threw it. Every start sets
``handover_from`` (None when a person started the case), so a model can branch
on it right after its start event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, cast

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from sqlalchemy import Connection, Table, bindparam, select

from engine.errors import NotFound
from engine.models import InstanceStatus, ProcessDefinition
from engine.runtime import EngineContext
from engine.services.audit import record
from engine.services.case_store import CaseRow, insert_case
from engine.services.sla_clocks import NewClock, open_clocks
from engine.services.stepping import NOTHING, Advanced, Snapshot, advance

DEFINITION = cast(Table, ProcessDefinition.__table__)
MAX_HANDOVER_DEPTH = 5

_LATEST = (
    select(DEFINITION.c.id, DEFINITION.c.version)
    .where(DEFINITION.c.key == bindparam("key"))
    .order_by(DEFINITION.c.version.desc())
    .limit(1)
)


@dataclass(frozen=True)
class Origin:
    """Where a new case comes from: who started it, on which place."""

    actor: str
    territory: str | None
    place_ref: str | None
    business_key: str | None


def origin_of(case: CaseRow, actor: str) -> Origin:
    """A case's place, for the cases it hands over to."""
    return Origin(actor, case.territory, case.place_ref, case.business_key)


@dataclass(frozen=True)
class StartedCase:
    case: CaseRow
    workflow: Any
    version: int
    advanced: Advanced


def latest_definition(conn: Connection, key: str) -> tuple[int, int] | None:
    row = conn.execute(_LATEST, {"key": key}).first()
    return None if row is None else (row[0], row[1])


def start_case(
    ctx: EngineContext,
    conn: Connection,
    key: str,
    origin: Origin,
    data: dict[str, Any],
    *,
    handover_from: dict[str, Any] | None = None,
    depth: int = 0,
) -> StartedCase:
    """Create a case of the latest version of ``key`` and run it to its first wait."""
    latest = latest_definition(conn, key)
    if latest is None:
        raise NotFound(f"no process is deployed under the key {key!r}")
    definition_id, version = latest
    spec = ctx.specs.get(conn, definition_id)
    initial = _initial_data(data, origin, handover_from)
    workflow = BpmnWorkflow(spec.spec, spec.subprocess_specs, script_engine=ctx.script_engine)
    workflow.task_tree.data.update(initial)
    for child in workflow.task_tree.children:
        child.data.update(initial)
    now = ctx.clock.now()
    case = insert_case(
        conn,
        definition_id=definition_id,
        process_key=key,
        business_key=origin.business_key,
        place_ref=origin.place_ref,
        territory=origin.territory,
        status=InstanceStatus.RUNNING,
        started_by=origin.actor,
        started_at=now,
    )
    if spec.process_sla is not None:
        open_clocks(
            conn,
            instance_id=case.id,
            process_key=key,
            territory=origin.territory,
            clocks=[NewClock(None, None, spec.process_sla)],
            now=now,
        )
    record(
        conn,
        now,
        origin.actor,
        "instance_started",
        instance_id=case.id,
        key=key,
        version=version,
        data=data,
        handover_from=handover_from,
    )
    advanced = settle(ctx, conn, case, workflow, origin, NOTHING, depth=depth)
    return StartedCase(case, workflow, version, advanced)


def settle(
    ctx: EngineContext,
    conn: Connection,
    case: CaseRow,
    workflow: Any,
    origin: Origin,
    before: Snapshot,
    *,
    depth: int = 0,
) -> Advanced:
    """Advance the case, then start the processes its thrown messages hand over to."""
    advanced = advance(ctx, conn, case, workflow, origin.actor, before)
    for event in workflow.get_events():
        definition = event.event_definition
        if not isinstance(definition, MessageEventDefinition):
            continue
        _hand_over(ctx, conn, case, definition.name, event.payload, origin, depth)
    return advanced


def _hand_over(
    ctx: EngineContext,
    conn: Connection,
    case: CaseRow,
    message: str,
    payload: Any,
    origin: Origin,
    depth: int,
) -> None:
    now = ctx.clock.now()
    if depth >= MAX_HANDOVER_DEPTH or latest_definition(conn, message) is None:
        reason = "too many handovers in a row" if depth >= MAX_HANDOVER_DEPTH else "no such process"
        record(
            conn,
            now,
            origin.actor,
            "message_unrouted",
            instance_id=case.id,
            message=message,
            reason=reason,
        )
        return
    data = payload if isinstance(payload, dict) else {"payload": payload}
    sender = {"case": case.id, "process": case_process_key(conn, case)}
    started = start_case(ctx, conn, message, origin, data, handover_from=sender, depth=depth + 1)
    record(
        conn,
        now,
        origin.actor,
        "handed_over",
        instance_id=case.id,
        to_case=started.case.id,
        process=message,
    )


def case_process_key(conn: Connection, case: CaseRow) -> str:
    key: str = conn.execute(
        select(DEFINITION.c.key).where(DEFINITION.c.id == case.definition_id)
    ).scalar_one()
    return key


def _initial_data(
    data: dict[str, Any], origin: Origin, handover_from: dict[str, Any] | None
) -> dict[str, Any]:
    # Round-trip through JSON: task data must be storable, and a caller's
    # mutable objects must not end up shared with the workflow.
    initial = dict(json.loads(json.dumps(data)))
    if origin.business_key is not None:
        initial.setdefault("business_key", origin.business_key)
    if origin.place_ref is not None:
        initial.setdefault("place_ref", origin.place_ref)
    initial["handover_from"] = handover_from
    return initial
