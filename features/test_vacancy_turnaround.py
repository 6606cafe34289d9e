"""Step definitions for vacancy_turnaround.feature, driving the engine's services.

Every step starts from an empty workflow cache, so each one restores the case from the
database: persistence is exercised between all steps. Forms are filled with plausible
defaults (dated on the engine clock's day in Paris) that a step's table overrides, in the
staff's words: "oui"/"non" for yes/no, French choice labels for closed lists.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import Table, select

from engine.actors import Actor
from engine.clock import ManualClock
from engine.errors import FormInvalid
from engine.models import InstanceStatus, Job, JobStatus
from engine.runtime import EngineContext
from engine.services import instances, people, queries, tasks, timers
from engine.services.deploy import deploy
from engine.services.sla_sweep import sweep_sla
from engine.specs import load_model
from features.conftest import deploy_process
from features.support import open_task_titled, reload_from_database
from forms.catalog import FormCatalog
from workflows.business_calendar import PARIS, end_of_day, local_date
from workflows.roles import resolve_role

scenarios("vacancy_turnaround.feature")

ADMIN = Actor("admin", frozenset({"admin"}))
JOB = cast(Table, Job.__table__)
CANDIDATES = ("Mme Alves", "M. Benali", "Mme Costa")

# A stand-in for the refurbishment process: it only records what it was handed.
REFURBISHMENT_STUB = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  id="Definitions_refurbishment_stub" targetNamespace="urn:habiflow:tests">
  <bpmn:process id="refurbishment" name="R\xc3\xa9habilitation (bouchon)" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:endEvent id="end"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>
"""

# A stand-in for construction supervision: delivering an operation hands it to first lettings.
CONSTRUCTION_STUB = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
                  id="Definitions_construction_stub" targetNamespace="urn:habiflow:tests">
  <bpmn:message id="Message_first_lettings" name="vacancy_turnaround"/>
  <bpmn:process id="construction_supervision" name="Construction (bouchon)" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:endEvent id="delivered">
      <bpmn:incoming>f1</bpmn:incoming>
      <bpmn:messageEventDefinition messageRef="Message_first_lettings">
        <bpmn:extensionElements>
      <spiffworkflow:messagePayload>{"operation": operation, "dwelling_count": 12,
        "dwellings": ["A01", "A02"]}</spiffworkflow:messagePayload>
        </bpmn:extensionElements>
      </bpmn:messageEventDefinition>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="delivered"/>
  </bpmn:process>
