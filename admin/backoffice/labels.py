"""French labels translated per request (lazily: Flask-Admin reads them when rendering)."""

from __future__ import annotations

from flask_babel import LazyString, get_locale

from admin.web.i18n import gettext
from engine.models import InstanceStatus, JobStatus
from workflows.roles import Role

STATUS_FR = {
    InstanceStatus.RUNNING: "En cours",
    InstanceStatus.SUSPENDED: "Suspendu",
    InstanceStatus.COMPLETED: "Terminé",
    InstanceStatus.CANCELLED: "Annulé",
    InstanceStatus.FAILED: "En échec",
}
JOB_STATUS_FR = {
    JobStatus.PENDING: "En attente",
    JobStatus.DONE: "Fait",
    JobStatus.DEAD: "En erreur définitive",
}


def lazy(message: str) -> LazyString:
    """``message`` (French) in the locale of the request that renders it."""
    return LazyString(gettext, message)


def role_label(role: Role) -> str:
    return role.label_en if str(get_locale()) == "en" else role.label_fr


def role_labels(keys: str) -> str:
    """``caretaker,admin`` → ``Gardien, Administrateur`` (unknown keys kept as they are)."""
    values = {role.value: role for role in Role}
    return ", ".join(
        role_label(values[key]) if key in values else key for key in keys.split(",") if key
    )


def role_choices() -> list[tuple[str, str]]:
    return [(role.value, role_label(role)) for role in Role]
