"""The task page: the case's context and history, and the task's form from its JSON Schema.

The form is validated on the server (``forms.catalog``); errors are shown beside their fields
and what was typed is kept. A task of another territory answers 403 before anything is read.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from admin.web.auth import engine, login_required
from admin.web.errors import domain_errors
from admin.web.i18n import gettext as _
from admin.web.inbox import me
from engine.actors import Actor
from engine.errors import FormInvalid, HabiflowError
from engine.models import TaskStatus
from engine.services.queries import case_data, show_instance
from engine.services.task_search import TaskItem, get_task
from engine.services.tasks import complete
from forms.catalog import FormCatalog
from forms.fields import Field, coerce, fields_of

blueprint = Blueprint("task", __name__)
domain_errors(blueprint)
Raw = dict[str, list[str]]


def may_act(item: TaskItem, actor: Actor) -> bool:
    if item.status is TaskStatus.CLAIMED:
        return item.assignee == actor.username or actor.is_admin
    return item.status is TaskStatus.OPEN and actor.may_work_on(
        item.candidate_role, item.territory, item.escalated_role
    )


def schema_of(item: TaskItem) -> dict[str, Any] | None:
    forms = engine().forms
    if not item.form_key or not isinstance(forms, FormCatalog):
        return None
    try:
        return forms.schema(item.form_key)
    except KeyError:
        return None


def page(
    item: TaskItem, values: Raw | None = None, errors: dict[str, list[str]] | None = None
) -> str:
    actor = me()
    ctx = engine()
    case = show_instance(ctx, item.instance_id, actor)
    schema = schema_of(item)
    fields: list[Field] = fields_of(schema) if schema else []
    return render_template(
        "web/task.html",
        task=item,
        case=case,
        data=case_data(ctx, item.instance_id, actor),
        fields=fields,
        values=values or {},
        errors=errors or {},
        may_act=may_act(item, actor),
        mine=item.assignee == actor.username,
    )


@blueprint.get("/taches/<int:task_id>")
@login_required
def show(task_id: int) -> str:
    return page(get_task(engine(), task_id, me()))


@blueprint.post("/taches/<int:task_id>")
@login_required
def submit(task_id: int) -> Response | tuple[str, int]:
    ctx, actor = engine(), me()
    item = get_task(ctx, task_id, actor)
    raw: Raw = {k: request.form.getlist(k) for k in request.form if k != "csrf_token"}
    schema = schema_of(item)
    data = coerce(schema, raw) if schema else {}
    if schema and ctx.forms is not None and item.form_key:
        errors = ctx.forms.validate(item.form_key, data)
        if errors:
            flash(_("Le formulaire contient des erreurs."), "error")
            return page(item, raw, errors), 422
    try:
        done = complete(ctx, task_id, actor, data)
    except FormInvalid as exc:
        return page(item, raw, dict(exc.field_errors)), 422
    flash(_("Tâche terminée."))
    for next_id in done.next_task_ids:
        try:
            following = get_task(ctx, next_id, actor)
        except HabiflowError:
            continue
        if may_act(following, actor):
            return redirect(url_for("task.show", task_id=next_id))
    return redirect(url_for("inbox.my_tasks"))
