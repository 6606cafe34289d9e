"""Bad input is always a problem document, never a server error."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from tests.api.conftest import Api, start

PROBLEM_KEYS = {"type", "title", "status"}


def _is_problem(response: object, status: int) -> None:
    assert response.status_code == status, response.get_json()  # type: ignore[attr-defined]
    assert response.mimetype == "application/problem+json"  # type: ignore[attr-defined]
    body = response.get_json()  # type: ignore[attr-defined]
    assert set(body) >= PROBLEM_KEYS and body["status"] == status
    assert body["type"].startswith("urn:habiflow:problem:")


@pytest.mark.parametrize(
    "raw",
    [
        b"{",
        b"[]",
        b'"text"',
        b"null",
        b'{"process_key": 12}',
        b'{"process_key": "repair_request", "unknown": 1}',
        b'{"process_key": "repair_request", "data": {"x": NaN}}',
        b'{"process_key": "repair_request", "data": {"not an identifier": 1}}',
        b'{"process_key": "repair_request", "data": []}',
        b'{"process_key": "' + b"x" * 500 + b'"}',
        b'{"process_key": "a\\u0000b"}',
        b'{"process_key": "repair_request", "place_ref": 10000000000000000000000000000000}',
        b"\xff\xfe",
    ],
)
def test_malformed_bodies_are_400(as_user: Callable[[str], Api], raw: bytes) -> None:
    api = as_user("gardien.nord")
    response = api.client.post(
        "/api/v1/instances", data=raw, headers=api.headers(), content_type="application/json"
    )
    _is_problem(response, 400)


def test_wrong_content_type_is_415(as_user: Callable[[str], Api]) -> None:
    api = as_user("gardien.nord")
    response = api.client.post(
        "/api/v1/instances",
        data="process_key=x",
        headers=api.headers(),
        content_type="application/x-www-form-urlencoded",
    )
    _is_problem(response, 415)


def test_huge_bodies_are_413(as_user: Callable[[str], Api]) -> None:
    api = as_user("gardien.nord")
    raw = b'{"process_key": "repair_request", "data": {"x": "' + b"a" * (2 * 1024 * 1024) + b'"}}'
    response = api.client.post(
        "/api/v1/instances", data=raw, headers=api.headers(), content_type="application/json"
    )
    _is_problem(response, 413)


def test_routing_errors_are_problems(client: FlaskClient, as_user: Callable[[str], Api]) -> None:
    api = as_user("gardien.nord")
    _is_problem(api.get("/api/v1/nowhere"), 404)
    _is_problem(api.get("/api/v1/tasks/99999999999999999999"), 404)
    _is_problem(api.get("/api/v1/tasks/-1"), 404)
    _is_problem(api.get("/api/v1/tasks/2147483648"), 404)
    response = client.put("/api/v1/tasks")
    _is_problem(response, 405)
    assert "GET" in response.headers["Allow"]
    assert client.get("/nowhere").mimetype == "text/html"  # the web UI keeps its pages


def test_domain_errors_map_to_statuses(as_user: Callable[[str], Api]) -> None:
    api = as_user("gardien.nord")
    task = start(api)["task_ids"][0]
    _is_problem(api.post(f"/api/v1/tasks/{task}/unclaim"), 409)
    _is_problem(as_user("gardien.sud").post(f"/api/v1/tasks/{task}/claim"), 403)
    _is_problem(api.post("/api/v1/tasks/5000/claim"), 404)
    _is_problem(api.post("/api/v1/instances", json={"process_key": "nope"}), 404)
