"""The back office under /administration (Flask-Admin), for administrators only.

``init_app`` builds one Flask-Admin instance over the engine's session factory (a scoped
session closed at the end of each request), with our own accessible base template, the
package's local static files (no CDN) and French labels that follow the UI locale.
"""

from __future__ import annotations

import warnings

from flask import Flask
from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView
from flask_admin.theme import Bootstrap4Theme
from sqlalchemy.orm import Session, scoped_session

from admin.backoffice.audit import AuditView
from admin.backoffice.definitions import DefinitionView
from admin.backoffice.home import HomeView
from admin.backoffice.instances import InstanceView
from admin.backoffice.jobs import JobView
from admin.backoffice.labels import lazy
from admin.backoffice.people import PersonView
from admin.backoffice.places import (
    BuildingView,
    DwellingView,
    ResidenceView,
    SpotView,
    TerritoryView,
)
from engine.models import (
    AuditEntry,
    Building,
    Dwelling,
    Job,
    Person,
    ProcessDefinition,
    ProcessInstance,
    Residence,
    Spot,
    Territory,
)
from engine.runtime import EngineContext

URL = "/administration"


def init_app(app: Flask) -> Admin:
    ctx: EngineContext = app.extensions["habiflow"]
    session = scoped_session(ctx.sessions)

    @app.teardown_appcontext
    def _close(_exc: BaseException | None) -> None:
        session.remove()

    admin = Admin(
        name="habiflow",
        url=URL,
        endpoint="admin",
        index_view=HomeView(name=lazy("Accueil"), url=URL, endpoint="admin"),
        theme=Bootstrap4Theme(base_template="backoffice/base.html"),
    )
    with warnings.catch_warnings():
        # Flask-Admin 2.x prefers a Flask-SQLAlchemy ``db``; a plain scoped session still works.
        warnings.simplefilter("ignore", DeprecationWarning)
        views = _views(session)
    for view in views:
        admin.add_view(view)
    admin.init_app(app)
    return admin


def _views(session: scoped_session[Session]) -> tuple[ModelView, ...]:
    return (
        PersonView(
            Person, session, lazy("Utilisateurs"), endpoint="admin_people", url="utilisateurs"
        ),
        TerritoryView(
            Territory, session, lazy("Territoires"), endpoint="admin_territories", url="territoires"
        ),
        SpotView(Spot, session, lazy("Agences"), endpoint="admin_spots", url="agences"),
        ResidenceView(
            Residence, session, lazy("Résidences"), endpoint="admin_residences", url="residences"
        ),
        BuildingView(
            Building, session, lazy("Bâtiments"), endpoint="admin_buildings", url="batiments"
        ),
        DwellingView(
            Dwelling, session, lazy("Logements"), endpoint="admin_dwellings", url="logements"
        ),
        DefinitionView(
            ProcessDefinition,
            session,
            lazy("Modèles déployés"),
            endpoint="admin_definitions",
            url="modeles",
        ),
        InstanceView(
            ProcessInstance, session, lazy("Dossiers"), endpoint="admin_instances", url="dossiers"
        ),
        JobView(Job, session, lazy("Tâches de fond"), endpoint="admin_jobs", url="taches-de-fond"),
        AuditView(
            AuditEntry, session, lazy("Journal d'audit"), endpoint="admin_audit", url="audit"
        ),
    )
