"""The managers' dashboard queries on real complaint cases, on SQLite and PostgreSQL.

An office of two territories (one spot each) runs the real tenant_complaint model: one
complaint handled end to end in the week before, three whose acknowledgement (48 h SLA)
runs late this week, moved along by the engine clock and the SLA sweep.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from engine.actors import Actor
from engine.clock import ManualClock
from engine.config import PROJECT_ROOT
from engine.db import write_connection
from engine.errors import PermissionDenied
from engine.runtime import EngineContext
from engine.services import instances, people, queries, tasks
from engine.services.dashboard import (
    NONE,
    Count,
    LateFilter,
    Lateness,
    late_items,
    overview,
)
from engine.services.deploy import deploy
from engine.services.heatmap import weighted_median
from engine.services.places import load_places
from engine.services.sla_sweep import sweep_sla
from engine.specs import load_model
from forms.catalog import FormCatalog
from tests.conftest import START
from tests.unit.test_workflows_places import SMALL, T2, T3
from workflows.business_calendar import local_date

ADMIN = Actor("admin", frozenset({"admin"}))
RT_NORD = Actor("rt.nord", frozenset({"territorial_manager"}), "nord")
DIRECTOR = Actor("directrice", frozenset({"director"}))
CARETAKER = Actor("gardien.nord", frozenset({"caretaker"}), "nord")
NORD_DWELLING, SUD_DWELLING = T3.code, T2.code  # D-00001 in Meaux (nord), D-00002 in Melun
STAFF = {
    "claire": ("customer_officer", "nord"),
    "paul": ("customer_officer", "sud"),
    "martin": ("asset_technician", "nord"),
    "plombco": ("contractor", "nord"),
    "mme-durand": ("tenant", "nord"),
}


def form(key: str, ctx: EngineContext) -> dict[str, Any]:
    now = ctx.clock.now()
    instant, day = now.isoformat(), local_date(now).isoformat()
    return {
        "complaint_registration": {
            "channel": "call_centre",
            "received_at": instant,
            "tenant_name": "Mme Durand",
            "location": "dwelling",
            "category": "leak",
            "description": "Fuite sous l'évier.",
        },
        "complaint_qualification": {"urgency": "U3", "urgency_reason": "Gêne sans danger"},
        "complaint_acknowledgement": {
            "acknowledged_at": instant,
            "acknowledgement_channel": "sms",
            "acknowledgement_message": "Réclamation enregistrée.",
        },
        "complaint_responsibility": {"responsibility": "landlord"},
        "complaint_work_order": {
            "contractor_name": "Plomberie 77",
            "work_order_number": "BC-1",
            "appointment_at": instant,
            "estimated_amount": 180,
        },
        "complaint_intervention": {
            "intervened_at": instant,
            "work_done": "Joint remplacé.",
            "resolved": True,
            "intervention_cost": 180,
            "signed_slip": ["uploads/bon.jpg"],
        },
        "complaint_closure": {
            "closure_code": "resolved",
            "total_cost": 180,
            "chargeable_party": "landlord",
        },
        "complaint_satisfaction": {"satisfaction_score": 4},
        "complaint_written_reply": {
            "reply_sent_on": day,
            "reply_channel": "letter",
            "reply_summary": "Réponse.",
        },
    }[key]


@pytest.fixture
def office(ctx: EngineContext) -> EngineContext:
    ctx.forms = FormCatalog.from_directory(PROJECT_ROOT / "forms")
    with write_connection(ctx.engine) as conn:
        load_places(conn, SMALL)
    for username, (role, territory) in STAFF.items():
        people.add_person(ctx, username, [role], territory=territory)
    path = PROJECT_ROOT / "bpmn" / "tenant_complaint.bpmn"
    deploy(ctx, load_model(path.read_bytes(), filename=path.name, form_keys=ctx.forms.keys()), "po")
    return ctx


def do(ctx: EngineContext, case_id: int, step: str, user: str) -> int:
    """Complete the open ``step`` of the case as ``user``; returns the task id."""
    [task] = [t for t in queries.show_instance(ctx, case_id, ADMIN).open_tasks if t.bpmn_id == step]
    assert task.form_key is not None
    tasks.complete(ctx, task.id, people.get_actor(ctx, user), form(task.form_key, ctx))
    return task.id


def complaint(ctx: EngineContext, place: str, officer: str) -> int:
    case_id = instances.start_instance(
        ctx, "tenant_complaint", people.get_actor(ctx, officer), place_ref=place
    ).instance_id
    do(ctx, case_id, "Task_Register", officer)
    do(ctx, case_id, "Task_Qualify", officer)
    return case_id


@pytest.fixture
def cases(office: EngineContext, clock: ManualClock) -> dict[str, int]:
    """A: handled in the week before; B missed, C (claimed by claire) and D (sud) breached."""
    a = complaint(office, NORD_DWELLING, "claire")
    for step, user in (
        ("Task_Acknowledge", "claire"),
        ("Task_Responsibility", "claire"),
        ("Task_WorkOrder", "martin"),
        ("Task_Intervention", "plombco"),
        ("Task_Close", "claire"),
        ("Task_Survey", "mme-durand"),
    ):
        do(office, a, step, user)
    clock.set(START + timedelta(days=7))
    b = complaint(office, NORD_DWELLING, "claire")
    c = complaint(office, NORD_DWELLING, "claire")
    d = complaint(office, SUD_DWELLING, "paul")
    [ack_c] = [
        t
        for t in queries.show_instance(office, c, ADMIN).open_tasks
        if t.bpmn_id == "Task_Acknowledge"
    ]
    tasks.claim(office, ack_c.id, people.get_actor(office, "claire"))
    clock.advance(timedelta(hours=40))  # past the warning (75 % of 48 h), before the deadline
    sweep_sla(office)
    return {"a": a, "b": b, "c": c, "d": d}


def counts(rows: tuple[Count, ...]) -> dict[str | None, tuple[int, int]]:
    return {row.key: (row.at_risk, row.breached) for row in rows}


def breach(ctx: EngineContext, clock: ManualClock, cases: dict[str, int]) -> None:
    """Ten hours later the three acknowledgements are late; B's is then done (missed)."""
    clock.advance(timedelta(hours=10))
    sweep_sla(ctx)
    do(ctx, cases["b"], "Task_Acknowledge", "claire")


