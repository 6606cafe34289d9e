"""The wiring module: build an EngineContext from settings, once per process."""

from __future__ import annotations

from engine.clock import Clock, SystemClock
from engine.config import Settings
from engine.db import make_engine, make_session_factory
from engine.runtime import EngineContext, FormValidator
from engine.schema import upgrade
from engine.scripting import create_script_engine
from workflows.script_helpers import SCRIPT_HELPERS


def build_context(
    settings: Settings,
    *,
    clock: Clock | None = None,
    forms: FormValidator | None = None,
    migrate: bool = False,
) -> EngineContext:
    """Connect to the database (optionally upgrading its schema) and wire the engine."""
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    return EngineContext(
        sessions=make_session_factory(engine),
        clock=clock or SystemClock(),
        script_engine=create_script_engine(SCRIPT_HELPERS),
        forms=forms,
    )
