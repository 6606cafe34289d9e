"""Deployed process definitions, read-only: the versions, their BPMN shown and downloadable."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from flask import Response, abort, url_for
from markupsafe import Markup, escape
from sqlalchemy.orm import defer

from admin.backoffice.filters import Equal
from admin.backoffice.labels import lazy
from admin.backoffice.listing import BackofficeView
from admin.backoffice.routes import expose
from admin.web.i18n import gettext as _
from engine.models import ProcessDefinition

UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
LABELS = {
    "key": lazy("Clé"),
    "name": lazy("Nom"),
    "version": lazy("Version"),
    "deployed_by": lazy("Déployé par"),
    "deployed_at": lazy("Déployé le"),
    "sha256": lazy("Empreinte SHA-256"),
    "xml": lazy("BPMN"),
}


def _short_sha(view: Any, context: Any, model: ProcessDefinition, name: str) -> Markup:
    return Markup('<code title="{0}">{1}</code>').format(model.sha256, model.sha256[:12])


def _xml(view: Any, context: Any, model: ProcessDefinition, name: str) -> Markup:
    link = url_for(".download", id=model.id)
    text = model.xml.decode("utf-8", errors="replace")
    return Markup('<p><a href="{0}" download>{1}</a></p><pre class="bpmn-xml">{2}</pre>').format(
        link, _("Télécharger le fichier BPMN"), escape(text)
    )


class DefinitionView(BackofficeView):
    can_view_details = True
    column_list = ("key", "name", "version", "deployed_by", "deployed_at", "sha256")
    column_details_list = ("key", "name", "version", "deployed_by", "deployed_at", "sha256", "xml")
    column_default_sort = ("deployed_at", True)
    column_searchable_list = ("key", "name")
    column_labels: ClassVar[dict[str, Any]] = LABELS
    column_formatters: ClassVar[dict[str, Any]] = {"sha256": _short_sha}
    column_formatters_detail: ClassVar[dict[str, Any]] = {"xml": _xml}
    column_filters = (Equal(ProcessDefinition.key, lazy("Clé")),)

    def get_query(self) -> Any:
        heavy = (ProcessDefinition.xml, ProcessDefinition.spec_state, ProcessDefinition.task_meta)
        return super().get_query().options(*(defer(column) for column in heavy))

    @expose("/bpmn/<int:id>")
    def download(self, id: int) -> Response:
        definition = self.session.get(ProcessDefinition, id)
        if definition is None:
            abort(404)
        filename = f"{UNSAFE.sub('_', definition.key)}-v{definition.version}.bpmn"
        return Response(
            definition.xml,
            mimetype="application/xml",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
