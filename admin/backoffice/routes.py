"""Flask-Admin's ``expose``, typed: the decorated view keeps its signature for mypy."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

import flask_admin

F = TypeVar("F", bound=Callable[..., Any])


def expose(url: str, methods: Iterable[str] = ("GET",)) -> Callable[[F], F]:
    """Route a method of a back-office view (after its ``is_accessible`` check)."""
    return cast(Callable[[F], F], flask_admin.expose(url, methods=tuple(methods)))