</bpmn:definitions>
"""


def _today(clock: ManualClock) -> str:
    return local_date(clock.now()).isoformat()


def _in_days(clock: ManualClock, days: int) -> str:
    return (local_date(clock.now()) + timedelta(days=days)).isoformat()


def _defaults(clock: ManualClock) -> dict[str, Callable[[], dict[str, Any]]]:
    """What each form holds when a scenario does not say otherwise."""
    today = _today(clock)
    candidates = [
        {
            "name": name,
            "household_size": 3,
            "annual_income": 21000,
            "income_ceiling": 28000,
            "origin": "landlord",
        }
        for name in CANDIDATES
    ]
    return {
        "Enregistrer le préavis": lambda: {
            "lease_reference": "BAIL-2019-0412",
            "tenant_name": "Mme Durand",
            "notice_received_date": today,
            "reduced_notice_ground": "none",
            "reduced_notice_proof_valid": False,
            "monthly_rent": 450,
            "deposit_held": 450,
            "advice_visit_requested": False,
        },
        "Précommercialiser le logement": lambda: {
            "typology": "T3",
            "rent_offered": 480,
            "charges_offered": 95,
            "reserving_body": "none",
        },
        "Informer le réservataire": lambda: {
            "notified_on": today,
            "notification_channel": "platform",
        },
        "Réaliser la visite conseil (pré-état des lieux)": lambda: {
            "visit_date": today,
            "expected_works_level": "refresh",
        },
        "Préparer le dossier de la CALEOL": lambda: {
            "commission_date": today,
            "candidates": candidates,
        },
        "Statuer sur l'attribution": lambda: {
            "commission_decision": "allocated",
            "candidate_ranking": list(CANDIDATES),
        },
        "Notifier la décision aux candidats": lambda: {
            "notified_on": today,
            "notification_channel": "registered_letter",
        },
        "Vérifier la condition suspensive": lambda: {
            "checked_on": today,
            "condition_met": True,
        },
        "Adresser la proposition de logement": lambda: {
            "offer_date": today,
            "answer_delay_days": 10,
            "offer_channel": "registered_letter",
        },
        "Enregistrer la réponse du candidat": lambda: {
            "offer_answer": "accepted",
            "answer_date": today,
        },
        "Réaliser l'état des lieux de sortie": lambda: {
            "inspection_date": today,
            "keys_returned_date": today,
            "keys_count": 3,
            "meter_readings": {"electricity_kwh": 12045, "water_m3": 312},
            "tenant_charges_amount": 0,
            "move_out_matches_move_in": True,
            "tenant_present": True,
        },
        "Chiffrer les travaux de remise en état": lambda: {
            "estimate_date": today,
            "works_level": "standard",
            "works_amount": 4200,
            "tenant_chargeable_amount": 0,
        },
        "Approuver le devis de remise en état": lambda: {"works_approved": True},
        "Commander les travaux aux entreprises": lambda: {
            "orders": [
                {
                    "lot": "painting",
                    "contractor": "Peinture 77",
                    "amount": 4200,
                    "start_date": today,
                    "end_date": _in_days(clock, 10),
                }
            ],
            "works_planned_end_date": _in_days(clock, 10),
        },
        "Réaliser les travaux": lambda: {"completion_date": today},
        "Réceptionner les travaux et contrôler la propreté": lambda: {
            "reception_date": today,
            "works_compliant": True,
            "cleanliness_ok": True,
        },
        "Lever les réserves": lambda: {"lifted_on": today},
        "Constater la fin de la réhabilitation": lambda: {"completed_on": today},
        "Signer le bail et l'état des lieux d'entrée": lambda: {
            "new_tenant_name": "Mme Alves",
            "lease_start_date": today,
            "new_monthly_rent": 480,
            "new_monthly_charges": 95,
            "new_deposit_amount": 480,
            "insurance_certificate_received": True,
            "move_in_inspection_date": today,
        },
        "Compléter l'état des lieux d'entrée": lambda: {
            "submitted_on": today,
            "remarks": "Robinet de la cuisine qui goutte.",
        },
        "Restituer le dépôt de garantie": lambda: {
            "deductions": [],
            "deposit_balance": 450,
            "refund_payment_date": today,
        },
        "Verser la majoration de retard": lambda: {
            "penalty_paid_on": today,
            "penalty_amount_paid": 45,
        },
    }


# The order in which the autopilot works: the main path, the deposit last.
AUTOPILOT = [
    "Enregistrer le préavis",
    "Précommercialiser le logement",
    "Informer le réservataire",
    "Réaliser la visite conseil (pré-état des lieux)",
    "Préparer le dossier de la CALEOL",
    "Statuer sur l'attribution",
    "Notifier la décision aux candidats",
    "Vérifier la condition suspensive",
    "Adresser la proposition de logement",
    "Enregistrer la réponse du candidat",
    "Réaliser l'état des lieux de sortie",
    "Chiffrer les travaux de remise en état",
    "Approuver le devis de remise en état",
    "Commander les travaux aux entreprises",
    "Réaliser les travaux",
    "Réceptionner les travaux et contrôler la propreté",
    "Lever les réserves",
    "Constater la fin de la réhabilitation",
    "Signer le bail et l'état des lieux d'entrée",
    "Compléter l'état des lieux d'entrée",
    "Restituer le dépôt de garantie",
]


@pytest.fixture
def case() -> dict[str, Any]:
    return {}


@pytest.fixture
def staff() -> dict[str, str]:
    """Role key → the username holding it in the scenario."""
    return {}


def _fresh(ctx: EngineContext) -> EngineContext:
    return reload_from_database(ctx)


def _open(ctx: EngineContext, case: dict[str, Any]) -> list[queries.TaskView]:
    return list(queries.show_instance(ctx, case["id"], ADMIN).open_tasks)


def _titles(ctx: EngineContext, case: dict[str, Any]) -> list[str]:
    return [task.title for task in _open(ctx, case)]


def _data(ctx: EngineContext, case: dict[str, Any]) -> dict[str, Any]:
    return queries.case_data(ctx, case["id"], ADMIN)


def _task(ctx: EngineContext, case: dict[str, Any], title: str) -> queries.TaskView:
    return open_task_titled(ctx, case["id"], title)


def _value(ctx: EngineContext, form_key: str | None, field: str, text: str) -> Any:
    """A table cell as form data: yes/no, JSON, numbers, French choice labels."""
    if text in ("oui", "non"):
        return text == "oui"
    if text.startswith(("[", "{")):
        return json.loads(text)
    spec: dict[str, Any] = {}
    if form_key and isinstance(ctx.forms, FormCatalog):
        spec = ctx.forms.schema(form_key)["properties"].get(field, {})
    for key, label in spec.get("x-enum-labels", {}).items():
        if text == label:
            return key
    if spec.get("type") in ("number", "integer"):
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() else number
    return text


def _form_data(
    ctx: EngineContext,
    clock: ManualClock,
    task: queries.TaskView,
    datatable: list[list[str]] | None,
) -> dict[str, Any]:
    data = _defaults(clock)[task.title]()
    for field, text in (datatable or [])[1:]:
        data[field] = _value(ctx, task.form_key, field, text)
    return data


def _complete(
    ctx: EngineContext,
    clock: ManualClock,
    case: dict[str, Any],
    name: str,
    title: str,
    datatable: list[list[str]] | None = None,
) -> None:
    task = _task(_fresh(ctx), case, title)
    tasks.complete(
        ctx, task.id, people.get_actor(ctx, name), _form_data(ctx, clock, task, datatable)
    )


def _fire_timers(ctx: EngineContext) -> None:
    while timers.fire_due_timers(_fresh(ctx)):
        pass


def _next_timer(ctx: EngineContext, case: dict[str, Any]) -> datetime | None:
    query = select(JOB.c.due_at).where(
        JOB.c.instance_id == case["id"], JOB.c.status == JobStatus.PENDING
    )
    with ctx.engine.connect() as conn:
        due = conn.execute(query.order_by(JOB.c.due_at).limit(1)).scalar()
    if not isinstance(due, datetime):
        return None
    return due if due.tzinfo else due.replace(tzinfo=UTC)


def _handed_over_to(ctx: EngineContext, instance_id: int) -> int:
    history = queries.show_instance(ctx, instance_id, ADMIN).history
    handovers = [entry for entry in history if entry.action == "handed_over"]
    assert handovers, f"case {instance_id} handed over nothing"
    return int(handovers[-1].details["to_case"])


# --- Given -----------------------------------------------------------------------------


@given(parsers.parse('le processus "{key}" déployé'))
def deployed(office: EngineContext, key: str) -> None:
    deploy_process(office, key)


@given(
    parsers.re(
        r"""(?:le |la |l')(?P<role>.+?) "(?P<name>[^"]+)" du territoire "(?P<territory>[^"]+)\""""
    )
)
def person(
    office: EngineContext, staff: dict[str, str], role: str, name: str, territory: str
) -> None:
    resolved = resolve_role(role)
    assert resolved is not None, f"unknown role {role!r}"
    people.add_person(office, name, [resolved.value], territory=territory)
    staff.setdefault(resolved.value, name)


