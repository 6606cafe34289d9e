"""Firing due BPMN timers from the job table: locked, retried, never twice.

Each due job is taken in its own transaction under ``SELECT … FOR UPDATE SKIP
LOCKED`` (on SQLite, ``BEGIN IMMEDIATE`` already serializes writers), the
case moves on and the job is retired in that same transaction: a worker
killed halfway rolls everything back and another worker takes the job. A job
that fails is retried with exponential backoff, then left DEAD with its error
until an administrator retries it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from engine.actors import SYSTEM, Actor
from engine.clock import using_clock
from engine.db import write_connection
from engine.errors import InvalidState, NotFound, PermissionDenied
from engine.models import InstanceStatus, JobStatus
from engine.runtime import EngineContext
from engine.services.audit import record
from engine.services.case_store import VersionConflict, fetch_case
from engine.services.starting import origin_of, settle
from engine.services.stepping import load_workflow, remember, snapshot, spiff_task
from engine.services.timer_jobs import JOB, TIMER, waiting_timers

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BASE_BACKOFF = timedelta(seconds=30)
SUSPENDED_RECHECK = timedelta(minutes=5)

_CLAIM = (
    select(JOB.c.id, JOB.c.instance_id, JOB.c.target)
    .where(JOB.c.status == JobStatus.PENDING, JOB.c.kind == TIMER, JOB.c.due_at < bindparam("now"))
    .order_by(JOB.c.due_at)
    .limit(1)
    .with_for_update(skip_locked=True)
)
_SET = update(JOB).where(JOB.c.id == bindparam("job_id"))


class TimerNotDue(Exception):
    """SpiffWorkflow did not fire a timer the job table said was due."""


@dataclass(frozen=True)
class _Claimed:
    id: int
    instance_id: int
    target: str


def fire_due_timers(ctx: EngineContext, *, limit: int = 100) -> int:
    """Fire up to ``limit`` due timers; returns how many jobs were handled."""
    handled = 0
    while handled < limit:
        job_id = _fire_one(ctx)
        if job_id is None:
            break
        handled += 1
    return handled


def _fire_one(ctx: EngineContext) -> int | None:
    claimed: _Claimed | None = None
    try:
        with write_connection(ctx.engine) as conn:
            row = conn.execute(_CLAIM, {"now": ctx.clock.now()}).first()
            if row is None:
                return None
            claimed = _Claimed(*row)
            done = _fire(ctx, conn, claimed)
        if done is not None:
            remember(ctx, *done)
    except VersionConflict:
        return claimed.id if claimed else None  # a person moved the case: try again next round
    except Exception as exc:  # any failure is recorded on the job, never lost
        if claimed is None:
            raise
        log.exception("timer job %s failed", claimed.id)
        _record_failure(ctx, claimed.id, exc)
    return claimed.id


def _fire(ctx: EngineContext, conn: Connection, job: _Claimed) -> tuple[Any, Any] | None:
    now = ctx.clock.now()
    case = fetch_case(conn, job.instance_id)
    if case.status is InstanceStatus.SUSPENDED:
        conn.execute(_SET.values(due_at=now + SUSPENDED_RECHECK), {"job_id": job.id})
        return None
    if case.status is not InstanceStatus.RUNNING:
        conn.execute(_SET.values(status=JobStatus.DONE), {"job_id": job.id})
        return None
    spec = ctx.specs.get(conn, case.definition_id)
    workflow = load_workflow(ctx, conn, case, spec)
    before = snapshot(workflow)
    if job.target not in before.timers:
        conn.execute(_SET.values(status=JobStatus.DONE), {"job_id": job.id})
        return None
    with using_clock(ctx.clock):
        workflow.refresh_timers()
    fired = spiff_task(workflow, job.target)
    if waiting_timers(workflow).get(job.target) == before.timers[job.target]:
        raise TimerNotDue(f"timer {fired.task_spec.bpmn_id} is not due at {now.isoformat()}")
    record(
        conn,
        now,
        SYSTEM,
        "timer_fired",
        instance_id=case.id,
        job_id=job.id,
        step=fired.task_spec.bpmn_id,
    )
    settle(ctx, conn, case, workflow, origin_of(case, SYSTEM), before)
    return case, workflow


def _record_failure(ctx: EngineContext, job_id: int, exc: Exception) -> None:
    now = ctx.clock.now()
    with write_connection(ctx.engine) as conn:
        attempts = conn.execute(select(JOB.c.attempts).where(JOB.c.id == job_id)).scalar_one() + 1
        dead = attempts >= MAX_ATTEMPTS
        conn.execute(
            _SET.values(
                attempts=attempts,
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
                status=JobStatus.DEAD if dead else JobStatus.PENDING,
                due_at=now + BASE_BACKOFF * 2 ** (attempts - 1),
            ),
            {"job_id": job_id},
        )
        if dead:
            record(conn, now, SYSTEM, "job_dead", job_id=job_id, error=str(exc)[:500])


def retry_dead_job(ctx: EngineContext, job_id: int, actor: Actor) -> None:
    """An administrator puts a dead job back in the queue, due now."""
    if not actor.is_admin:
        raise PermissionDenied("only an administrator may retry a job")
    now = ctx.clock.now()
    with write_connection(ctx.engine) as conn:
        row = conn.execute(
            select(JOB.c.status, JOB.c.instance_id).where(JOB.c.id == job_id)
        ).first()
        if row is None:
            raise NotFound(f"job {job_id} does not exist")
        if row.status is not JobStatus.DEAD:
            raise InvalidState(f"job {job_id} is {row.status.value}, not dead")
        conn.execute(
            _SET.values(status=JobStatus.PENDING, attempts=0, due_at=now, last_error=None),
            {"job_id": job_id},
        )
        record(conn, now, actor.username, "job_retried", instance_id=row.instance_id, job_id=job_id)
