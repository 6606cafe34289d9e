"""French by default, English on request: the locale selector and the English catalogue.

Flask-Babel picks the locale (the person's choice kept in the session, else French); the
French strings are the keys, their English is in ``admin.web.english`` (one module per page
group). Dates are shown dd/mm/yyyy in Europe/Paris whatever the language.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, redirect, request, session, url_for
from flask_babel import Babel, get_locale
from werkzeug.wrappers import Response

from admin.web.english import ENGLISH

LOCALES = ("fr", "en")
DEFAULT = "fr"
PARIS = ZoneInfo("Europe/Paris")

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
    safe = safe and back.isprintable()  # browsers drop tabs and newlines: "/\t/x" is "//x"
    return redirect(back if safe else url_for("inbox.my_tasks"))


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=locale, default_timezone="Europe/Paris")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=True
    )
    app.jinja_env.filters["paris_date"] = paris_date
    app.jinja_env.globals["current_locale"] = locale
    app.register_blueprint(blueprint)
