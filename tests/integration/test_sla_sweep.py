"""The SLA sweep on real cases: warn, breach, escalate, once each, whatever happens."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, insert, select, update

from engine.actors import Actor
from engine.clock import ManualClock
from engine.config import EscalationSettings
from engine.models import (
    AuditEntry,
    ClockStatus,
    HumanTask,
    InstanceStatus,
    Notification,
    Person,
    ProcessInstance,
    SlaClock,
    TaskStatus,
)
from engine.runtime import EngineContext
from engine.services import instances, queries, sla_clocks, sla_sweep, tasks
from engine.services.people import add_person
from engine.services.sla_sweep import SweepResult, sweep_sla
from tests.conftest import deploy_fixture

CARETAKER = Actor("gardien.nord", frozenset({"caretaker"}), "nord")
RT_NORD = Actor("rt.nord", frozenset({"territorial_manager"}), "nord")
RT_SUD = Actor("rt.sud", frozenset({"territorial_manager"}), "sud")
ADMIN = Actor("admin", frozenset({"admin"}))
STAFF = (
    ("gardien.nord", "caretaker", "nord"),
    ("gardienne.nord", "caretaker", "nord"),
    ("gardien.sud", "caretaker", "sud"),
    ("rt.nord", "territorial_manager", "nord"),
    ("rt.sud", "territorial_manager", "sud"),
    ("directrice", "director", None),
    ("directeur.sud", "director", "sud"),
)
NOTHING = SweepResult(0, 0, 0, 0)
SECOND = timedelta(seconds=1)


@pytest.fixture(autouse=True)
def office(ctx: EngineContext) -> None:
    ctx.territory_of = lambda place: place.split("/")[0] if place else None
    for username, role, territory in STAFF:
        add_person(ctx, username, [role], territory=territory)
    deploy_fixture(ctx, "repair_request")


def start_cases(ctx: EngineContext, count: int = 1) -> list[int]:
    """Start repair requests in territory nord; each waits on ``report`` (P2D business SLA)."""
    return [
        instances.start_instance(
            ctx, "repair_request", CARETAKER, business_key=f"REC-{n}", place_ref=f"nord/r{n}"
        ).instance_id
        for n in range(1, count + 1)
    ]


def rows(ctx: EngineContext, table: Any, *where: Any) -> list[Any]:
    with ctx.engine.connect() as conn:
        return list(conn.execute(select(table).where(*where).order_by(table.c.id)))


def clock_of(ctx: EngineContext, instance_id: int) -> Any:
    [clock] = rows(ctx, SlaClock.__table__, SlaClock.instance_id == instance_id)
    return clock


def task_of(ctx: EngineContext, instance_id: int) -> Any:
    return rows(ctx, HumanTask.__table__, HumanTask.instance_id == instance_id)[0]


def sent(ctx: EngineContext) -> list[tuple[str, str]]:
    """(kind, recipient) of every notification, in order."""
    return [(n.kind, n.recipient) for n in rows(ctx, Notification.__table__)]


def audit(ctx: EngineContext, action: str) -> list[dict[str, Any]]:
    entries = rows(ctx, AuditEntry.__table__, AuditEntry.action == action)
    return [json.loads(entry.details) for entry in entries]


def test_warning_marks_the_clock_at_risk_and_tells_the_candidates(
    ctx: EngineContext, clock: ManualClock
) -> None:
    [case] = start_cases(ctx)
    warn_at = clock_of(ctx, case).warn_at
    clock.set(warn_at - SECOND)
    assert sweep_sla(ctx) == NOTHING

    clock.set(warn_at)
    assert sweep_sla(ctx) == SweepResult(1, 0, 0, 2)
    row = clock_of(ctx, case)
    assert (row.status, row.warned_at) == (ClockStatus.AT_RISK, warn_at)
    assert sent(ctx) == [("sla_warning", "gardien.nord"), ("sla_warning", "gardienne.nord")]
    [note] = rows(ctx, Notification.__table__, Notification.recipient == "gardien.nord")
    assert note.subject == "Échéance proche : Signaler le désordre - dossier REC-1"
    assert "REC-1" in note.body and "04/03/2026 (fin de journée)" in note.body
    [entry] = audit(ctx, "sla_warning")
    assert entry["clock_id"] == row.id
    assert entry["notified"] == ["gardien.nord", "gardienne.nord"]
    assert sweep_sla(ctx) == NOTHING


def test_warning_goes_to_the_assignee_once_claimed(ctx: EngineContext, clock: ManualClock) -> None:
    [case] = start_cases(ctx)
    tasks.claim(ctx, task_of(ctx, case).id, CARETAKER)
    clock.set(clock_of(ctx, case).warn_at)
    assert sweep_sla(ctx).warned == 1
    assert sent(ctx) == [("sla_warning", "gardien.nord")]


def test_breach_records_the_holder_and_escalates_to_the_territorial_manager(
    ctx: EngineContext, clock: ManualClock
) -> None:
    [case] = start_cases(ctx)
    task_id = task_of(ctx, case).id
    tasks.claim(ctx, task_id, CARETAKER)
    due_at = clock_of(ctx, case).due_at
    clock.set(due_at)

    # Overdue before its warning was ever sent: the breach alone is announced.
    assert sweep_sla(ctx) == SweepResult(0, 1, 0, 2)
    row = clock_of(ctx, case)
    assert (row.status, row.breached_at, row.breach_assignee, row.escalation_level) == (
        ClockStatus.BREACHED,
        due_at,
        "gardien.nord",
        1,
    )
    task = task_of(ctx, case)
    assert (task.escalated_role, task.assignee, task.status) == (
        "territorial_manager",
        "gardien.nord",
        TaskStatus.CLAIMED,
    )
    assert sent(ctx) == [("sla_breached", "gardien.nord"), ("sla_escalated", "rt.nord")]
    [escalation] = rows(ctx, Notification.__table__, Notification.recipient == "rt.nord")
    assert escalation.subject == "Escalade : Signaler le désordre - dossier REC-1"
    assert "responsable territorial du territoire nord" in escalation.body
    assert [t.id for t in queries.list_tasks(ctx, actor=RT_NORD)] == [task_id]
    assert queries.list_tasks(ctx, actor=RT_SUD) == []
    assert [t.escalated_role for t in queries.list_tasks(ctx, role="territorial_manager")] == [
        "territorial_manager"
    ]
    [breach] = audit(ctx, "sla_breached")
    assert breach == {
        "assignee": "gardien.nord",
        "clock_id": row.id,
        "due_at": str(due_at),
        "notified": ["gardien.nord"],
        "territory": "nord",
    }
    [escalated] = audit(ctx, "sla_escalated")
    assert (escalated["level"], escalated["role"], escalated["notified"]) == (
        1,
        "territorial_manager",
        ["rt.nord"],
    )
    assert sweep_sla(ctx) == NOTHING


def test_second_level_goes_to_the_direction_after_the_delay(
    ctx: EngineContext, clock: ManualClock
) -> None:
    ctx.escalation = EscalationSettings(second_level_after=timedelta(hours=24))
    [case] = start_cases(ctx)
    clock.set(clock_of(ctx, case).warn_at)
    sweep_sla(ctx)
    breached_at = clock.set(clock_of(ctx, case).due_at + timedelta(minutes=5))
    assert sweep_sla(ctx).breached == 1

    clock.set(breached_at + timedelta(hours=24) - SECOND)
    assert sweep_sla(ctx) == NOTHING
    clock.advance(SECOND)
    assert sweep_sla(ctx) == SweepResult(0, 0, 1, 1)
    assert clock_of(ctx, case).escalation_level == 2
    assert sent(ctx)[-1] == ("sla_escalated", "directrice")
    [note] = rows(ctx, Notification.__table__, Notification.recipient == "directrice")
    assert note.subject.startswith("Escalade direction : Signaler le désordre")
    levels = [(e["level"], e["role"]) for e in audit(ctx, "sla_escalated")]
    assert levels == [(1, "territorial_manager"), (2, "director")]
    clock.advance(timedelta(days=30))
    assert sweep_sla(ctx) == NOTHING


def test_a_second_sweep_finds_nothing_and_notifies_nobody_twice(
    ctx: EngineContext, clock: ManualClock
) -> None:
    cases = start_cases(ctx, 3)
    clock.set(clock_of(ctx, cases[0]).due_at)
    first = sweep_sla(ctx, batch=2)
    assert (first.warned, first.breached) == (0, 3)
    before = rows(ctx, Notification.__table__)
    assert len({(n.instance_id, n.recipient) for n in before}) == len(before) == 3 * 3
    assert sweep_sla(ctx, batch=2) == NOTHING
    assert rows(ctx, Notification.__table__) == before


def test_a_failure_midway_leaves_whole_batches_and_the_next_sweep_finishes(
    ctx: EngineContext, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = start_cases(ctx, 5)
    clock.set(clock_of(ctx, cases[0]).due_at)
    real_record = sla_sweep._record
    calls = []

    def failing_record(conn: Any, entries: Any) -> None:
        calls.append(len(entries))
        if len(calls) == 3:
            raise RuntimeError("database went away")
        real_record(conn, entries)

    monkeypatch.setattr(sla_sweep, "_record", failing_record)
    with pytest.raises(RuntimeError, match="went away"):
        sweep_sla(ctx, batch=2)

    states = {case: clock_of(ctx, case).status for case in cases}
    done = [case for case, status in states.items() if status is ClockStatus.BREACHED]
    assert len(done) == 4 and set(states.values()) == {ClockStatus.BREACHED, ClockStatus.ON_TRACK}
    [left] = set(cases) - set(done)
    notified_cases = {n.instance_id for n in rows(ctx, Notification.__table__)}
    assert notified_cases == set(done)
    assert {e["clock_id"] for e in audit(ctx, "sla_breached")} == {
        clock_of(ctx, case).id for case in done
    }
    assert task_of(ctx, left).escalated_role is None

    monkeypatch.setattr(sla_sweep, "_record", real_record)
    assert sweep_sla(ctx, batch=2).breached == 1
    assert {clock_of(ctx, case).status for case in cases} == {ClockStatus.BREACHED}
    assert len(audit(ctx, "sla_breached")) == 5
    notes = rows(ctx, Notification.__table__)
    assert len({(n.instance_id, n.recipient) for n in notes}) == len(notes) == 5 * 3
    assert {task_of(ctx, case).escalated_role for case in cases} == {"territorial_manager"}


def test_paused_and_closed_clocks_are_left_alone(ctx: EngineContext, clock: ManualClock) -> None:
    paused, finished = start_cases(ctx, 2)
    sla_clocks.pause_clock(ctx, clock_of(ctx, paused).id, CARETAKER, "attente du locataire")
    tasks.complete(ctx, task_of(ctx, finished).id, CARETAKER, {})
    assert clock_of(ctx, finished).status is ClockStatus.MET
    clock.set(clock_of(ctx, paused).due_at + timedelta(days=10))
    assert sweep_sla(ctx) == NOTHING
    assert clock_of(ctx, paused).status is ClockStatus.PAUSED
    assert clock_of(ctx, finished).status is ClockStatus.MET
    assert sent(ctx) == []

    # Resumed, the clock has its whole remaining time again: 10 days and more of pause.
    sla_clocks.resume_clock(ctx, clock_of(ctx, paused).id, CARETAKER)
    assert sweep_sla(ctx) == NOTHING
    clock.set(clock_of(ctx, paused).due_at)
    assert sweep_sla(ctx).breached == 1


def test_reassign_mode_hands_the_task_to_the_escalation_role(
    ctx: EngineContext, clock: ManualClock
) -> None:
    ctx.escalation = EscalationSettings(mode="reassign")
    [case] = start_cases(ctx)
    task_id = task_of(ctx, case).id
    tasks.claim(ctx, task_id, CARETAKER)
    clock.set(clock_of(ctx, case).due_at)
    assert sweep_sla(ctx).breached == 1
    task = task_of(ctx, case)
    assert (task.status, task.assignee, task.candidate_role) == (
        TaskStatus.OPEN,
        None,
        "territorial_manager",
    )
    assert clock_of(ctx, case).breach_assignee == "gardien.nord"
    assert sent(ctx) == [("sla_breached", "gardien.nord"), ("sla_escalated", "rt.nord")]
    assert queries.list_tasks(ctx, actor=CARETAKER) == []
    tasks.claim(ctx, task_id, RT_NORD)
    assert task_of(ctx, case).assignee == "rt.nord"


def insert_case_clock(ctx: EngineContext, escalate_to: str | None) -> int:
    """A process-level clock (no task), due one hour from now, on a case of nord."""
    now = ctx.clock.now()
    with ctx.engine.begin() as conn:
        [definition_id] = conn.execute(select(ProcessInstance.definition_id).limit(1)).one()
        case_id = conn.execute(
            insert(ProcessInstance.__table__).returning(ProcessInstance.id),
            {
                "definition_id": definition_id,
                "process_key": "repair_request",
                "business_key": "DOS-9",
                "territory": "nord",
                "status": InstanceStatus.RUNNING,
                "state": "",
                "started_by": "test",
                "started_at": now,
                "lock_version": 1,
            },
        ).scalar_one()
        conn.execute(
            insert(SlaClock.__table__),
            {
                "instance_id": case_id,
                "task_id": None,
                "process_key": "repair_request",
                "territory": "nord",
                "duration": "PT1H",
                "calendar": "calendar",
                "warn_ratio": 0.5,
                "escalate_to": escalate_to,
                "status": ClockStatus.ON_TRACK,
                "started_at": now,
                "warn_at": now + timedelta(minutes=30),
                "due_at": now + timedelta(hours=1),
                "paused_seconds": 0,
                "escalation_level": 0,
            },
        )
    return int(case_id)


def test_case_level_clocks_notify_the_escalation_role(
    ctx: EngineContext, clock: ManualClock
) -> None:
    start_cases(ctx)  # a definition to hang the case on
    escalated = insert_case_clock(ctx, "territorial_manager")
    silent = insert_case_clock(ctx, None)
    clock.advance(timedelta(minutes=30))
    assert sweep_sla(ctx) == SweepResult(2, 0, 0, 1)
    clock.advance(timedelta(minutes=30))
    assert sweep_sla(ctx) == SweepResult(0, 2, 0, 1)
    assert sent(ctx) == [("sla_warning", "rt.nord"), ("sla_escalated", "rt.nord")]
    assert {n.instance_id for n in rows(ctx, Notification.__table__)} == {escalated}
    assert clock_of(ctx, silent).status is ClockStatus.BREACHED
    assert clock_of(ctx, silent).breach_assignee is None
    assert len(audit(ctx, "sla_breached")) == 2


def test_concurrent_sweepers_share_the_clocks_without_doubles(
    ctx: EngineContext, clock: ManualClock
) -> None:
    cases = start_cases(ctx, 12)
    clock.set(clock_of(ctx, cases[0]).due_at)
    barrier = threading.Barrier(3)
    results: list[SweepResult] = []
    errors: list[BaseException] = []

    def sweeper() -> None:
        try:
            barrier.wait()
            results.append(sweep_sla(ctx, batch=2))
        except BaseException as exc:  # reported to the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=sweeper) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(r.breached for r in results) == 12
    assert sum(r.notified for r in results) == len(sent(ctx)) == 12 * 3
    assert len(audit(ctx, "sla_breached")) == 12
    with ctx.engine.connect() as conn:
        escalated = conn.execute(
            select(func.count()).where(HumanTask.escalated_role == "territorial_manager")
        ).scalar_one()
    assert escalated == 12


def test_an_inactive_person_is_not_notified(ctx: EngineContext, clock: ManualClock) -> None:
    with ctx.engine.begin() as conn:
        conn.execute(
            update(Person.__table__).where(Person.username == "gardienne.nord").values(active=False)
        )
    [case] = start_cases(ctx)
    clock.set(clock_of(ctx, case).warn_at)
    sweep_sla(ctx)
    assert sent(ctx) == [("sla_warning", "gardien.nord")]


def test_the_escalation_role_may_take_a_late_task_offered_to_both(
    ctx: EngineContext, clock: ManualClock
) -> None:
    [case] = start_cases(ctx)
    task_id = task_of(ctx, case).id
    clock.set(clock_of(ctx, case).due_at)
    assert sweep_sla(ctx).breached == 1
    assert [t.id for t in queries.list_tasks(ctx, actor=CARETAKER)] == [task_id]
    assert [t.id for t in queries.list_tasks(ctx, actor=RT_NORD)] == [task_id]
    tasks.claim(ctx, task_id, RT_NORD)
    assert task_of(ctx, case).assignee == "rt.nord"
