"""The managers' KPIs on known situations, on SQLite and PostgreSQL.

Each test writes the rows a KPI reads (cases, task mirror, SLA clocks, audit entries) for
two territories, with values chosen so that a wrong definition gives another figure, then
reads the KPI from ``overview`` as an admin and as the nord territorial manager: first with
the closed weeks computed, then from the cache, then two weeks later once every week of the
rows is closed and cached.

Now is Friday 13 March 2026 (W11), the period the last four ISO weeks (W08 to W11); the
rows fall in W10 (closed at once) and W11 (live, then closed two weeks on), or before W08.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import pytest
from sqlalchemy import Table, insert, select

from engine.actors import Actor
from engine.clock import ManualClock
from engine.config import PROJECT_ROOT
from engine.db import write_connection
from engine.models import (
    AuditEntry,
    ClockStatus,
    DashboardWeek,
    HumanTask,
    InstanceStatus,
    ProcessDefinition,
    ProcessInstance,
    SlaClock,
    TaskStatus,
)
from engine.runtime import EngineContext
from engine.services import people, queries, tasks
from engine.services.dashboard import overview
from engine.services.deploy import deploy
from engine.specs import load_model
from forms.catalog import FormCatalog
from tests.integration.test_dashboard import ADMIN, NORD_DWELLING, RT_NORD, complaint, do, office

__all__ = ["office"]  # fixture

CASE = cast(Table, ProcessInstance.__table__)
TASK = cast(Table, HumanTask.__table__)
CLOCK = cast(Table, SlaClock.__table__)
AUDIT = cast(Table, AuditEntry.__table__)
VACANCY, COMPLAINT = "vacancy_turnaround", "tenant_complaint"
NORD, SUD = "nord", "sud"
NOW = datetime(2026, 3, 13, 12, 0, tzinfo=UTC)  # Friday of W11
W10, W11 = datetime(2026, 3, 4, 10, 0, tzinfo=UTC), datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
BEFORE = datetime(2026, 2, 10, 10, 0, tzinfo=UTC)  # W07, before the period
DAY = timedelta(days=1)
Figure = tuple[float | None, int]


def figure(ctx: EngineContext, actor: Actor, key: str, process_key: str | None = None) -> Figure:
    """The KPI ``key``'s value and count on ``actor``'s four-week dashboard."""
    [kpi] = [k for k in overview(ctx, actor, 4, process_key).kpis if k.key == key]
    return kpi.value, kpi.count


def approx(value: float | None, count: int) -> Any:
    return (None if value is None else pytest.approx(value), count)


def cached(ctx: EngineContext) -> list[date]:
    with ctx.engine.connect() as conn:
        return list(conn.scalars(select(DashboardWeek.week_start).order_by("week_start")))


def assert_kpi(
    ctx: EngineContext, clock: ManualClock, key: str, process: str, nord: Figure, everywhere: Figure
) -> None:
    """``key`` gives ``nord`` to the nord manager and ``everywhere`` to an admin, computed,
    from the cache, and two weeks on when the rows' weeks are all closed and cached."""
    expected = {RT_NORD: approx(*nord), ADMIN: approx(*everywhere)}

    def shown_twice() -> None:
        for _ in range(2):  # the closed weeks computed and stored, then read from the cache
            for actor, wanted in expected.items():
                assert figure(ctx, actor, key) == wanted
                assert figure(ctx, actor, key, process) == wanted

    clock.set(NOW)
    shown_twice()
    assert date(2026, 3, 2) in cached(ctx) and date(2026, 3, 9) not in cached(ctx)
    clock.set(NOW + timedelta(weeks=2))  # W10 to W13: W11 is over too
    shown_twice()
    assert date(2026, 3, 9) in cached(ctx)


@pytest.fixture
def both(ctx: EngineContext) -> EngineContext:
    """The vacancy and complaint models deployed (cases need a definition)."""
    ctx.forms = FormCatalog.from_directory(PROJECT_ROOT / "forms")
    for key in (VACANCY, COMPLAINT):
        path = PROJECT_ROOT / "bpmn" / f"{key}.bpmn"
        model = load_model(path.read_bytes(), filename=path.name, form_keys=ctx.forms.keys())
        deploy(ctx, model, "po")
    return ctx


