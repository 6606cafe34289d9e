"""Fixtures shared by the Gherkin features (the engine on a fresh SQLite file)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.clock import ManualClock
from engine.runtime import EngineContext
from tests.conftest import START, make_context


@pytest.fixture
def engine_ctx(tmp_path: Path) -> Iterator[EngineContext]:
    context = make_context(f"sqlite:///{tmp_path / 'features.sqlite3'}", ManualClock(START))
    context.territory_of = lambda place: place.split("/")[0] if place else None
    yield context
    context.sessions.kw["bind"].dispose()
