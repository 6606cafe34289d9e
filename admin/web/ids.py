"""Ids in web addresses and forms: the database's integers, 0 to 2**31 - 1 (PostgreSQL INTEGER).

A larger number is no id: SQLite cannot even bind it (an error 500), so it never reaches a
service. ``init_app`` makes the URLs' ``int`` converter refuse it (no route matches: 404); it
must run before the blueprints are mounted, as a rule takes its converter when it is added.
``parse_id`` reads one from a form field or a query parameter.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1
DIGITS = re.compile(r"^[0-9]{1,10}$")


class DatabaseId(IntegerConverter):
    """``<int:...>`` bounded to the ids a database column can hold."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def parse_id(raw: str | None) -> int | None:
    """The id ``raw`` holds, or None when it holds none (or a number no id can be)."""
    text = (raw or "").strip()
    if not DIGITS.match(text) or int(text) > MAX_ID:
        return None
    return int(text)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseId
