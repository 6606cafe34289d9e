"""The KPIs management watches (shared/domain/PROCESSES.md), each one documented query.

Every KPI reads the task mirror (``human_task``), the SLA clocks and, for the survey score,
the audit entry of the survey's completion: never a workflow's state. Each query is one
set-based statement over the rows of the period (indexes of migration 0005), scoped like the
rest of the dashboard. ``exact`` says whether the figure is the KPI itself or a proxy:

- relocation time (approximate): days from the move-out inspection step's completion to the
  lease step's completion, for the leases signed in the period: the steps' completion
  instants stand for the keys-returned and lease-start dates typed in their forms;
- vacancy over 30 days / over 3 months (approximate): of the dwellings vacated 30 days (92
  days) before each day of the period, the share whose vacancy alert step was raised;
- deposits refunded on time (exact): deposit refunds completed in the period whose case did
  not go to the late-penalty step (the model compares the payment date with the legal due date);
- complaints within SLA (approximate): complaints closed in the period with no missed or
  breached SLA clock and no late intervention / late written reply step;
- acknowledged within 48 h (exact for the model's clock): acknowledgement clocks settled in the
  period that were met; the clock starts when the step opens, just after registration;
- satisfaction after closure (exact): mean survey score (1 to 5) answered in the period.

Targets are the office's internal defaults (legal obligations at 100 %), kept here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import JSON, Connection, Float, Table, case, exists, func, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql.expression import type_coerce

from engine.models import AuditEntry, ClockStatus, TaskStatus
from engine.services.dashboard_scope import (
    CASE,
    CLOCK,
    TASK,
    Outcomes,
    Scope,
    epoch_seconds,
)
from workflows.vacancy import VACANCY_FIRST_ALERT_DAYS

AUDIT = cast(Table, AuditEntry.__table__)
VACANCY = "vacancy_turnaround"
COMPLAINT = "tenant_complaint"
THREE_MONTHS_DAYS = 92  # the longest three calendar months, for the 3-month cohort
DAY_SECONDS = 86_400.0


class Unit(StrEnum):
    DAYS = "days"
    PERCENT = "percent"
    SCORE = "score"


@dataclass(frozen=True)
class Kpi:
    """One KPI over the period: ``value`` None when nothing was measured (``count`` 0)."""

    key: str
    label: str
    value: float | None
    unit: Unit
    target: float
    higher_is_better: bool
    count: int
    exact: bool

    @property
    def on_target(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target


def kpis(conn: Connection, scope: Scope, settled: Outcomes) -> tuple[Kpi, ...]:
    """The KPIs of the processes in scope (vacancy ones need vacancy_turnaround, and so on);
    ``settled`` holds the period's settled clocks (``dashboard_scope.outcomes``)."""
    found: list[Kpi] = []
    if scope.process_key in (None, VACANCY):
        found += [
            relocation_time(conn, scope),
            vacancy_over(conn, scope, "T_Vacancy30", VACANCY_FIRST_ALERT_DAYS, "vacancy_30d"),
            vacancy_over(conn, scope, "T_Vacancy3M", THREE_MONTHS_DAYS, "vacancy_3m"),
            deposits_on_time(conn, scope),
        ]
    if scope.process_key in (None, COMPLAINT):
        found += [
            complaints_within_sla(conn, scope),
            acknowledged_in_time(settled),
            satisfaction(conn, scope),
        ]
    return tuple(found)


def _done(scope: Scope, process_key: str, step: str) -> Any:
    """The completed tasks of ``step`` of ``process_key`` in the period and territory."""
    return (
        select(TASK.c.id, TASK.c.instance_id, TASK.c.completed_at)
        .join(CASE, CASE.c.id == TASK.c.instance_id)
        .where(
            TASK.c.bpmn_id == step,
            TASK.c.status == TaskStatus.COMPLETED,
            TASK.c.completed_at >= scope.start,
            CASE.c.process_key == process_key,
            scope.territory_filter(TASK.c.territory),
        )
    )


def _step_exists(step: str | tuple[str, ...], instance_id: Any) -> Any:
    steps = (step,) if isinstance(step, str) else step
    return exists().where(TASK.c.instance_id == instance_id, TASK.c.bpmn_id.in_(steps))


def _share(hits: Any, total: Any) -> tuple[float | None, int]:
    return (100.0 * int(hits or 0) / total if total else None, int(total or 0))


def relocation_time(conn: Connection, scope: Scope) -> Kpi:
    """Mean days from the move-out inspection to the new lease, leases signed in the period."""
    leases = (
        _done(scope, VACANCY, "T_Lease")
        .with_only_columns(TASK.c.instance_id, func.min(TASK.c.completed_at).label("at"))
        .group_by(TASK.c.instance_id)
        .subquery("lease")
    )
    exits = (
        select(TASK.c.instance_id, func.min(TASK.c.completed_at).label("at"))
        .where(
            TASK.c.bpmn_id == "T_MoveOut",
            TASK.c.status == TaskStatus.COMPLETED,
            TASK.c.instance_id.in_(select(leases.c.instance_id)),
        )
        .group_by(TASK.c.instance_id)
        .subquery("move_out")
    )
    span = epoch_seconds(leases.c.at) - epoch_seconds(exits.c.at)
    mean, count = conn.execute(
        select(func.avg(span), func.count()).select_from(
            leases.join(exits, exits.c.instance_id == leases.c.instance_id)
        )
    ).one()
    value = float(mean) / DAY_SECONDS if count else None
    return Kpi("relocation_days", "Délai de relocation", value, Unit.DAYS, 30, False, count, False)


