"""Flask application factory (the web UI itself arrives with its own issue)."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify
from sqlalchemy import func, select

from admin.wiring import context_for
from engine.config import Settings
from engine.db import read_session
from engine.models import ProcessDefinition


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``test_config`` overrides settings (e.g. a test database)."""
    app = Flask(__name__)
    app.config.from_mapping(test_config or {})
    settings = app.config.get("HABIFLOW_SETTINGS") or Settings.from_env()
    ctx = context_for(settings)
    app.extensions["habiflow"] = ctx

    @app.get("/healthz")
    def healthz() -> Any:
        with read_session(ctx.sessions) as session:
            definitions = session.scalar(select(func.count()).select_from(ProcessDefinition))
        return jsonify(status="ok", definitions=definitions)

    return app
