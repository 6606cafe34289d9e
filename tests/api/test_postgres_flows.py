"""The key API flows on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.api.conftest import Api, integration, start
from tests.conftest import fresh_postgres


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'habiflow.sqlite3'}"
    return fresh_postgres(request.getfixturevalue("postgres_url"))


def test_start_idempotently_work_the_tasks_and_track(
    client: object, as_user: Callable[[str], Api]
) -> None:
    gardien, tech, rt = as_user("gardien.nord"), as_user("tech.nord"), as_user("rt.nord")
    body = {"process_key": "repair_request", "place_ref": "N-1", "data": {"note": "a\u0000b"}}
    key = {"Idempotency-Key": "retry-1"}
    first = gardien.post("/api/v1/instances", json=body, headers=key).get_json()
    assert gardien.post("/api/v1/instances", json=body, headers=key).get_json() == first
    report = first["task_ids"][0]
    assert gardien.post(f"/api/v1/tasks/{report}/claim").status_code == 200
    assert as_user("gardien.nord.2").post(f"/api/v1/tasks/{report}/claim").status_code == 409
    estimate = gardien.post(f"/api/v1/tasks/{report}/complete", json={}).get_json()
    bad = tech.post(
        f"/api/v1/tasks/{estimate['next_task_ids'][0]}/complete", json={"data": {"amount": "x"}}
    )
    assert bad.status_code == 422 and "amount" in bad.get_json()["errors"]
    ok = tech.post(
        f"/api/v1/tasks/{estimate['next_task_ids'][0]}/complete",
        json={"data": {"amount": 10, "works_level": "none"}},
    ).get_json()
    assert (
        rt.get("/api/v1/tasks?role=territorial_manager").get_json()["items"][0]["id"]
        == (ok["next_task_ids"][0])
    )
    done = rt.post(f"/api/v1/tasks/{ok['next_task_ids'][0]}/complete", json={}).get_json()
    assert done["instance_status"] == "completed"
    assert as_user("gardien.sud").get(f"/api/v1/instances/{first['id']}").status_code == 403
    extranet = integration(gardien.client, as_user("admin"), ["tracking:read"], None)  # type: ignore[arg-type]
    seen = extranet.get(f"/api/v1/tracking/{first['public_ref']}").get_json()
    assert (
        seen["status_label"] == "Terminée" and seen["milestones"][-1]["label"] == "Demande traitée"
    )
    assert start(gardien)["id"] == first["id"] + 1
    nul = gardien.get("/api/v1/tasks?place=%00")
    assert nul.status_code == 400
