"""The wiring module: build an EngineContext from settings, once per process."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from engine import spiff_time
from engine.clock import Clock, SystemClock
from engine.config import Settings
from engine.db import make_engine, make_session_factory
from engine.runtime import EngineContext, FormValidator
from engine.schema import upgrade
from engine.scripting import create_script_engine
from engine.services.places import PlaceDirectory
from workflows.business_calendar import local_date
from workflows.script_helpers import SCRIPT_HELPERS


def build_context(
    settings: Settings,
    *,
    clock: Clock | None = None,
    forms: FormValidator | None = None,
    migrate: bool = False,
) -> EngineContext:
    """Connect to the database (optionally upgrading its schema) and wire the engine."""
    spiff_time.install()
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    clock = clock or SystemClock()
    places = PlaceDirectory(engine)
    return EngineContext(
        sessions=make_session_factory(engine),
        clock=clock,
        script_engine=create_script_engine({**SCRIPT_HELPERS, **clock_helpers(clock)}),
        forms=forms,
        territory_of=places.territory_of,
        caretaker_for=places.caretaker_for,
        escalation=settings.escalation,
        smtp_url=settings.smtp_url,
    )


def clock_helpers(clock: Clock) -> dict[str, Callable[[], object]]:
    """``now()`` and ``today()`` for BPMN scripts, read from the engine's clock."""

    def now() -> datetime:
        return clock.now()

    def today() -> date:
        return local_date(clock.now())

    return {"now": now, "today": today}
