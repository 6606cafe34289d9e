"""Moving cases between two versions of a process: the diff, the dry run, the confirmed apply.

``/processus/<key>/versions/<version>/migration`` compares ``version - 1`` with ``version``
(``?from=`` and ``?to=`` pick other versions). The page shows what changed step by step and,
without writing anything, which running or suspended cases of the old version can move and
why the others cannot. Applying is a confirmed POST; the answer lists what happened to each
case. Process owners and administrators only; a person of one territory sees its cases only.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user

from admin.web.auth import engine, login_required
from admin.web.errors import domain_errors
from admin.web.i18n import gettext as _
from admin.web.ids import parse_id
from admin.web.inbox import me
from admin.web.navigation import PROCESS_OWNERS, has_any
from engine.errors import PermissionDenied
from engine.services.migration import (
    Comparison,
    Outcome,
    compare_versions,
    migrate_instances,
)

blueprint = Blueprint("migration", __name__)
domain_errors(blueprint)
PATH = "/processus/<key>/versions/<int:version>/migration"


@blueprint.before_request
def owners_only() -> None:
    """Anonymous visitors are sent to log in by each view; others need a process role."""
    if getattr(current_user, "is_authenticated", False) and not has_any(me(), PROCESS_OWNERS):
        raise PermissionDenied("process owners and administrators only")


def chosen_versions(version: int) -> tuple[int, int]:
    """``from`` and ``to`` of the query, else the version before ``version`` and ``version``."""
    source = parse_id(request.values.get("from", str(version - 1)))
    target = parse_id(request.values.get("to", str(version)))
    if source is None or target is None:
        abort(400)
    return source, target


def page(comparison: Comparison, confirm_error: str | None = None) -> str:
    index = "processes.index" in current_app.view_functions
    return render_template(
        "web/migration.html",
        comparison=comparison,
        confirm_error=confirm_error,
        index_url=url_for("processes.index") if index else None,
    )


@blueprint.get(PATH)
@login_required
def compare(key: str, version: int) -> str:
    source, target = chosen_versions(version)
    return page(compare_versions(engine(), key, source, target, me()))


@blueprint.post(PATH)
@login_required
def apply(key: str, version: int) -> str | tuple[str, int]:
    source, target = chosen_versions(version)
    ctx, actor = engine(), me()
    if request.form.get("confirm") != "yes":
        comparison = compare_versions(ctx, key, source, target, actor)
        return page(comparison, _("Cochez la case pour confirmer la migration.")), 422
    report = migrate_instances(ctx, key, source, target, actor)
    query: dict[str, Any] = {"from": source, "to": target}
    return render_template(
        "web/migration_result.html",
        report=report,
        counts={outcome: report.count(outcome) for outcome in Outcome},
        Outcome=Outcome,
        back=url_for("migration.compare", key=key, version=version, **query),
    )
