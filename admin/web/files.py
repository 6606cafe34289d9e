"""Files of a case on the web: upload to a task (plain form or ``upload.js``), download.

``upload.js`` asks for JSON and retries with its ``upload_key``; a plain form gets the task
page back, with the refusal beside the upload form (413 too large, 415 wrong type).
Downloading needs the right to see the case (403 across territories or for an outsider who
takes no part in it, 404 unknown).
"""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, request, send_file, url_for
from werkzeug.wrappers import Response

from admin.web.auth import engine, login_required
from admin.web.errors import domain_errors
from admin.web.i18n import gettext as _
from admin.web.inbox import me
from admin.web.task import task_page
from admin.web.uploads import (
    UploadRefused,
    reference,
    save_upload,
    store,
    too_large_answers,
    upload_key,
    wants_json,
)
from engine.errors import Conflict, NotFound, PermissionDenied
from engine.services.attachments import open_attachment

blueprint = Blueprint("files", __name__)
domain_errors(blueprint)
too_large_answers(blueprint)
JSON_STATUS = ((NotFound, 404), (PermissionDenied, 403), (Conflict, 409))


@blueprint.post("/taches/<int:task_id>/pieces-jointes")
@login_required
def upload(task_id: int) -> Response | tuple[str, int] | tuple[Response, int]:
    sent = request.files.get("file")
    try:
        if sent is None or not sent.filename:
            raise UploadRefused(400, _("Choisissez un fichier."))
        view = save_upload(task_id, sent, upload_key(request.form.get("upload_key")))
    except UploadRefused as refused:
        if wants_json():
            return jsonify(error=refused.message), refused.status
        return task_page(task_id, upload_error=refused.message), refused.status
    except (NotFound, PermissionDenied, Conflict) as exc:
        if not wants_json():
            raise
        status = next(code for kind, code in JSON_STATUS if isinstance(exc, kind))
        return jsonify(error=_("Envoi refusé.")), status
    if wants_json():
        body = jsonify(id=view.id, ref=reference(view), filename=view.filename, size=view.size)
        return body, 201
    flash(_("Fichier ajouté : %(name)s", name=view.filename))
    return redirect(url_for("task.show", task_id=task_id, _anchor="pieces-jointes"), 303)


@blueprint.get("/pieces-jointes/<int:attachment_id>")
@login_required
def download(attachment_id: int) -> Response:
    view, path = open_attachment(engine(), store(), attachment_id, me())
    response = send_file(
        path, mimetype=view.content_type, as_attachment=True, download_name=view.filename
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
