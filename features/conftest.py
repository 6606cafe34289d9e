"""Fixtures shared by the Gherkin features: the engine on a fresh SQLite file.

``engine_ctx`` runs the test fixtures' models and forms (tests/fixtures);
``office`` runs the landlord's real models (bpmn/) and forms (forms/). Both
share one ManualClock (``clock``): scenarios move time, nobody sleeps.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.bootstrap import build_context
from engine.clock import ManualClock
from engine.config import PROJECT_ROOT, Settings
from engine.runtime import EngineContext
from engine.services.deploy import Deployed, deploy
from engine.specs import load_model
from forms.catalog import FormCatalog
from tests.conftest import START, make_context


def by_territory_prefix(place: str | None) -> str | None:
    """Feature places are written "territory/…" (e.g. "nord/les-tilleuls/b2/12")."""
    return place.split("/")[0] if place else None


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def engine_ctx(tmp_path: Path, clock: ManualClock) -> Iterator[EngineContext]:
    context = make_context(f"sqlite:///{tmp_path / 'features.sqlite3'}", clock)
    context.territory_of = by_territory_prefix
    yield context
    context.engine.dispose()


@pytest.fixture
def office(tmp_path: Path, clock: ManualClock) -> Iterator[EngineContext]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'office.sqlite3'}",
        broker_url=None,
        var_dir=tmp_path,
        bpmn_dir=PROJECT_ROOT / "bpmn",
        forms_dir=PROJECT_ROOT / "forms",
    )
    context = build_context(
        settings,
        clock=clock,
        forms=FormCatalog.from_directory(settings.forms_dir),
        migrate=True,
    )
    context.territory_of = by_territory_prefix
    yield context
    context.engine.dispose()


def deploy_process(ctx: EngineContext, key: str) -> Deployed:
    """Deploy bpmn/<key>.bpmn with the project's forms, as `habiflow deploy` would."""
    path = PROJECT_ROOT / "bpmn" / f"{key}.bpmn"
    form_keys = ctx.forms.keys() if ctx.forms else None
    return deploy(ctx, load_model(path.read_bytes(), filename=path.name, form_keys=form_keys), "po")
