"""Wire the engine with the forms catalog for the app and the CLI."""

from __future__ import annotations

from engine.bootstrap import build_context
from engine.clock import Clock
from engine.config import Settings
from engine.runtime import EngineContext
from forms.catalog import FormCatalog


def context_for(
    settings: Settings, *, clock: Clock | None = None, migrate: bool = False
) -> EngineContext:
    forms = FormCatalog.from_directory(settings.forms_dir)
    return build_context(settings, clock=clock, forms=forms, migrate=migrate)
