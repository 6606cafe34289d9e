"""The main menu: one entry per page group, shown to the roles that may use it.

Each page group's blueprint checks the same role sets (``MANAGERS``, ``PROCESS_OWNERS``...)
on every request; the menu only saves people a click on a page that would answer 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request
from flask_login import current_user

from admin.web.i18n import gettext as _
from engine.actors import Actor
from workflows.roles import Role

MANAGERS = frozenset({Role.MANAGER, Role.TERRITORIAL_MANAGER, Role.DIRECTOR, Role.ADMIN})
PROCESS_OWNERS = frozenset({Role.PROCESS_OWNER, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})


def has_any(actor: Actor, roles: frozenset[Role]) -> bool:
    return any(role.value in actor.roles for role in roles)


def is_staff(actor: Actor) -> bool:
    """Office staff: has a role and not only the outsiders' ones (tenant, contractor)."""
    return bool(actor.roles) and not actor.is_outsider


@dataclass(frozen=True)
class Entry:
    endpoint: str
    label: str
    roles: frozenset[Role] | None  # None: office staff

    def shown_to(self, actor: Actor) -> bool:
        return is_staff(actor) if self.roles is None else has_any(actor, self.roles)


ENTRIES = (
    Entry("inbox.my_tasks", "Mes tâches", None),
    Entry("start.choose", "Nouveau dossier", None),
    Entry("processes.index", "Modèles de processus", PROCESS_OWNERS),
    Entry("dashboard.overview", "Tableau de bord", MANAGERS),
    Entry("admin.index", "Administration", ADMINS),
)


def menu() -> dict[str, Any]:
    """``menu_entries``: (endpoint, translated label, current?) for the person logged in."""
    if not getattr(current_user, "is_authenticated", False):
        return {"menu_entries": []}
    actor: Actor = current_user.actor
    group = (request.endpoint or "").split(".")[0]
    entries = [
        (e.endpoint, _(e.label), e.endpoint.split(".")[0] == group)
        for e in ENTRIES
        if e.endpoint in current_app.view_functions and e.shown_to(actor)
    ]
    return {"menu_entries": entries}


def init_app(app: Flask) -> None:
    app.context_processor(menu)
