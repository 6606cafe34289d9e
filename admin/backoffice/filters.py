"""List filters Flask-Admin does not offer as we need them: enum values with French labels,
one role among a comma-separated list, and days in Paris time on UTC columns."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from sqlalchemy import or_

from admin.backoffice.labels import lazy
from admin.web.i18n import PARIS
from admin.web.ids import parse_id

Options = Callable[[], Sequence[tuple[str, str]]]


class EnumEqual(BaseSQLAFilter):  # type: ignore[misc]
    """Equals one member of ``enum_class``, chosen by value, shown with its French label."""

    def __init__(self, column: Any, name: str, labels: dict[Any, str]) -> None:
        super().__init__(
            column, name, options=lambda: [(m.value, lazy(t)) for m, t in labels.items()]
        )
        self.enum_class = type(next(iter(labels)))

    def clean(self, value: str) -> enum.Enum:
        member: enum.Enum = self.enum_class(value)
        return member

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        return query.filter(self.get_column(alias) == value)

    def operation(self) -> Any:
        return lazy("est")


class Equal(BaseSQLAFilter):  # type: ignore[misc]
    """Equals a value (optionally among ``options``), with a French operation label."""

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        return query.filter(self.get_column(alias) == value)

    def operation(self) -> Any:
        return lazy("est")


class IntEqual(Equal):
    """Equals an id; a number no id can be is an invalid value (the filter is ignored)."""

    def clean(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(f"not an id: {value!r}")
        return number


class HasRole(BaseSQLAFilter):  # type: ignore[misc]
    """One role key among the comma-separated keys of ``Person.roles``."""

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        column = self.get_column(alias)
        return query.filter(
            or_(
                column == value,
                column.like(f"{value},%"),
                column.like(f"%,{value}"),
                column.like(f"%,{value},%"),
            )
        )

    def operation(self) -> Any:
        return lazy("comprend")


def parse_day(value: str) -> date:
    """``2026-03-02`` or ``02/03/2026``."""
    text = value.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {value!r}")


def paris_midnight(day: date) -> datetime:
    """The day's start in UTC; ValueError for the first and last days ``datetime`` can hold."""
    try:
        return datetime.combine(day, time(), PARIS).astimezone(UTC)
    except OverflowError as exc:
        raise ValueError(f"out of range: {day}") from exc


class OnOrAfterDay(BaseSQLAFilter):  # type: ignore[misc]
    """From the start of a day (Paris time)."""

    def clean(self, value: str) -> datetime:
        return paris_midnight(parse_day(value))

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        return query.filter(self.get_column(alias) >= value)

    def operation(self) -> Any:
        return lazy("à partir du (jj/mm/aaaa)")


class OnOrBeforeDay(BaseSQLAFilter):  # type: ignore[misc]
    """Up to the end of a day (Paris time)."""

    def clean(self, value: str) -> datetime:
        day = parse_day(value)
        if day == date.max:
            raise ValueError(f"out of range: {day}")
        return paris_midnight(day + timedelta(days=1))

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        return query.filter(self.get_column(alias) < value)

    def operation(self) -> Any:
        return lazy("jusqu'au (jj/mm/aaaa)")
