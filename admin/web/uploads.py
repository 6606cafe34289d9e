"""Saving an uploaded file for a task, as the task form and the upload endpoint both do.

The checks are the service's (``engine.services.attachments``): JPEG, PNG, WebP, HEIC or
PDF whose first bytes agree (415 otherwise), 10 MB at most (413), and the right to work on
the task. An upload key makes a retry harmless: the same key from the same person on the
same task gives back the first file. A form field records a file by the path it downloads
from (``/pieces-jointes/<id>``). A web request is refused (413) past ``MAX_REQUEST_BYTES``
before its body is read (a task form may carry a few full-size photos, ``upload.js`` sends
them one at a time); ``too_large_answers`` says so in words, as JSON to ``upload.js``.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from flask import Blueprint, current_app, jsonify, request, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from admin.web.auth import engine
from admin.web.errors import error_page
from admin.web.i18n import gettext as _
from admin.web.inbox import me
from engine.services import attachments
from engine.services.attachments import AttachmentTooLarge, AttachmentView, UnsupportedMediaType
from engine.services.case_files import add_attachment_once
from engine.services.idempotency import KeyReused

MAX_REQUEST_BYTES = 4 * attachments.MAX_BYTES
UPLOAD_KEY = re.compile(r"^[A-Za-z0-9_:-]{8,100}$")
REFERENCE = re.compile(r"^/pieces-jointes/(\d+)$")


class UploadRefused(Exception):
    """An upload the service refused, with the HTTP status and the message to show."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def too_large_answers(blueprint: Blueprint) -> None:
    """Answer a request over ``MAX_REQUEST_BYTES`` of ``blueprint`` with a 413 in words."""

    @blueprint.errorhandler(RequestEntityTooLarge)
    def too_large(exc: RequestEntityTooLarge) -> tuple[Response | str, int]:
        megabytes = MAX_REQUEST_BYTES // (1024 * 1024)
        message = _("Envoi trop volumineux : %(max)s Mo au plus par envoi.", max=megabytes)
        if wants_json():
            return jsonify(error=message), 413
        return error_page(413, _("Envoi trop volumineux"), message), 413


def store() -> Path:
    return Path(current_app.config["HABIFLOW_ATTACHMENTS_DIR"])


def reference(view: AttachmentView) -> str:
    return url_for("files.download", attachment_id=view.id)


def referenced_id(ref: str) -> int | None:
    found = REFERENCE.match(ref.strip())
    return int(found.group(1)) if found else None


def upload_key(raw: str | None) -> str:
    """The client's key when well-formed, else a fresh one (no retry protection)."""
    return raw if raw and UPLOAD_KEY.match(raw) else uuid.uuid4().hex


def save_upload(task_id: int, upload: FileStorage, key: str) -> AttachmentView:
    """Store one uploaded file for a task; ``UploadRefused`` says why it was not kept."""
    content = upload.stream.read(attachments.MAX_BYTES + 1)
    try:
        return add_attachment_once(
            engine(),
            store(),
            task_id,
            me(),
            key,
            filename=upload.filename or "",
            content_type=upload.mimetype or "",
            content=content,
        )
    except AttachmentTooLarge as exc:
        raise UploadRefused(413, _("Fichier trop volumineux : 10 Mo au plus.")) from exc
    except UnsupportedMediaType as exc:
        raise UploadRefused(
            415, _("Type de fichier refusé : photo (JPEG, PNG, WebP, HEIC) ou PDF seulement.")
        ) from exc
    except KeyReused as exc:
        raise UploadRefused(422, _("Cet envoi a déjà servi pour un autre fichier.")) from exc
