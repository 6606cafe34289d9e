"""Step definitions for refurbishment.feature, driving the engine's services.

Before every step the workflow cache is replaced, so each step restores the case from the
database: persistence is exercised between all steps. Forms are filled with the valid
answers of ``ANSWERS`` unless a scenario says otherwise ("les formulaires répondent").
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from engine.actors import Actor
from engine.clock import ManualClock
from engine.errors import FormInvalid
from engine.runtime import EngineContext
from engine.services import instances, people, queries, tasks, timers
from engine.services.deploy import deploy
from engine.services.sla_sweep import sweep_sla
from engine.specs import load_model
from features.conftest import deploy_process
from features.support import open_task_titled, reload_from_database
from workflows.business_calendar import local_date

scenarios("refurbishment.feature")

ADMIN = Actor("admin", frozenset({"admin"}))
DAY = "2026-03-02"

ANSWERS: dict[str, dict[str, Any]] = {
    "Examiner la demande de travaux lourds": {
        "dwelling": "nord/les-tilleuls/b2/logt-12",
        "works_scope": "Reprise des réseaux et désamiantage",
        "works_amount": 42000,
        "urgent": False,
    },
    "Inscrire l'opération au programme annuel": {
        "building": "nord/les-tilleuls/b2",
        "programme_year": 2026,
        "energy_rating": "F",
        "components": ["windows", "insulation"],
        "condition_score": 4,
        "trigger": "maintenance_plan",
        "dwellings_count": 24,
        "estimated_budget": 720000,
    },
    "Faire voter le programme et le budget": {
        "board_decision": "approved",
        "vote_date": DAY,
        "approved_budget": 720000,
    },
    "Réaliser le diagnostic et le repérage amiante": {
        "architect": "Atelier Brie",
        "feasible": True,
        "asbestos_survey_date": DAY,
        "asbestos_found": False,
        "works_change_rent": False,
        "works_change_charges": False,
        "estimated_cost": 700000,
    },
    "Organiser la concertation locative": {
        "meeting_date": DAY,
        "documents_available_from": DAY,
        "representatives_consulted": True,
    },
    "Rendre l'avis des représentants des locataires": {
        "tenant_opinion": "favourable",
        "opinion_date": DAY,
        "representative": "Amicale des Tilleuls",
    },
    "Informer les locataires des travaux": {"information_date": DAY, "channels": ["letter"]},
    "Établir le dossier de consultation des entreprises": {
        "estimated_amount_excl_tax": 600000,
        "lots_count": 3,
        "publication_date": DAY,
    },
    "Attribuer le marché en commission d'appel d'offres": {
        "cao_decision": "awarded",
        "meeting_date": DAY,
        "contractor_name": "Bâti Brie",
        "award_amount": 700000,
    },
    "Analyser les offres et attribuer le marché": {
        "contractor_name": "Bâti Brie",
        "award_amount": 700000,
        "award_date": DAY,
        "offers_received": 4,
    },
    "Arbitrer la dérive en comité d'engagement": {
        "committee_decision": "approve_overrun",
        "committee_date": DAY,
        "approved_budget": 900000,
        "reasons": "Surcoût des menuiseries",
    },
    "Notifier individuellement chaque locataire": {
        "notice_date": DAY,
        "access_start": "2026-03-23",
        "access_end": "2026-04-03",
        "households_notified": 24,
        "vulnerable_households": 2,
    },
    "Réaliser les travaux en site occupé": {"works_event": "completed", "report_date": DAY},
    "Mettre en demeure le locataire de laisser l'accès": {
        "dwelling": "logt-12",
        "notice_sent_on": DAY,
        "delivery": "registered_letter",
        "access_obtained": True,
    },
    "Décider des suites du refus d'accès": {
        "access_decision": "skip_dwelling",
        "comment": "Logement traité plus tard",
    },
    "Décider de la reprise après alerte amiante": {
        "analysis_result": "confirmed",
        "asbestos_decision": "resume",
        "protective_measures": "Retrait en sous-section 3, confinement",
    },
    "Chiffrer l'avenant": {"amendment_amount": 20000, "amendment_reason": "Reprise d'enduit"},
    "Faire le point de site avant réception": {"common_areas_clean": True},
    "Mener les opérations préalables à la réception": {
        "opr_date": DAY,
        "architect_proposal": "granted",
    },
    "Décider de la réception des travaux": {
        "reception_decision": "granted",
        "reception_date": DAY,
    },
    "Lever les réserves": {"lifted_on": DAY},
    "Mettre l'entreprise en demeure de lever les réserves": {
        "notice_sent_on": DAY,
        "delivery": "registered_letter",
        "works_at_contractor_cost": False,
    },
    "Ajuster loyers et charges après travaux": {
        "effective_date": DAY,
        "monthly_rent_increase": 12,
        "monthly_charges_change": -8,
        "rent_reduction_total": 150,
        "leases_updated": 24,
    },
    "Réaliser l'enquête de satisfaction": {
        "survey_date": DAY,
        "respondents": 18,
        "satisfied_share": 83,
    },
    "Clore la garantie de parfait achèvement": {
        "outstanding_defects": False,
        "retention_released": True,
        "final_cost": 705000,
    },
    "Reprendre les désordres de parfait achèvement": {"repaired_on": DAY},
}

# A stand-in for the vacancy process: it hands a dwelling over for heavy works at once.
VACANCY_STUB = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
    id="Definitions_stub" targetNamespace="urn:habiflow:tests">
  <bpmn:message id="Message_refurb" name="refurbishment"/>
  <bpmn:process id="vacancy_turnaround" name="Remise en etat (bouchon)" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:endEvent id="handover" name="Travaux lourds transmis">
      <bpmn:incoming>f1</bpmn:incoming>
      <bpmn:messageEventDefinition id="MessageDef_1" messageRef="Message_refurb">
        <bpmn:extensionElements>
      <spiffworkflow:messagePayload>
        {"dwelling": dwelling, "works_amount": works_amount}
      </spiffworkflow:messagePayload>
        </bpmn:extensionElements>
      </bpmn:messageEventDefinition>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="handover"/>
  </bpmn:process>
</bpmn:definitions>
"""


