"""Scale benchmark: the office simulator on SQLite and PostgreSQL, then reads at that volume.

For each backend: a fresh database with the demo office and the four processes, then
``engine.simulate`` plays ``DAYS`` (``HABIFLOW_BENCH_SCALE_DAYS``, default 30; 3 in a quick
run) at ``SCALE`` (``HABIFLOW_BENCH_SCALE``, default 1). Reported: wall time, cases and
completions per second, the time a simulated year would take at that rate, then, on the
database the run left, the inbox query (``list_tasks`` for 60 staff members) and a dashboard
aggregate (open tasks by territory and role, live SLA clocks by status, cases by process and
status), p50 / p95 over repeated runs, and the database size. Reported, never asserted.
PostgreSQL runs in a schema of its own in the bench database, dropped afterwards.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import text

from admin.demo import load_demo
from bench.databases import postgres_schema
from bench.report import machine_line, median, percentile, table
from engine.actors import Actor
from engine.bootstrap import build_context
from engine.clock import ManualClock
from engine.config import PROJECT_ROOT, Settings
from engine.runtime import EngineContext
from engine.services import queries
from engine.services.dashboard import overview
from engine.services.deploy import deploy
from engine.simulate import SimulationReport, SimulationSettings, load_office, simulate
from engine.specs import load_model
from forms.catalog import FormCatalog
from workflows.demo import generate

POSTGRES_URL_ENV = "HABIFLOW_BENCH_POSTGRES_URL"
BACKENDS_ENV = "HABIFLOW_BENCH_SCALE_BACKENDS"
SCHEMA = "bench_scale"
START = datetime(2025, 1, 6, tzinfo=UTC)  # a Monday
INBOX_PEOPLE = 60
REPEATS = 30
YEAR_TARGET_SECONDS = 300.0
DIRECTOR = Actor("bench-director", frozenset({"director"}))


@dataclass(frozen=True)
class Measure:
    backend: str
    report: SimulationReport
    cpu_seconds: float
    reads: Reads
    size_mib: float


def run(quick: bool) -> str:
    days = 3.0 if quick else float(os.environ.get("HABIFLOW_BENCH_SCALE_DAYS", "30"))
    scale = float(os.environ.get("HABIFLOW_BENCH_SCALE", "1"))
    backends = os.environ.get(BACKENDS_ENV, "sqlite,postgresql").split(",")
    facts = [machine_line(), f"SQLite {sqlite3.sqlite_version}"]
    measures = []
    if "sqlite" in backends:
        with tempfile.TemporaryDirectory(prefix="habiflow-bench-scale-") as tmp:
            path = Path(tmp) / "scale.sqlite3"
            measures.append(_measure("SQLite", f"sqlite:///{path}", days, scale, path.stat))
    postgres_url = os.environ.get(POSTGRES_URL_ENV)
    if "postgresql" not in backends:
        facts.append(f"PostgreSQL not run ({BACKENDS_ENV}={','.join(backends)})")
    elif postgres_url:
        with _postgres_url(postgres_url) as (url, server):
            facts.append(f"PostgreSQL {server} (psycopg {version('psycopg')})")
            measures.append(_measure("PostgreSQL", url, days, scale, None))
    else:
        facts.append(f"PostgreSQL skipped ({POSTGRES_URL_ENV} not set; `make bench` sets it)")
    title = (
        f"## habiflow scale benchmark: {days:g} simulated days at scale {scale:g} "
        f"({'quick' if quick else 'full'} run)"
    )
    return "\n\n".join([title, " · ".join(facts), _table(measures, days), _notes()]) + "\n"


def _context(url: str, var_dir: Path) -> EngineContext:
    settings = Settings(
        database_url=url,
        broker_url=None,
        var_dir=var_dir,
        bpmn_dir=PROJECT_ROOT / "bpmn",
        forms_dir=PROJECT_ROOT / "forms",
    )
    forms = FormCatalog.from_directory(settings.forms_dir)
    return build_context(settings, clock=ManualClock(START), forms=forms, migrate=True)


def office_context(url: str) -> EngineContext:
    """A context over ``url`` (migrated) with the demo office and the four processes."""
    ctx = _context(url, Path(tempfile.gettempdir()))
    load_demo(ctx, generate(77), "bench-not-a-password-hash")
    form_keys = ctx.forms.keys() if ctx.forms else None
    for path in sorted((PROJECT_ROOT / "bpmn").glob("*.bpmn")):
        deploy(ctx, load_model(path.read_bytes(), filename=path.name, form_keys=form_keys), "bench")
    return ctx


def play(ctx: EngineContext, days: float, scale: float) -> SimulationReport:
    assert isinstance(ctx.forms, FormCatalog)
    return simulate(ctx, ctx.forms.schema, SimulationSettings(days=days, start=START, scale=scale))


def _measure(
    backend: str,
    url: str,
    days: float,
    scale: float,
    sqlite_stat: Callable[[], os.stat_result] | None,
) -> Measure:
    ctx = office_context(url)
    try:
        cpu = time.process_time()
        report = play(ctx, days, scale)
        cpu = time.process_time() - cpu
        measured = reads(ctx)
        size = sqlite_stat().st_size if sqlite_stat else postgres_size(ctx, SCHEMA)
        return Measure(backend, report, cpu, measured, size / 2**20)
    finally:
        ctx.engine.dispose()


@dataclass(frozen=True)
class Reads:
    """Milliseconds per call: inboxes, dashboards of territorial managers and the director."""

    inbox: list[float]
    territorial: list[float]
    director: list[float]


def reads(ctx: EngineContext) -> Reads:
    with ctx.engine.connect() as conn:
        office = load_office(conn)
    staff = [
        actor
        for actor in office.people.values()
        if actor.roles & {"customer_officer", "letting_officer", "asset_technician", "caretaker"}
    ]
    people = staff[:: max(1, len(staff) // INBOX_PEOPLE)][:INBOX_PEOPLE]
    inbox = []
    for actor in people:
        began = time.perf_counter()
        queries.list_tasks(ctx, actor=actor, limit=50)
        inbox.append((time.perf_counter() - began) * 1000)
    managers = [
        Actor(f"bench-rt-{code}", frozenset({"territorial_manager"}), code)
        for code in sorted({a.territory for a in people if a.territory})
    ]
    territorial = [_timed(ctx, managers[turn % len(managers)]) for turn in range(REPEATS)]
    director = [_timed(ctx, DIRECTOR) for _ in range(REPEATS)]
    return Reads(inbox, territorial, director)


def _timed(ctx: EngineContext, manager: Actor) -> float:
    began = time.perf_counter()
    _dashboard(ctx, manager)
    return (time.perf_counter() - began) * 1000


def _dashboard(ctx: EngineContext, manager: Actor) -> None:
    """The managers' dashboard page's whole read, over the last 12 weeks."""
    overview(ctx, manager, weeks=12)


def postgres_size(ctx: EngineContext, schema: str) -> int:
    with ctx.engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = :schema AND c.relkind = 'r'"
                ),
                {"schema": schema},
            ).scalar_one()
        )


def _postgres_url(url: str) -> AbstractContextManager[tuple[str, str]]:
    return postgres_schema(url, SCHEMA)


def _table(measures: list[Measure], days: float) -> str:
    rows = []
    for m in measures:
        r = m.report
        year = r.seconds * 365 / days
        rows.append(
            [
                m.backend,
                f"{r.instances_started:,}",
                f"{r.tasks_completed:,}",
                f"{r.failed}",
                f"{r.seconds:,.1f}",
                f"{m.cpu_seconds:,.1f}",
                f"{r.instances_started / r.seconds:.1f}",
                f"{r.tasks_completed / r.seconds:.1f}",
                f"{year / 60:,.1f}",
                "met" if year <= YEAR_TARGET_SECONDS else "**not met**",
                f"{median(m.reads.inbox):.1f}",
                f"{percentile(m.reads.inbox, 0.95):.1f}",
                f"{percentile(m.reads.territorial, 0.95):.1f}",
                f"{percentile(m.reads.director, 0.95):.1f}",
                f"{m.size_mib:,.1f}",
            ]
        )
    header = [
        "backend", "cases", "completions", "failed", "wall s", "CPU s (Python)", "cases/s",
        "completions/s", "year min" if days >= 365 else "year min (est.)", "year < 5 min",
        "inbox p50 ms", "inbox p95 ms",
        "dashboard p95 ms (territory)", "dashboard p95 ms (director)", "database MiB",
    ]  # fmt: skip
    return table(header, rows)


def _notes() -> str:
    return (
        "Year: the wall time of a 365-day run, or the run's wall time scaled to 365 days (the "
        "backlog of open cases is built within the first month, so later days cost about the "
        "same). CPU s: this Python process only (PostgreSQL's own work is not in it). Set "
        "`HABIFLOW_BENCH_SCALE_DAYS=365` for a real year and `HABIFLOW_BENCH_SCALE=10` for ten "
        "offices. Inbox: `list_tasks` (first 50 rows) for 60 staff members of four roles; "
        "dashboard: `dashboard.overview` over 12 weeks (breakdowns, trend, KPIs, heatmap), "
        "for each territorial manager in turn and for the director (all territories)."
    )
