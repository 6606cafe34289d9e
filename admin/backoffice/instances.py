"""Cases: list and filter them; suspend, resume or cancel one after a confirmation page.

The actions call the lifecycle services (``engine.services.instances``), which check the
administrator role again, audit the change with the administrator's username and refuse a
case in the wrong state; their refusals come back as flash messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from flask import abort, flash, redirect, request, url_for
from markupsafe import Markup
from sqlalchemy.orm import defer
from werkzeug.wrappers import Response

from admin.backoffice.access import run_as_admin
from admin.backoffice.filters import EnumEqual, Equal
from admin.backoffice.labels import STATUS_FR, lazy
from admin.backoffice.listing import BackofficeView, live_choices
from admin.backoffice.routes import expose
from admin.web.i18n import gettext as _
from engine.actors import Actor
from engine.models import InstanceStatus, ProcessInstance
from engine.runtime import EngineContext
from engine.services.backoffice_lookups import case_process_keys, case_territories
from engine.services.instances import cancel_instance, resume_instance, suspend_instance

MAX_REASON = 500
ACTION_LINK = Markup(
    '<a class="btn btn-outline-secondary btn-sm" href="{0}">{1}'
    '<span class="sr-only"> {2}</span></a>'
)


@dataclass(frozen=True)
class Lifecycle:
    """One action on a case: its button, its question, when it applies, the service."""

    label: str
    question: str
    done: str
    applies_to: frozenset[InstanceStatus]
    run: Callable[[EngineContext, int, Actor, str | None], InstanceStatus]


ACTIONS = {
    "suspendre": Lifecycle(
        "Suspendre",
        "Suspendre le dossier n° %(id)s ? Ses tâches ne pourront plus être traitées.",
        "Dossier n° %(id)s suspendu.",
        frozenset({InstanceStatus.RUNNING}),
        suspend_instance,
    ),
    "reprendre": Lifecycle(
        "Reprendre",
        "Reprendre le dossier n° %(id)s ?",
        "Dossier n° %(id)s repris.",
        frozenset({InstanceStatus.SUSPENDED, InstanceStatus.FAILED}),
        resume_instance,
    ),
    "annuler": Lifecycle(
        "Annuler",
        "Annuler définitivement le dossier n° %(id)s ? Ses tâches ouvertes seront annulées.",
        "Dossier n° %(id)s annulé.",
        frozenset({InstanceStatus.RUNNING, InstanceStatus.SUSPENDED, InstanceStatus.FAILED}),
        cancel_instance,
    ),
}


def _status(view: Any, context: Any, model: ProcessInstance, name: str) -> str:
    return _(STATUS_FR[model.status])


def _actions(view: Any, context: Any, model: ProcessInstance, name: str) -> Markup:
    links = [
        ACTION_LINK.format(url_for(".confirm", verb=verb, id=model.id), _(action.label), model.id)
        for verb, action in ACTIONS.items()
        if model.status in action.applies_to
    ]
    return Markup(" ").join(links)


class InstanceView(BackofficeView):
    column_list = (
        "id",
        "process_key",
        "business_key",
        "place_ref",
        "territory",
        "status",
        "started_by",
        "started_at",
        "ended_at",
        "actions",
    )
    column_default_sort = ("id", True)
    column_sortable_list = ("id", "process_key", "territory", "status", "started_at", "ended_at")
    column_searchable_list = ("business_key", "place_ref", "started_by")
    column_labels: ClassVar[dict[str, Any]] = {
        "id": lazy("N°"),
        "process_key": lazy("Processus"),
        "business_key": lazy("Référence"),
        "place_ref": lazy("Lieu"),
        "territory": lazy("Territoire"),
        "status": lazy("Statut"),
        "started_by": lazy("Démarré par"),
        "started_at": lazy("Démarré le"),
        "ended_at": lazy("Terminé le"),
        "actions": lazy("Actions"),
    }
    column_formatters: ClassVar[dict[str, Any]] = {"status": _status, "actions": _actions}
    column_filters = (
        Equal(
            ProcessInstance.process_key, lazy("Processus"), options=live_choices(case_process_keys)
        ),
        EnumEqual(ProcessInstance.status, lazy("Statut"), STATUS_FR),
        Equal(
            ProcessInstance.territory, lazy("Territoire"), options=live_choices(case_territories)
        ),
    )

    def get_query(self) -> Any:
        return super().get_query().options(defer(ProcessInstance.state))

    @expose("/<verb>/<int:id>", methods=("GET", "POST"))
    def confirm(self, verb: str, id: int) -> Response | str:
        action = ACTIONS.get(verb)
        case = self.session.get(ProcessInstance, id)
        if action is None or case is None:
            abort(404)
        back = url_for(".index_view")
        if request.method == "GET":
            page: str = self.render(
                "backoffice/confirm.html",
                title=_(action.label),
                question=_(action.question, id=id),
                button=_(action.label),
                back=back,
                reason_max=MAX_REASON,
            )
            return page
        reason = request.form.get("reason", "").strip()[:MAX_REASON] or None
        if run_as_admin(lambda ctx, actor: action.run(ctx, id, actor, reason)):
            flash(_(action.done, id=id), "success")
        return redirect(back)
