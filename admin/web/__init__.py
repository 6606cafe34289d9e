"""The staff web UI: log-in, "Mes tâches", the task page (server-rendered, French first).

``register_web`` wires the session secret, CSRF, Flask-Login, the locale and the security
headers, then mounts the blueprints. The REST API keeps bearer tokens and is exempt from CSRF.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, Response
from flask_wtf.csrf import CSRFProtect

from admin import backoffice
from admin.web import (
    accessibility,
    auth,
    case,
    dashboard,
    files,
    i18n,
    ids,
    inbox,
    migration,
    navigation,
    processes,
    start,
    task,
)
from admin.web.uploads import MAX_REQUEST_BYTES

# bpmn-js sets SVG style attributes, hence 'unsafe-inline' for styles only; scripts stay 'self'.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def register_web(app: Flask, var_dir: Path) -> None:
    """Mount the web UI on ``app`` (after the API, whose blueprint is exempted from CSRF)."""
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or secret_key(var_dir)
    app.config["MAX_CONTENT_LENGTH"] = app.config.get("MAX_CONTENT_LENGTH") or MAX_REQUEST_BYTES
    ids.init_app(app)
    csrf = CSRFProtect(app)
    api = app.blueprints.get("api_v1")
    if api is not None:
        csrf.exempt(api)
    i18n.init_app(app)
    auth.init_app(app)
    navigation.init_app(app)
    for blueprint in (
        accessibility.blueprint,
        auth.blueprint,
        inbox.blueprint,
        task.blueprint,
        case.blueprint,
        files.blueprint,
        start.blueprint,
        processes.blueprint,
        migration.blueprint,
        dashboard.blueprint,
    ):
        app.register_blueprint(blueprint)
    backoffice.init_app(app)
    app.after_request(_security_headers)


def cookie_settings() -> dict[str, object]:
    """Session cookies: Secure (unless ``HABIFLOW_INSECURE_COOKIES`` for plain-HTTP local runs),
    HttpOnly, SameSite=Lax. The app applies these before a test's own config."""
    secure = not os.environ.get("HABIFLOW_INSECURE_COOKIES")
    return {
        "SESSION_COOKIE_SECURE": secure,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
    }


def secret_key(var_dir: Path) -> str:
    """``HABIFLOW_SECRET_KEY``, else a random key kept in ``var_dir/secret_key`` (mode 600)."""
    configured = os.environ.get("HABIFLOW_SECRET_KEY")
    if configured:
        return configured
    path = var_dir / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
