"""Starting cases (idempotently), reading them, cancelling them; processes."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select, update

from engine.db import read_session, write_session
from engine.models import HumanTask, ProcessInstance
from engine.runtime import EngineContext
from tests.api.conftest import Api, add_login, start


def _cases(ctx: EngineContext) -> int:
    with read_session(ctx.sessions) as session:
        return session.scalar(select(func.count()).select_from(ProcessInstance)) or 0


def test_processes_lists_deployed_versions(as_user: Callable[[str], Api]) -> None:
    body = as_user("gardien.nord").get("/api/v1/processes").get_json()
    assert [(p["key"], p["version"], p["name"]) for p in body["items"]] == [
        ("repair_request", 1, "Demande de réparation")
    ]
    assert as_user("gardien.nord").get("/api/v1/processes?key=nope").get_json() == {"items": []}


def test_start_returns_the_case_its_tasks_and_a_public_reference(
    as_user: Callable[[str], Api],
) -> None:
    api = as_user("gardien.nord")
    response = api.post(
        "/api/v1/instances",
        json={
            "process_key": "repair_request",
            "place_ref": "N-1",
            "business_key": "REC-1",
            "data": {"urgency": "U2"},
        },
    )
    assert response.status_code == 201
    created = response.get_json()
    assert response.headers["Location"] == f"/api/v1/instances/{created['id']}"
    assert (created["process_key"], created["version"], created["status"]) == (
        "repair_request",
        1,
        "running",
    )
    assert len(created["task_ids"]) == 1 and len(created["public_ref"]) == 43
    detail = api.get(f"/api/v1/instances/{created['id']}").get_json()
    assert detail["business_key"] == "REC-1" and detail["territory"] == "nord"
    assert detail["public_ref"] == created["public_ref"]
    assert [t["title"] for t in detail["open_tasks"]] == ["Signaler le désordre"]
    assert [m["label"] for m in detail["milestones"]] == ["Demande enregistrée"]
    assert detail["milestones"][0]["actor"] == "gardien.nord"
    assert [(c["step"], c["status"]) for c in detail["sla"]] == [("report", "on_track")]


def test_the_same_idempotency_key_and_body_start_one_case(
    as_user: Callable[[str], Api], api_ctx: EngineContext
) -> None:
    api = as_user("gardien.nord")
    body = {"process_key": "repair_request", "place_ref": "N-1", "business_key": "REC-7"}
    key = {"Idempotency-Key": "phone-42-attempt"}
    first = api.post("/api/v1/instances", json=body, headers=key)
    again = api.post("/api/v1/instances", json=dict(reversed(body.items())), headers=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _cases(api_ctx) == 1
    other = api.post("/api/v1/instances", json=body | {"business_key": "REC-8"}, headers=key)
    assert other.status_code == 422
    assert other.get_json()["type"] == "urn:habiflow:problem:idempotency-key-reused"
    assert _cases(api_ctx) == 1
    # Keys belong to their principal: a colleague's identical key is another request.
    colleague = as_user("gardien.nord.2").post("/api/v1/instances", json=body, headers=key)
    assert colleague.status_code == 201 and _cases(api_ctx) == 2


def test_a_failed_start_releases_its_key(
    as_user: Callable[[str], Api], api_ctx: EngineContext
) -> None:
    api = as_user("gardien.nord")
    key = {"Idempotency-Key": "k1"}
    missing = api.post("/api/v1/instances", json={"process_key": "nope"}, headers=key)
    assert missing.status_code == 404
    retried = api.post("/api/v1/instances", json={"process_key": "nope"}, headers=key)
    assert retried.status_code == 404
    bad_key = api.post(
        "/api/v1/instances",
        json={"process_key": "repair_request"},
        headers={"Idempotency-Key": "é"},
    )
    assert bad_key.status_code == 400


def test_cases_of_another_territory_are_forbidden(as_user: Callable[[str], Api]) -> None:
    created = start(as_user("gardien.nord"), "N-1")
    assert as_user("gardien.sud").get(f"/api/v1/instances/{created['id']}").status_code == 403
    refused = as_user("gardien.sud").post(
        "/api/v1/instances", json={"process_key": "repair_request", "place_ref": "N-2"}
    )
    assert refused.status_code == 403
    assert as_user("admin").get(f"/api/v1/instances/{created['id']}").status_code == 200
    assert as_user("admin").get("/api/v1/instances/424242").status_code == 404


def test_cancel_is_for_admins_and_only_once(as_user: Callable[[str], Api]) -> None:
    created = start(as_user("gardien.nord"))
    url = f"/api/v1/instances/{created['id']}/cancel"
    assert as_user("gardien.nord").post(url, json={}).status_code == 403
    done = as_user("admin").post(url, json={"reason": "doublon"})
    assert done.get_json() == {"id": created["id"], "status": "cancelled"}
    assert as_user("admin").post(url, json={}).status_code == 409
    detail = as_user("admin").get(f"/api/v1/instances/{created['id']}").get_json()
    assert detail["open_tasks"] == [] and detail["milestones"][-1]["label"] == "Demande annulée"


def test_an_outsider_reads_only_the_cases_they_take_part_in(
    api_ctx: EngineContext, as_user: Callable[[str], Api]
) -> None:
    """A contractor (no territory) is not office staff: the case's territory opens nothing."""
    add_login(api_ctx, "entreprise", ["contractor"])
    created = start(as_user("gardien.nord"))
    contractor = as_user("entreprise")
    assert contractor.get(f"/api/v1/instances/{created['id']}").status_code == 403
    task_id = created["task_ids"][0]
    with write_session(api_ctx.sessions) as session:
        session.execute(
            update(HumanTask).where(HumanTask.id == task_id).values(candidate_role="contractor")
        )
    assert contractor.get(f"/api/v1/instances/{created['id']}").status_code == 200
