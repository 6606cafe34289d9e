"""The office simulator on the real processes, forms and demo office (SQLite).

One template database holds the demo office and the four deployed processes; each run
plays ten days at a tenth of the office's volumes on a copy of it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from admin.demo import load_demo
from engine.bootstrap import build_context
from engine.clock import ManualClock
from engine.config import PROJECT_ROOT, Settings
from engine.models import AuditEntry
from engine.runtime import EngineContext
from engine.services.deploy import deploy
from engine.simulate import SimulationReport, SimulationSettings, simulate
from engine.specs import load_model
from forms.catalog import FormCatalog
from workflows.business_calendar import PARIS
from workflows.demo import generate

START = datetime(2026, 3, 2, tzinfo=UTC)
RUN = SimulationSettings(days=10, start=START, seed=11, scale=0.1)


def _context(path: Path) -> EngineContext:
    settings = Settings(
        database_url=f"sqlite:///{path}",
        broker_url=None,
        var_dir=path.parent,
        bpmn_dir=PROJECT_ROOT / "bpmn",
        forms_dir=PROJECT_ROOT / "forms",
    )
    forms = FormCatalog.from_directory(settings.forms_dir)
    return build_context(settings, clock=ManualClock(START), forms=forms, migrate=True)


@pytest.fixture(scope="module")
def office_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("office") / "office.sqlite3"
    ctx = _context(path)
    load_demo(ctx, generate(77), "not-a-real-hash")
    for model in sorted((PROJECT_ROOT / "bpmn").glob("*.bpmn")):
        deploy(
            ctx,
            load_model(
                model.read_bytes(),
                filename=model.name,
                form_keys=ctx.forms.keys() if ctx.forms else None,
            ),
            "po",
        )
    ctx.engine.dispose()
    return path


Run = tuple[EngineContext, SimulationReport]


@pytest.fixture(scope="module")
def runs(office_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Run]]:
    """Two runs with the same seed, each on its own copy of the office."""
    played: list[Run] = []
    for name in ("first", "second"):
        path = tmp_path_factory.mktemp(name) / "office.sqlite3"
        shutil.copy(office_db, path)
        ctx = _context(path)
        assert isinstance(ctx.forms, FormCatalog)
        played.append((ctx, simulate(ctx, ctx.forms.schema, RUN)))
    yield played
    for ctx, _ in played:
        ctx.engine.dispose()


def test_the_same_seed_plays_the_same_days(
    runs: list[Run],
) -> None:
    (_, first), (_, second) = runs
    assert first.counts() == second.counts()


def test_cases_move_through_their_steps_and_some_close(
    runs: list[Run],
) -> None:
    ctx, report = runs[0]
    assert report.failures == {}
    assert report.started["tenant_complaint"] > 30
    assert report.started["vacancy_turnaround"] >= 1
    assert report.tasks_completed > 4 * report.instances_started
    assert report.case_status.get("tenant_complaint/completed", 0) > 0
    assert report.tasks_claimed > 0 and report.open_tasks > 0
    with ctx.engine.connect() as conn:
        actors = conn.execute(select(func.count(func.distinct(AuditEntry.actor)))).scalar_one()
    assert actors > 20  # real staff of both territories did the work


def test_timers_fire_and_sla_clocks_warn_and_breach(
    runs: list[Run],
) -> None:
    _, report = runs[0]
    assert report.timers_fired > 0
    assert report.sla_warned > 0
    assert report.sla_breached > 0


@pytest.mark.parametrize("first_day", ["2026-03-28", "2026-10-24"])
def test_a_period_across_a_clock_change_plays_every_hour(
    office_db: Path, tmp_path: Path, first_day: str
) -> None:
    """Days start at midnight in Paris; the hours are counted in real time across the changes
    to and from summer time (a 23-hour and a 25-hour Sunday)."""
    path = tmp_path / "office.sqlite3"
    shutil.copy(office_db, path)
    ctx = _context(path)
    start = datetime.combine(date.fromisoformat(first_day), time(0), tzinfo=PARIS)
    assert isinstance(ctx.forms, FormCatalog)
    try:
        report = simulate(
            ctx, ctx.forms.schema, SimulationSettings(days=2, start=start, seed=3, scale=0.05)
        )
    finally:
        ctx.engine.dispose()
    assert report.simulated_hours == 48
    assert ctx.clock.now().astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=48)


def test_the_planner_has_statistics_after_a_run(runs: list[Run]) -> None:
    ctx, _report = runs[0]
    with ctx.engine.connect() as conn:
        tables = set(conn.exec_driver_sql("SELECT tbl FROM sqlite_stat1").scalars())
    assert {"human_task", "sla_clock", "process_instance"} <= tables