def _insert(ctx: EngineContext, table: Table, **values: Any) -> int:
    with write_connection(ctx.engine) as conn:
        return int(conn.execute(insert(table).values(**values).returning(table.c.id)).scalar_one())


def case(ctx: EngineContext, process: str, territory: str) -> int:
    """A running case of ``process`` in ``territory``."""
    with ctx.engine.connect() as conn:
        definition = conn.scalar(
            select(ProcessDefinition.id).where(ProcessDefinition.key == process)
        )
    return _insert(
        ctx,
        CASE,
        definition_id=definition,
        process_key=process,
        territory=territory,
        status=InstanceStatus.RUNNING,
        state="{}",
        started_by="test",
        started_at=BEFORE - 120 * DAY,
        lock_version=1,
    )


def step(
    ctx: EngineContext,
    case_id: int,
    bpmn_id: str,
    territory: str,
    done: datetime | None = None,
    *,
    opened: datetime | None = None,
) -> int:
    """A step of the case opened at ``opened`` (default: a day before ``done``), completed at
    ``done`` (None: still open)."""
    assert done or opened
    return _insert(
        ctx,
        TASK,
        instance_id=case_id,
        spiff_task_id=str(uuid.uuid4()),
        bpmn_id=bpmn_id,
        title=bpmn_id,
        territory=territory,
        status=TaskStatus.COMPLETED if done else TaskStatus.OPEN,
        priority=0,
        created_at=opened or cast(datetime, done) - DAY,
        completed_at=done,
    )


def sla(
    ctx: EngineContext,
    case_id: int,
    territory: str,
    status: ClockStatus,
    *,
    stopped: datetime | None = None,
    breached: datetime | None = None,
    step_id: str | None = "Task_Acknowledge",
) -> None:
    """A 48-hour clock of a complaint (``step_id`` None: the case's own), started three days
    before it breached, stopped, or W10."""
    started = (breached or stopped or W10) - 3 * DAY
    _insert(
        ctx,
        CLOCK,
        instance_id=case_id,
        process_key=COMPLAINT,
        step=step_id,
        territory=territory,
        duration="PT48H",
        calendar="calendar",
        warn_ratio=0.75,
        status=status,
        started_at=started,
        warn_at=started + timedelta(hours=36),
        due_at=started + timedelta(hours=48),
        paused_seconds=0,
        breached_at=breached,
        escalation_level=0,
        stopped_at=stopped,
    )


def scored(ctx: EngineContext, territory: str, done: datetime, score: int | None) -> None:
    """A complaint whose survey was completed at ``done`` with ``score`` (None: no score
    recorded), as its audit entry says."""
    case_id = case(ctx, COMPLAINT, territory)
    task_id = step(ctx, case_id, "Task_Survey", territory, done)
    changes = {} if score is None else {"satisfaction_score": {"old": None, "new": score}}
    _insert(
        ctx,
        AUDIT,
        at=done,
        actor="mme-durand",
        action="task_completed",
        instance_id=case_id,
        task_id=task_id,
        details=json.dumps({"changes": changes, "step": "Task_Survey"}),
    )


def test_relocation_time_is_the_mean_from_move_out_to_lease(
    both: EngineContext, clock: ManualClock
) -> None:
    for territory, moved_out, leased in (
        (NORD, W10 - 10 * DAY, W10),
        (NORD, W11 - 31 * DAY, W11),
        (SUD, W11 - DAY, W11),
        (NORD, BEFORE - 100 * DAY, BEFORE),  # leased before the period
    ):
        case_id = case(both, VACANCY, territory)
        step(both, case_id, "T_MoveOut", territory, moved_out)
        step(both, case_id, "T_Lease", territory, leased)
    no_exit = case(both, VACANCY, NORD)
    step(both, no_exit, "T_Lease", NORD, W10)
    pending = case(both, VACANCY, NORD)
    step(both, pending, "T_MoveOut", NORD, W10 - 60 * DAY)
    step(both, pending, "T_Lease", NORD, opened=W11)
    assert_kpi(both, clock, "relocation_days", VACANCY, (20.5, 2), (14.0, 3))


