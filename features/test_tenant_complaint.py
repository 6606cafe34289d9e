"""Step definitions for tenant_complaint.feature, driving the engine's services.

Every step that acts first drops the live workflow cache, so the case is restored from the
database each time: persistence is exercised between all steps.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from engine.actors import Actor
from engine.clock import ManualClock
from engine.errors import FormInvalid
from engine.models import InstanceStatus
from engine.runtime import EngineContext
from engine.services import instances, people, queries, tasks, timers
from engine.services.sla_sweep import sweep_sla
from features.conftest import deploy_process
from features.support import open_task_titled, reload_from_database
from workflows.business_calendar import local_date

scenarios("tenant_complaint.feature")

PROCESS = "tenant_complaint"
DWELLING = "nord/les-tilleuls/b2/logt-12"
ADMIN = Actor("admin", frozenset({"admin"}))
ROLES = {
    "chargé de clientèle": "customer_officer",
    "chargé de gestion locative": "letting_officer",
    "technicien patrimoine": "asset_technician",
    "entreprise": "contractor",
    "commission": "commission",
    "responsable territorial": "territorial_manager",
    "locataire": "tenant",
}


def _valid_form(form_key: str, now: datetime) -> dict[str, Any]:
    """What a person would type in each form: valid data, overridden by the scenario."""
    instant, day = now.isoformat(), local_date(now).isoformat()
    forms: dict[str, dict[str, Any]] = {
        "complaint_qualification": {"urgency": "U3", "urgency_reason": "Gêne sans danger"},
        "complaint_acknowledgement": {
            "acknowledged_at": instant,
            "acknowledgement_channel": "sms",
            "acknowledgement_message": "Réclamation enregistrée, un technicien vous rappelle.",
        },
        "complaint_written_reply": {
            "reply_sent_on": day,
            "reply_channel": "letter",
            "reply_summary": "Intervention programmée.",
        },
        "complaint_responsibility": {"responsibility": "landlord"},
        "complaint_tenant_notice": {"notice_sent_on": day, "notice_channel": "letter"},
        "complaint_administrative": {
            "administrative_outcome": "Décompte vérifié et expliqué.",
            "charges_disputed": False,
        },
        "complaint_conciliation": {
            "session_on": day,
            "conciliation_decision": "agreement",
            "refund_amount": 0,
        },
        "complaint_on_call": {"on_call_contractor": "Plomberie 77", "called_at": instant},
        "complaint_work_order": {
            "contractor_name": "Plomberie 77",
            "work_order_number": "BC-2026-0042",
            "appointment_at": instant,
            "estimated_amount": 180,
        },
        "complaint_intervention": {
            "intervened_at": instant,
            "work_done": "Joint de canalisation remplacé.",
            "resolved": True,
            "intervention_cost": 180,
            "signed_slip": ["uploads/bon-0042.jpg"],
        },
        "complaint_diagnosis": {
            "diagnosis_on": day,
            "root_cause": "Canalisation encastrée corrodée.",
            "recommended_works": "replacement",
        },
        "complaint_closure": {
            "closure_code": "resolved",
            "total_cost": 180,
            "chargeable_party": "landlord",
        },
        "complaint_satisfaction": {"satisfaction_score": 4},
        "complaint_escalation": {"escalation_action": "contractor_reminded"},
        "complaint_dissatisfaction_review": {
            "review_decision": "explanation_letter",
            "review_reply": "Nous vous rappelons pour convenir d'une nouvelle visite.",
        },
    }
    return dict(forms[form_key])


@pytest.fixture
def case() -> dict[str, Any]:
    return {"registration": {}}


def _fresh(ctx: EngineContext) -> None:
    reload_from_database(ctx)


def _open_titles(ctx: EngineContext, case: dict[str, Any]) -> list[str]:
    view = queries.show_instance(ctx, case["id"], ADMIN)
    return sorted(task.title for task in view.open_tasks)


def _task(ctx: EngineContext, case: dict[str, Any], title: str) -> queries.TaskView:
    return open_task_titled(ctx, case["id"], title)


def _complete(
    ctx: EngineContext,
    clock: ManualClock,
    case: dict[str, Any],
    user: str,
    title: str,
    overrides: dict[str, Any] | None = None,
) -> None:
    _fresh(ctx)
    task = _task(ctx, case, title)
    assert task.form_key is not None
    data = {**_valid_form(task.form_key, clock.now()), **(overrides or {})}
    try:
        tasks.complete(ctx, task.id, people.get_actor(ctx, user), data)
    except FormInvalid as exc:
        case["error"] = exc


# --- Contexte ---------------------------------------------------------------------------------


@given("le processus des réclamations déployé")
def deployed(office: EngineContext) -> None:
    deploy_process(office, PROCESS)


@given(parsers.parse('l\'équipe du territoire "{territory}" :'))
def team(office: EngineContext, territory: str, datatable: list[list[str]]) -> None:
    for username, role in datatable[1:]:
        people.add_person(office, username.strip(), [ROLES[role.strip()]], territory=territory)


@given(parsers.parse('le même désordre a été signalé le "{day}"'))
def previous_report(case: dict[str, Any], day: str) -> None:
    case["registration"]["previous_report_on"] = day


@given(parsers.parse('nous sommes le "{instant}"'))
def now_is(clock: ManualClock, instant: str) -> None:
    clock.set(datetime.fromisoformat(instant))


# --- Quand ------------------------------------------------------------------------------------


@when(parsers.parse('"{user}" enregistre une réclamation "{category}" reçue par "{channel}"'))
def register(
    office: EngineContext,
    clock: ManualClock,
    case: dict[str, Any],
    user: str,
    category: str,
    channel: str,
) -> None:
    _fresh(office)
    started = instances.start_instance(
        office, PROCESS, people.get_actor(office, user), place_ref=DWELLING
    )
    case["id"] = started.instance_id
    _fresh(office)
    registration = {
        "channel": channel,
        "received_at": clock.now().isoformat(),
        "tenant_name": "Mme Durand",
        "location": "dwelling",
        "category": category,
        "description": "Le locataire signale le désordre avec ses mots.",
        **case["registration"],
    }
    task = _task(office, case, "Enregistrer la réclamation")
    tasks.complete(office, task.id, people.get_actor(office, user), registration)


@when(parsers.re(r'"(?P<user>[^"]+)" termine la tâche "(?P<title>[^"]+)"'))
def finish(
    office: EngineContext, clock: ManualClock, case: dict[str, Any], user: str, title: str
) -> None:
    _complete(office, clock, case, user, title)


@when(
    parsers.re(
        r'"(?P<user>[^"]+)" termine la tâche "(?P<title>[^"]+)" avec (?P<field>\w+) = (?P<value>.+)'
    )
)
def finish_with(
    office: EngineContext,
    clock: ManualClock,
    case: dict[str, Any],
    user: str,
    title: str,
    field: str,
    value: str,
) -> None:
    _complete(office, clock, case, user, title, {field: json.loads(value)})


@when(parsers.parse("la réclamation \"{category}\" est traitée jusqu'à l'enquête de satisfaction"))
def up_to_survey(
    office: EngineContext, clock: ManualClock, case: dict[str, Any], category: str
) -> None:
    register(office, clock, case, "claire", category, "call_centre")
    _complete(office, clock, case, "claire", "Qualifier l'urgence", {"urgency": "U2"})
    _complete(office, clock, case, "claire", "Accuser réception")
    _complete(office, clock, case, "claire", "Déterminer la responsabilité")
    _complete(office, clock, case, "martin", "Commander l'intervention")
    _complete(office, clock, case, "plombco", "Réaliser l'intervention")
    _complete(office, clock, case, "claire", "Clôturer la réclamation")
    assert _open_titles(office, case) == ["Répondre à l'enquête de satisfaction"]


def _pass(office: EngineContext, clock: ManualClock, delta: timedelta) -> None:
    clock.advance(delta)
    _fresh(office)
    timers.fire_due_timers(office)


@when(parsers.re(r"(?P<hours>\d+) heures passent"))
def hours_pass(office: EngineContext, clock: ManualClock, hours: str) -> None:
    _pass(office, clock, timedelta(hours=int(hours)))


@when(parsers.re(r"(?P<days>\d+) jours? passen?t?"))
def days_pass(office: EngineContext, clock: ManualClock, days: str) -> None:
    _pass(office, clock, timedelta(days=int(days)))


@when("la veille des délais passe")
def sla_sweep(office: EngineContext) -> None:
    sweep_sla(office)


# --- Alors ------------------------------------------------------------------------------------


@then(parsers.re(r'les tâches ouvertes sont (?P<titles>".+")'))
def open_tasks_are(office: EngineContext, case: dict[str, Any], titles: str) -> None:
    expected = sorted(part.strip().strip('"') for part in titles.split('" et "'))
    assert _open_titles(office, case) == expected


@then(parsers.parse('le dossier attend "{title}"'))
def waits_for(office: EngineContext, case: dict[str, Any], title: str) -> None:
    assert title in _open_titles(office, case)


@then(parsers.parse('le dossier n\'attend pas "{title}"'))
def does_not_wait_for(office: EngineContext, case: dict[str, Any], title: str) -> None:
    assert title not in _open_titles(office, case)


@then("le dossier est clos")
def closed(office: EngineContext, case: dict[str, Any]) -> None:
    view = queries.show_instance(office, case["id"], ADMIN)
    assert view.status is InstanceStatus.COMPLETED, (view.status, view.error)
    assert view.open_tasks == ()


@then(parsers.parse('"{user}" voit la tâche "{title}"'))
def sees(office: EngineContext, user: str, title: str) -> None:
    inbox = queries.list_tasks(office, actor=people.get_actor(office, user))
    assert title in [task.title for task in inbox]


@then(parsers.parse('"{user}" ne voit pas la tâche "{title}"'))
def does_not_see(office: EngineContext, user: str, title: str) -> None:
    inbox = queries.list_tasks(office, actor=people.get_actor(office, user))
    assert title not in [task.title for task in inbox]


@then(parsers.parse('le délai d\'intervention du dossier est le "{instant}"'))
def intervention_due(office: EngineContext, case: dict[str, Any], instant: str) -> None:
    data = queries.case_data(office, case["id"], ADMIN)
    assert datetime.fromisoformat(data["intervention_due"]) == datetime.fromisoformat(instant)


@then(parsers.parse('la tâche "{title}" est due le "{instant}"'))
def task_due_at(office: EngineContext, case: dict[str, Any], title: str, instant: str) -> None:
    due = _task(office, case, title).due_at
    assert due is not None
    assert due == datetime.fromisoformat(instant)


@then(parsers.parse('la tâche "{title}" est due au plus tard le "{day}"'))
def task_due_on(office: EngineContext, case: dict[str, Any], title: str, day: str) -> None:
    due = _task(office, case, title).due_at
    assert due is not None
    # Deadlines end at 24:00 Paris time, stored as the next local midnight.
    assert local_date(due - timedelta(seconds=1)).isoformat() == day


@then(parsers.parse('l\'historique du dossier mentionne "{step}"'))
def history_mentions(office: EngineContext, case: dict[str, Any], step: str) -> None:
    view = queries.show_instance(office, case["id"], ADMIN)
    assert any(entry.details.get("step") == step for entry in view.history)


@then(parsers.parse('la saisie est refusée sur le champ "{field}"'))
def refused_on(case: dict[str, Any], field: str) -> None:
    error = case.get("error")
    assert isinstance(error, FormInvalid), error
    assert field in error.field_errors, error.field_errors


@then(parsers.parse('le dossier n\'a pas de valeur pour "{field}"'))
def no_value(office: EngineContext, case: dict[str, Any], field: str) -> None:
    assert field not in queries.case_data(office, case["id"], ADMIN)
