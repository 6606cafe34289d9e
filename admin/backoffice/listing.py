"""The base of every back-office list: administrators only, read-only unless a view says
otherwise, dates in Paris time, yes/no in words, our own accessible templates."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

from flask_admin.contrib.sqla import ModelView
from flask_admin.model.typefmt import BASE_FORMATTERS

from admin.backoffice.access import AdminOnly
from admin.backoffice.labels import lazy
from admin.web.auth import engine
from admin.web.i18n import gettext as _
from admin.web.i18n import paris_date
from engine.runtime import EngineContext


def _datetime(view: Any, value: datetime, name: str) -> str:
    return paris_date(value)


def _bool(view: Any, value: bool, name: str) -> str:
    return _("Oui") if value else _("Non")


FORMATTERS = {**BASE_FORMATTERS, bool: _bool, datetime: _datetime}


class LiveOptions:
    """Filter options read when a page is rendered, not once when the view is built.

    Flask-Admin keeps a filter's options from start-up; territories or process keys added
    later must still be offered, so it gets this iterable instead of a list.
    """

    def __init__(self, read: Callable[[], Sequence[tuple[str, str]]]) -> None:
        self._read = read

    def __call__(self) -> LiveOptions:
        return self

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._read())

    def __bool__(self) -> bool:
        return True


def live_choices(read: Callable[[EngineContext], list[str]]) -> LiveOptions:
    """Options ``(value, value)`` from a lookup service, read at each rendering."""
    return LiveOptions(lambda: [(value, value) for value in read(engine())])


class BackofficeView(AdminOnly, ModelView):  # type: ignore[misc]
    """A list of one table; subclasses open details, edits or actions explicitly."""

    list_template = "backoffice/list.html"
    create_template = "backoffice/form.html"
    edit_template = "backoffice/form.html"
    details_template = "backoffice/details.html"
    can_create = False
    can_edit = False
    can_delete = False
    can_export = False
    can_view_details = False
    page_size = 50
    column_type_formatters = FORMATTERS
    column_type_formatters_detail = FORMATTERS

    def get_empty_list_message(self) -> Any:
        return lazy("Aucun élément.")
