"""The KPIs management watches (shared/domain/PROCESSES.md), each one documented query.

Every KPI reads the task mirror (``human_task``), the SLA clocks and, for the survey score,
the audit entry of the survey's completion: never a workflow's state. Each KPI is a count
and a numerator per week and territory (``kpi_facts``: one set-based statement each over the
rows of the weeks asked, indexes of migration 0005), decided by an event stamped when it
happens, so a week's figures never change once it is over and ``dashboard_cache`` keeps
them; ``kpis`` adds up the period's. ``exact`` says whether the figure is the KPI itself or
a proxy:

- relocation time (approximate): days from the move-out inspection step's completion to the
  lease step's completion, for the leases signed in the period (the week of the lease): the
  steps' completion instants stand for the keys-returned and lease-start dates typed in their
  forms;
- vacancy over 30 days / over 3 months (approximate): of the dwellings vacated 30 days (92
  days) before each day of the period, the share whose vacancy alert step was raised (in
  the week the 30 or 92 days ran out; the alert's timer fired by then);
- deposits refunded on time (exact): deposit refunds completed in the period whose case did
  not go to the late-penalty step (the model compares the payment date with the legal due
  date and opens that step in the refund's own transaction);
- complaints within SLA (approximate): complaints closed in the period with no missed or
  breached SLA clock and no late intervention / late written reply step when they closed
  (what happens to the case after its closing does not change it);
- acknowledged within 48 h (exact for the model's clock): acknowledgement clocks settled in the
  period that were met (``dashboard_outcomes``); the clock starts when the step opens, just
  after registration;
- satisfaction after closure (exact): mean survey score (1 to 5) answered in the period.

Targets are the office's internal defaults (legal obligations at 100 %), kept here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import JSON, Connection, Float, Table, and_, case, exists, func, or_, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql.expression import type_coerce

from engine.models import AuditEntry, ClockStatus, TaskStatus
from engine.services.dashboard_facts import Fact, Outcomes, Span, Totals
from engine.services.dashboard_scope import CASE, CLOCK, TASK, Scope, epoch_seconds
from workflows.vacancy import VACANCY_FIRST_ALERT_DAYS

AUDIT = cast(Table, AuditEntry.__table__)
VACANCY = "vacancy_turnaround"
COMPLAINT = "tenant_complaint"
THREE_MONTHS_DAYS = 92  # the longest three calendar months, for the 3-month cohort
DAY_SECONDS = 86_400.0
RELOCATION, VACANCY_30D, VACANCY_3M = "relocation_days", "vacancy_30d", "vacancy_3m"
DEPOSITS, COMPLAINTS, SATISFACTION = "deposits_on_time", "complaints_within_sla", "satisfaction"


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


def kpis(scope: Scope, totals: Totals) -> tuple[Kpi, ...]:
    """The KPIs of the processes in scope (vacancy ones need vacancy_turnaround, and so on),
    from the period's facts (``dashboard_cache.period_totals``)."""
    found: list[Kpi] = []
    if scope.process_key in (None, VACANCY):
        count, seconds = totals.sums.get(RELOCATION, (0, 0.0))
        days = seconds / count / DAY_SECONDS if count else None
        over_30, cohort_30 = _percent(totals, VACANCY_30D)
        over_3m, cohort_3m = _percent(totals, VACANCY_3M)
        on_time, refunds = _percent(totals, DEPOSITS)
        found += [
            Kpi(RELOCATION, "Délai de relocation", days, Unit.DAYS, 30, False, count, False),
            Kpi(
                VACANCY_30D,
                "Vacance de plus de 30 jours",
                over_30,
                Unit.PERCENT,
                20,
                False,
                cohort_30,
                False,
            ),
            Kpi(
                VACANCY_3M,
                "Vacance de plus de 3 mois",
                over_3m,
                Unit.PERCENT,
                5,
                False,
                cohort_3m,
                False,
            ),
            Kpi(
                DEPOSITS,
                "Dépôts restitués dans les délais",
                on_time,
                Unit.PERCENT,
                100,
                True,
                refunds,
                True,
            ),
        ]
    if scope.process_key in (None, COMPLAINT):
        within, closed = _percent(totals, COMPLAINTS)
        answers, score = totals.sums.get(SATISFACTION, (0, 0.0))
        mean = score / answers if answers else None
        found += [
            Kpi(
                COMPLAINTS,
                "Réclamations traitées dans les délais",
                within,
                Unit.PERCENT,
                90,
                True,
                closed,
                False,
            ),
            acknowledged_in_time(totals.outcomes),
            Kpi(
                SATISFACTION, "Satisfaction après clôture", mean, Unit.SCORE, 4, True, answers, True
            ),
        ]
    return tuple(found)


