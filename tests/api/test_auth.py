"""Tokens: log-in, throttling, expiry, revocation, integration tokens and scopes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask.testing import FlaskClient

from engine.clock import ManualClock
from engine.db import read_session
from engine.models import ApiToken
from engine.runtime import EngineContext
from tests.api.conftest import Api, integration, log_in, start

TOKEN_URL = "/api/v1/auth/token"


def test_log_in_gives_a_bearer_token_stored_only_hashed(
    client: FlaskClient, api_ctx: EngineContext
) -> None:
    response = client.post(
        TOKEN_URL, json={"username": "gardien.nord", "password": "correct horse battery"}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "Bearer" and body["access_token"].startswith("hf_")
    assert response.headers["Cache-Control"] == "no-store"
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.get_json() == {
        "username": "gardien.nord",
        "roles": ["caretaker"],
        "territory": "nord",
        "scopes": body["scopes"],
        "personal": True,
    }
    with read_session(api_ctx.sessions) as session:
        stored = [t.token_hash for t in session.query(ApiToken)]
    assert body["access_token"] not in stored and len(stored[0]) == 64


def test_wrong_password_and_unknown_user_are_the_same_401(client: FlaskClient) -> None:
    for username in ("gardien.nord", "nobody"):
        response = client.post(TOKEN_URL, json={"username": username, "password": "nope"})
        assert response.status_code == 401
        assert response.mimetype == "application/problem+json"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.get_json()["detail"] == "wrong username or password"


def test_repeated_failures_lock_the_username_from_that_address(
    client: FlaskClient, clock: ManualClock
) -> None:
    for _ in range(5):
        bad = client.post(TOKEN_URL, json={"username": "tech.nord", "password": "guess"})
        assert bad.status_code == 401
    locked = client.post(
        TOKEN_URL, json={"username": "tech.nord", "password": "correct horse battery"}
    )
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) == 15 * 60
    assert locked.get_json()["type"] == "urn:habiflow:problem:login-throttled"
    log_in(client, "gardien.nord")  # another username is not locked
    clock.advance(timedelta(minutes=16))
    log_in(client, "tech.nord")


def test_tokens_expire_and_can_be_revoked(
    client: FlaskClient, clock: ManualClock, as_user: Callable[[str], Api]
) -> None:
    api = as_user("gardien.nord")
    assert api.get("/api/v1/processes").status_code == 200
    assert api.delete(TOKEN_URL).status_code == 204
    assert api.get("/api/v1/processes").status_code == 401
    later = Api(client, log_in(client, "gardien.nord"))
    clock.advance(timedelta(hours=12, seconds=1))
    expired = later.get("/api/v1/processes")
    assert expired.status_code == 401
    assert expired.get_json()["detail"] == "unknown, expired or revoked token"


def test_missing_or_malformed_authorization_is_401(client: FlaskClient) -> None:
    for header in ({}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer hf_nope"}):
        response = client.get("/api/v1/tasks", headers=header)
        assert response.status_code == 401
        assert response.get_json()["status"] == 401


def test_only_admins_create_integration_tokens_with_known_scopes(
    client: FlaskClient, as_user: Callable[[str], Api]
) -> None:
    body = {"name": "extranet", "scopes": ["tracking:read"]}
    assert as_user("rt.nord").post("/api/v1/tokens", json=body).status_code == 403
    admin = as_user("admin")
    unknown = admin.post("/api/v1/tokens", json={"name": "x", "scopes": ["everything"]})
    assert unknown.status_code == 400
    created = admin.post("/api/v1/tokens", json=body | {"expires_in_days": 30})
    assert created.status_code == 201
    listed = admin.get("/api/v1/tokens").get_json()["items"]
    assert [(t["name"], t["scopes"], t["revoked_at"]) for t in listed] == [
        ("extranet", ["tracking:read"], None)
    ]
    extranet = Api(client, created.get_json()["token"])
    assert extranet.post("/api/v1/tokens", json=body).status_code == 403
    assert admin.delete(f"/api/v1/tokens/{listed[0]['id']}").status_code == 204
    assert extranet.get("/api/v1/auth/me").status_code == 401
    assert admin.delete("/api/v1/tokens/999").status_code == 404


def test_an_integration_token_acts_within_its_scopes_and_territory(
    client: FlaskClient, as_user: Callable[[str], Api]
) -> None:
    admin = as_user("admin")
    call_centre = integration(client, admin, ["cases:create", "cases:read"], "nord")
    created = start(call_centre, "N-1")
    assert call_centre.get(f"/api/v1/instances/{created['id']}").status_code == 200
    other = call_centre.post(
        "/api/v1/instances", json={"process_key": "repair_request", "place_ref": "S-1"}
    )
    assert other.status_code == 403
    no_scope = call_centre.get("/api/v1/tasks")
    assert no_scope.status_code == 403
    assert no_scope.get_json()["type"] == "urn:habiflow:problem:insufficient-scope"
    tracking_only = integration(client, admin, ["tracking:read"], None)
    refused = tracking_only.post("/api/v1/instances", json={"process_key": "repair_request"})
    assert refused.status_code == 403
