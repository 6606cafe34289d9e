"""Starting a case (/nouveau): the processes I may start, then the place and a short note.

Who may start what is ``engine.services.startable``'s rule (a role owning one of the
process's first human steps; admins: all). The place must be in the places directory and in
my territory: an unknown place is a field error (422), another territory's a field error
with 403, and nothing is created. The case starts through ``start_instance`` (the API's
service); the form's hidden ``form_key`` goes through ``idempotency`` so a double click
starts one case and both clicks land on the same page. After the start I go to the first
task when I may work on it, else to the case page.
"""

from __future__ import annotations

import json
import re
import uuid

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from admin.web.auth import engine, login_required
from admin.web.errors import domain_errors
from admin.web.i18n import gettext as _
from admin.web.inbox import me
from admin.web.navigation import is_staff
from admin.web.task import first_workable
from engine.actors import Actor
from engine.services import idempotency
from engine.services.instances import start_instance
from engine.services.place_context import canonical_ref
from engine.services.startable import Startable, may_start, startable_processes

blueprint = Blueprint("start", __name__)
domain_errors(blueprint)
MAX_NOTE = 1000
FORM_KEY = re.compile(r"^[0-9a-f]{32}$")


def staff() -> Actor:
    actor = me()
    if not is_staff(actor):
        abort(403)
    return actor


@blueprint.get("/nouveau")
@login_required
def choose() -> str:
    return render_template("web/start.html", processes=startable_processes(engine(), staff()))


def form(
    process: Startable,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> str:
    return render_template(
        "web/start_form.html",
        process=process,
        values=values or {},
        errors=errors or {},
        form_key=uuid.uuid4().hex,
        max_note=MAX_NOTE,
    )


def startable(key: str, actor: Actor) -> Startable:
    process = may_start(engine(), actor, key)
    if process is None:
        abort(404)
    return process


@blueprint.get("/nouveau/<key>")
@login_required
def new(key: str) -> str:
    return form(startable(key, staff()))


@blueprint.post("/nouveau/<key>")
@login_required
def create(key: str) -> Response | tuple[str, int]:
    ctx, actor = engine(), staff()
    process = startable(key, actor)
    place = canonical_ref(request.form.get("place", ""))[:100]
    note = request.form.get("note", "").strip()
    values = {"place": place, "note": note}
    errors, status = check(place, note, actor)
    if errors:
        return form(process, values, errors), status
    form_key = request.form.get("form_key", "")
    if not FORM_KEY.match(form_key):
        return form(process, values, {"": _("Formulaire expiré : envoyez-le à nouveau.")}), 422
    scoped = f"web-start:{form_key}"
    body = json.dumps({"key": key, **values}, sort_keys=True).encode()
    try:
        replay = idempotency.claim(ctx, actor.username, scoped, idempotency.fingerprint(body))
    except idempotency.KeyReused:
        return form(process, values, {"": _("Formulaire déjà envoyé : recommencez.")}), 422
    if replay is not None:
        return redirect(json.loads(replay.response)["location"], 303)
    try:
        location = start_and_route(key, actor, place, note)
    except BaseException:
        idempotency.release(ctx, actor.username, scoped)
        raise
    idempotency.settle(ctx, actor.username, scoped, 303, json.dumps({"location": location}))
    return redirect(location, 303)


def check(place: str, note: str, actor: Actor) -> tuple[dict[str, str], int]:
    """Field errors of the start form, and the status to answer them with."""
    errors: dict[str, str] = {}
    if len(note) > MAX_NOTE:
        errors["note"] = _("%(max)s caractères au plus.", max=MAX_NOTE)
    territory = engine().territory_of(place) if place else None
    if not place:
        errors["place"] = _("Indiquez le lieu.")
    elif territory is None:
        errors["place"] = _("Lieu inconnu : vérifiez le code (ex. D-00042, B-0123, R-017).")
    elif not actor.serves(territory):
        errors["place"] = _("Ce lieu n'est pas dans votre territoire.")
        return errors, 403
    return errors, 422


def start_and_route(key: str, actor: Actor, place: str, note: str) -> str:
    """Start the case; where to go next: its first task I may work on, else the case."""
    ctx = engine()
    data = {"start_note": note} if note else {}
    started = start_instance(ctx, key, actor, place_ref=place, data=data)
    task_id = first_workable(ctx, started.task_ids, actor)
    if task_id is not None:
        return url_for("task.show", task_id=task_id)
    return url_for("case.show", instance_id=started.instance_id)