def _percent(totals: Totals, key: str) -> tuple[float | None, int]:
    """A share KPI's value (% of its count that hit) and its count."""
    count, hits = totals.sums.get(key, (0, 0.0))
    return (100.0 * hits / count if count else None, count)


def acknowledged_in_time(settled: Outcomes) -> Kpi:
    """Share of the acknowledgement clocks settled in the period that were met (48 h)."""
    total = late = 0
    for (_week, process, step), (done, missed) in settled.items():
        if process == COMPLAINT and step == "Task_Acknowledge":
            total, late = total + done, late + missed
    value = 100.0 * (total - late) / total if total else None
    return Kpi(
        "acknowledged_48h",
        "Accusés de réception sous 48 h",
        value,
        Unit.PERCENT,
        95,
        True,
        total,
        True,
    )


def kpi_facts(conn: Connection, span: Span, process_key: str | None = None) -> list[Fact]:
    """The count and numerator per week and territory of ``span`` of every KPI (of
    ``process_key``'s KPIs only when given)."""
    found: list[Fact] = []
    if process_key in (None, VACANCY):
        found += [
            *relocation_facts(conn, span),
            *vacancy_facts(conn, span, "T_Vacancy30", VACANCY_FIRST_ALERT_DAYS, VACANCY_30D),
            *vacancy_facts(conn, span, "T_Vacancy3M", THREE_MONTHS_DAYS, VACANCY_3M),
            *deposit_facts(conn, span),
        ]
    if process_key in (None, COMPLAINT):
        found += [*complaint_facts(conn, span), *satisfaction_facts(conn, span)]
    return found


def _done(span: Span, process_key: str, step: str) -> Any:
    """The completed tasks of ``step`` of ``process_key`` in the span, with their week."""
    return (
        select(
            TASK.c.id,
            TASK.c.instance_id,
            TASK.c.completed_at,
            TASK.c.territory,
            span.week(TASK.c.completed_at).label("week"),
        )
        .join(CASE, CASE.c.id == TASK.c.instance_id)
        .where(
            TASK.c.bpmn_id == step,
            TASK.c.status == TaskStatus.COMPLETED,
            *span.within(TASK.c.completed_at),
            CASE.c.process_key == process_key,
            span.territory_filter(TASK.c.territory),
        )
    )


def _step_exists(step: str | tuple[str, ...], instance_id: Any) -> Any:
    steps = (step,) if isinstance(step, str) else step
    return exists().where(TASK.c.instance_id == instance_id, TASK.c.bpmn_id.in_(steps))


def _facts(conn: Connection, kind: str, rows: Any, count: Any, total: Any) -> list[Fact]:
    """``count`` and ``total`` of ``rows`` (a subquery with week and territory) per week and
    territory, as facts of ``kind``."""
    keys = (rows.c.week, rows.c.territory)
    found = conn.execute(select(*keys, count, total).select_from(rows).group_by(*keys))
    return [
        Fact(int(week), territory, kind, None, None, None, int(n), float(hits or 0))
        for week, territory, n, hits in found
    ]