def test_at_risk_clocks_are_counted_by_territory_spot_process_and_step(
    office: EngineContext, cases: dict[str, int]
) -> None:
    seen = overview(office, ADMIN)
    assert counts(seen.by_territory) == {"nord": (2, 0), "sud": (1, 0)}
    assert counts(seen.by_spot) == {"S-01": (2, 0), "S-02": (1, 0)}
    assert {row.key: row.label for row in seen.by_spot} == {
        "S-01": "Agence de Meaux",
        "S-02": "Agence de Melun",
    }
    assert counts(seen.by_process) == {"tenant_complaint": (3, 0)}
    [step] = seen.by_step
    assert (step.key, step.process_key, step.label) == (
        "Task_Acknowledge",
        "tenant_complaint",
        "Accuser réception",
    )
    assert counts(seen.by_assignee) == {"claire": (1, 0), None: (2, 0)}


def test_breaches_trend_and_kpis(
    office: EngineContext, clock: ManualClock, cases: dict[str, int]
) -> None:
    breach(office, clock, cases)
    seen = overview(office, ADMIN, weeks=4)
    assert counts(seen.by_territory) == {"nord": (0, 1), "sud": (0, 1)}
    assert counts(seen.by_assignee) == {"claire": (0, 1), None: (0, 1)}
    assert [(w.week.label, w.settled, w.late) for w in seen.trend] == [
        ("2026-W08", 0, 0),
        ("2026-W09", 0, 0),
        ("2026-W10", 2, 0),  # A's acknowledgement and closure, both met
        ("2026-W11", 3, 3),
    ]
    assert seen.trend[-1].rate == 100.0 and seen.trend[0].rate is None
    kpi = {k.key: k for k in seen.kpis}
    assert (kpi["acknowledged_48h"].value, kpi["acknowledged_48h"].count) == (25.0, 4)
    assert kpi["acknowledged_48h"].on_target is False
    assert (kpi["satisfaction"].value, kpi["satisfaction"].count) == (4.0, 1)
    assert (kpi["complaints_within_sla"].value, kpi["complaints_within_sla"].count) == (100.0, 1)
    assert kpi["relocation_days"].value is None and kpi["relocation_days"].count == 0
    assert kpi["deposits_on_time"].on_target is None


