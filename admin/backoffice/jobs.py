"""Background jobs (timers and other due work): list by status; retry a dead one."""

from __future__ import annotations

from typing import Any, ClassVar

from flask import flash, redirect, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from werkzeug.wrappers import Response

from admin.backoffice.access import run_as_admin
from admin.backoffice.filters import EnumEqual, Equal
from admin.backoffice.labels import JOB_STATUS_FR, lazy
from admin.backoffice.listing import BackofficeView
from admin.backoffice.routes import expose
from admin.web.i18n import gettext as _
from engine.models import Job, JobStatus
from engine.services.timers import retry_dead_job

RETRY_FORM = Markup(
    '<form method="post" action="{0}" class="inline">'
    '<input type="hidden" name="csrf_token" value="{1}">'
    '<button type="submit" class="btn btn-outline-secondary btn-sm">{2}'
    '<span class="sr-only"> {3}</span></button></form>'
)


def _status(view: Any, context: Any, model: Job, name: str) -> str:
    return _(JOB_STATUS_FR[model.status])


def _error(view: Any, context: Any, model: Job, name: str) -> str:
    error = model.last_error or ""
    return error if len(error) <= 200 else f"{error[:200]}…"


def _actions(view: Any, context: Any, model: Job, name: str) -> Markup:
    if model.status is not JobStatus.DEAD:
        return Markup("")
    label = _("Tâche de fond n° %(id)s", id=model.id)
    return RETRY_FORM.format(url_for(".retry", id=model.id), generate_csrf(), _("Relancer"), label)


class JobView(BackofficeView):
    column_list = (
        "id",
        "kind",
        "instance_id",
        "target",
        "due_at",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "actions",
    )
    column_default_sort = ("id", True)
    column_sortable_list = ("id", "kind", "instance_id", "due_at", "status", "attempts")
    column_labels: ClassVar[dict[str, Any]] = {
        "id": lazy("N°"),
        "kind": lazy("Type"),
        "instance_id": lazy("Dossier"),
        "target": lazy("Cible"),
        "due_at": lazy("Échéance"),
        "status": lazy("Statut"),
        "attempts": lazy("Essais"),
        "last_error": lazy("Dernière erreur"),
        "created_at": lazy("Créée le"),
        "actions": lazy("Actions"),
    }
    column_formatters: ClassVar[dict[str, Any]] = {
        "status": _status,
        "last_error": _error,
        "actions": _actions,
    }
    column_filters = (
        EnumEqual(Job.status, lazy("Statut"), JOB_STATUS_FR),
        Equal(Job.kind, lazy("Type")),
    )

    @expose("/relancer/<int:id>", methods=("POST",))
    def retry(self, id: int) -> Response:
        if run_as_admin(lambda ctx, actor: retry_dead_job(ctx, id, actor)):
            flash(_("Tâche de fond n° %(id)s relancée.", id=id), "success")
        return redirect(url_for(".index_view"))
