"""The inbox, "Mes tâches": tasks I hold and tasks my roles may take here; claim, unclaim.

Listing goes through ``task_search.search_tasks``, which applies the inbox's visibility rule
(``queries.list_tasks``) and adds what the page shows: process, place and SLA status.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from admin.web.auth import engine, login_required
from admin.web.errors import domain_errors
from admin.web.i18n import gettext as _
from engine.actors import Actor
from engine.models import TaskStatus
from engine.services.task_search import TaskFilter, TaskItem, search_tasks
from engine.services.tasks import claim, unclaim

blueprint = Blueprint("inbox", __name__)
domain_errors(blueprint)
INBOX_LIMIT = 500


def me() -> Actor:
    actor: Actor = current_user.actor
    return actor


def visible_tasks(actor: Actor) -> list[TaskItem]:
    items, _after = search_tasks(engine(), actor, TaskFilter(), limit=INBOX_LIMIT)
    return items


def counts(items: list[TaskItem], actor: Actor) -> dict[str, int]:
    mine = sum(1 for t in items if t.assignee == actor.username)
    return {"mine": mine, "open": sum(1 for t in items if t.status is TaskStatus.OPEN)}


@blueprint.app_context_processor
def menu_counts() -> dict[str, Any]:
    if not getattr(current_user, "is_authenticated", False):
        return {"menu_counts": None}
    return {"menu_counts": counts(visible_tasks(me()), me())}


@blueprint.get("/taches")
@login_required
def my_tasks() -> str:
    actor = me()
    items = visible_tasks(actor)
    processes = sorted({t.process_key for t in items})
    chosen = request.args.get("process") or None
    shown = [t for t in items if chosen is None or t.process_key == chosen]
    mine = [t for t in shown if t.assignee == actor.username]
    offered = [t for t in shown if t.assignee is None]
    return render_template(
        "web/inbox.html", mine=mine, offered=offered, processes=processes, chosen=chosen
    )


@blueprint.post("/taches/<int:task_id>/prendre")
@login_required
def take(task_id: int) -> Response:
    claim(engine(), task_id, me())
    flash(_("Tâche prise."))
    return redirect(url_for("task.show", task_id=task_id))


@blueprint.post("/taches/<int:task_id>/rendre")
@login_required
def give_back(task_id: int) -> Response:
    unclaim(engine(), task_id, me())
    flash(_("Tâche rendue."))
    return redirect(url_for("inbox.my_tasks"))
