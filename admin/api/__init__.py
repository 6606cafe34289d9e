"""The REST API (/api/v1): JSON, bearer tokens, RFC 9457 problems, OpenAPI 3.1.

One module per concern: ``registry`` declares routes once (Flask routing, request
parsing, the OpenAPI document), ``problems`` maps errors, ``auth``, ``processes``,
``instances``, ``tasks``, ``attachments`` and ``tracking`` are the resources.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, jsonify

from admin.api import attachments, auth, instances, problems, processes, tasks, tracking
from admin.api.openapi import document
from admin.api.registry import Registry

PREFIX = "/api/v1"
VERSION = "1.0.0"


def register_api(app: Flask, var_dir: Path) -> Registry:
    """Mount the API on ``app``; attachments go under ``var_dir``/attachments."""
    app.config.setdefault("HABIFLOW_ATTACHMENTS_DIR", str(var_dir / "attachments"))
    blueprint = Blueprint("api_v1", __name__, url_prefix=PREFIX)
    registry = Registry(blueprint)
    for resource in (auth, processes, instances, tasks, attachments, tracking):
        resource.register(registry)
    spec = document(registry.operations, PREFIX, VERSION)

    @blueprint.get("/openapi.json")
    def openapi() -> Any:
        return jsonify(spec)

    app.register_blueprint(blueprint)
    problems.install(app, PREFIX)
    return registry
