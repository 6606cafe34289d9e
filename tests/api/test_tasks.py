"""Tasks: search filters, cursor pages, form schema, claim/unclaim/complete, comments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from engine.clock import ManualClock
from tests.api.conftest import Api, start


def _ids(api: Api, query: str = "") -> list[int]:
    response = api.get(f"/api/v1/tasks{query}")
    assert response.status_code == 200, response.get_json()
    return [t["id"] for t in response.get_json()["items"]]


def test_caretakers_see_their_territorys_tasks_only(as_user: Callable[[str], Api]) -> None:
    north = start(as_user("gardien.nord"), "N-1")["task_ids"][0]
    south = start(as_user("gardien.sud"), "S-1")["task_ids"][0]
    assert _ids(as_user("gardien.nord")) == [north]
    assert _ids(as_user("gardien.sud")) == [south]
    assert _ids(as_user("tech.nord")) == []
    assert sorted(_ids(as_user("admin"))) == [north, south]
    assert as_user("gardien.sud").get(f"/api/v1/tasks/{north}").status_code == 403
    assert as_user("gardien.sud").post(f"/api/v1/tasks/{north}/claim").status_code == 403


def test_filters_mine_role_status_sla_due_before_and_place(
    as_user: Callable[[str], Api], clock: ManualClock
) -> None:
    api = as_user("gardien.nord")
    first = start(api, "N-1")["task_ids"][0]
    clock.advance(timedelta(hours=3))
    second = start(api, "N-2")["task_ids"][0]
    api.post(f"/api/v1/tasks/{first}/claim")
    assert _ids(api, "?mine=true") == [first]
    assert _ids(api, "?role=caretaker") == [first, second]
    assert _ids(api, "?role=asset_technician") == []
    assert _ids(api, "?status=claimed") == [first]
    assert _ids(api, "?status=completed") == []
    assert _ids(api, "?place=N-2") == [second]
    assert _ids(api, "?sla_status=on_track") == [first, second]
    assert _ids(api, "?sla_status=breached") == []
    due = api.get(f"/api/v1/tasks/{first}").get_json()["due_at"]
    assert _ids(api, "?due_before=" + due.replace("+00:00", "Z") + "") == []
    assert _ids(api, "?due_before=2030-01-01T00:00:00Z") == [first, second]
    for bad in (
        "?mine=yes",
        "?limit=0",
        "?limit=1.0",
        "?status=done",
        "?due_before=2030-01-01T00:00:00",
        "?cursor=garbage",
        "?unknown=1",
        "?limit=1&limit=2",
    ):
        problem = api.get(f"/api/v1/tasks{bad}")
        assert problem.status_code == 400, bad
        assert problem.mimetype == "application/problem+json"


def test_cursor_pages_walk_every_task_once(
    as_user: Callable[[str], Api], clock: ManualClock
) -> None:
    api = as_user("admin")
    expected = []
    for i in range(7):
        expected += start(api, "N-1" if i % 2 else "S-1")["task_ids"]
        clock.advance(timedelta(hours=1))
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        query = "?limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = api.get(f"/api/v1/tasks{query}").get_json()
        seen += [t["id"] for t in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == expected and pages == 3


def test_a_task_comes_with_its_form(as_user: Callable[[str], Api]) -> None:
    gardien, tech = as_user("gardien.nord"), as_user("tech.nord")
    report = start(gardien)["task_ids"][0]
    assert gardien.get(f"/api/v1/tasks/{report}").get_json()["form"] is None
    done = gardien.post(f"/api/v1/tasks/{report}/complete", json={"data": {}}).get_json()
    estimate = done["next_task_ids"][0]
    detail = tech.get(f"/api/v1/tasks/{estimate}").get_json()
    assert detail["form"]["key"] == "estimate"
    assert detail["form"]["json_schema"]["required"] == ["amount", "works_level"]
    fields = {f["name"]: f for f in detail["form"]["fields"]}
    assert fields["amount"]["kind"] == "number" and fields["amount"]["required"]
    assert [c["value"] for c in fields["works_level"]["choices"]] == [
        "none",
        "refresh",
        "standard",
        "heavy",
    ]


def test_claim_unclaim_complete_and_conflicts(as_user: Callable[[str], Api]) -> None:
    one, two = as_user("gardien.nord"), as_user("gardien.nord.2")
    created = start(one)
    task = created["task_ids"][0]
    claimed = one.post(f"/api/v1/tasks/{task}/claim")
    assert claimed.status_code == 200 and claimed.get_json()["assignee"] == "gardien.nord"
    taken = two.post(f"/api/v1/tasks/{task}/claim")
    assert taken.status_code == 409
    assert "already claimed by gardien.nord" in taken.get_json()["detail"]
    assert two.post(f"/api/v1/tasks/{task}/complete", json={}).status_code == 409
    assert two.post(f"/api/v1/tasks/{task}/unclaim").status_code == 403
    released = one.post(f"/api/v1/tasks/{task}/unclaim").get_json()
    assert (released["status"], released["assignee"]) == ("open", None)
    done = two.post(f"/api/v1/tasks/{task}/complete", json={"data": {"note": "fuite"}})
    assert done.status_code == 200
    assert done.get_json()["instance_status"] == "running"
    again = one.post(f"/api/v1/tasks/{task}/complete", json={})
    assert again.status_code == 409 and "already completed" in again.get_json()["detail"]


def test_invalid_form_data_is_422_with_field_errors(as_user: Callable[[str], Api]) -> None:
    gardien, tech = as_user("gardien.nord"), as_user("tech.nord")
    report = start(gardien)["task_ids"][0]
    estimate = gardien.post(f"/api/v1/tasks/{report}/complete", json={}).get_json()[
        "next_task_ids"
    ][0]
    bad = tech.post(
        f"/api/v1/tasks/{estimate}/complete", json={"data": {"amount": -5, "works_level": "gold"}}
    )
    assert bad.status_code == 422
    problem = bad.get_json()
    assert problem["type"] == "urn:habiflow:problem:form-invalid"
    assert set(problem["errors"]) == {"amount", "works_level"}
    assert problem["errors"]["amount"] == ["doit être supérieur ou égal à 0"]
    good = tech.post(
        f"/api/v1/tasks/{estimate}/complete",
        json={"data": {"amount": 100, "works_level": "refresh"}},
    )
    assert good.status_code == 200
    approve = good.get_json()["next_task_ids"][0]
    final = as_user("rt.nord").post(f"/api/v1/tasks/{approve}/complete", json={"data": {}})
    assert final.get_json()["instance_status"] == "completed"


def test_comments_on_a_task(as_user: Callable[[str], Api]) -> None:
    api = as_user("gardien.nord")
    task = start(api)["task_ids"][0]
    added = api.post(f"/api/v1/tasks/{task}/comments", json={"body": "  Fuite sous l'évier  "})
    assert added.status_code == 201
    assert added.get_json()["body"] == "Fuite sous l'évier"
    listed = api.get(f"/api/v1/tasks/{task}/comments").get_json()["items"]
    assert [(c["author"], c["body"]) for c in listed] == [("gardien.nord", "Fuite sous l'évier")]
    assert api.post(f"/api/v1/tasks/{task}/comments", json={"body": "   "}).status_code == 422
    assert api.post(f"/api/v1/tasks/{task}/comments", json={"body": ""}).status_code == 400
    assert as_user("gardien.sud").get(f"/api/v1/tasks/{task}/comments").status_code == 403