@given("un processus de réhabilitation déployé")
def refurbishment_deployed(office: EngineContext) -> None:
    deploy(office, load_model(REFURBISHMENT_STUB, filename="refurbishment.bpmn"), "po")


@given("un processus de construction qui livre ses logements à la relocation")
def construction_deployed(office: EngineContext) -> None:
    deploy(office, load_model(CONSTRUCTION_STUB, filename="construction_supervision.bpmn"), "po")


# --- When ------------------------------------------------------------------------------


@when(parsers.parse('"{name}" ouvre un dossier de vacance pour le logement "{place}"'))
def open_case(office: EngineContext, case: dict[str, Any], name: str, place: str) -> None:
    actor = people.get_actor(_fresh(office), name)
    case["id"] = instances.start_instance(
        office, "vacancy_turnaround", actor, place_ref=place
    ).instance_id


@when(parsers.parse('"{name}" livre l\'opération "{operation}" pour la résidence "{place}"'))
def deliver_operation(
    office: EngineContext, case: dict[str, Any], name: str, operation: str, place: str
) -> None:
    actor = people.get_actor(_fresh(office), name)
    sender = instances.start_instance(
        office, "construction_supervision", actor, place_ref=place, data={"operation": operation}
    )
    case["sender"] = sender.instance_id
    case["id"] = _handed_over_to(office, sender.instance_id)


