"""Fixtures of the API tests: the app over a test engine context, people, tokens."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from admin.app import create_app
from engine.config import Settings
from engine.db import write_session
from engine.models import Person
from engine.passwords import hash_password
from engine.runtime import EngineContext
from engine.services.people import add_person
from tests.conftest import ENGINE_BPMN, FIXTURES, deploy_fixture

PASSWORD = "correct horse battery"
PLACES = {"N-1": "nord", "N-2": "nord", "S-1": "sud"}
PEOPLE: dict[str, tuple[list[str], str | None]] = {
    "gardien.nord": (["caretaker"], "nord"),
    "gardien.nord.2": (["caretaker"], "nord"),
    "gardien.sud": (["caretaker"], "sud"),
    "tech.nord": (["asset_technician"], "nord"),
    "rt.nord": (["territorial_manager"], "nord"),
    "admin": (["admin"], None),
}


@pytest.fixture
def api_ctx(ctx: EngineContext) -> EngineContext:
    ctx.territory_of = lambda ref: PLACES.get(ref or "")
    hashed = hash_password(PASSWORD)
    for username, (roles, territory) in PEOPLE.items():
        add_person(ctx, username, roles, territory=territory)
    with write_session(ctx.sessions) as session:
        for person in session.query(Person):
            person.password_hash = hashed
    deploy_fixture(ctx, "repair_request")
    return ctx


def add_login(
    ctx: EngineContext, username: str, roles: list[str], territory: str | None = None
) -> None:
    """One more person than ``PEOPLE``, who logs in with ``PASSWORD`` too."""
    add_person(ctx, username, roles, territory=territory)
    with write_session(ctx.sessions) as session:
        person = session.get(Person, username)
        assert person is not None
        person.password_hash = hash_password(PASSWORD)


@pytest.fixture
def app(api_ctx: EngineContext, tmp_path: Path) -> Flask:
    settings = Settings(
        database_url=str(api_ctx.engine.url),
        broker_url=None,
        var_dir=tmp_path,
        bpmn_dir=ENGINE_BPMN,
        forms_dir=FIXTURES / "forms",
    )
    return create_app({"HABIFLOW_SETTINGS": settings, "HABIFLOW_CONTEXT": api_ctx, "TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class Api:
    """A test client that speaks the API as one person (or integration token)."""

    def __init__(self, client: FlaskClient, token: str) -> None:
        self.client = client
        self.token = token

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, headers=self.headers(kwargs.pop("headers", None)), **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        headers = self.headers(kwargs.pop("headers", None))
        return self.client.post(path, json=json, headers=headers, **kwargs)

    def delete(self, path: str) -> Any:
        return self.client.delete(path, headers=self.headers())


def log_in(client: FlaskClient, username: str, password: str = PASSWORD) -> str:
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.get_json()
    token: str = response.get_json()["access_token"]
    return token


@pytest.fixture
def as_user(client: FlaskClient) -> Iterator[Callable[[str], Api]]:
    tokens: dict[str, str] = {}

    def make(username: str) -> Api:
        if username not in tokens:
            tokens[username] = log_in(client, username)
        return Api(client, tokens[username])

    yield make


def integration(client: FlaskClient, admin: Api, scopes: list[str], territory: str | None) -> Api:
    body = {"name": "extranet", "scopes": scopes, "territory": territory}
    response = admin.post("/api/v1/tokens", json=body)
    assert response.status_code == 201, response.get_json()
    return Api(client, response.get_json()["token"])


def start(api: Api, place: str = "N-1", **extra: Any) -> dict[str, Any]:
    body = {"process_key": "repair_request", "place_ref": place, **extra}
    response = api.post("/api/v1/instances", json=body)
    assert response.status_code == 201, response.get_json()
    created: dict[str, Any] = response.get_json()
    return created


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """API contract tests run on SQLite; test_postgres_flows.py runs the key flows on both."""
    return f"sqlite:///{tmp_path / 'habiflow.sqlite3'}"
