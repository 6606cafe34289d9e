"""Shared pytest fixtures for the habiflow test suite.

Tests that need PostgreSQL take the ``postgres_url`` fixture. The server is not
started here: ``make test`` (through ``scripts/with-postgres.sh``) starts a
throwaway cluster and exports ``HABIFLOW_TEST_POSTGRES_URL`` before pytest runs.
A missing server is a failure, never a skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from engine.bootstrap import build_context
from engine.clock import ManualClock
from engine.config import Settings
from engine.runtime import EngineContext
from engine.services.deploy import Deployed, deploy
from engine.specs import load_model
from forms.catalog import FormCatalog

POSTGRES_URL_ENV = "HABIFLOW_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """SQLAlchemy URL (psycopg 3 driver) of the test database ``habiflow_test``."""
    url = os.environ.get(POSTGRES_URL_ENV)
    if not url:
        pytest.fail(
            f"{POSTGRES_URL_ENV} is not set, so there is no PostgreSQL server to test against. "
            "Run the tests with `make test`, or wrap pytest in a throwaway server: "
            "`scripts/with-postgres.sh .venv/bin/python -m pytest ...`.",
            pytrace=False,
        )
    return url


FIXTURES = Path(__file__).resolve().parent / "fixtures"
ENGINE_BPMN = FIXTURES / "engine"
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday morning


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'habiflow.sqlite3'}"


def fresh_postgres(url: str) -> str:
    """Empty the test database so each test starts from a new schema."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each engine test runs on SQLite and on the real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'habiflow.sqlite3'}"
    return fresh_postgres(request.getfixturevalue("postgres_url"))


def make_context(url: str, clock: ManualClock) -> EngineContext:
    settings = Settings(
        database_url=url,
        broker_url=None,
        var_dir=FIXTURES,
        bpmn_dir=ENGINE_BPMN,
        forms_dir=FIXTURES / "forms",
    )
    return build_context(
        settings, clock=clock, forms=FormCatalog.from_directory(settings.forms_dir), migrate=True
    )


@pytest.fixture
def ctx(database_url: str, clock: ManualClock) -> Iterator[EngineContext]:
    context = make_context(database_url, clock)
    yield context
    context.sessions.kw["bind"].dispose()


def deploy_fixture(ctx: EngineContext, name: str, folder: Path = ENGINE_BPMN) -> Deployed:
    path = folder / f"{name}.bpmn"
    form_keys = ctx.forms.keys() if ctx.forms else None
    model = load_model(path.read_bytes(), filename=path.name, form_keys=form_keys)
    return deploy(ctx, model, "owner")
