"""Fixtures for the worker tests: redis-server, a fresh PostgreSQL schema, Celery processes.

A missing redis-server or PostgreSQL is a failure, never a skip: `make test`
installs redis-server and starts PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis

from engine.bootstrap import build_context
from engine.clock import Clock, ManualClock, SystemClock
from engine.config import Settings
from engine.db import make_engine
from engine.runtime import EngineContext
from engine.schema import upgrade
from forms.catalog import FormCatalog
from tests.conftest import ENGINE_BPMN, FIXTURES, fresh_postgres
from tests.integration.workers.procs import (
    Process,
    celery_beat,
    celery_worker,
    start_redis,
    wait_until,
)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway redis-server for this module's tests (persistence off)."""
    try:
        server, url = start_redis(tmp_path_factory.mktemp("redis"))
    except FileNotFoundError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield url
    server.stop()


@pytest.fixture
def worker_db(postgres_url: str) -> Iterator[str]:
    """The PostgreSQL test database, emptied and migrated for this test."""
    fresh_postgres(postgres_url)
    engine = make_engine(postgres_url)
    upgrade(engine)
    engine.dispose()
    yield postgres_url


@pytest.fixture
def worker_env(worker_db: str, redis_url: str, tmp_path: Path) -> dict[str, str]:
    """Environment of the worker and beat processes; the broker starts empty."""
    with redis.Redis.from_url(redis_url) as client:
        client.flushall()
    return {
        **os.environ,
        "HABIFLOW_DATABASE_URL": worker_db,
        "HABIFLOW_BROKER_URL": redis_url,
        "HABIFLOW_VAR_DIR": str(tmp_path / "var"),
        "HABIFLOW_FORMS_DIR": str(FIXTURES / "forms"),
        "HABIFLOW_SLA_SWEEP_SECONDS": "1",
    }


def engine_context(url: str, clock: Clock | None = None) -> EngineContext:
    """An engine context of the test process itself, on the workers' database."""
    settings = Settings(
        database_url=url,
        broker_url=None,
        var_dir=FIXTURES,
        bpmn_dir=ENGINE_BPMN,
        forms_dir=FIXTURES / "forms",
    )
    forms = FormCatalog.from_directory(settings.forms_dir)
    return build_context(settings, clock=clock or SystemClock(), forms=forms)


@pytest.fixture
def system_ctx(worker_db: str) -> Iterator[EngineContext]:
    """The test's own engine, on the real clock (as the workers are)."""
    context = engine_context(worker_db)
    yield context
    context.engine.dispose()


@pytest.fixture
def past_ctx(worker_db: str) -> Iterator[EngineContext]:
    """The test's own engine on a clock an hour behind: timers it starts are already due."""
    context = engine_context(worker_db, ManualClock(datetime.now(UTC) - timedelta(hours=1)))
    yield context
    context.engine.dispose()


class Celery:
    """Starts worker and beat processes for one test and always stops them."""

    def __init__(self, env: dict[str, str], workdir: Path) -> None:
        self.env = env
        self.workdir = workdir
        self.started: list[Process] = []

    def worker(self, name: str) -> Process:
        """A worker, returned once it says it is ready."""
        process = celery_worker(name, self.env, self.workdir / f"{name}.log")
        self.started.append(process)
        wait_until(lambda: _up(process, " ready."), timeout=30, what=f"worker {name} is ready")
        return process

    def beat(self) -> Process:
        process = celery_beat(self.env, self.workdir)
        self.started.append(process)
        wait_until(lambda: _up(process, "beat: Starting"), timeout=30, what="beat starts")
        return process

    def stop_all(self) -> None:
        for process in reversed(self.started):
            process.stop()


def _up(process: Process, marker: str) -> bool:
    output = process.output()
    if not process.alive():
        raise RuntimeError(f"{process.name} exited early:\n{output}")
    return marker in output


@pytest.fixture
def celery(worker_env: dict[str, str], tmp_path: Path) -> Iterator[Celery]:
    processes = Celery(worker_env, tmp_path)
    yield processes
    processes.stop_all()
