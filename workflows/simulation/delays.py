"""When a person acts on a task: per role, usually in time, sometimes late.

A task with an SLA is done after a share of its SLA window: most people use a third of it,
a few pass the warning threshold, and a role's ``LATE_SHARE`` of tasks overrun the deadline
(x1.05 to x2.5 of the window): that is what makes SLA clocks warn and breach. A task
without an SLA takes the role's usual time (``USUAL_DAYS``). Some forms have a natural date
(works end on their planned end date, site meetings are monthly). Staff act in office hours
on business days, except in an emergency (a U1 complaint); tenants any day, 9:00-20:00.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from workflows.business_calendar import PARIS, is_business_day
from workflows.complaints import complaint_intervention_due

USUAL_DAYS: Mapping[str, tuple[float, float]] = {
    "customer_officer": (0.02, 1.0),
    "letting_officer": (0.5, 5.0),
    "caretaker": (0.1, 2.0),
    "asset_technician": (1.0, 6.0),
    "project_manager": (5.0, 30.0),
    "territorial_manager": (1.0, 7.0),
    "director": (3.0, 15.0),
    "commission": (7.0, 30.0),
    "contractor": (2.0, 12.0),
    "tenant": (1.0, 8.0),
}
DEFAULT_DAYS = (1.0, 5.0)
LATE_SHARE: Mapping[str, float] = {
    "customer_officer": 0.05,
    "letting_officer": 0.10,
    "caretaker": 0.08,
    "asset_technician": 0.12,
    "project_manager": 0.10,
    "territorial_manager": 0.08,
    "director": 0.12,
    "commission": 0.10,
    "contractor": 0.18,
    "tenant": 0.15,
}
FORM_DAYS: Mapping[str, tuple[float, float]] = {
    "complaint_registration": (0.0, 0.02),  # typed while the tenant is on the phone
    "complaint_qualification": (0.0, 0.05),
    "construction_site_meeting": (25.0, 35.0),
    "construction_design_phase": (20.0, 60.0),
    "construction_feasibility": (20.0, 60.0),
    "construction_architect_consultation": (20.0, 45.0),
    "construction_completion_notice": (3.0, 15.0),
    "vacancy_refurbishment_done": (60.0, 200.0),
    "refurb_defects_repair": (10.0, 60.0),
    "vacancy_tenant_inspection": (1.0, 9.0),
    "refurb_tenant_opinion": (7.0, 28.0),
}
"""Forms whose timing is their own, whatever the role (days after the task opens)."""
INTERVENTION_CHAIN: Mapping[str, float] = {
    "complaint_responsibility": 0.15,
    "complaint_on_call": 0.1,
    "complaint_work_order": 0.3,
    "complaint_intervention": 0.9,
}
"""Steps that race the complaint's intervention deadline (U1 4 h, U2 24 h, U3 5 working
days), with the share of the time left each usually takes; only the contractor is late."""
TENANT_ROLES = frozenset({"tenant"})
EMERGENCY_FORMS = frozenset(
    {
        "complaint_on_call",
        "complaint_work_order",
        "complaint_intervention",
        "complaint_qualification",
        "complaint_responsibility",
    }
)
OFFICE_START, OFFICE_END = time(8, 0), time(18, 0)
TENANT_START, TENANT_END = time(9, 0), time(20, 0)


@dataclass(frozen=True)
class TaskFacts:
    """What the timing depends on: who, which form, when it opened and is due."""

    role: str | None
    form_key: str | None
    created_at: datetime
    due_at: datetime | None


def act_at(
    rng: random.Random,
    task: TaskFacts,
    memory: Mapping[str, Any],
    *,
    lateness: float = 1.0,
) -> datetime:
    """When someone completes ``task`` (``lateness`` scales every role's late share)."""
    role = task.role or ""
    planned = _natural_date(task.form_key, memory)
    deadline = _intervention_deadline(task.form_key, memory)
    if deadline is not None and deadline > task.created_at:
        late = role == "contractor" and rng.random() < LATE_SHARE[role] * lateness
        share = rng.uniform(1.05, 1.8) if late else rng.betavariate(2, 2)
        share *= 1.0 if late else INTERVENTION_CHAIN[task.form_key or ""]
        moment = task.created_at + (deadline - task.created_at) * share
        return moment if memory.get("urgency") == "U1" else working_moment(rng, moment)
    if planned is not None:
        late = rng.random() < LATE_SHARE.get(role, 0.1) * lateness
        slip = rng.uniform(1, 15) if late else -rng.uniform(0, 2)
        moment = max(task.created_at, planned + timedelta(days=slip))
    elif task.form_key is not None and task.form_key in FORM_DAYS:
        low, high = FORM_DAYS[task.form_key]
        moment = task.created_at + timedelta(days=rng.uniform(low, high))
    elif task.due_at is not None and task.due_at > task.created_at:
        window = task.due_at - task.created_at
        if rng.random() < LATE_SHARE.get(role, 0.1) * lateness:
            share = rng.uniform(1.05, 2.5)
        else:
            share = rng.betavariate(1.6, 3.2)  # mean a third of the window, tail past 0.75
        moment = task.created_at + window * share
    else:
        low, high = USUAL_DAYS.get(role, DEFAULT_DAYS)
        moment = task.created_at + timedelta(days=rng.uniform(low, high))
    emergency = task.form_key in EMERGENCY_FORMS and memory.get("urgency") == "U1"
    if emergency:
        return moment
    return working_moment(rng, moment, tenant=role in TENANT_ROLES)


def _intervention_deadline(form_key: str | None, memory: Mapping[str, Any]) -> datetime | None:
    if form_key not in INTERVENTION_CHAIN or not memory.get("received_at"):
        return None
    urgency = str(memory.get("urgency") or "U3")
    return datetime.fromisoformat(complaint_intervention_due(urgency, str(memory["received_at"])))


def _natural_date(form_key: str | None, memory: Mapping[str, Any]) -> datetime | None:
    """The date a form is naturally filled on, when the case set one."""
    field = {
        "vacancy_works_done": "works_planned_end_date",
        "refurb_works_report": "access_end",
    }.get(form_key or "")
    if field is None or not memory.get(field):
        return None
    day = date.fromisoformat(str(memory[field]))
    return datetime.combine(day, time(10, 0), tzinfo=PARIS)


def working_moment(rng: random.Random, moment: datetime, *, tenant: bool = False) -> datetime:
    """``moment`` if people work then, else a moment early in the next working period."""
    start, end = (TENANT_START, TENANT_END) if tenant else (OFFICE_START, OFFICE_END)
    local = moment.astimezone(PARIS)
    day = local.date()
    if _works_on(day, tenant) and start <= local.time() < end:
        return moment
    if local.time() >= end or not _works_on(day, tenant):
        day += timedelta(days=1)
    while not _works_on(day, tenant):
        day += timedelta(days=1)
    opening = datetime.combine(day, start, tzinfo=PARIS)
    return opening + timedelta(minutes=rng.randint(0, 180))


def _works_on(day: date, tenant: bool) -> bool:
    return True if tenant else is_business_day(day)