def vacated(ctx: EngineContext, territory: str, day: datetime, *alerts: str) -> None:
    """A dwelling whose move-out was completed at ``day``, with the ``alerts`` steps raised."""
    case_id = case(ctx, VACANCY, territory)
    step(ctx, case_id, "T_MoveOut", territory, day)
    for alert in alerts:
        days = 30 if alert == "T_Vacancy30" else 92
        step(ctx, case_id, alert, territory, opened=day + days * DAY)


def test_vacancy_over_30_days_is_the_share_of_dwellings_vacated_30_days_before_alerted(
    both: EngineContext, clock: ManualClock
) -> None:
    month = 30 * DAY  # the 30-day mark of each dwelling in the period, W10 or W11
    vacated(both, NORD, W10 - month, "T_Vacancy30")
    vacated(both, NORD, W11 - month)
    vacated(both, NORD, W11 + DAY - month)
    vacated(both, SUD, W10 + DAY - month, "T_Vacancy30")
    vacated(both, NORD, NOW - 5 * DAY)  # vacated too recently
    vacated(both, NORD, BEFORE - month, "T_Vacancy30")  # its 30 days ran out before the period
    assert_kpi(both, clock, "vacancy_30d", VACANCY, (100 / 3, 3), (50.0, 4))


def test_vacancy_over_3_months_is_the_share_of_dwellings_vacated_92_days_before_alerted(
    both: EngineContext, clock: ManualClock
) -> None:
    quarter = 92 * DAY
    vacated(both, NORD, W10 + DAY - quarter, "T_Vacancy30", "T_Vacancy3M")
    vacated(both, NORD, W11 - quarter, "T_Vacancy30")  # relet between 30 days and 3 months
    vacated(both, SUD, W11 - quarter, "T_Vacancy30", "T_Vacancy3M")
    vacated(both, NORD, W10 - 40 * DAY, "T_Vacancy30")  # vacated 30 days, not 3 months, before
    vacated(both, NORD, BEFORE - quarter, "T_Vacancy30", "T_Vacancy3M")
    assert_kpi(both, clock, "vacancy_3m", VACANCY, (50.0, 2), (200 / 3, 3))


def test_deposits_on_time_are_the_refunds_without_a_late_penalty(
    both: EngineContext, clock: ManualClock
) -> None:
    for territory, refunded, penalty in (
        (NORD, W10, False),
        (NORD, W11, True),
        (NORD, W11 + DAY, False),
        (SUD, W10, True),
        (NORD, BEFORE, True),  # refunded before the period
    ):
        case_id = case(both, VACANCY, territory)
        step(both, case_id, "T_Deposit", territory, refunded)
        if penalty:
            step(both, case_id, "T_PayPenalty", territory, opened=refunded)
    pending = case(both, VACANCY, NORD)
    step(both, pending, "T_Deposit", NORD, opened=W11)
    assert_kpi(both, clock, "deposits_on_time", VACANCY, (200 / 3, 3), (50.0, 4))


def closed(ctx: EngineContext, territory: str, day: datetime) -> int:
    """A complaint closed at ``day``."""
    case_id = case(ctx, COMPLAINT, territory)
    step(ctx, case_id, "Task_Close", territory, day)
    return case_id


def test_complaints_within_sla_are_the_closings_with_no_late_clock_or_step_by_then(
    both: EngineContext, clock: ManualClock
) -> None:
    hour = timedelta(hours=1)
    met = closed(both, NORD, W10)
    sla(both, met, NORD, ClockStatus.MET, stopped=W10 - 5 * DAY)
    breached = closed(both, NORD, W11)
    sla(both, breached, NORD, ClockStatus.MISSED, breached=W11 - 2 * DAY, stopped=W11 - DAY)
    missed = closed(both, NORD, W11)
    sla(both, missed, NORD, ClockStatus.MISSED, stopped=W11 - 3 * DAY)
    late_step = closed(both, NORD, W10)
    step(both, late_step, "Task_InterventionLate", NORD, W10 - DAY)
    breached_after = closed(both, NORD, W10)
    sla(both, breached_after, NORD, ClockStatus.BREACHED, breached=W10 + DAY, step_id=None)
    late_after = closed(both, NORD, W11)
    sla(both, late_after, NORD, ClockStatus.MISSED, stopped=W11 + hour)
    step(both, late_after, "Task_ReplyLate", NORD, opened=W11 + 2 * hour)
    closed(both, NORD, W11 + DAY)
    closed(both, SUD, W10)
    late_sud = closed(both, SUD, W11)
    sla(both, late_sud, SUD, ClockStatus.BREACHED, breached=W11 - DAY)
    closed(both, NORD, BEFORE)  # closed before the period
    step(both, case(both, COMPLAINT, NORD), "Task_Close", NORD, opened=W11)  # not closed yet
    assert_kpi(both, clock, "complaints_within_sla", COMPLAINT, (400 / 7, 7), (500 / 9, 9))


