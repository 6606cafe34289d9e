"""The SLA sweep: breach, warn and escalate the clocks whose time has come.

Three phases (breaches, warnings, the direction's second level), each a loop
of short transactions. A transaction claims up to ``batch`` clocks with one
``UPDATE ... WHERE id IN (SELECT ... LIMIT n FOR NO KEY UPDATE SKIP LOCKED)
RETURNING id`` (SQLite ignores the locking clause: BEGIN IMMEDIATE already
serializes writers), reads their tasks and cases in one query, and writes the
batch's notifications, audit entries and task escalations in a few
statements (engine.bulk) before committing. The status change and its
consequences commit together, so a crash loses nothing and a re-run finds
nothing left to do; the outbox's dedupe keys guard once more.

Several sweepers share the work: a clock locked by one is skipped by the
others. A breach also locks the clock's task (both rows, skip locked), the
rows a completion locks in the other order, so the two never deadlock: a
completion holding the task makes the sweep skip that clock until next time.
PAUSED and closed clocks match no phase.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Select, Table, Update, bindparam, select, update

from engine.actors import SYSTEM
from engine.bulk import insert_rows
from engine.db import write_connection
from engine.models import (
    AuditEntry,
    ClockStatus,
    HumanTask,
    ProcessInstance,
    SlaClock,
    TaskStatus,
)
from engine.runtime import EngineContext
from engine.services import sla_messages as messages
from engine.services.notifications import NotificationDraft, PeopleCache, enqueue
from engine.services.sla_messages import ClockFacts
from workflows.roles import Role

CLOCK = cast(Table, SlaClock.__table__)
TASK = cast(Table, HumanTask.__table__)
CASE = cast(Table, ProcessInstance.__table__)
AUDIT = cast(Table, AuditEntry.__table__)
LIVE_TASK = (TaskStatus.OPEN, TaskStatus.CLAIMED)
RUNNING = (ClockStatus.ON_TRACK, ClockStatus.AT_RISK)
# As engine.services.audit writes details; one encoder, not one per entry.
_DETAILS_JSON = json.JSONEncoder(default=str, sort_keys=True, ensure_ascii=False).encode
DIRECTION = Role.DIRECTOR.value


@dataclass(frozen=True)
class SweepResult:
    """Clocks moved by one sweep, and the notifications it wrote."""

    warned: int
    breached: int
    escalated: int
    notified: int = 0

    @property
    def handled(self) -> int:
        """Clocks this sweep moved on, in all three phases."""
        return self.warned + self.breached + self.escalated


def _claim(candidates: Select[Any], **values: Any) -> Update:
    return (
        update(CLOCK)
        .where(CLOCK.c.id.in_(candidates.limit(bindparam("batch")).scalar_subquery()))
        .values(**values)
        .returning(CLOCK.c.id)
    )


_C = CLOCK.alias("candidate")
_T = TASK.alias("candidate_task")
_CLAIM_WARNINGS = _claim(
    select(_C.c.id)
    .where(
        _C.c.status == ClockStatus.ON_TRACK,
        _C.c.warn_at <= bindparam("now"),
        _C.c.due_at > bindparam("now"),
    )
    .order_by(_C.c.warn_at)
    .with_for_update(skip_locked=True, key_share=True),
    status=ClockStatus.AT_RISK,
    warned_at=bindparam("now"),
)
_BREACH = {
    "status": ClockStatus.BREACHED,
    "breached_at": bindparam("now"),
    "escalation_level": 1,
    "breach_assignee": select(TASK.c.assignee)
    .where(TASK.c.id == CLOCK.c.task_id)
    .scalar_subquery(),
}
_CLAIM_TASK_BREACHES = _claim(
    select(_C.c.id)
    .join(_T, _T.c.id == _C.c.task_id)
    .where(_C.c.status.in_(RUNNING), _C.c.due_at <= bindparam("now"))
    # In the order of ix_sla_clock_due, so PostgreSQL walks that index and joins
    # each task by key, instead of sorting every overdue clock with all tasks.
    .order_by(_C.c.status, _C.c.due_at)
    .with_for_update(of=[_C, _T], skip_locked=True, key_share=True),
    **_BREACH,
)
_CLAIM_CASE_BREACHES = _claim(
    select(_C.c.id)
    .where(_C.c.task_id.is_(None), _C.c.status.in_(RUNNING), _C.c.due_at <= bindparam("now"))
    .with_for_update(skip_locked=True, key_share=True),
    **_BREACH,
)
_CLAIM_SECOND_LEVEL = _claim(
    select(_C.c.id)
    .where(
        _C.c.status == ClockStatus.BREACHED,
        _C.c.escalation_level == 1,
        _C.c.breached_at <= bindparam("threshold"),
    )
    .order_by(_C.c.breached_at)
    .with_for_update(skip_locked=True, key_share=True),
    escalation_level=2,
)
_FACTS = (
    select(
        CLOCK.c.id,
        CLOCK.c.instance_id,
        CLOCK.c.task_id,
        CLOCK.c.process_key,
        CLOCK.c.step,
        CLOCK.c.territory,
        CLOCK.c.escalate_to,
        CLOCK.c.due_at,
        CLOCK.c.breached_at,
        CLOCK.c.breach_assignee,
        TASK.c.title,
        TASK.c.assignee,
        TASK.c.candidate_role,
        TASK.c.status.label("task_status"),
        # A subquery, not a join: PostgreSQL would hash-join the whole case table.
        select(CASE.c.business_key)
        .where(CASE.c.id == CLOCK.c.instance_id)
        .scalar_subquery()
        .label("business_key"),
    )
    .select_from(CLOCK.outerjoin(TASK, TASK.c.id == CLOCK.c.task_id))
    .where(CLOCK.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(CLOCK.c.id)
)
_LATE_TASKS = TASK.c.id.in_(bindparam("task_ids", expanding=True)), TASK.c.status.in_(LIVE_TASK)
_ADD_CANDIDATE = update(TASK).where(*_LATE_TASKS).values(escalated_role=bindparam("role"))
_REASSIGN = (
    update(TASK)
    .where(*_LATE_TASKS)
    .values(
        candidate_role=bindparam("role"),
        assignee=None,
        status=TaskStatus.OPEN,
        claimed_at=None,
    )
)


def sweep_sla(ctx: EngineContext, *, batch: int = 500) -> SweepResult:
    """Breach, warn, then take to the direction every clock due at ``ctx.clock.now()``."""
    sweep = _Sweep(ctx, ctx.clock.now(), batch)
    # Breaches first: the warning claim then finds no overdue clock to skip over.
    breached = sweep.run(sweep.breach)
    warned = sweep.run(sweep.warn)
    escalated = sweep.run(sweep.second_level)
    return SweepResult(warned, breached, escalated, sweep.notified)


def _record(conn: Connection, entries: Sequence[dict[str, Any]]) -> None:
    """Append a batch's audit entries in one bulk insert."""
    insert_rows(conn, AUDIT, entries)