def relocation_facts(conn: Connection, span: Span) -> list[Fact]:
    """Leases signed (their first signing in a week), and the whole seconds from the case's
    move-out inspection to each."""
    week = span.week(TASK.c.completed_at)
    leases = (
        _done(span, VACANCY, "T_Lease")
        .with_only_columns(
            TASK.c.instance_id,
            TASK.c.territory,
            week.label("week"),
            func.min(TASK.c.completed_at).label("at"),
        )
        .group_by(TASK.c.instance_id, TASK.c.territory, week)
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
    relocated = (
        select(
            leases.c.week,
            leases.c.territory,
            func.round(epoch_seconds(leases.c.at) - epoch_seconds(exits.c.at)).label("seconds"),
        )
        .join_from(leases, exits, exits.c.instance_id == leases.c.instance_id)
        .subquery("relocated")
    )
    return _facts(conn, RELOCATION, relocated, func.count(), func.sum(relocated.c.seconds))


def vacancy_facts(conn: Connection, span: Span, alert_step: str, days: int, key: str) -> list[Fact]:
    """Dwellings vacated ``days`` before a day of the span (in that day's week), and those whose
    vacancy alert step was raised."""
    shift = timedelta(days=days)
    cohort = (
        select(
            TASK.c.instance_id,
            TASK.c.territory,
            span.week(TASK.c.completed_at, shift).label("week"),
        )
        .join(CASE, CASE.c.id == TASK.c.instance_id)
        .where(
            TASK.c.bpmn_id == "T_MoveOut",
            TASK.c.status == TaskStatus.COMPLETED,
            *span.within(TASK.c.completed_at, shift),
            CASE.c.process_key == VACANCY,
            span.territory_filter(TASK.c.territory),
        )
        .distinct()
        .subquery("vacated")
    )
    alerted = case((_step_exists(alert_step, cohort.c.instance_id), 1), else_=0)
    return _facts(conn, key, cohort, func.count(), func.sum(alerted))


def deposit_facts(conn: Connection, span: Span) -> list[Fact]:
    """Deposit refunds, and those that needed no late penalty."""
    refunds = _done(span, VACANCY, "T_Deposit").subquery("refund")
    on_time = case((_step_exists("T_PayPenalty", refunds.c.instance_id), 0), else_=1)
    return _facts(conn, DEPOSITS, refunds, func.count(), func.sum(on_time))


def complaint_facts(conn: Connection, span: Span) -> list[Fact]:
    """Complaint closings, and those with no late clock nor late step at the closing: a clock
    breached, or closed missed, by then; a late intervention or reply step opened by then."""
    closed = _done(span, COMPLAINT, "Task_Close").subquery("closed")
    late_clock = exists().where(
        CLOCK.c.instance_id == closed.c.instance_id,
        or_(
            CLOCK.c.breached_at <= closed.c.completed_at,
            and_(CLOCK.c.status == ClockStatus.MISSED, CLOCK.c.stopped_at <= closed.c.completed_at),
        ),
    )
    late_step = _step_exists(
        ("Task_InterventionLate", "Task_ReplyLate"), closed.c.instance_id
    ).where(TASK.c.created_at <= closed.c.completed_at)
    within = case((late_clock | late_step, 0), else_=1)
    return _facts(conn, COMPLAINTS, closed, func.count(), func.sum(within))


def satisfaction_facts(conn: Connection, span: Span) -> list[Fact]:
    """Survey scores (1 to 5) answered, and their sum (the completion's audit entry holds every
    field answered, a score repeated after a reopening included)."""
    surveys = _done(span, COMPLAINT, "Task_Survey").subquery("survey")
    score = _score(conn, AUDIT)
    scored = (
        select(surveys.c.week, surveys.c.territory, score.label("score"))
        .join_from(surveys, AUDIT, AUDIT.c.task_id == surveys.c.id)
        .where(AUDIT.c.action == "task_completed")
        .subquery("scored")
    )
    return _facts(conn, SATISFACTION, scored, func.count(scored.c.score), func.sum(scored.c.score))


def _score(conn: Connection, audit: Any) -> Any:
    """The satisfaction score an audit entry's data changes set (NULL when none)."""
    path = ("changes", "satisfaction_score", "new")
    if conn.dialect.name == "postgresql":
        return sql_cast(audit.c.details, JSONB)[path].astext.cast(Float)
    return type_coerce(audit.c.details, JSON)[path].as_float()
