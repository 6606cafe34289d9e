"""Make SpiffWorkflow's timers read the engine clock instead of the wall clock.

SpiffWorkflow computes and checks timer instants with ``datetime.now`` inside
its timer module. We replace that module's ``datetime`` name with a subclass
whose ``now`` asks :func:`engine.clock.current_clock`, so tests and the
simulator move time for timers too, and nobody sleeps.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from SpiffWorkflow.bpmn.specs.event_definitions import timer as spiff_timer

from engine.clock import current_clock


class EngineDatetime(datetime):
    """``datetime`` whose ``now()`` is the engine clock's instant."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> EngineDatetime:
        return cls.fromtimestamp(current_clock().now().timestamp(), tz)

    @classmethod
    def utcnow(cls) -> EngineDatetime:
        return cls.now(UTC).replace(tzinfo=None)


def install() -> None:
    """Point Spiff's timer module at the engine clock (idempotent)."""
    spiff_timer.datetime = EngineDatetime
