"""Step definitions for moteur.feature, in the landlord's words."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from engine.actors import Actor
from engine.errors import FormInvalid, HabiflowError, PermissionDenied
from engine.runtime import EngineContext
from engine.services import instances, people, queries, tasks
from tests.conftest import deploy_fixture

scenarios("moteur.feature")

ROLES = {
    "gardien": "caretaker",
    "gardienne": "caretaker",
    "technicien patrimoine": "asset_technician",
}


@pytest.fixture
def case() -> dict[str, Any]:
    return {}


@given(parsers.parse('le processus "{key}" déployé'))
def deployed(engine_ctx: EngineContext, key: str) -> None:
    deploy_fixture(engine_ctx, key)


@given(parsers.re(r'(le|la) (?P<role>.+) "(?P<name>[^"]+)" du territoire "(?P<territory>[^"]+)"'))
def person(engine_ctx: EngineContext, role: str, name: str, territory: str) -> None:
    people.add_person(engine_ctx, name, [ROLES[role]], territory=territory)


def _actor(ctx: EngineContext, name: str) -> Actor:
    return people.get_actor(ctx, name)


def _task(ctx: EngineContext, case: dict[str, Any], title: str) -> queries.TaskView:
    view = queries.show_instance(ctx, case["id"], Actor("admin", frozenset({"admin"})))
    return next(t for t in view.open_tasks if t.title == title)


@when(parsers.parse('"{name}" ouvre un dossier pour la résidence "{place}"'))
def open_case(engine_ctx: EngineContext, case: dict[str, Any], name: str, place: str) -> None:
    started = instances.start_instance(
        engine_ctx, "repair_request", _actor(engine_ctx, name), place_ref=place
    )
    case["id"] = started.instance_id


@when(parsers.parse('"{name}" termine la tâche "{title}"'))
def finish(engine_ctx: EngineContext, case: dict[str, Any], name: str, title: str) -> None:
    task = _task(engine_ctx, case, title)
    tasks.complete(engine_ctx, task.id, _actor(engine_ctx, name), {})


@when(parsers.parse('"{name}" termine la tâche "{title}" avec un montant de {amount:d} euros'))
def finish_with_amount(
    engine_ctx: EngineContext, case: dict[str, Any], name: str, title: str, amount: int
) -> None:
    task = _task(engine_ctx, case, title)
    try:
        tasks.complete(
            engine_ctx,
            task.id,
            _actor(engine_ctx, name),
            {"amount": amount, "works_level": "refresh"},
        )
    except FormInvalid as exc:
        case["error"] = exc


@when(parsers.parse('"{name}" essaie de prendre la tâche "{title}"'))
def try_claim(engine_ctx: EngineContext, case: dict[str, Any], name: str, title: str) -> None:
    task = _task(engine_ctx, case, title)
    try:
        tasks.claim(engine_ctx, task.id, _actor(engine_ctx, name))
    except HabiflowError as exc:
        case["error"] = exc


@then(parsers.parse('"{name}" voit la tâche "{title}" dans ses tâches'))
def sees(engine_ctx: EngineContext, name: str, title: str) -> None:
    titles = [t.title for t in queries.list_tasks(engine_ctx, actor=_actor(engine_ctx, name))]
    assert titles == [title]


@then(parsers.parse('"{name}" ne voit aucune tâche'))
def sees_nothing(engine_ctx: EngineContext, name: str) -> None:
    assert queries.list_tasks(engine_ctx, actor=_actor(engine_ctx, name)) == []


@then(parsers.parse('le dossier attend la tâche "{title}"'))
def waits_for(engine_ctx: EngineContext, case: dict[str, Any], title: str) -> None:
    view = queries.show_instance(engine_ctx, case["id"], Actor("admin", frozenset({"admin"})))
    assert [t.title for t in view.open_tasks] == [title]


@then(parsers.parse("le montant TTC du dossier est de {total:d} euros"))
def total_is(engine_ctx: EngineContext, case: dict[str, Any], total: int) -> None:
    data = queries.case_data(engine_ctx, case["id"], Actor("admin", frozenset({"admin"})))
    assert data["total"] == total


@then(parsers.parse("l'historique du dossier contient {count:d} actions"))
def history_has(engine_ctx: EngineContext, case: dict[str, Any], count: int) -> None:
    view = queries.show_instance(engine_ctx, case["id"], Actor("admin", frozenset({"admin"})))
    assert len([e for e in view.history if e.action.startswith(("instance_", "task_"))]) == count


@then(parsers.parse('la saisie est refusée avec le message "{message}" sur le champ "{field}"'))
def refused(case: dict[str, Any], message: str, field: str) -> None:
    error = case["error"]
    assert isinstance(error, FormInvalid)
    assert any(message in m for m in error.field_errors[field])


@then("l'action est refusée")
def action_refused(case: dict[str, Any]) -> None:
    assert isinstance(case.get("error"), PermissionDenied)