def test_a_territorial_manager_sees_only_their_territory(
    office: EngineContext, clock: ManualClock, cases: dict[str, int]
) -> None:
    breach(office, clock, cases)
    seen = overview(office, RT_NORD, weeks=4)
    assert counts(seen.by_territory) == {"nord": (0, 1)}
    assert {row.key for row in seen.by_spot} == {"S-01"}
    assert [(w.settled, w.late) for w in seen.trend[-2:]] == [(2, 0), (2, 2)]
    assert {k.key: k.value for k in seen.kpis}["acknowledged_48h"] == 100 / 3
    assert counts(overview(office, DIRECTOR, weeks=4).by_territory) == {
        "nord": (0, 1),
        "sud": (0, 1),
    }
    drilled = late_items(office, RT_NORD, LateFilter(lateness=Lateness.BREACHED))
    assert [item.instance_id for item in drilled.items] == [cases["c"]]
    assert late_items(office, RT_NORD, LateFilter(territory="sud")).items == ()


def test_the_drill_down_lists_the_late_work_of_a_cell(
    office: EngineContext, clock: ManualClock, cases: dict[str, int]
) -> None:
    breach(office, clock, cases)
    everything = late_items(office, ADMIN, LateFilter(lateness=Lateness.BREACHED))
    assert sorted(item.instance_id for item in everything.items) == [cases["c"], cases["d"]]
    assert not everything.truncated
    [unassigned] = late_items(office, ADMIN, LateFilter(assignee=NONE)).items
    assert (unassigned.instance_id, unassigned.territory, unassigned.spot) == (
        cases["d"],
        "sud",
        "S-02",
    )
    assert unassigned.task_id is not None and unassigned.lateness is Lateness.BREACHED
    [meaux] = late_items(office, ADMIN, LateFilter(spot="S-01", step="Task_Acknowledge")).items
    assert (meaux.instance_id, meaux.assignee, meaux.title) == (
        cases["c"],
        "claire",
        "Accuser réception",
    )
    assert late_items(office, ADMIN, LateFilter(lateness=Lateness.AT_RISK)).items == ()
    capped = late_items(office, ADMIN, LateFilter(limit=1))
    assert len(capped.items) == 1 and capped.truncated


def test_the_heatmap_gives_each_step_its_breach_rate_and_median_business_days(
    office: EngineContext, clock: ManualClock, cases: dict[str, int]
) -> None:
    breach(office, clock, cases)
    seen = overview(office, ADMIN, weeks=4, heatmap_key="tenant_complaint")
    assert seen.heatmap is not None and seen.heatmap.version == 1
    steps = {step.step: step for step in seen.heatmap.steps}
    assert list(steps)[:2] == ["Task_Register", "Task_Qualify"]  # the diagram's reading order
    ack = steps["Task_Acknowledge"]
    assert (ack.settled, ack.late, ack.breach_rate, ack.band) == (4, 3, 75.0, "alert")
    # A's acknowledged the day it opened, B's two business days later (Monday → Wednesday).
    assert (ack.completed, ack.median_days) == (2, 1.0)
    assert (steps["Task_Register"].completed, steps["Task_Register"].median_days) == (4, 0.0)
    assert steps["Task_Register"].band == "none" and steps["Task_Register"].breach_rate is None
    assert steps["Task_Review"].completed == 0 and steps["Task_Review"].median_days is None


def test_the_process_filter_narrows_everything(
    office: EngineContext, clock: ManualClock, cases: dict[str, int]
) -> None:
    breach(office, clock, cases)
    other = overview(office, ADMIN, weeks=4, process_key="vacancy_turnaround")
    assert other.by_territory == () and all(w.settled == 0 for w in other.trend)
    assert {k.key for k in other.kpis} == {
        "relocation_days",
        "vacancy_30d",
        "vacancy_3m",
        "deposits_on_time",
    }
    assert other.processes == ("tenant_complaint",)


def test_only_managers_see_the_dashboard(office: EngineContext) -> None:
    with pytest.raises(PermissionDenied):
        overview(office, CARETAKER)
    with pytest.raises(PermissionDenied):
        late_items(office, CARETAKER, LateFilter())


def test_weighted_median() -> None:
    assert weighted_median([(3, 1)]) == 3
    assert weighted_median([(0, 1), (2, 1)]) == 1.0
    assert weighted_median([(5, 1), (1, 2), (9, 1)]) == 3.0
    assert weighted_median([(1, 3), (8, 1)]) == 1