@when(parsers.parse('"{name}" termine la tâche "{title}"'))
def finish(
    office: EngineContext, clock: ManualClock, case: dict[str, Any], name: str, title: str
) -> None:
    _complete(office, clock, case, name, title)


@when(parsers.parse('"{name}" termine la tâche "{title}" avec :'))
def finish_with(
    office: EngineContext,
    clock: ManualClock,
    case: dict[str, Any],
    name: str,
    title: str,
    datatable: list[list[str]],
) -> None:
    _complete(office, clock, case, name, title, datatable)


@when(parsers.parse('"{name}" essaie de terminer la tâche "{title}" avec :'))
def try_finish(
    office: EngineContext,
    clock: ManualClock,
    case: dict[str, Any],
    name: str,
    title: str,
    datatable: list[list[str]],
) -> None:
    case["before"] = _data(office, case)
    try:
        _complete(office, clock, case, name, title, datatable)
    except FormInvalid as exc:
        case["error"] = exc


@given(parsers.parse('le dossier est mené jusqu\'à la tâche "{title}"'))
@when(parsers.parse('le dossier est mené jusqu\'à la tâche "{title}"'))
def drive_to(
    office: EngineContext,
    clock: ManualClock,
    case: dict[str, Any],
    staff: dict[str, str],
    title: str,
) -> None:
    """Work the case with default answers (and let timers fire) until ``title`` is open."""
    for _ in range(100):
        waiting = {task.title: task for task in _open(_fresh(office), case)}
        if title in waiting:
            return
        workable = [step for step in AUTOPILOT if step in waiting]
        if workable:
            task = waiting[workable[0]]
            assert task.candidate_role is not None
            _complete(office, clock, case, staff[task.candidate_role], task.title)
            continue
        due = _next_timer(office, case)
        assert due is not None, f"the case waits on nothing; open: {list(waiting)}"
        clock.set(max(due + timedelta(minutes=1), clock.now()))
        _fire_timers(office)
    raise AssertionError(f"task {title!r} never came")


@when(parsers.parse('on arrive au "{day}"'))
def arrive(office: EngineContext, clock: ManualClock, day: str) -> None:
    morning = datetime.combine(date.fromisoformat(day), time(8), tzinfo=PARIS)
    if morning > clock.now():
        clock.set(morning)
    _fire_timers(office)


@when(parsers.parse("{days:d} jours passent"))
def days_pass(office: EngineContext, clock: ManualClock, days: int) -> None:
    clock.advance(timedelta(days=days))
    _fire_timers(office)


@when("le contrôle des délais passe")
def sla_sweep(office: EngineContext) -> None:
    sweep_sla(_fresh(office))


# --- Then ------------------------------------------------------------------------------


@then(parsers.parse('la fin du préavis est fixée au "{day}"'))
def notice_ends(office: EngineContext, case: dict[str, Any], day: str) -> None:
    assert _data(office, case)["notice_end_date"] == day


@then(parsers.parse('le dossier attend seulement la tâche "{title}"'))
def waits_only(office: EngineContext, case: dict[str, Any], title: str) -> None:
    assert _titles(office, case) == [title]


@then(parsers.parse('le dossier attend la tâche "{title}"'))
def waits_for(office: EngineContext, case: dict[str, Any], title: str) -> None:
    assert title in _titles(office, case), _titles(office, case)


@then(parsers.parse('le dossier n\'attend pas la tâche "{title}"'))
def does_not_wait_for(office: EngineContext, case: dict[str, Any], title: str) -> None:
    assert title not in _titles(office, case)


@then("le dossier n'attend aucune tâche")
def waits_for_nobody(office: EngineContext, case: dict[str, Any]) -> None:
    assert _titles(office, case) == []


@then("le dossier est clos")
def closed(office: EngineContext, case: dict[str, Any]) -> None:
    view = queries.show_instance(office, case["id"], ADMIN)
    assert view.status is InstanceStatus.COMPLETED, (view.status, view.error)


@then(parsers.parse('"{name}" voit la tâche "{title}" dans ses tâches'))
def sees(office: EngineContext, name: str, title: str) -> None:
    actor = people.get_actor(office, name)
    assert title in [task.title for task in queries.list_tasks(office, actor=actor)]


