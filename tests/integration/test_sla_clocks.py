"""SLA clocks pause while the office waits on others; paused time does not count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from engine.actors import Actor
from engine.clock import ManualClock
from engine.db import read_session
from engine.errors import InvalidState, PermissionDenied
from engine.models import ClockStatus, SlaClock
from engine.runtime import EngineContext
from engine.services import instances, queries, sla_clocks, tasks
from tests.conftest import deploy_fixture

CARETAKER = Actor("gardien.nord", frozenset({"caretaker"}), "nord")
OTHER = Actor("gardien.sud", frozenset({"caretaker"}), "sud")
ADMIN = Actor("admin", frozenset({"admin"}))


def _clock_row(ctx: EngineContext, task_id: int) -> SlaClock:
    with read_session(ctx.sessions) as session:
        return session.scalars(select(SlaClock).where(SlaClock.task_id == task_id)).one()


def test_paused_time_moves_the_deadline(ctx: EngineContext, clock: ManualClock) -> None:
    ctx.territory_of = lambda place: place.split("/")[0] if place else None
    deploy_fixture(ctx, "repair_request")
    started = instances.start_instance(ctx, "repair_request", CARETAKER, place_ref="nord/b1")
    (report,) = queries.show_instance(ctx, started.instance_id, ADMIN).open_tasks
    before = _clock_row(ctx, report.id)
    assert before.status is ClockStatus.ON_TRACK and before.due_at == report.due_at

    clock.advance(timedelta(hours=5))
    with pytest.raises(PermissionDenied):
        sla_clocks.pause_clock(ctx, before.id, OTHER, "absent")
    sla_clocks.pause_clock(ctx, before.id, CARETAKER, "Locataire absent, accès impossible")
    with pytest.raises(InvalidState):
        sla_clocks.pause_clock(ctx, before.id, CARETAKER, "twice")
    assert _clock_row(ctx, report.id).status is ClockStatus.PAUSED

    clock.advance(timedelta(days=3))
    sla_clocks.resume_clock(ctx, before.id, CARETAKER)
    resumed = _clock_row(ctx, report.id)
    assert resumed.status is ClockStatus.ON_TRACK
    assert resumed.paused_seconds == 3 * 86400
    assert resumed.due_at == before.due_at + timedelta(days=3)
    assert resumed.warn_at == before.warn_at + timedelta(days=3)
    with pytest.raises(InvalidState):
        sla_clocks.resume_clock(ctx, before.id, CARETAKER)

    # Finished after the original deadline, but within it once the pause is counted out.
    clock.advance(timedelta(hours=10))
    assert clock.now() > before.due_at
    tasks.complete(ctx, report.id, CARETAKER, {})
    closed = _clock_row(ctx, report.id)
    assert (closed.status, closed.late_seconds) == (ClockStatus.MET, 0)
    history = [e.action for e in queries.show_instance(ctx, started.instance_id, ADMIN).history]
    assert history.count("sla_paused") == 1 and history.count("sla_resumed") == 1


def test_a_clock_closed_while_paused_does_not_count_the_pause(
    ctx: EngineContext, clock: ManualClock
) -> None:
    deploy_fixture(ctx, "repair_request")
    started = instances.start_instance(ctx, "repair_request", CARETAKER)
    (report,) = queries.show_instance(ctx, started.instance_id, ADMIN).open_tasks
    row = _clock_row(ctx, report.id)
    clock.set(row.due_at - timedelta(hours=1))
    sla_clocks.pause_clock(ctx, row.id, ADMIN, "devis entreprise attendu")
    clock.advance(timedelta(days=10))
    tasks.complete(ctx, report.id, CARETAKER, {})
    closed = _clock_row(ctx, report.id)
    assert (closed.status, closed.late_seconds) == (ClockStatus.MET, 0)


def test_cancelling_a_case_cancels_its_clocks(ctx: EngineContext, clock: ManualClock) -> None:
    deploy_fixture(ctx, "repair_request")
    started = instances.start_instance(ctx, "repair_request", CARETAKER)
    (report,) = queries.show_instance(ctx, started.instance_id, ADMIN).open_tasks
    instances.cancel_instance(ctx, started.instance_id, ADMIN, "doublon")
    closed = _clock_row(ctx, report.id)
    assert (closed.status, closed.late_seconds) == (ClockStatus.CANCELLED, None)
