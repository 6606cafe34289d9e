"""The inbox, "Mes tâches": tasks I hold and tasks my roles may take here; claim, unclaim.

Listing goes through ``task_search.search_tasks``, which applies the inbox's visibility rule
(``queries.list_tasks``) and adds what the page shows: process, place and SLA status. The
page filters by process, SLA status and place (a code's prefix: a building's code finds its
dwellings' tasks too) and sorts by due date (default), by urgency (late first) or newest.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from admin.web.auth import engine, login_required
from admin.web.errors import domain_errors
from admin.web.i18n import gettext as _
from engine.actors import Actor
from engine.models import ClockStatus, TaskStatus
from engine.services.task_search import TaskFilter, TaskItem, search_tasks
from engine.services.tasks import claim, unclaim

blueprint = Blueprint("inbox", __name__)
domain_errors(blueprint)
INBOX_LIMIT = 500
SLA_CHOICES = (ClockStatus.ON_TRACK, ClockStatus.AT_RISK, ClockStatus.BREACHED, ClockStatus.PAUSED)
URGENCY = {ClockStatus.BREACHED: 0, ClockStatus.AT_RISK: 1, ClockStatus.ON_TRACK: 2}
SORTS = ("echeance", "urgence", "recentes")


def me() -> Actor:
    actor: Actor = current_user.actor
    return actor


def visible_tasks(actor: Actor) -> list[TaskItem]:
    """The person's inbox, read once per request (the menu's counts and the page share it)."""
    if "inbox_items" not in g:
        g.inbox_items, _after = search_tasks(engine(), actor, TaskFilter(), limit=INBOX_LIMIT)
    items: list[TaskItem] = g.inbox_items
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
    chosen = {
        "process": request.args.get("process") or None,
        "sla": request.args.get("delai") or None,
        "place": (request.args.get("lieu") or "").strip().upper()[:100] or None,
        "sort": request.args.get("tri") if request.args.get("tri") in SORTS else SORTS[0],
    }
    shown = sort_tasks([t for t in items if matches(t, chosen)], chosen["sort"])
    mine = [t for t in shown if t.assignee == actor.username]
    offered = [t for t in shown if t.assignee is None]
    return render_template(
        "web/inbox.html",
        mine=mine,
        offered=offered,
        processes=processes,
        chosen=chosen,
        sla_choices=SLA_CHOICES,
        sorts=SORTS,
    )


def matches(item: TaskItem, chosen: dict[str, str | None]) -> bool:
    status = item.sla_status.value if item.sla_status else None
    return (
        chosen["process"] in (None, item.process_key)
        and chosen["sla"] in (None, status)
        and (chosen["place"] is None or (item.place_ref or "").startswith(chosen["place"]))
    )


def sort_tasks(items: list[TaskItem], sort: str | None) -> list[TaskItem]:
    """Due date first (none last); urgency: late, then at risk, then on track; or newest."""
    if sort == "recentes":
        return sorted(items, key=lambda t: (t.created_at, t.id), reverse=True)
    by_due = sorted(items, key=lambda t: (t.due_at is None, t.due_at or t.created_at, t.id))
    if sort == "urgence":
        return sorted(by_due, key=lambda t: URGENCY.get(t.sla_status, 3) if t.sla_status else 3)
    return by_due


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
