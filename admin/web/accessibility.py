"""The accessibility statement (déclaration d'accessibilité, RGAA 4.1), public like the log-in.

The office is a public body: the statement says how far the UI conforms, what is checked
automatically (``tests/browser``) and what is not audited yet, how to report a barrier and
the recourse. ``HABIFLOW_ACCESSIBILITY_CONTACT`` (an email address) is the contact shown;
unset, the statement points to the office's internal IT support.
"""

from __future__ import annotations

import os
from datetime import date

from flask import Blueprint, render_template

blueprint = Blueprint("accessibility", __name__)

STATEMENT_DATE = date(2026, 11, 30)
# (label, path) of the pages the browser tests check with axe-core, keyboard and phone.
PAGES_CHECKED = (
    ("Connexion", "/connexion"),
    ("Mes tâches", "/taches"),
    ("Page d'une tâche, avec son formulaire et ses erreurs", "/taches/<n>"),
    ("Déclaration d'accessibilité", "/accessibilite"),
)
PAGES_NOT_CHECKED = (
    "Nouveau dossier",
    "Page d'un dossier",
    "Modèles de processus (éditeur graphique BPMN)",
    "Tableau de bord (graphiques)",
    "Administration",
)


def contact() -> str | None:
    return os.environ.get("HABIFLOW_ACCESSIBILITY_CONTACT") or None


@blueprint.get("/accessibilite")
def statement() -> str:
    return render_template(
        "web/accessibility.html",
        statement_date=STATEMENT_DATE,
        pages_checked=PAGES_CHECKED,
        pages_not_checked=PAGES_NOT_CHECKED,
        contact=contact(),
    )
