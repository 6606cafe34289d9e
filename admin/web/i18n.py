"""French by default, English on request: the locale selector and a small catalogue.

Flask-Babel picks the locale (the person's choice kept in the session, else French); the
strings of this slice are translated from a dict rather than compiled .po files. Dates are
shown dd/mm/yyyy in Europe/Paris whatever the language.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, redirect, request, session, url_for
from flask_babel import Babel, get_locale
from werkzeug.wrappers import Response

LOCALES = ("fr", "en")
DEFAULT = "fr"
PARIS = ZoneInfo("Europe/Paris")
THROTTLED = "Trop de tentatives échouées : réessayez dans %(minutes)s min."

ENGLISH: dict[str, str] = {
    "Aller au contenu": "Skip to content",
    "Mes tâches": "My tasks",
    "Se connecter": "Log in",
    "Se déconnecter": "Log out",
    "Connexion": "Log in",
    "Identifiant": "Username",
    "Mot de passe": "Password",
    "Identifiant ou mot de passe incorrect.": "Wrong username or password.",
    THROTTLED: "Too many failed attempts: try again in %(minutes)s min.",
    "Langue": "Language",
    "Changer": "Change",
    "Navigation principale": "Main navigation",
    "Prises par moi": "Claimed by me",
    "À traiter": "To do",
    "Processus": "Process",
    "Tous": "All",
    "Filtrer": "Filter",
    "Tâche": "Task",
    "Dossier": "Case",
    "Lieu": "Place",
    "Échéance": "Due",
    "Délai": "SLA",
    "Attribuée à": "Assigned to",
    "Actions": "Actions",
    "Prendre": "Claim",
    "Rendre": "Unclaim",
    "Ouvrir": "Open",
    "Aucune tâche.": "No tasks.",
    "dans les délais": "on track",
    "à risque": "at risk",
    "en retard": "breached",
    "en pause": "paused",
    "sans délai": "no SLA",
    "Contexte du dossier": "Case context",
    "Données du dossier": "Case data",
    "Historique": "History",
    "Formulaire": "Form",
    "Terminer la tâche": "Complete the task",
    "obligatoire": "required",
    "Le formulaire contient des erreurs.": "The form has errors.",
    "Tâche terminée.": "Task completed.",
    "Tâche prise.": "Task claimed.",
    "Tâche rendue.": "Task given back.",
    "Accès refusé": "Access denied",
    "Vous n'avez pas accès à cette page.": "You may not see this page.",
    "Page introuvable": "Page not found",
    "Action impossible": "Action not possible",
    "Retour à mes tâches": "Back to my tasks",
    "non attribuée": "unassigned",
    "Statut": "Status",
    "Oui": "Yes",
    "Non": "No",
    "Aucune donnée.": "No data.",
    "Cette tâche n'a pas de formulaire.": "This task has no form.",
    "Prenez la tâche pour la traiter.": "Claim the task to work on it.",
}

blueprint = Blueprint("i18n", __name__)


def locale() -> str:
    chosen = session.get("lang")
    return chosen if chosen in LOCALES else DEFAULT


def gettext(message: str, **values: Any) -> str:
    text = ENGLISH.get(message, message) if str(get_locale()) == "en" else message
    return text % values if values else text


def ngettext(singular: str, plural: str, count: int, **values: Any) -> str:
    return gettext(singular if count == 1 else plural, num=count, **values)


def paris_date(moment: datetime | None, with_time: bool = True) -> str:
    """``02/03/2026 09:00`` in Paris time; naive values are read as UTC."""
    if moment is None:
        return "—"
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(PARIS).strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")


@blueprint.post("/langue")
def choose_language() -> Response:
    wanted = request.form.get("lang", DEFAULT)
    session["lang"] = wanted if wanted in LOCALES else DEFAULT
    back = request.form.get("next", "")
    safe = back.startswith("/") and not back.startswith("//") and "\\" not in back
    return redirect(back if safe else url_for("inbox.my_tasks"))


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=locale, default_timezone="Europe/Paris")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=True
    )
    app.jinja_env.filters["paris_date"] = paris_date
    app.jinja_env.globals["current_locale"] = locale
    app.register_blueprint(blueprint)
