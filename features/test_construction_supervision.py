"""Step definitions for construction_supervision.feature, in the landlord's words.

Every step restores the case from the database (a fresh workflow cache), so each
scenario saves and reloads the operation between steps. Form data default to a
plausible operation (dates relative to the engine clock); the feature's tables
override what a scenario is about.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from engine.actors import Actor
from engine.clock import ManualClock
from engine.errors import FormInvalid
from engine.models import InstanceStatus
from engine.runtime import EngineContext
from engine.services import instances, people, queries, sla_sweep, tasks, timers
from features.conftest import deploy_process
from features.support import open_task_titled, reload_from_database
from workflows.business_calendar import local_date

scenarios("construction_supervision.feature")

ADMIN = Actor("admin", frozenset({"admin"}))
PLACE = "nord/les-tilleuls"

STAFF = {
    "camille": "project_manager",
    "dominique": "director",
    "cao": "commission",
    "batiplus": "contractor",
    "theo": "asset_technician",
    "lea": "letting_officer",
    "gaston": "caretaker",
    "rene": "territorial_manager",
}

Defaults = Callable[[date, dict[str, Any]], dict[str, Any]]


def _iso(d: date) -> str:
    return d.isoformat()


FORM_DEFAULTS: dict[str, Defaults] = {
    "construction_feasibility": lambda today, case: {
        "operation_id": "OP-2026-07",
        "operation_name": "Les Tilleuls, Melun",
        "land_status": "owned",
        "programme": {"t1": 4, "t2": 10, "t3": 12, "t4": 6, "t5": 2},
        "estimated_cost": 6_500_000,
        "operating_balance": "balanced",
    },
    "construction_commitment": lambda today, case: {
        "commitment_decision": "approved",
        "budget_envelope": 4_000_000,
        "board_decision_date": _iso(today),
    },
    "construction_architect_consultation": lambda today, case: {
        "architect_fees_estimate": 150_000,
        "consultation_launch_date": _iso(today),
    },
    "construction_architect_award": lambda today, case: {
        "architect_name": "Atelier Brie Architectes",
        "architect_fees": 148_000,
        "award_date": _iso(today),
    },
    "construction_design_phase": lambda today, case: {
        "phase_estimate": 3_900_000,
        "phase_owner_decision": "approved",
        "phase_approval_date": _iso(today),
    },
    "construction_envelope_arbitration": lambda today, case: {"envelope_decision": "redesign"},
    "construction_tender_analysis": lambda today, case: {
        "tender_outcome": "successful",
        "works_amount": 3_800_000,
    },
    "construction_works_award": lambda today, case: {
        "cao_meeting_date": _iso(today),
        "awarded_amount": 6_000_000,
    },
    "construction_start_order": lambda today, case: {
        "start_order_date": _iso(today),
        "works_duration_months": 18,
        "contract_amount": 3_800_000,
        "retention_rate_percent": 5,
    },
    "construction_visa": lambda today, case: {"visa_date": _iso(today), "visa_status": "approved"},
    "construction_site_meeting": lambda today, case: {
        "meeting_date": _iso(today),
        "progress_percent": 40,
        "statement_amount": 250_000,
        "amendments_total": 0,
        "forecast_final_amount": case.get("contract_amount", 3_800_000),
        "forecast_completion_date": case.get("planned_completion_date", _iso(today)),
        "contractor_in_default": False,
        "works_completed": False,
    },
    "construction_drift_arbitration": lambda today, case: {"drift_decision": "accept_new_baseline"},
    "construction_formal_notice": lambda today, case: {
        "notice_date": _iso(today),
        "notice_days": 15,
        "defaulting_contractor": "Batiplus",
        "breach_description": "Retard du lot gros œuvre",
    },
    "construction_notice_follow_up": lambda today, case: {"notice_complied": True},
    "construction_works_at_cost": lambda today, case: {
        "substitution_date": _iso(today),
        "substitute_contractor": "Bâtisseurs de Brie",
        "substitution_estimate": 45_000,
    },
    "construction_completion_notice": lambda today, case: {"completion_notice_date": _iso(today)},
    "construction_pre_reception": lambda today, case: {
        "inspection_date": _iso(today),
        "minutes_date": _iso(today),
        "reception_proposal": "granted",
    },
    "construction_pre_reception_override": lambda today, case: {
        "forced_inspection_date": _iso(today + timedelta(days=3))
    },
    "construction_reception_decision": lambda today, case: {
        "reception_decision": "granted",
        "reception_date": _iso(today),
    },
    "construction_rework_order": lambda today, case: {
        "rework_order_date": _iso(today),
        "rework_description": "Étanchéité des toitures-terrasses à reprendre",
    },
    "construction_reservations_lifting": lambda today, case: {
        "lifted_reservations": [{"description": "Porte palière B12", "lifted_on": _iso(today)}]
    },
    "construction_reservations_check": lambda today, case: {
        "check_date": _iso(today),
        "all_reservations_lifted": True,
    },
    "construction_as_built": lambda today, case: {
        "as_built_received_date": _iso(today),
        "diuo_received": True,
    },
    "construction_building_takeover": lambda today, case: {
        "takeover_date": _iso(today),
        "keys_count": 68,
    },
    "construction_first_letting": lambda today, case: {
        "dwellings": [f"{PLACE}/a/logt-{n:02d}" for n in range(1, 35)],
        "availability_date": _iso(today + timedelta(days=30)),
    },
    "construction_retention_release": lambda today, case: {
        "objection_lodged": False,
        "retention_released_on": _iso(today),
    },
    "construction_objection_lifting": lambda today, case: {
        "objection_lifted_on": _iso(today),
        "retention_released_on": _iso(today),
    },
    "construction_final_account": lambda today, case: {
        "final_statement_date": _iso(today),
        "final_amount": 3_790_000,
        "final_account_date": _iso(today),
    },
}

# The main path, step by step: (stage reached before the step, who, task title).
MAIN_PATH: list[tuple[str, str, str]] = [
    ("faisabilité", "camille", "Étudier la faisabilité de l'opération"),
    ("engagement", "dominique", "Décider l'engagement de l'opération"),
    ("consultation des architectes", "camille", "Consulter les architectes"),
    ("désignation de l'architecte", "camille", "Désigner l'architecte (procédure adaptée)"),
    *[("conception", "camille", "Faire valider la phase d'études")] * 6,
    ("consultation des entreprises", "camille", "Consulter les entreprises et analyser les offres"),
    ("ordre de service", "camille", "Notifier les marchés et l'ordre de service"),
    ("visa", "camille", "Viser les études d'exécution"),
    ("chantier", "camille", "Tenir la réunion de chantier et valider la situation"),
    ("achèvement", "batiplus", "Déclarer l'achèvement des travaux"),
    ("opérations préalables", "camille", "Procéder aux opérations préalables à la réception"),
    ("décision de réception", "dominique", "Décider la réception des travaux"),
    ("DOE", "theo", "Réceptionner le DOE et intégrer l'ouvrage au patrimoine"),
    ("mise en location", "lea", "Préparer la première mise en location"),
    ("prise en charge", "gaston", "Prendre en charge la résidence livrée"),
]
LAST_STEP_OVERRIDES = {
    "Tenir la réunion de chantier et valider la situation": {"works_completed": True},
}


@pytest.fixture
def case() -> dict[str, Any]:
    return {}


def _fresh(ctx: EngineContext) -> None:
    reload_from_database(ctx)


def _today(clock: ManualClock) -> date:
    return local_date(clock.now())


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _table(datatable: list[list[str]]) -> dict[str, Any]:
    rows = datatable[1:] if datatable and datatable[0] == ["champ", "valeur"] else datatable
    return {name: _value(value) for name, value in rows}


def _open_task(ctx: EngineContext, case_id: int, title: str) -> queries.TaskView:
    return open_task_titled(ctx, case_id, title)


def _complete(
    ctx: EngineContext,
    clock: ManualClock,
    case: dict[str, Any],
    user: str,
    title: str,
    overrides: dict[str, Any] | None = None,
) -> None:
    _fresh(ctx)
    task = _open_task(ctx, case["id"], title)
    assert task.form_key is not None
    current = queries.case_data(ctx, case["id"], ADMIN)
    data = FORM_DEFAULTS[task.form_key](_today(clock), current)
    data.update(overrides or {})
    data = {key: value for key, value in data.items() if value is not None}
    tasks.complete(ctx, task.id, people.get_actor(ctx, user), data)


def _advance(ctx: EngineContext, clock: ManualClock, delta: timedelta) -> None:
    clock.advance(delta)
    _fresh(ctx)
    timers.fire_due_timers(ctx)


# ---------------------------------------------------------------- Étant donné


@given("le processus de suivi des opérations de construction déployé")
def deployed(office: EngineContext) -> None:
    deploy_process(office, "construction_supervision")


@given("l'équipe de la direction territoriale nord")
def staff(office: EngineContext) -> None:
    for name, role in STAFF.items():
        people.add_person(office, name, [role], territory="nord")


@given(parsers.parse('une opération de construction lancée par "{user}"'))
def started(office: EngineContext, case: dict[str, Any], user: str) -> None:
    _fresh(office)
    begun = instances.start_instance(
        office,
        "construction_supervision",
        people.get_actor(office, user),
        business_key="OP-2026-07",
        place_ref=PLACE,
    )
    case["id"] = begun.instance_id


@given(parsers.parse("l'opération arrivée à l'étape \"{stage}\""))
def fast_forward(
    office: EngineContext, clock: ManualClock, case: dict[str, Any], stage: str
) -> None:
    stages = [step[0] for step in MAIN_PATH]
    assert stage in stages, f"unknown stage {stage!r}: {stages}"
    for reached, user, title in MAIN_PATH:
        if reached == stage:
            return
        _complete(office, clock, case, user, title, LAST_STEP_OVERRIDES.get(title))


# ---------------------------------------------------------------- Quand


@when(parsers.parse('"{user}" termine "{title}"'))
def finish(
    office: EngineContext, clock: ManualClock, case: dict[str, Any], user: str, title: str
) -> None:
    _complete(office, clock, case, user, title)


@when(parsers.parse('"{user}" termine "{title}" avec :'))
def finish_with(
    office: EngineContext,
    clock: ManualClock,
    case: dict[str, Any],
    user: str,
    title: str,
    datatable: list[list[str]],
) -> None:
    _complete(office, clock, case, user, title, _table(datatable))


@when(parsers.parse('"{user}" essaie de terminer "{title}" avec :'))
def try_finish(
    office: EngineContext,
    clock: ManualClock,
    case: dict[str, Any],
    user: str,
    title: str,
    datatable: list[list[str]],
) -> None:
    case["before"] = queries.case_data(office, case["id"], ADMIN)
    try:
        _complete(office, clock, case, user, title, _table(datatable))
    except FormInvalid as exc:
        case["error"] = exc


@when(parsers.parse('"{user}" termine "{title}" {times:d} fois'))
def finish_times(
    office: EngineContext,
    clock: ManualClock,
    case: dict[str, Any],
    user: str,
    title: str,
    times: int,
) -> None:
    for _ in range(times):
        _complete(office, clock, case, user, title)


@when(parsers.parse("{days:d} jours passent"))
def days_pass(office: EngineContext, clock: ManualClock, days: int) -> None:
    _advance(office, clock, timedelta(days=days))


@when("un jour passe")
def a_day_passes(office: EngineContext, clock: ManualClock) -> None:
    _advance(office, clock, timedelta(days=1))


@when(parsers.parse("{years:d} ans passent"))
def years_pass(office: EngineContext, clock: ManualClock, years: int) -> None:
    _advance(office, clock, timedelta(days=366 * years))


@when("le suivi des délais passe")
def sweep(office: EngineContext) -> None:
    sla_sweep.sweep_sla(office)


# ---------------------------------------------------------------- Alors


@then(parsers.parse('le dossier attend "{title}"'))
def waits_for(office: EngineContext, case: dict[str, Any], title: str) -> None:
    _fresh(office)
    _open_task(office, case["id"], title)


@then(parsers.parse('le dossier n\'attend plus "{title}"'))
def no_longer_waits(office: EngineContext, case: dict[str, Any], title: str) -> None:
    view = queries.show_instance(office, case["id"], ADMIN)
    assert title not in [t.title for t in view.open_tasks]


@then(parsers.parse('le dossier attend seulement "{title}"'))
def waits_only_for(office: EngineContext, case: dict[str, Any], title: str) -> None:
    view = queries.show_instance(office, case["id"], ADMIN)
    assert [t.title for t in view.open_tasks] == [title]


@then("le dossier n'attend plus personne")
def waits_for_nobody(office: EngineContext, case: dict[str, Any]) -> None:
    view = queries.show_instance(office, case["id"], ADMIN)
    assert view.open_tasks == ()
    assert view.status is InstanceStatus.RUNNING


@then("le dossier est clos")
def closed(office: EngineContext, case: dict[str, Any]) -> None:
    view = queries.show_instance(office, case["id"], ADMIN)
    assert view.status is InstanceStatus.COMPLETED, view.error
    assert view.open_tasks == ()


@then(parsers.parse('"{user}" voit "{title}" dans ses tâches'))
def sees(office: EngineContext, user: str, title: str) -> None:
    mine = queries.list_tasks(office, actor=people.get_actor(office, user))
    assert title in [t.title for t in mine]


@then(parsers.parse('la donnée "{name}" vaut {value}'))
def data_is(office: EngineContext, case: dict[str, Any], name: str, value: str) -> None:
    data = queries.case_data(office, case["id"], ADMIN)
    assert data.get(name) == _value(value), f"{name} = {data.get(name)!r}"


@then(parsers.parse('"{title}" est due le {day}'))
def due_on(office: EngineContext, case: dict[str, Any], title: str, day: str) -> None:
    task = _open_task(office, case["id"], title)
    assert task.due_at is not None
    assert local_date(task.due_at - timedelta(seconds=1)).isoformat() == day


@then(parsers.parse('"{title}" est escaladée au rôle "{role}"'))
def escalated(office: EngineContext, case: dict[str, Any], title: str, role: str) -> None:
    task = _open_task(office, case["id"], title)
    assert task.escalated_role == role


@then(parsers.parse('l\'opération est transmise au processus "{key}"'))
def handed_over(office: EngineContext, case: dict[str, Any], key: str) -> None:
    view = queries.show_instance(office, case["id"], ADMIN)
    sent = [
        entry
        for entry in view.history
        if entry.action in ("handed_over", "message_unrouted")
        and key in (entry.details.get("process"), entry.details.get("message"))
    ]
    assert sent, [entry.action for entry in view.history]


@then(parsers.parse('la saisie est refusée sur le champ "{field}"'))
def refused(office: EngineContext, case: dict[str, Any], field: str) -> None:
    error = case.get("error")
    assert isinstance(error, FormInvalid), "the form was accepted"
    assert field in error.field_errors, error.field_errors
    assert queries.case_data(office, case["id"], ADMIN) == case["before"]
