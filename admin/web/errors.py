"""Domain errors as pages: 403 for another territory's data, 404, 409 for a lost race."""

from __future__ import annotations

from flask import Blueprint, render_template

from admin.web.i18n import gettext as _
from engine.errors import Conflict, NotFound, PermissionDenied


def domain_errors(blueprint: Blueprint) -> None:
    @blueprint.errorhandler(PermissionDenied)
    def forbidden(exc: PermissionDenied) -> tuple[str, int]:
        return error_page(403, _("Accès refusé"), _("Vous n'avez pas accès à cette page.")), 403

    @blueprint.errorhandler(NotFound)
    def missing(exc: NotFound) -> tuple[str, int]:
        return error_page(404, _("Page introuvable"), ""), 404

    @blueprint.errorhandler(Conflict)
    def conflict(exc: Conflict) -> tuple[str, int]:
        return error_page(409, _("Action impossible"), str(exc)), 409


def error_page(status: int, title: str, detail: str) -> str:
    return render_template("web/error.html", status=status, title=title, detail=detail)