@pytest.fixture
def case() -> dict[str, Any]:
    return {"answers": {}, "team": {}}


def _fresh(ctx: EngineContext) -> None:
    reload_from_database(ctx)


def _value(text: str) -> Any:
    text = text.strip()
    if text in ("true", "false", "null") or text[:1] in "[{-0123456789":
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def _table(datatable: list[list[str]]) -> dict[str, Any]:
    return {row[0].strip(): _value(row[1]) for row in datatable[1:]}


def _open_tasks(ctx: EngineContext, case: dict[str, Any]) -> list[queries.TaskView]:
    return list(queries.show_instance(ctx, case["id"], ADMIN).open_tasks)


def _task(ctx: EngineContext, case: dict[str, Any], title: str) -> queries.TaskView:
    return open_task_titled(ctx, case["id"], title)


def _answers(ctx: EngineContext, case: dict[str, Any], task: queries.TaskView) -> dict[str, Any]:
    data = dict(ANSWERS[task.title])
    assert ctx.forms is not None and task.form_key is not None
    fields = ctx.forms.schema(task.form_key)["properties"]
    data.update({k: v for k, v in case["answers"].items() if k in fields})
    return data


def _complete(
    ctx: EngineContext,
    case: dict[str, Any],
    task: queries.TaskView,
    username: str,
    extra: dict[str, Any],
) -> None:
    data = _answers(ctx, case, task)
    data.update(extra)
    tasks.complete(ctx, task.id, people.get_actor(ctx, username), data)


@given(parsers.parse('le processus "{key}" déployé'))
def deployed(office: EngineContext, key: str) -> None:
    deploy_process(office, key)


@given(parsers.parse('l\'équipe du territoire "{territory}" :'))
def team(
    office: EngineContext, case: dict[str, Any], territory: str, datatable: list[list[str]]
) -> None:
    for username, role in datatable[1:]:
        actor = people.add_person(office, username.strip(), [role.strip()], territory=territory)
        case["team"][next(iter(actor.roles))] = actor.username


@given("les formulaires répondent :")
def planned_answers(case: dict[str, Any], datatable: list[list[str]]) -> None:
    case["answers"].update(_table(datatable))


def _start(ctx: EngineContext, case: dict[str, Any], username: str, place: str) -> None:
    _fresh(ctx)
    started = instances.start_instance(
        ctx, "refurbishment", people.get_actor(ctx, username), place_ref=place
    )
    case["id"] = started.instance_id


@given(parsers.parse('une opération sur "{place}" menée jusqu\'à la tâche "{title}"'))
def driven_to(office: EngineContext, case: dict[str, Any], place: str, title: str) -> None:
    _start(office, case, case["team"]["asset_technician"], place)
    for _ in range(40):
        _fresh(office)
        waiting = _open_tasks(office, case)
        assert waiting, f"the case stopped before {title!r}"
        if any(t.title == title for t in waiting):
            return
        step = waiting[0]
        assert step.candidate_role is not None
        _complete(office, case, step, case["team"][step.candidate_role], {})
    raise AssertionError(f"{title!r} never came")


@when(parsers.parse('"{username}" lance une opération sur le bâtiment "{place}"'))
def launch(office: EngineContext, case: dict[str, Any], username: str, place: str) -> None:
    _start(office, case, username, place)


@when(parsers.parse('"{username}" termine la tâche "{title}"'))
def finish(office: EngineContext, case: dict[str, Any], username: str, title: str) -> None:
    _fresh(office)
    _complete(office, case, _task(office, case, title), username, {})


@when(parsers.parse('"{username}" termine la tâche "{title}" avec :'))
def finish_with(
    office: EngineContext,
    case: dict[str, Any],
    username: str,
    title: str,
    datatable: list[list[str]],
) -> None:
    _fresh(office)
    _complete(office, case, _task(office, case, title), username, _table(datatable))


