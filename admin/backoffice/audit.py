"""The audit log, read-only: who did what and when, filtered by person, kind, case and days."""

from __future__ import annotations

from typing import Any, ClassVar

from admin.backoffice.filters import Equal, IntEqual, OnOrAfterDay, OnOrBeforeDay
from admin.backoffice.labels import lazy
from admin.backoffice.listing import BackofficeView, live_choices
from engine.models import AuditEntry
from engine.services.backoffice_lookups import audit_actions


def _details(view: Any, context: Any, model: AuditEntry, name: str) -> str:
    return model.details if len(model.details) <= 300 else f"{model.details[:300]}…"


class AuditView(BackofficeView):
    can_view_details = True
    column_list = ("id", "at", "actor", "action", "instance_id", "task_id", "details")
    column_default_sort = ("id", True)
    column_sortable_list = ("id", "at", "actor", "action", "instance_id")
    column_labels: ClassVar[dict[str, Any]] = {
        "id": lazy("N°"),
        "at": lazy("Date"),
        "actor": lazy("Auteur"),
        "action": lazy("Type"),
        "instance_id": lazy("Dossier"),
        "task_id": lazy("Tâche"),
        "details": lazy("Détails"),
    }
    column_formatters: ClassVar[dict[str, Any]] = {"details": _details}
    column_filters = (
        Equal(AuditEntry.actor, lazy("Auteur")),
        Equal(AuditEntry.action, lazy("Type"), options=live_choices(audit_actions)),
        IntEqual(AuditEntry.instance_id, lazy("Dossier")),
        OnOrAfterDay(AuditEntry.at, lazy("Date")),
        OnOrBeforeDay(AuditEntry.at, lazy("Date")),
    )
