"""Retrying a whole service call when a concurrent writer changed the same case."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

from engine.errors import Conflict
from engine.services.case_store import VersionConflict

T = TypeVar("T")
ATTEMPTS = 5


def retry_on_conflict(call: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """Run ``call`` again, with fresh state, after a lost optimistic-lock race.

    Each attempt is a complete transaction; the call re-reads everything, so
    a completion on a parallel branch lands on top of the other one, while a
    second completion of the same task finds it done and raises Conflict.
    """
    for _ in range(attempts - 1):
        try:
            return call()
        except VersionConflict:
            continue
        except DBAPIError as exc:
            if not _is_transient(exc):
                raise
    try:
        return call()
    except VersionConflict as exc:
        raise Conflict("the case was changed by someone else at the same time; try again") from exc


def _is_transient(exc: DBAPIError) -> bool:
    # PostgreSQL serialization failure / deadlock; SQLite busy after its timeout.
    code = getattr(exc.orig, "sqlstate", None)
    return code in ("40001", "40P01") or "database is locked" in str(exc.orig)
