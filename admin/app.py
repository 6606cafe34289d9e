"""Flask application factory: the staff web UI (admin.web) and the REST API (admin.api)."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template_string
from sqlalchemy import func, select

from admin.api import register_api
from admin.web import cookie_settings, register_web
from admin.wiring import context_for
from engine.config import Settings
from engine.db import read_session
from engine.models import ProcessDefinition

INDEX = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>habiflow</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>habiflow</h1>
<p><a href="/taches">Mes tâches</a></p>
<p>Moteur de processus du patrimoine : processus déployés.</p>
<ul>{% for key, name, version in processes %}<li>{{ name }} ({{ key }}, v{{ version }})</li>
{% else %}<li>Aucun processus déployé.</li>{% endfor %}</ul>
</main></body></html>"""


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``test_config`` overrides settings (e.g. a test database).

    ``HABIFLOW_CONTEXT`` in ``test_config`` hands in a ready engine context (a test's
    manual clock); the REST API is mounted under /api/v1 (admin.api).
    """
    app = Flask(__name__)
    app.config.update(cookie_settings())
    app.config.from_mapping(test_config or {})
    settings = app.config.get("HABIFLOW_SETTINGS") or Settings.from_env()
    ctx = app.config.get("HABIFLOW_CONTEXT") or context_for(settings)
    app.extensions["habiflow"] = ctx
    register_api(app, settings.var_dir)
    register_web(app, settings.var_dir)

    @app.get("/")
    def index() -> Any:
        with read_session(ctx.sessions) as session:
            rows = session.execute(
                select(
                    ProcessDefinition.key,
                    ProcessDefinition.name,
                    func.max(ProcessDefinition.version),
                )
                .group_by(ProcessDefinition.key, ProcessDefinition.name)
                .order_by(ProcessDefinition.key)
            ).all()
        return render_template_string(INDEX, processes=rows)

    @app.get("/healthz")
    def healthz() -> Any:
        with read_session(ctx.sessions) as session:
            definitions = session.scalar(select(func.count()).select_from(ProcessDefinition))
        return jsonify(status="ok", definitions=definitions)

    return app