def test_acknowledged_within_48_hours_is_the_share_of_settled_acknowledgement_clocks_met(
    both: EngineContext, clock: ManualClock
) -> None:
    nord, sud = case(both, COMPLAINT, NORD), case(both, COMPLAINT, SUD)
    sla(both, nord, NORD, ClockStatus.MET, stopped=W10)
    sla(both, nord, NORD, ClockStatus.MET, stopped=W11)
    sla(both, nord, NORD, ClockStatus.MISSED, stopped=W11)  # closed late, never swept
    sla(both, nord, NORD, ClockStatus.BREACHED, breached=W10)  # still open
    sla(both, nord, NORD, ClockStatus.MISSED, breached=BEFORE, stopped=W10)  # late before
    sla(both, nord, NORD, ClockStatus.MET, stopped=W10, step_id="Task_Qualify")
    sla(both, nord, NORD, ClockStatus.CANCELLED, stopped=W10)
    sla(both, nord, NORD, ClockStatus.ON_TRACK)
    sla(both, sud, SUD, ClockStatus.MET, stopped=W11)
    assert_kpi(both, clock, "acknowledged_48h", COMPLAINT, (50.0, 4), (60.0, 5))


def test_satisfaction_is_the_mean_score_of_the_surveys_answered(
    both: EngineContext, clock: ManualClock
) -> None:
    scored(both, NORD, W10, 5)
    scored(both, NORD, W11, 2)
    scored(both, NORD, W11 + DAY, 4)
    scored(both, NORD, W10, None)  # completed with no score recorded: not an answer
    scored(both, SUD, W11, 1)
    scored(both, NORD, BEFORE, 1)  # answered before the period
    step(both, case(both, COMPLAINT, NORD), "Task_Survey", NORD, opened=W11)  # not answered
    assert_kpi(both, clock, "satisfaction", COMPLAINT, (11 / 3, 3), (3.0, 4))


def survey(ctx: EngineContext, case_id: int, score: int) -> None:
    [task] = [
        t
        for t in queries.show_instance(ctx, case_id, ADMIN).open_tasks
        if t.bpmn_id == "Task_Survey"
    ]
    answer = {"satisfaction_score": score}
    tasks.complete(ctx, task.id, people.get_actor(ctx, "mme-durand"), answer)


def handle(ctx: EngineContext, case_id: int) -> None:
    """Take the case from the responsibility decision to its closing."""
    for name, user in (
        ("Task_Responsibility", "claire"),
        ("Task_WorkOrder", "martin"),
        ("Task_Intervention", "plombco"),
        ("Task_Close", "claire"),
    ):
        do(ctx, case_id, name, user)


def test_a_survey_answered_again_with_the_same_score_counts(office: EngineContext) -> None:
    """A low score reopens the complaint; its second survey, answered with the same score,
    is an answer too (its completion does not change the case's data)."""
    case_id = complaint(office, NORD_DWELLING, "claire")
    do(office, case_id, "Task_Acknowledge", "claire")
    handle(office, case_id)
    survey(office, case_id, 2)  # reopened
    handle(office, case_id)
    survey(office, case_id, 2)  # escalated
    shown = {t.bpmn_id for t in queries.show_instance(office, case_id, ADMIN).open_tasks}
    assert shown == {"Task_Review"}
    assert figure(office, ADMIN, "satisfaction") == (2.0, 2)
