"""The case page (/dossiers/<id>): place, tenant, steps done and waiting, diagram, comments, files.

``case_context`` gathers what both the case page and the task page show about a case; every
read goes through a service that checks the person may see the case (403 otherwise:
``engine.services.case_access`` — staff of its territory, outsiders who take part). The diagram
is drawn in the browser (``admin/frontend/viewer.js``) from ``/dossiers/<id>/diagramme``;
the ordered list of steps next to it is its text alternative.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from admin.web.auth import engine, login_required
from admin.web.errors import domain_errors
from admin.web.i18n import gettext as _
from admin.web.ids import parse_id
from admin.web.inbox import me
from engine.actors import Actor
from engine.services.case_files import case_attachments
from engine.services.case_steps import case_diagram, case_steps
from engine.services.comments import CommentInvalid, add_comment, list_comments
from engine.services.place_context import place_chain
from engine.services.queries import case_data, show_instance
from forms.catalog import FormCatalog
from forms.fields import fields_of

blueprint = Blueprint("case", __name__)
domain_errors(blueprint)
TENANT_KEYS = ("tenant_name", "tenant")
OPERATION_KEYS = ("operation_name", "operation_id")


def schema_for(form_key: str | None) -> dict[str, Any] | None:
    forms = engine().forms
    if not form_key or not isinstance(forms, FormCatalog):
        return None
    try:
        return forms.schema(form_key)
    except KeyError:
        return None


def field_labels(form_key: str | None) -> dict[str, str]:
    schema = schema_for(form_key)
    return {f.name: f.label for f in fields_of(schema)} if schema else {}


def case_context(instance_id: int, actor: Actor) -> dict[str, Any]:
    """Template values describing a case, for a person who may see it."""
    ctx = engine()
    case = show_instance(ctx, instance_id, actor)
    data = case_data(ctx, instance_id, actor)
    steps = case_steps(ctx, instance_id, actor)
    return {
        "case": case,
        "data": data,
        "steps": steps,
        "labels": {s.task_id: field_labels(s.form_key) for s in steps.done},
        "place": place_chain(ctx, case.place_ref),
        "tenant": next((data[k] for k in TENANT_KEYS if isinstance(data.get(k), str)), None),
        "operation": " — ".join(str(data[k]) for k in OPERATION_KEYS if data.get(k)) or None,
        "comments": list_comments(ctx, instance_id, actor),
        "attachments": case_attachments(ctx, instance_id, actor),
    }


@blueprint.get("/dossiers/<int:instance_id>")
@login_required
def show(instance_id: int) -> str:
    return render_template("web/case.html", **case_context(instance_id, me()))


@blueprint.get("/dossiers/<int:instance_id>/diagramme")
@login_required
def diagram(instance_id: int) -> Response:
    drawn = case_diagram(engine(), instance_id, me())
    response = jsonify(xml=drawn.xml, current=list(drawn.current), done=list(drawn.done))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.post("/dossiers/<int:instance_id>/commentaires")
@login_required
def comment(instance_id: int) -> Response:
    task_id = parse_id(request.form.get("task_id"))
    try:
        add_comment(engine(), instance_id, me(), request.form.get("body", ""), task_id)
    except CommentInvalid:
        flash(_("Le commentaire est vide ou trop long (5 000 caractères au plus)."), "error")
    else:
        flash(_("Commentaire ajouté."))
    if task_id is not None:
        return redirect(url_for("task.show", task_id=task_id, _anchor="commentaires"), 303)
    return redirect(url_for("case.show", instance_id=instance_id, _anchor="commentaires"), 303)
