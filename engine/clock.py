"""The only place that reads the current time.

Everything in the engine asks a :class:`Clock` for "now" so that tests and the
simulator can move time forward instead of sleeping.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Source of the current instant (timezone-aware, UTC)."""

    def now(self) -> datetime: ...


class SystemClock:
    """Wall-clock time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to (tests, simulation)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start instant")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        if delta < timedelta(0):
            raise ValueError("time only moves forward")
        self._now += delta
        return self._now

    def set(self, instant: datetime) -> datetime:
        instant = instant.astimezone(UTC)
        if instant < self._now:
            raise ValueError("time only moves forward")
        self._now = instant
        return self._now


_SYSTEM = SystemClock()
_current: ContextVar[Clock | None] = ContextVar("habiflow_clock", default=None)


def current_clock() -> Clock:
    """The clock of the service call in progress (the system clock outside one)."""
    return _current.get() or _SYSTEM


@contextmanager
def using_clock(clock: Clock) -> Iterator[Clock]:
    """Make ``clock`` the time source of SpiffWorkflow's timers for this call."""
    token = _current.set(clock)
    try:
        yield clock
    finally:
        _current.reset(token)