@then(parsers.parse('"{name}" ne voit pas la tâche "{title}"'))
def does_not_see(office: EngineContext, name: str, title: str) -> None:
    actor = people.get_actor(office, name)
    assert title not in [task.title for task in queries.list_tasks(office, actor=actor)]


@then(parsers.parse('"{name}" ne voit aucune tâche'))
def sees_nothing(office: EngineContext, name: str) -> None:
    actor = people.get_actor(office, name)
    assert [task.title for task in queries.list_tasks(office, actor=actor)] == []


@then(parsers.parse('la proposition est adressée à "{candidate}"'))
def offer_to(office: EngineContext, case: dict[str, Any], candidate: str) -> None:
    assert "Adresser la proposition de logement" in _titles(office, case)
    assert _data(office, case)["current_candidate"] == candidate


@then(parsers.parse('la date limite de réponse est le "{day}"'))
def answer_deadline(office: EngineContext, case: dict[str, Any], day: str) -> None:
    assert _data(office, case)["offer_answer_deadline"] == day


@then(parsers.parse('le refus de "{candidate}" est motivé par son silence'))
def refused_by_silence(office: EngineContext, case: dict[str, Any], candidate: str) -> None:
    data = _data(office, case)
    assert data["refusal_reason"] == "silence"
    assert candidate in data["refused_candidates"]


@then(parsers.parse('le dépôt de garantie est à restituer au plus tard le "{day}"'))
def deposit_due(office: EngineContext, case: dict[str, Any], day: str) -> None:
    assert _data(office, case)["deposit_refund_due"] == day


@then(parsers.parse("la majoration de retard est de {amount:g} euros"))
def late_penalty(office: EngineContext, case: dict[str, Any], amount: float) -> None:
    assert _data(office, case)["deposit_late_penalty"] == amount


@then(
    parsers.parse(
        'un dossier de réhabilitation est ouvert pour "{place}" avec {amount:d} euros de travaux'
    )
)
def refurbishment_opened(
    office: EngineContext, case: dict[str, Any], place: str, amount: int
) -> None:
    received = _handed_over_to(office, case["id"])
    view = queries.show_instance(office, received, ADMIN)
    assert view.key == "refurbishment"
    assert view.place_ref == place
    started = next(entry for entry in view.history if entry.action == "instance_started")
    assert started.details["data"]["dwelling"] == place
    assert started.details["data"]["works_amount"] == amount
    assert started.details["handover_from"] == {"case": case["id"], "process": "vacancy_turnaround"}


@then("un dossier de vacance est ouvert par la livraison de l'opération")
def first_letting_opened(office: EngineContext, case: dict[str, Any]) -> None:
    data = _data(office, case)
    assert queries.show_instance(office, case["id"], ADMIN).key == "vacancy_turnaround"
    assert data["handover_from"] == {"case": case["sender"], "process": "construction_supervision"}
    assert data["first_letting"] is True


@then("aucune tâche de préavis, d'état des lieux de sortie ni de travaux n'a été ouverte")
def no_turnaround_tasks(office: EngineContext, case: dict[str, Any]) -> None:
    titles = {
        task.title
        for task in queries.list_tasks(office, include_done=True)
        if task.instance_id == case["id"]
    }
    assert titles.isdisjoint(
        {
            "Enregistrer le préavis",
            "Réaliser l'état des lieux de sortie",
            "Chiffrer les travaux de remise en état",
            "Restituer le dépôt de garantie",
        }
    )
    assert "Statuer sur l'attribution" in titles


@then(parsers.parse('la tâche "{title}" est due le "{day}" à minuit'))
def due_on(office: EngineContext, case: dict[str, Any], title: str, day: str) -> None:
    due = _task(office, case, title).due_at
    assert due is not None
    due = due if due.tzinfo else due.replace(tzinfo=UTC)
    assert due == end_of_day(date.fromisoformat(day))


@then(parsers.parse('la saisie est refusée avec le message "{message}" sur le champ "{field}"'))
def refused(office: EngineContext, case: dict[str, Any], message: str, field: str) -> None:
    error = case.get("error")
    assert isinstance(error, FormInvalid), "the form was accepted"
    assert any(message in text for text in error.field_errors[field]), error.field_errors
    assert _data(office, case) == case["before"]