def vacancy_over(conn: Connection, scope: Scope, alert_step: str, days: int, key: str) -> Kpi:
    """Of the dwellings vacated ``days`` before the period's days, the share still vacant then
    (their vacancy alert step was raised)."""
    shift = timedelta(days=days)
    cohort = (
        select(TASK.c.instance_id)
        .join(CASE, CASE.c.id == TASK.c.instance_id)
        .where(
            TASK.c.bpmn_id == "T_MoveOut",
            TASK.c.status == TaskStatus.COMPLETED,
            TASK.c.completed_at >= scope.start - shift,
            TASK.c.completed_at < scope.now - shift,
            CASE.c.process_key == VACANCY,
            scope.territory_filter(TASK.c.territory),
        )
        .distinct()
        .subquery("vacated")
    )
    alerted = case((_step_exists(alert_step, cohort.c.instance_id), 1), else_=0)
    hits, total = conn.execute(select(func.sum(alerted), func.count()).select_from(cohort)).one()
    value, count = _share(hits, total)
    if days == VACANCY_FIRST_ALERT_DAYS:
        return Kpi(key, "Vacance de plus de 30 jours", value, Unit.PERCENT, 20, False, count, False)
    return Kpi(key, "Vacance de plus de 3 mois", value, Unit.PERCENT, 5, False, count, False)


def deposits_on_time(conn: Connection, scope: Scope) -> Kpi:
    """Share of the deposit refunds of the period that needed no late penalty."""
    refunds = _done(scope, VACANCY, "T_Deposit").subquery("refund")
    on_time = case((_step_exists("T_PayPenalty", refunds.c.instance_id), 0), else_=1)
    hits, total = conn.execute(select(func.sum(on_time), func.count()).select_from(refunds)).one()
    value, count = _share(hits, total)
    return Kpi(
        "deposits_on_time",
        "Dépôts restitués dans les délais",
        value,
        Unit.PERCENT,
        100,
        True,
        count,
        True,
    )


def complaints_within_sla(conn: Connection, scope: Scope) -> Kpi:
    """Share of the complaints closed in the period without any late step.

    Counted as closings without a late clock or late step (anti-joins the planner may
    hash), not as a test per closing: there are many closings in a director's period.
    """
    closed = _done(scope, COMPLAINT, "Task_Close").subquery("closed")
    late_clock = exists().where(
        CLOCK.c.instance_id == closed.c.instance_id,
        CLOCK.c.status.in_((ClockStatus.MISSED, ClockStatus.BREACHED)),
    )
    late_step = _step_exists(("Task_InterventionLate", "Task_ReplyLate"), closed.c.instance_id)
    count = select(func.count()).select_from(closed)
    hits, total = conn.execute(
        select(
            count.where(~late_clock, ~late_step).scalar_subquery(),
            count.scalar_subquery(),
        )
    ).one()
    value, count_ = _share(hits, total)
    return Kpi(
        "complaints_within_sla",
        "Réclamations traitées dans les délais",
        value,
        Unit.PERCENT,
        90,
        True,
        count_,
        False,
    )


def acknowledged_in_time(settled: Outcomes) -> Kpi:
    """Share of the acknowledgement clocks settled in the period that were met (48 h)."""
    total = late = 0
    for (_week, process, step), (done, missed) in settled.items():
        if process == COMPLAINT and step == "Task_Acknowledge":
            total, late = total + done, late + missed
    hits = total - late
    value, count = _share(hits, total)
    return Kpi(
        "acknowledged_48h",
        "Accusés de réception sous 48 h",
        value,
        Unit.PERCENT,
        95,
        True,
        count,
        True,
    )


def satisfaction(conn: Connection, scope: Scope) -> Kpi:
    """Mean satisfaction score (1 to 5) of the complaint surveys answered in the period."""
    surveys = _done(scope, COMPLAINT, "Task_Survey").subquery("survey")
    path = ("changes", "satisfaction_score", "new")
    if conn.dialect.name == "postgresql":
        score = sql_cast(AUDIT.c.details, JSONB)[path].astext.cast(Float)
    else:
        score = type_coerce(AUDIT.c.details, JSON)[path].as_float()
    mean, count = conn.execute(
        select(func.avg(score), func.count(score))
        .select_from(surveys)
        .join(AUDIT, AUDIT.c.task_id == surveys.c.id)
        .where(AUDIT.c.action == "task_completed")
    ).one()
    value = float(mean) if count else None
    return Kpi(
        "satisfaction", "Satisfaction après clôture", value, Unit.SCORE, 4, True, count, True
    )
