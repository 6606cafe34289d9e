"""The task page: the case's context, steps and diagram, comments, files, and the task's form.

The form is validated on the server (``forms.catalog``); errors are shown beside their fields
and what was typed is kept. A task of another territory answers 403 before anything is read.
Photo and attachment fields take files in the same form (multipart): each file is stored as
an attachment of the task and the field records its reference (``/pieces-jointes/<id>``);
references already sent (by ``upload.js``, or before a form error) come back as hidden
inputs and must name files of this case. The form's ``upload_key`` keeps a double submit from
storing its files twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from admin.web.auth import engine, login_required
from admin.web.case import case_context, schema_for
from admin.web.errors import domain_errors
from admin.web.i18n import gettext as _
from admin.web.inbox import me
from admin.web.uploads import (
    UploadRefused,
    reference,
    save_upload,
    too_large_answers,
    upload_key,
)
from engine.actors import Actor
from engine.errors import FormInvalid, HabiflowError
from engine.models import TaskStatus
from engine.runtime import EngineContext
from engine.services.case_files import case_attachments
from engine.services.task_search import TaskItem, get_task
from engine.services.tasks import complete
from forms.fields import Field, coerce, fields_of

blueprint = Blueprint("task", __name__)
domain_errors(blueprint)
too_large_answers(blueprint)
Raw = dict[str, list[str]]
FILE_KINDS = ("photos", "attachments")


def may_act(item: TaskItem, actor: Actor) -> bool:
    if item.status is TaskStatus.CLAIMED:
        return item.assignee == actor.username or actor.is_admin
    return item.status is TaskStatus.OPEN and actor.may_work_on(
        item.candidate_role, item.territory, item.escalated_role
    )


def first_workable(ctx: EngineContext, task_ids: Iterable[int], actor: Actor) -> int | None:
    """The first of ``task_ids`` the person may work on now (one they may not see is skipped)."""
    for task_id in task_ids:
        try:
            item = get_task(ctx, task_id, actor)
        except HabiflowError:
            continue
        if may_act(item, actor):
            return task_id
    return None


def page(
    item: TaskItem,
    values: Raw | None = None,
    errors: dict[str, list[str]] | None = None,
    upload_error: str | None = None,
) -> str:
    actor = me()
    schema = schema_for(item.form_key)
    fields: list[Field] = fields_of(schema) if schema else []
    return render_template(
        "web/task.html",
        task=item,
        fields=fields,
        values=values or {},
        errors=errors or {},
        may_act=may_act(item, actor),
        mine=item.assignee == actor.username,
        has_files=any(f.kind in FILE_KINDS for f in fields),
        upload_key=uuid.uuid4().hex,
        upload_error=upload_error,
        **case_context(item.instance_id, actor),
    )


def task_page(task_id: int, upload_error: str | None = None) -> str:
    return page(get_task(engine(), task_id, me()), upload_error=upload_error)


@blueprint.get("/taches/<int:task_id>")
@login_required
def show(task_id: int) -> str:
    return task_page(task_id)


def attach_files(
    item: TaskItem, fields: list[Field], raw: Raw, known: set[str]
) -> dict[str, list[str]]:
    """Store the files sent in file fields, add their references to ``raw``; field errors."""
    errors: dict[str, list[str]] = {}
    key = upload_key(request.form.get("upload_key"))
    for field in (f for f in fields if f.kind in FILE_KINDS):
        given = [r.strip() for r in raw.get(field.name, []) if r.strip()]
        refs = [r for r in given if r in known]
        if len(refs) < len(given):
            errors[field.name] = [_("Fichier inconnu pour ce dossier.")]
        sent = [f for f in request.files.getlist(field.name) if f.filename]
        for index, upload in enumerate(sent):
            try:
                view = save_upload(item.id, upload, f"{key}:{field.name}:{index}")
            except UploadRefused as refused:
                errors.setdefault(field.name, []).append(f"{upload.filename} : {refused.message}")
                continue
            refs.append(reference(view))
            known.add(reference(view))
        raw[field.name] = refs
    return errors


@blueprint.post("/taches/<int:task_id>")
@login_required
def submit(task_id: int) -> Response | tuple[str, int]:
    ctx, actor = engine(), me()
    item = get_task(ctx, task_id, actor)
    raw: Raw = {
        k: request.form.getlist(k) for k in request.form if k not in ("csrf_token", "upload_key")
    }
    schema = schema_for(item.form_key)
    fields = fields_of(schema) if schema else []
    known = {reference(a) for a in case_attachments(ctx, item.instance_id, actor)}
    file_errors = attach_files(item, fields, raw, known) if may_act(item, actor) else {}
    data = coerce(schema, raw) if schema else {}
    if schema and ctx.forms is not None and item.form_key:
        errors = {**ctx.forms.validate(item.form_key, data), **file_errors}
        if errors:
            flash(_("Le formulaire contient des erreurs."), "error")
            return page(item, raw, errors), 422
    try:
        done = complete(ctx, task_id, actor, data)
    except FormInvalid as exc:
        return page(item, raw, dict(exc.field_errors)), 422
    flash(_("Tâche terminée."))
    next_id = first_workable(ctx, done.next_task_ids, actor)
    if next_id is not None:
        return redirect(url_for("task.show", task_id=next_id))
    return redirect(url_for("inbox.my_tasks"))
