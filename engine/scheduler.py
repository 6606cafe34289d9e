"""The periodic sweeps, and the embedded scheduler that runs them without a broker.

Three sweeps keep cases moving: fire due BPMN timers, evaluate SLA clocks,
deliver notification emails. With ``HABIFLOW_BROKER_URL`` set, Celery beat
and workers run them (engine.jobs); without it, ``habiflow serve`` runs them
in one daemon thread of its own process. Both call the same drain functions,
which repeat a service until it finds nothing left (a bounded number of
rounds), so one tick clears a backlog.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from engine.runtime import EngineContext
from engine.services.notifications import deliver_emails
from engine.services.sla_sweep import sweep_sla
from engine.services.timers import fire_due_timers

log = logging.getLogger(__name__)

TIMER_BATCH = 100
SLA_BATCH = 500
EMAIL_BATCH = 100


@dataclass(frozen=True)
class Intervals:
    """Seconds between two rounds of each sweep."""

    timers: float = 1.0
    sla: float = 30.0
    emails: float = 10.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Intervals:
        """``HABIFLOW_SLA_SWEEP_SECONDS`` sets the SLA sweep (default 30 s)."""
        env = os.environ if env is None else env
        text = env.get("HABIFLOW_SLA_SWEEP_SECONDS") or "30"
        try:
            sla = float(text)
        except ValueError:
            raise ValueError(f"HABIFLOW_SLA_SWEEP_SECONDS must be a number, not {text!r}") from None
        if sla <= 0:
            raise ValueError("HABIFLOW_SLA_SWEEP_SECONDS must be positive")
        return cls(sla=sla)


def drain(step: Callable[[], int], *, max_rounds: int, budget_seconds: float) -> int:
    """Call ``step`` until it reports 0 handled, ``max_rounds`` calls or the budget."""
    deadline = time.monotonic() + budget_seconds
    total = 0
    for _ in range(max_rounds):
        handled = step()
        total += handled
        if handled == 0 or time.monotonic() >= deadline:
            break
    return total


def drain_timers(ctx: EngineContext, *, budget_seconds: float = 20.0) -> int:
    """Fire every due BPMN timer (each in its own locked transaction)."""
    return drain(
        lambda: fire_due_timers(ctx, limit=TIMER_BATCH),
        max_rounds=100,
        budget_seconds=budget_seconds,
    )


def drain_sla(ctx: EngineContext, *, budget_seconds: float = 20.0) -> int:
    """Evaluate every due SLA clock: warnings, breaches, second-level escalations."""
    return drain(
        lambda: sweep_sla(ctx, batch=SLA_BATCH).handled,
        max_rounds=100,
        budget_seconds=budget_seconds,
    )


def drain_emails(ctx: EngineContext, *, budget_seconds: float = 20.0) -> int:
    """Send the notification emails that are due (first tries and retries)."""
    return drain(
        lambda: deliver_emails(ctx, limit=EMAIL_BATCH),
        max_rounds=20,
        budget_seconds=budget_seconds,
    )


SWEEPS: dict[str, Callable[[EngineContext], int]] = {
    "timers": drain_timers,
    "sla": drain_sla,
    "emails": drain_emails,
}


class EmbeddedScheduler:
    """Runs the sweeps in a daemon thread until stopped; errors are logged, never raised.

    One per deployment: ``habiflow serve`` starts it in the gunicorn master
    only when no broker is configured (several would still be safe, the
    services lock their rows, just wasteful).
    """

    def __init__(
        self,
        ctx: EngineContext,
        intervals: Intervals | None = None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ctx = ctx
        self._intervals = intervals or Intervals()
        self._monotonic = monotonic
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the thread (once; a second call while running does nothing)."""
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name="habiflow-scheduler", daemon=True
        )
        self._thread.start()
        log.info("embedded scheduler started (%s)", self._intervals)

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the thread to stop after its current sweep and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def run_once(self, name: str) -> int:
        """Run one sweep now, logging its failure instead of raising it."""
        try:
            handled = SWEEPS[name](self._ctx)
        except Exception:
            log.exception("embedded scheduler: %s sweep failed", name)
            return 0
        if handled:
            log.info("embedded scheduler: %s sweep handled %d", name, handled)
        return handled

    def _run(self) -> None:
        every = {
            "timers": self._intervals.timers,
            "sla": self._intervals.sla,
            "emails": self._intervals.emails,
        }
        next_at = dict.fromkeys(every, self._monotonic())
        while not self._stop.is_set():
            for name, interval in every.items():
                if self._stop.is_set():
                    return
                if self._monotonic() >= next_at[name]:
                    self.run_once(name)
                    next_at[name] = self._monotonic() + interval
            self._stop.wait(max(0.0, min(next_at.values()) - self._monotonic()))
