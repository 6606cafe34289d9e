"""Fixtures of the web UI tests: the app over the API tests' people and places, a browser-ish
client that logs in through the form and posts with the page's CSRF token."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from admin.app import create_app
from engine.config import Settings
from engine.runtime import EngineContext
from tests.api.conftest import PASSWORD, api_ctx, database_url
from tests.conftest import ENGINE_BPMN, FIXTURES

__all__ = ["api_ctx", "database_url"]
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def app(api_ctx: EngineContext, tmp_path: Path) -> Flask:
    settings = Settings(
        database_url=str(api_ctx.engine.url),
        broker_url=None,
        var_dir=tmp_path,
        bpmn_dir=ENGINE_BPMN,
        forms_dir=FIXTURES / "forms",
    )
    config = {
        "HABIFLOW_SETTINGS": settings,
        "HABIFLOW_CONTEXT": api_ctx,
        "TESTING": True,
        "SESSION_COOKIE_SECURE": False,
    }
    return create_app(config)


class Browser:
    """A test client that reads the CSRF token from the last page, like a browser form."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.token = ""

    def get(self, path: str, **kwargs: Any) -> Any:
        response = self.client.get(path, **kwargs)
        self._remember(response)
        return response

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        if not self.token:
            self.get("/connexion")
        response = self.client.post(path, data={"csrf_token": self.token, **(data or {})}, **kwargs)
        self._remember(response)
        return response

    def login(self, username: str, password: str = PASSWORD) -> Any:
        self.get("/connexion")
        return self.post("/connexion", {"username": username, "password": password})

    def _remember(self, response: Any) -> None:
        found = TOKEN.search(response.get_data(as_text=True))
        if found:
            self.token = found.group(1)


@pytest.fixture
def browser(app: Flask) -> Browser:
    return Browser(app.test_client())


@pytest.fixture
def other_browser(app: Flask) -> Browser:
    return Browser(app.test_client())