@when(parsers.parse('"{username}" soumet la tâche "{title}" avec :'))
def submit_bad(
    office: EngineContext,
    case: dict[str, Any],
    username: str,
    title: str,
    datatable: list[list[str]],
) -> None:
    _fresh(office)
    case["before"] = (
        queries.case_data(office, case["id"], ADMIN),
        [(t.id, t.status) for t in _open_tasks(office, case)],
    )
    try:
        _complete(office, case, _task(office, case, title), username, _table(datatable))
    except FormInvalid as exc:
        case["error"] = exc


@when(parsers.parse("{days:d} jours passent"))
def days_pass(office: EngineContext, clock: ManualClock, days: int) -> None:
    _fresh(office)
    clock.advance(timedelta(days=days))
    timers.fire_due_timers(office)


@when("le contrôle des délais passe")
def sla_sweep(office: EngineContext) -> None:
    _fresh(office)
    sweep_sla(office)


@when(
    parsers.parse(
        'une remise en état transmet le logement "{dwelling}" '
        "pour {amount:d} euros de travaux lourds"
    )
)
def handed_over(office: EngineContext, case: dict[str, Any], dwelling: str, amount: int) -> None:
    deploy(office, load_model(VACANCY_STUB, filename="vacancy_turnaround.bpmn"), "po")
    _fresh(office)
    letting_officer = people.get_actor(office, case["team"]["letting_officer"])
    sender = instances.start_instance(
        office,
        "vacancy_turnaround",
        letting_officer,
        place_ref=dwelling,
        data={"dwelling": dwelling, "works_amount": amount},
    )
    case["sender"] = sender.instance_id
    received = queries.list_tasks(office, role="asset_technician")
    assert received, "no refurbishment case was started by the handover"
    case["id"] = received[0].instance_id


@then(parsers.parse('"{username}" voit la tâche "{title}"'))
def sees(office: EngineContext, case: dict[str, Any], username: str, title: str) -> None:
    _fresh(office)
    mine = queries.list_tasks(office, actor=people.get_actor(office, username))
    assert title in [t.title for t in mine if t.instance_id == case["id"]]


@then(parsers.parse('le dossier attend la tâche "{title}"'))
def waits_for(office: EngineContext, case: dict[str, Any], title: str) -> None:
    _fresh(office)
    assert [t.title for t in _open_tasks(office, case)] == [title]


@then(parsers.parse('le dossier attend les tâches "{first}" et "{second}"'))
def waits_for_two(office: EngineContext, case: dict[str, Any], first: str, second: str) -> None:
    _fresh(office)
    assert [t.title for t in _open_tasks(office, case)] == [first, second]


@then("le dossier n'attend aucune tâche")
def waits_for_nobody(office: EngineContext, case: dict[str, Any]) -> None:
    view = queries.show_instance(office, case["id"], ADMIN)
    assert view.open_tasks == ()
    assert view.status.value == "running"


@then("le dossier est terminé")
def finished(office: EngineContext, case: dict[str, Any]) -> None:
    view = queries.show_instance(office, case["id"], ADMIN)
    assert view.status.value == "completed", view.error
    assert view.open_tasks == ()


@then(parsers.parse('la donnée "{name}" du dossier vaut "{value}"'))
def data_is(office: EngineContext, case: dict[str, Any], name: str, value: str) -> None:
    assert queries.case_data(office, case["id"], ADMIN)[name] == _value(value)


@then("le dossier vient de la relocation")
def came_from_vacancy(office: EngineContext, case: dict[str, Any]) -> None:
    origin = queries.case_data(office, case["id"], ADMIN)["handover_from"]
    assert origin == {"case": case["sender"], "process": "vacancy_turnaround"}


@then(parsers.parse('la tâche "{title}" est due le "{day}"'))
def due_on(office: EngineContext, case: dict[str, Any], title: str, day: str) -> None:
    due = _task(office, case, title).due_at
    assert due is not None
    # A deadline is the end of its last day: the next local midnight, exclusive.
    assert local_date(due - timedelta(seconds=1)).isoformat() == day


@then(parsers.parse('la tâche "{title}" est remontée au rôle "{role}"'))
def escalated(office: EngineContext, case: dict[str, Any], title: str, role: str) -> None:
    task = _task(office, case, title)
    assert role in (task.escalated_role, task.candidate_role)


@then(parsers.parse('la saisie est refusée sur le champ "{field}" avec le message "{message}"'))
def refused(case: dict[str, Any], field: str, message: str) -> None:
    error = case.get("error")
    assert isinstance(error, FormInvalid)
    assert any(message in m for m in error.field_errors.get(field, [])), error.field_errors


@then("le dossier n'a pas changé")
def unchanged(office: EngineContext, case: dict[str, Any]) -> None:
    _fresh(office)
    after = (
        queries.case_data(office, case["id"], ADMIN),
        [(t.id, t.status) for t in _open_tasks(office, case)],
    )
    assert after == case["before"]
