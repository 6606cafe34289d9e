"""Photos and PDFs joined to a task: upload (multipart), list, download."""

from __future__ import annotations

from datetime import datetime

from flask import Response, request, send_file

from admin.api.problems import ApiProblem
from admin.api.registry import Call, Registry, Reply, attachments_dir, engine_context
from admin.api.types import Resource
from engine.services import attachments


class AttachmentResource(Resource):
    id: int
    instance_id: int
    task_id: int | None
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str
    created_at: datetime


class AttachmentList(Resource):
    items: list[AttachmentResource]


def _resource(view: attachments.AttachmentView) -> AttachmentResource:
    return AttachmentResource(**vars(view))


def register(api: Registry) -> None:
    @api.route(
        "POST",
        "/tasks/<int:task_id>/attachments",
        summary="Joindre une photo ou un PDF à une tâche",
        tag="attachments",
        scope="tasks:write",
        response=AttachmentResource,
        status=201,
        multipart=True,
        problems=(413, 415),
    )
    def upload(call: Call, task_id: int) -> Reply:
        """multipart/form-data with one part ``file``: JPEG, PNG, WebP, HEIC or PDF,
        10 MB at most (413); another type, or content that does not match, is 415."""
        who = call.who
        if request.mimetype != "multipart/form-data":
            raise ApiProblem(415, "unsupported-media-type", "send multipart/form-data")
        upload = request.files.get("file")
        if upload is None:
            raise ApiProblem(400, "invalid-body", "a part named file is required")
        content = upload.stream.read(attachments.MAX_BYTES + 1)
        view = attachments.add_attachment(
            engine_context(),
            attachments_dir(),
            task_id,
            who.actor,
            filename=upload.filename or "",
            content_type=upload.mimetype or "",
            content=content,
        )
        return Reply(_resource(view), status=201)

    @api.route(
        "GET",
        "/tasks/<int:task_id>/attachments",
        summary="Pièces jointes d'une tâche",
        tag="attachments",
        scope="tasks:read",
        response=AttachmentList,
    )
    def list_for_task(call: Call, task_id: int) -> Reply:
        found = attachments.list_attachments(engine_context(), task_id, call.who.actor)
        return Reply(AttachmentList(items=[_resource(a) for a in found]))

    @api.route(
        "GET",
        "/attachments/<int:attachment_id>",
        summary="Télécharger une pièce jointe",
        tag="attachments",
        scope="tasks:read",
        binary=True,
    )
    def download(call: Call, attachment_id: int) -> Response:
        view, path = attachments.open_attachment(
            engine_context(), attachments_dir(), attachment_id, call.who.actor
        )
        response = send_file(
            path, mimetype=view.content_type, as_attachment=True, download_name=view.filename
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, no-store"
        return response
