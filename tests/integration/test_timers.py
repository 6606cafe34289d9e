"""BPMN timers fire from the job table when the engine clock passes their due time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from engine.actors import Actor
from engine.clock import ManualClock
from engine.db import read_session
from engine.errors import InvalidState, PermissionDenied
from engine.models import ClockStatus, InstanceStatus, Job, JobStatus, SlaClock
from engine.runtime import EngineContext, WorkflowCache
from engine.services import instances, queries, tasks, timers
from tests.conftest import deploy_fixture

CGL = Actor("cgl.nord", frozenset({"letting_officer"}))
CARETAKER = Actor("gardien", frozenset({"caretaker"}))
ADMIN = Actor("admin", frozenset({"admin"}))


def _jobs(ctx: EngineContext, instance_id: int) -> list[tuple[str, datetime]]:
    with read_session(ctx.sessions) as session:
        rows = session.execute(
            select(Job.status, Job.due_at)
            .where(Job.instance_id == instance_id)
            .order_by(Job.due_at)
        ).all()
    return [(status.value, due) for status, due in rows]


def _open(ctx: EngineContext, instance_id: int) -> list[str]:
    return [t.bpmn_id for t in queries.show_instance(ctx, instance_id, ADMIN).open_tasks]


def test_boundary_timers_wait_then_fire(ctx: EngineContext, clock: ManualClock) -> None:
    deploy_fixture(ctx, "offer_answer")
    started = instances.start_instance(ctx, "offer_answer", CGL)
    assert _jobs(ctx, started.instance_id) == [
        ("pending", clock.now() + timedelta(days=7)),
        ("pending", clock.now() + timedelta(days=10)),
    ]
    assert timers.fire_due_timers(ctx) == 0
    clock.advance(timedelta(days=7, seconds=1))
    ctx.workflows = WorkflowCache()  # the timer must fire from the stored state alone
    assert timers.fire_due_timers(ctx) == 1
    # Non-interrupting: the reminder comes and the answer is still awaited.
    assert sorted(_open(ctx, started.instance_id)) == ["answer", "remind"]
    clock.advance(timedelta(days=3))
    assert timers.fire_due_timers(ctx) == 1
    view = queries.show_instance(ctx, started.instance_id, ADMIN)
    # Interrupting: silence is a refusal, the answer task is withdrawn.
    assert [t.bpmn_id for t in view.open_tasks] == ["remind"]
    assert queries.case_data(ctx, started.instance_id, ADMIN)["decision"] == "refused_by_silence"
    assert [e.action for e in view.history].count("timer_fired") == 2
    assert [status for status, _ in _jobs(ctx, started.instance_id)] == ["done", "done"]
    assert timers.fire_due_timers(ctx) == 0


def test_answering_in_time_retires_the_timers(ctx: EngineContext, clock: ManualClock) -> None:
    deploy_fixture(ctx, "offer_answer")
    started = instances.start_instance(ctx, "offer_answer", CGL)
    clock.advance(timedelta(days=2))
    (answer,) = queries.show_instance(ctx, started.instance_id, ADMIN).open_tasks
    done = tasks.complete(ctx, answer.id, CGL, {"decision": "accepted"})
    assert done.instance_status is InstanceStatus.COMPLETED
    assert [status for status, _ in _jobs(ctx, started.instance_id)] == ["done", "done"]
    clock.advance(timedelta(days=30))
    assert timers.fire_due_timers(ctx) == 0


def test_intermediate_duration_and_date_timers(ctx: EngineContext, clock: ManualClock) -> None:
    deploy_fixture(ctx, "cooling_period")
    started = instances.start_instance(ctx, "cooling_period", CARETAKER)
    assert _open(ctx, started.instance_id) == []
    clock.advance(timedelta(hours=1))
    assert timers.fire_due_timers(ctx) == 0
    clock.advance(timedelta(hours=1, seconds=1))
    assert timers.fire_due_timers(ctx) == 1
    # Next: a date timer, 3 March 09:00 Paris = 08:00 UTC.
    assert _jobs(ctx, started.instance_id)[-1] == (
        "pending", datetime(2026, 3, 3, 8, 0, tzinfo=UTC),
    )
    clock.set(datetime(2026, 3, 3, 8, 0, 1, tzinfo=UTC))
    assert timers.fire_due_timers(ctx) == 1
    assert _open(ctx, started.instance_id) == ["visit"]


def test_sla_clocks_open_and_close_with_tasks_and_cases(
    ctx: EngineContext, clock: ManualClock
) -> None:
    deploy_fixture(ctx, "cooling_period")
    started = instances.start_instance(ctx, "cooling_period", CARETAKER)
    clock.set(datetime(2026, 3, 3, 8, 0, 1, tzinfo=UTC))
    timers.fire_due_timers(ctx)
    (visit,) = queries.show_instance(ctx, started.instance_id, ADMIN).open_tasks
    clock.advance(timedelta(days=2))  # one business day was the commitment
    tasks.complete(ctx, visit.id, CARETAKER, {})
    with read_session(ctx.sessions) as session:
        clocks = session.scalars(select(SlaClock).order_by(SlaClock.id)).all()
    case_clock, task_clock = clocks
    assert (case_clock.task_id, case_clock.status) == (None, ClockStatus.MET)
    assert case_clock.due_at == datetime(2026, 3, 5, 23, 0, tzinfo=UTC)  # end of 5 March, Paris
    assert (task_clock.task_id, task_clock.step, task_clock.status) == (
        visit.id, "visit", ClockStatus.MISSED,
    )
    # Due at the end of Wednesday 4 March (Paris), completed Thursday 5 March 09:00 Paris.
    assert task_clock.due_at == datetime(2026, 3, 4, 23, 0, tzinfo=UTC)
    assert task_clock.late_seconds == 9 * 3600 + 1


def test_suspended_cases_keep_their_timers(ctx: EngineContext, clock: ManualClock) -> None:
    deploy_fixture(ctx, "cooling_period")
    started = instances.start_instance(ctx, "cooling_period", CARETAKER)
    instances.suspend_instance(ctx, started.instance_id, ADMIN)
    clock.advance(timedelta(hours=3))
    assert timers.fire_due_timers(ctx) == 1  # looked at, postponed
    assert _jobs(ctx, started.instance_id)[0][0] == "pending"
    # Resuming catches up: the overdue timer fires as the case moves on.
    instances.resume_instance(ctx, started.instance_id, ADMIN)
    assert _jobs(ctx, started.instance_id)[0][0] == "done"
    assert _jobs(ctx, started.instance_id)[1] == (
        "pending", datetime(2026, 3, 3, 8, 0, tzinfo=UTC),
    )
    assert timers.fire_due_timers(ctx) == 0


def test_a_failing_job_backs_off_then_dies_and_can_be_retried(
    ctx: EngineContext, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    deploy_fixture(ctx, "cooling_period")
    started = instances.start_instance(ctx, "cooling_period", CARETAKER)
    clock.advance(timedelta(hours=3))

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(timers, "settle", broken)
    for attempt in range(1, timers.MAX_ATTEMPTS + 1):
        assert timers.fire_due_timers(ctx) == 1
        with read_session(ctx.sessions) as session:
            job = session.scalars(select(Job).where(Job.instance_id == started.instance_id)).one()
        assert job.attempts == attempt and job.last_error == "RuntimeError: disk full"
        if attempt < timers.MAX_ATTEMPTS:
            assert job.status is JobStatus.PENDING
            assert job.due_at == clock.now() + timers.BASE_BACKOFF * 2 ** (attempt - 1)
            assert timers.fire_due_timers(ctx) == 0  # backing off
            clock.set(job.due_at + timedelta(seconds=1))
    assert job.status is JobStatus.DEAD
    clock.advance(timedelta(days=1))
    assert timers.fire_due_timers(ctx) == 0
    monkeypatch.undo()
    with pytest.raises(PermissionDenied):
        timers.retry_dead_job(ctx, job.id, CARETAKER)
    timers.retry_dead_job(ctx, job.id, ADMIN)
    with pytest.raises(InvalidState):
        timers.retry_dead_job(ctx, job.id, ADMIN)
    clock.advance(timedelta(seconds=1))
    assert timers.fire_due_timers(ctx) == 1
    assert _jobs(ctx, started.instance_id)[0][0] == "done"


def test_a_timer_behind_an_event_based_gateway_fires(
    ctx: EngineContext, clock: ManualClock
) -> None:
    deploy_fixture(ctx, "event_gateway_timer")
    started = instances.start_instance(ctx, "event_gateway_timer", ADMIN)
    assert _jobs(ctx, started.instance_id) == [("pending", clock.now() + timedelta(hours=1))]
    clock.advance(timedelta(hours=2))
    assert timers.fire_due_timers(ctx) == 1
    view = queries.show_instance(ctx, started.instance_id, ADMIN)
    assert view.status is InstanceStatus.COMPLETED


def test_a_cycle_timer_fires_each_period_then_stops(
    ctx: EngineContext, clock: ManualClock
) -> None:
    deploy_fixture(ctx, "reminder_cycle")
    started = instances.start_instance(ctx, "reminder_cycle", ADMIN)
    assert _jobs(ctx, started.instance_id) == [("pending", clock.now() + timedelta(days=1))]
    clock.advance(timedelta(seconds=1))  # a timer fires once its instant has passed
    for day in range(1, 5):
        clock.advance(timedelta(days=1))
        ctx.workflows = WorkflowCache()
        timers.fire_due_timers(ctx)
        calls = [b for b in _open(ctx, started.instance_id) if b == "call"]
        assert len(calls) == min(day, 3), day
    assert [status for status, _ in _jobs(ctx, started.instance_id)] == ["done"]
