"""Celery: the sweeps run by beat and workers (the only module that imports Celery).

``celery -A engine.jobs:app worker`` (or ``habiflow worker``) runs the tasks,
``habiflow beat`` sends them on schedule. Tasks are thin: each drains one
service (engine.scheduler) and returns how many rows it handled. Correctness
never rests on Celery: the services take their rows under database locks, so
several workers on several machines share the load, a message delivered twice
is harmless, and a worker killed mid-batch loses only an uncommitted
transaction that the next tick redoes.

Nothing is built at import: ``app`` is made from the environment on first
access, and each worker process builds its own EngineContext on its first
task (after the fork, so no database connection is shared between processes).
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from celery import Celery

from engine.bootstrap import build_context
from engine.config import Settings
from engine.runtime import EngineContext
from engine.scheduler import Intervals, drain_emails, drain_sla, drain_timers

log = logging.getLogger(__name__)

FIRE_DUE_TIMERS = "habiflow.fire_due_timers"
SWEEP_SLA = "habiflow.sweep_sla"
DELIVER_EMAILS = "habiflow.deliver_emails"

# A task drains for at most DRAIN_SECONDS, well inside its soft limit; the hard
# limit only catches a stuck database call (its transaction then rolls back).
DRAIN_SECONDS = 20.0
SOFT_TIME_LIMIT = 40
TIME_LIMIT = 60

NO_BROKER = (
    "HABIFLOW_BROKER_URL is not set: Celery workers need a Redis broker "
    "(e.g. redis://localhost:6379/0); without one, `habiflow serve` runs the sweeps itself"
)


class ProcessContext:
    """The EngineContext of the current process, built on first use after any fork."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._lock = threading.Lock()
        self._ctx: EngineContext | None = None
        self._pid = 0

    def get(self) -> EngineContext:
        with self._lock:
            if self._ctx is None or self._pid != os.getpid():
                self._ctx = build_context(self._settings)
                self._pid = os.getpid()
            return self._ctx


def beat_schedule(intervals: Intervals) -> dict[str, dict[str, Any]]:
    """What beat sends, how often; a message not started within two periods expires."""

    def entry(task: str, seconds: float) -> dict[str, Any]:
        return {"task": task, "schedule": seconds, "options": {"expires": 2 * seconds}}

    return {
        "fire-due-timers": entry(FIRE_DUE_TIMERS, intervals.timers),
        "sweep-sla": entry(SWEEP_SLA, intervals.sla),
        "deliver-emails": entry(DELIVER_EMAILS, intervals.emails),
    }


def make_celery(settings: Settings, intervals: Intervals | None = None) -> Celery:
    """A Celery app on ``settings.broker_url`` with the three sweep tasks registered."""
    if not settings.broker_url:
        raise ValueError(NO_BROKER)
    app = Celery("habiflow", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_default_queue="habiflow",
        worker_prefetch_multiplier=1,
        worker_send_task_events=False,
        broker_connection_retry_on_startup=True,
        # acks_late: a message a dead worker held comes back after this long.
        broker_transport_options={"visibility_timeout": 300},
        beat_schedule=beat_schedule(intervals or Intervals.from_env()),
        timezone="UTC",
        enable_utc=True,
    )
    _register_tasks(app, ProcessContext(settings))
    return app


def _register_tasks(app: Celery, contexts: ProcessContext) -> None:
    options: dict[str, Any] = {
        "acks_late": True,
        "reject_on_worker_lost": True,
        "ignore_result": True,
        "soft_time_limit": SOFT_TIME_LIMIT,
        "time_limit": TIME_LIMIT,
    }

    @app.task(name=FIRE_DUE_TIMERS, **options)
    def fire_due_timers() -> int:
        return _report("timers fired", drain_timers(contexts.get(), budget_seconds=DRAIN_SECONDS))

    @app.task(name=SWEEP_SLA, **options)
    def sweep_sla() -> int:
        return _report("SLA clocks swept", drain_sla(contexts.get(), budget_seconds=DRAIN_SECONDS))

    @app.task(name=DELIVER_EMAILS, **options)
    def deliver_emails() -> int:
        return _report("emails sent", drain_emails(contexts.get(), budget_seconds=DRAIN_SECONDS))


def _report(what: str, handled: int) -> int:
    if handled:
        log.info("%s: %d (pid %d)", what, handled, os.getpid())
    return handled


def run_worker(settings: Settings, *, concurrency: int, loglevel: str) -> None:
    """Run a Celery worker in this process until it is told to stop."""
    make_celery(settings).worker_main(
        ["worker", "--pool=prefork", f"--concurrency={concurrency}", f"--loglevel={loglevel}"]
    )


def run_beat(settings: Settings, *, loglevel: str) -> None:
    """Run Celery beat in this process; its schedule state lives in the var dir."""
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    make_celery(settings).start(
        [
            "beat",
            f"--loglevel={loglevel}",
            f"--schedule={settings.var_dir / 'celerybeat-schedule'}",
        ]
    )


_app: Celery | None = None
_app_lock = threading.Lock()


def __getattr__(name: str) -> Celery:
    """``engine.jobs.app``: the Celery app of this process's environment, made on first use."""
    global _app
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    with _app_lock:
        if _app is None:
            _app = make_celery(Settings.from_env())
        return _app
