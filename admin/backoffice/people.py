"""Users: list, search, filter by role and territory; create and edit with a password field.

Edits go through ``engine.services.people_admin`` (audited, password hashed with scrypt);
the stored hash is never part of a form or a page. People are deactivated, never deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from flask_admin.contrib.sqla.filters import BooleanEqualFilter
from flask_admin.form import BaseForm
from wtforms import (  # type: ignore[import-untyped]
    BooleanField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import (  # type: ignore[import-untyped]
    DataRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from admin.backoffice.access import run_as_admin
from admin.backoffice.filters import Equal, HasRole
from admin.backoffice.labels import lazy, role_choices, role_labels
from admin.backoffice.listing import BackofficeView, LiveOptions
from admin.web.auth import engine
from admin.web.i18n import gettext as _
from engine.actors import Actor
from engine.models import Person
from engine.runtime import EngineContext
from engine.services.people_admin import (
    MIN_PASSWORD,
    USERNAME,
    PersonChange,
    create_person,
    territory_codes,
    update_person,
    username_taken,
)

Save = Callable[[EngineContext, Actor, PersonChange], None]
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
USERNAME_RULE = "2 à 100 caractères : lettres minuscules, chiffres, « . », « _ » ou « - »."


def _territory_choices() -> list[tuple[str, str]]:
    return [("", _("Tous les territoires")), *((code, code) for code in territory_codes(engine()))]


def _territory_options() -> list[tuple[str, str]]:
    return [(code, code) for code in territory_codes(engine())]


class PersonForm(BaseForm):  # type: ignore[misc]
    username = StringField(
        lazy("Identifiant"),
        [DataRequired(), Regexp(USERNAME.pattern, message=lazy(USERNAME_RULE))],
        description=lazy(USERNAME_RULE),
    )
    display_name = StringField(lazy("Nom affiché"), [DataRequired(), Length(max=200)])
    roles = SelectMultipleField(lazy("Rôles"), [DataRequired()], choices=role_choices)
    territory = SelectField(lazy("Territoire"), choices=_territory_choices)
    email = StringField(
        lazy("Courriel"),
        [Optional(), Length(max=200), Regexp(EMAIL, message=lazy("Adresse de courriel invalide."))],
    )
    active = BooleanField(lazy("Actif"), default=True)
    password = PasswordField(
        lazy("Nouveau mot de passe"),
        [Optional(), Length(min=MIN_PASSWORD)],
        description=lazy(
            "Laisser vide pour garder le mot de passe actuel (12 caractères minimum)."
        ),
        render_kw={"autocomplete": "new-password"},
    )

    def validate_username(self, field: StringField) -> None:
        if username_taken(engine(), field.data or ""):
            raise ValidationError(_("Cet identifiant est déjà pris."))


class PersonView(BackofficeView):
    """The directory of people, edited by administrators."""

    can_create = True
    can_edit = True
    form = PersonForm
    column_list = ("username", "display_name", "roles", "territory", "email", "active")
    column_default_sort = "username"
    column_searchable_list = ("username", "display_name", "email")
    column_labels: ClassVar[dict[str, Any]] = {
        "username": lazy("Identifiant"),
        "display_name": lazy("Nom affiché"),
        "roles": lazy("Rôles"),
        "territory": lazy("Territoire"),
        "email": lazy("Courriel"),
        "active": lazy("Actif"),
    }
    column_formatters: ClassVar[dict[str, Any]] = {
        "roles": lambda view, context, model, name: role_labels(model.roles)
    }
    column_filters = (
        HasRole(Person.roles, lazy("Rôle"), options=LiveOptions(role_choices)),
        Equal(Person.territory, lazy("Territoire"), options=LiveOptions(_territory_options)),
        BooleanEqualFilter(Person.active, lazy("Actif")),
    )

    def edit_form(self, obj: Any = None) -> Any:
        form = super().edit_form(obj)
        del form.username  # the key of a person never changes
        return form

    def on_form_prefill(self, form: Any, id: Any) -> None:
        person = self.get_one(id)
        form.roles.data = [key for key in person.roles.split(",") if key]
        form.territory.data = person.territory or ""

    def create_model(self, form: Any) -> Any:
        username = form.username.data.strip()
        if not self._save(create_person, form, username):
            return False
        self.session.expire_all()
        return self.session.get(Person, username)

    def update_model(self, form: Any, model: Any) -> bool:
        return self._save(update_person, form, model.username)

    def _save(self, service: Save, form: Any, username: str) -> bool:
        change = PersonChange(
            username=username,
            display_name=form.display_name.data or "",
            roles=frozenset(form.roles.data or ()),
            territory=form.territory.data or None,
            email=form.email.data or None,
            active=bool(form.active.data),
            password=form.password.data or None,
        )
        return run_as_admin(
            lambda ctx, actor: service(ctx, actor, change), "Enregistrement impossible : %(error)s"
        )
