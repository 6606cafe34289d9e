"""Opening, closing, pausing and resuming SLA clocks.

A clock opens with its task (or with its case, for a process-level SLA) and
closes with it: MET when finished in time, MISSED when late (how late is
kept), CANCELLED when the step was interrupted. Paused time does not count:
resuming moves the clock's warning and due instants by the pause's length.
The sweep that warns and escalates lives in ``sla_sweep``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Connection, Table, bindparam, insert, or_, select, update

from engine.actors import Actor
from engine.db import write_connection
from engine.errors import InvalidState, NotFound, PermissionDenied
from engine.models import LIVE_CLOCKS, ClockStatus, HumanTask, SlaClock
from engine.prepared import Prepared
from engine.runtime import EngineContext
from engine.services.audit import record
from workflows.roles import Role
from workflows.sla import SlaPolicy

CLOCK = cast(Table, SlaClock.__table__)
TASK = cast(Table, HumanTask.__table__)


def _live() -> ColumnElement[bool]:
    # Spelled out rather than IN (...): a prepared statement takes no expanding list.
    return or_(*(CLOCK.c.status == status for status in LIVE_CLOCKS))


_INSERT = Prepared(insert(CLOCK))
_LIVE_OF_TASK = Prepared(
    select(CLOCK.c.id, CLOCK.c.status, CLOCK.c.due_at, CLOCK.c.paused_at).where(
        CLOCK.c.task_id == bindparam("task_id"), _live()
    )
)
_LIVE_OF_CASE = Prepared(
    select(CLOCK.c.id, CLOCK.c.status, CLOCK.c.due_at, CLOCK.c.paused_at).where(
        CLOCK.c.instance_id == bindparam("case_id"), CLOCK.c.task_id.is_(None), _live()
    )
)
_CLOSE = Prepared(
    update(CLOCK)
    .where(CLOCK.c.id == bindparam("clock_id"), _live())
    .values(
        status=bindparam("v_status"),
        stopped_at=bindparam("v_stopped_at"),
        late_seconds=bindparam("v_late_seconds"),
    )
)


@dataclass(frozen=True)
class NewClock:
    """A clock to open: for a task (``task_id``) or for the whole case (None)."""

    task_id: int | None
    step: str | None
    policy: SlaPolicy


def open_clocks(
    conn: Connection,
    *,
    instance_id: int,
    process_key: str,
    territory: str | None,
    clocks: Sequence[NewClock],
    now: datetime,
) -> None:
    if not clocks:
        return
    _INSERT.execute_many(
        conn,
        [
            {
                "instance_id": instance_id,
                "task_id": clock.task_id,
                "process_key": process_key,
                "step": clock.step,
                "territory": territory,
                "duration": str(clock.policy.duration),
                "calendar": clock.policy.calendar,
                "warn_ratio": clock.policy.warn_at,
                "escalate_to": clock.policy.escalate_to.value if clock.policy.escalate_to else None,
                "status": ClockStatus.ON_TRACK,
                "started_at": now,
                "warn_at": clock.policy.warning_at(now),
                "due_at": clock.policy.deadline(now),
                "paused_at": None,
                "paused_seconds": 0,
                "warned_at": None,
                "breached_at": None,
                "breach_assignee": None,
                "escalation_level": 0,
                "stopped_at": None,
                "late_seconds": None,
            }
            for clock in clocks
        ],
    )


def close_task_clocks(
    conn: Connection, task_ids: Collection[int], now: datetime, *, cancelled: bool = False
) -> None:
    """Stop the clocks of finished (or interrupted) tasks."""
    rows = [
        row for task_id in sorted(task_ids) for row in _LIVE_OF_TASK.all(conn, {"task_id": task_id})
    ]
    _close(conn, rows, now, cancelled)


def close_case_clock(
    conn: Connection, instance_id: int, now: datetime, *, cancelled: bool = False
) -> None:
    _close(conn, _LIVE_OF_CASE.all(conn, {"case_id": instance_id}), now, cancelled)


def _close(conn: Connection, rows: Sequence[Any], now: datetime, cancelled: bool) -> None:
    if not rows:
        return
    params = []
    for clock_id, status, due_at, paused_at in rows:
        if paused_at is not None:
            due_at = due_at + (now - paused_at)  # the pause in progress does not count
        late = max(0, int((now - due_at).total_seconds()))
        if cancelled:
            outcome = ClockStatus.CANCELLED
        elif status is ClockStatus.BREACHED or late > 0:
            outcome = ClockStatus.MISSED
        else:
            outcome = ClockStatus.MET
        params.append(
            {
                "clock_id": clock_id,
                "v_status": outcome,
                "v_stopped_at": now,
                "v_late_seconds": None if cancelled else late,
            }
        )
    _CLOSE.execute_many(conn, params)


def pause_clock(ctx: EngineContext, clock_id: int, actor: Actor, reason: str) -> None:
    """Stop the clock while the office waits on someone else (tenant, contractor)."""
    with write_connection(ctx.engine) as conn:
        clock = _clock_for(conn, clock_id, actor)
        if clock.status not in (ClockStatus.ON_TRACK, ClockStatus.AT_RISK):
            raise InvalidState(f"SLA clock {clock_id} is {clock.status.value}")
        now = ctx.clock.now()
        conn.execute(
            update(CLOCK)
            .where(CLOCK.c.id == clock_id)
            .values(status=ClockStatus.PAUSED, paused_at=now)
        )
        record(
            conn,
            now,
            actor.username,
            "sla_paused",
            instance_id=clock.instance_id,
            task_id=clock.task_id,
            clock_id=clock_id,
            reason=reason,
        )


def resume_clock(ctx: EngineContext, clock_id: int, actor: Actor) -> None:
    """Restart a paused clock; its warning and due instants move by the pause."""
    with write_connection(ctx.engine) as conn:
        clock = _clock_for(conn, clock_id, actor)
        if clock.status is not ClockStatus.PAUSED or clock.paused_at is None:
            raise InvalidState(f"SLA clock {clock_id} is not paused")
        now = ctx.clock.now()
        pause = now - clock.paused_at
        status = ClockStatus.AT_RISK if clock.warned_at is not None else ClockStatus.ON_TRACK
        conn.execute(
            update(CLOCK)
            .where(CLOCK.c.id == clock_id)
            .values(
                status=status,
                paused_at=None,
                paused_seconds=clock.paused_seconds + int(pause.total_seconds()),
                warn_at=clock.warn_at + pause,
                due_at=clock.due_at + pause,
            )
        )
        record(
            conn,
            now,
            actor.username,
            "sla_resumed",
            instance_id=clock.instance_id,
            task_id=clock.task_id,
            clock_id=clock_id,
            paused_seconds=int(pause.total_seconds()),
        )


def _clock_for(conn: Connection, clock_id: int, actor: Actor) -> Any:
    clock = conn.execute(select(CLOCK).where(CLOCK.c.id == clock_id)).first()
    if clock is None:
        raise NotFound(f"SLA clock {clock_id} does not exist")
    holder = None
    role = None
    if clock.task_id is not None:
        task = conn.execute(
            select(TASK.c.assignee, TASK.c.candidate_role).where(TASK.c.id == clock.task_id)
        ).one()
        holder, role = task.assignee, task.candidate_role
    allowed = (
        actor.is_admin
        or (holder is not None and holder == actor.username)
        or (holder is None and actor.may_work_on(role, clock.territory))
        or (Role.TERRITORIAL_MANAGER.value in actor.roles and actor.serves(clock.territory))
    )
    if not allowed:
        raise PermissionDenied(f"{actor.username} may not pause or resume SLA clock {clock_id}")
    return clock