class _Sweep:
    """One sweep: its instant, batch size, people cache and running totals."""

    def __init__(self, ctx: EngineContext, now: datetime, batch: int) -> None:
        if batch < 1:
            raise ValueError("batch must be at least 1")
        self.ctx = ctx
        self.now = now
        self.batch = batch
        self.people = PeopleCache()
        self.notified = 0

    def run(self, phase: Callable[[Connection], int]) -> int:
        """Run ``phase`` one transaction at a time until it claims less than a batch."""
        total = 0
        while True:
            with write_connection(self.ctx.engine) as conn:
                claimed = phase(conn)
            total += claimed
            if claimed < self.batch:
                return total

    def warn(self, conn: Connection) -> int:
        ids = conn.execute(_CLAIM_WARNINGS, {"now": self.now, "batch": self.batch}).scalars()
        facts = self._facts(conn, list(ids))
        if not facts:
            return 0
        drafts: list[NotificationDraft] = []
        entries = []
        for clock in facts:
            if clock.task_id is None:
                recipients = self.people.holders(conn, clock.escalate_to, clock.territory)
            else:
                recipients = self._holders(conn, clock)
            drafts += _drafts(clock, "warning", "sla_warning", recipients, messages.warning(clock))
            entries.append(
                self._entry("sla_warning", clock, due_at=clock.due_at, notified=recipients)
            )
        self._write(conn, drafts, entries)
        return len(facts)

    def breach(self, conn: Connection) -> int:
        params = {"now": self.now, "batch": self.batch}
        ids = list(conn.execute(_CLAIM_TASK_BREACHES, params).scalars())
        if len(ids) < self.batch:
            params["batch"] = self.batch - len(ids)
            ids += conn.execute(_CLAIM_CASE_BREACHES, params).scalars()
        facts = self._facts(conn, ids)
        if not facts:
            return 0
        mode = self.ctx.escalation.mode
        drafts: list[NotificationDraft] = []
        entries = []
        late_tasks: dict[str, list[int]] = defaultdict(list)
        for clock in facts:
            holders = self._holders(conn, clock) if clock.task_id is not None else []
            drafts += _drafts(clock, "breach", "sla_breached", holders, messages.breach(clock))
            entries.append(
                self._entry(
                    "sla_breached",
                    clock,
                    assignee=clock.breach_assignee,
                    territory=clock.territory,
                    due_at=clock.due_at,
                    notified=holders,
                )
            )
            if clock.escalate_to is None:
                continue
            managers = self.people.holders(conn, clock.escalate_to, clock.territory)
            message = messages.escalation(clock, mode)
            drafts += _drafts(clock, "breach", "sla_escalated", managers, message)
            entries.append(
                self._entry(
                    "sla_escalated",
                    clock,
                    level=1,
                    role=clock.escalate_to,
                    mode=mode,
                    notified=managers,
                )
            )
            if clock.task_id is not None and clock.task_status in LIVE_TASK:
                late_tasks[clock.escalate_to].append(clock.task_id)
        statement = _REASSIGN if mode == "reassign" else _ADD_CANDIDATE
        for role, task_ids in late_tasks.items():
            conn.execute(statement, {"role": role, "task_ids": task_ids})
        self._write(conn, drafts, entries)
        return len(facts)

    def second_level(self, conn: Connection) -> int:
        after = self.ctx.escalation.second_level_after
        params = {"threshold": self.now - after, "batch": self.batch}
        facts = self._facts(conn, list(conn.execute(_CLAIM_SECOND_LEVEL, params).scalars()))
        if not facts:
            return 0
        drafts: list[NotificationDraft] = []
        entries = []
        for clock in facts:
            directors = self.people.holders(conn, DIRECTION, clock.territory)
            message = messages.direction(clock, after)
            drafts += _drafts(clock, "direction", "sla_escalated", directors, message)
            entries.append(
                self._entry("sla_escalated", clock, level=2, role=DIRECTION, notified=directors)
            )
        self._write(conn, drafts, entries)
        return len(facts)

    def _facts(self, conn: Connection, ids: list[int]) -> list[ClockFacts]:
        if not ids:
            return []
        return [ClockFacts(**row._asdict()) for row in conn.execute(_FACTS, {"ids": ids})]

    def _holders(self, conn: Connection, clock: ClockFacts) -> list[str]:
        """Who has the task now: its assignee, or everyone it is offered to."""
        if clock.assignee is not None:
            return [clock.assignee]
        return self.people.holders(conn, clock.candidate_role, clock.territory)

    def _entry(self, action: str, clock: ClockFacts, **details: Any) -> dict[str, Any]:
        return {
            "at": self.now,
            "actor": SYSTEM,
            "action": action,
            "instance_id": clock.instance_id,
            "task_id": clock.task_id,
            "details": _DETAILS_JSON({"clock_id": clock.id, **details}),
        }

    def _write(
        self, conn: Connection, drafts: list[NotificationDraft], entries: list[dict[str, Any]]
    ) -> None:
        recipients = {draft.recipient for draft in drafts}
        email_for = self.people.emails(conn, recipients) if self.ctx.smtp_url else {}
        self.notified += enqueue(conn, drafts, self.now, email_for=email_for)
        _record(conn, entries)


def _drafts(
    clock: ClockFacts,
    event: str,
    kind: str,
    recipients: Sequence[str],
    message: messages.Message,
) -> list[NotificationDraft]:
    subject, body = message
    return [
        NotificationDraft(
            f"sla:{clock.id}:{event}:{recipient}",
            recipient,
            kind,
            clock.instance_id,
            clock.task_id,
            subject,
            body,
        )
        for recipient in recipients
    ]
