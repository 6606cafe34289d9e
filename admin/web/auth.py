"""Log-in and log-out with Flask-Login against ``Person.password_hash``.

Failed log-ins share the API's throttle (per username and address, in the database), so
guessing a password through the web page is no faster than through the API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import flask_login
from flask import Blueprint, Flask, current_app, redirect, render_template, request, url_for
from flask_login import LoginManager, UserMixin, login_user, logout_user
from werkzeug.wrappers import Response

from admin.web.i18n import gettext as _
from engine.actors import Actor
from engine.errors import NotFound
from engine.runtime import EngineContext
from engine.services.api_tokens import (
    LoginThrottled,
    verify_credentials,
)
from engine.services.people import get_actor

blueprint = Blueprint("auth", __name__)
F = TypeVar("F", bound=Callable[..., Any])
MAX_USERNAME = 150


class User(UserMixin):  # type: ignore[misc]
    """The logged-in person, as Flask-Login keeps them; ``actor`` is what services check."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor

    def get_id(self) -> str:
        return self.actor.username


def login_required(view: F) -> F:
    """Flask-Login's guard, typed: anonymous visitors go to the log-in page."""
    return cast(F, flask_login.login_required(view))


def engine() -> EngineContext:
    ctx: EngineContext = current_app.extensions["habiflow"]
    return ctx


def init_app(app: Flask) -> None:
    manager = LoginManager(app)
    manager.login_view = "auth.login"
    manager.login_message = ""
    manager.session_protection = "strong"

    manager.user_loader(load_user)


def load_user(username: str) -> User | None:
    """The person behind a session, as the directory has them now (None once deactivated)."""
    try:
        return User(get_actor(engine(), username))
    except NotFound:
        return None


def check_password(ctx: EngineContext, username: str, password: str, address: str) -> bool:
    """True when the password matches an active person; counts and throttles failures."""
    return verify_credentials(ctx, username, password, address)


@blueprint.route("/connexion", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    if request.method == "GET":
        return render_template("web/login.html", username="")
    username = request.form.get("username", "").strip()[:MAX_USERNAME]
    password = request.form.get("password", "")
    address = request.remote_addr or "unknown"
    try:
        ok = bool(username) and check_password(engine(), username, password, address)
    except LoginThrottled as exc:
        minutes = max(1, (exc.retry_after + 59) // 60)
        message = _(
            "Trop de tentatives échouées : réessayez dans %(minutes)s min.", minutes=minutes
        )
        return render_template("web/login.html", username=username, error=message), 429
    if not ok:
        message = _("Identifiant ou mot de passe incorrect.")
        return render_template("web/login.html", username=username, error=message), 401
    login_user(User(get_actor(engine(), username)))
    return redirect(url_for("inbox.my_tasks"))


@blueprint.post("/deconnexion")
@login_required
def logout() -> Response:
    logout_user()
    return redirect(url_for("auth.login"))
