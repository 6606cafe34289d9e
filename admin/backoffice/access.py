"""Who may use /administration: administrators only; anonymous visitors go to the log-in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from admin.web.auth import engine
from admin.web.errors import error_page
from admin.web.i18n import gettext as _
from engine.actors import Actor
from engine.errors import HabiflowError
from engine.runtime import EngineContext


def current_admin() -> Actor | None:
    """The logged-in person when they are an administrator, else None."""
    if not getattr(current_user, "is_authenticated", False):
        return None
    actor: Actor = current_user.actor
    return actor if actor.is_admin else None


def run_as_admin(
    service: Callable[[EngineContext, Actor], object],
    refused: str = "Action impossible : %(error)s",
) -> bool:
    """Call an engine service as the logged-in administrator; False when it refused.

    The refusal (a ``HabiflowError``) is shown as an error flash message worded by ``refused``.
    """
    actor = current_admin()
    assert actor is not None  # is_accessible ran first
    try:
        service(engine(), actor)
    except HabiflowError as exc:
        flash(_(refused, error=str(exc)), "error")
        return False
    return True


class AdminOnly:
    """Mixed into every Flask-Admin view (index included): checked before each request."""

    def is_accessible(self) -> bool:
        return current_admin() is not None

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Response | tuple[str, int]:
        if not getattr(current_user, "is_authenticated", False):
            return redirect(url_for("auth.login", next=request.path))
        detail = _("Vous n'avez pas accès à cette page.")
        return error_page(403, _("Accès refusé"), detail), 403
