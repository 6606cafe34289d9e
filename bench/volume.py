"""Volume benchmark on PostgreSQL: reads and completions with ten offices' worth of rows.

One PostgreSQL schema of its own: the demo office and the four processes (plus the API
benchmark's 3-step process), then
1. task completion through the HTTP API (gunicorn, one client) on the empty database;
2. ``DAYS`` simulated days of the office (``HABIFLOW_BENCH_VOLUME_DAYS``, default 30);
3. the cases copied into other territories (``bench.multiply``) until ``human_task`` holds
   ``TASKS`` rows (``HABIFLOW_BENCH_VOLUME_TASKS``, default 1,000,000 — about ten offices'
   year);
4. the inbox (``list_tasks``, 60 staff members) and the dashboard (``reads`` of
   ``bench.scale``) p50 / p95, the same completions through the HTTP API, the database size.
Targets (issue 7, reported, never asserted): inbox p95 < 50 ms, dashboard p95 < 300 ms,
completion within 20 % of the empty database's.
"""

from __future__ import annotations

import math
import os
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select, text

from bench.databases import postgres_schema
from bench.multiply import multiply
from bench.report import machine_line, median, percentile, table
from bench.scale import office_context, play, postgres_size, reads
from bench.serving import Sample, drive, gunicorn, login
from engine.db import write_session
from engine.models import HumanTask, Person
from engine.passwords import hash_password
from engine.runtime import EngineContext
from engine.services.deploy import deploy
from engine.services.people import add_person
from engine.specs import load_model

POSTGRES_URL_ENV = "HABIFLOW_BENCH_POSTGRES_URL"
SCHEMA = "bench_volume"
PROCESS = Path(__file__).resolve().parent / "processes" / "three_steps.bpmn"
KEY = "three_steps"
USER, PASSWORD = "bench-volume", "bench-volume-password"
INBOX_TARGET_MS, DASHBOARD_TARGET_MS, COMPLETION_DRIFT = 50.0, 300.0, 0.20
WARM_UP = 10


def run(quick: bool) -> str:
    url = os.environ.get(POSTGRES_URL_ENV)
    title = "## Volume (PostgreSQL, ten offices' worth of rows)"
    if not url:
        return f"{title}\n\nskipped: {POSTGRES_URL_ENV} not set (`make bench` sets it)\n"
    days = 2.0 if quick else float(os.environ.get("HABIFLOW_BENCH_VOLUME_DAYS", "30"))
    wanted = 20_000 if quick else int(os.environ.get("HABIFLOW_BENCH_VOLUME_TASKS", "1000000"))
    cases = 20 if quick else 100
    began = time.perf_counter()
    with postgres_schema(url, SCHEMA) as (scoped, server), tempfile.TemporaryDirectory() as tmp:
        ctx = office_context(scoped)
        try:
            _add_api_process(ctx)
            empty = _completions(scoped, Path(tmp), cases)
            report = play(ctx, days, 1.0)
            simulated = _task_rows(ctx)
            copies = max(0, math.ceil(wanted / max(simulated, 1)) - 1)
            with ctx.engine.begin() as conn:
                multiply(conn, copies, math.ceil(days), ctx.clock.now())
            _vacuum(ctx)
            rows = _task_rows(ctx)
            measured = reads(ctx)
            full = _completions(scoped, Path(tmp), cases)
            size = postgres_size(ctx, SCHEMA) / 2**20
        finally:
            ctx.engine.dispose()
    drift = median(full.completions) / median(empty.completions) - 1
    lines = [
        title,
        "",
        f"{machine_line()} · PostgreSQL {server}",
        "",
        f"{days:g} simulated days ({report.instances_started:,} cases, "
        f"{simulated:,} task rows), copied {copies} times → {rows:,} task rows.",
        "",
        table(
            ["measure", "p50 ms", "p95 ms", "target", "verdict"],
            [
                _line("inbox (`list_tasks`, 60 staff)", measured.inbox, INBOX_TARGET_MS),
                _line(
                    "dashboard, a territorial manager", measured.territorial, DASHBOARD_TARGET_MS
                ),
                _line(
                    "dashboard, the director (all ten offices)",
                    measured.director,
                    DASHBOARD_TARGET_MS,
                ),
                _completion_line("completion via HTTP, empty database", empty, None),
                _completion_line(f"completion via HTTP, {rows:,} task rows", full, drift),
            ],
        ),
        "",
        f"Database size: {size:,.0f} MiB. ({time.perf_counter() - began:.0f} s)",
    ]
    return "\n".join(lines) + "\n"


def _add_api_process(ctx: EngineContext) -> None:
    deploy(ctx, load_model(PROCESS.read_bytes(), filename=PROCESS.name), "bench")
    add_person(ctx, USER, ["admin"])
    with write_session(ctx.sessions) as session:
        person = session.get(Person, USER)
        assert person is not None
        person.password_hash = hash_password(PASSWORD)


def _completions(url: str, var_dir: Path, cases: int) -> Sample:
    """One client's completions, after a few warm-up cases (fresh worker processes)."""
    with gunicorn(url, var_dir, PROCESS.parent) as port:
        token = login(port, USER, PASSWORD)
        drive(port, token, KEY, 2, WARM_UP)
        return drive(port, token, KEY, 1, cases)


def _vacuum(ctx: EngineContext) -> None:
    """Vacuum the copied rows, as autovacuum does in service: a bulk-loaded table has no
    visibility map yet, which would hide the index-only scans the reads rely on."""
    with ctx.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))


def _task_rows(ctx: EngineContext) -> int:
    with ctx.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(HumanTask)).scalar_one())


def _line(label: str, values: list[float], target: float) -> list[str]:
    p95 = percentile(values, 0.95)
    return [
        label,
        f"{median(values):.1f}",
        f"{p95:.1f}",
        f"p95 < {target:g} ms",
        "met" if p95 < target else "**not met**",
    ]


def _completion_line(label: str, sample: Sample, drift: float | None) -> list[str]:
    ms = [s * 1000 for s in sample.completions]
    verdict = (
        "—"
        if drift is None
        else f"{drift:+.0%} " + ("met" if drift <= COMPLETION_DRIFT else "**not met**")
    )
    target = "—" if drift is None else f"at most {COMPLETION_DRIFT:.0%} slower than empty"
    return [label, f"{median(ms):.1f}", f"{percentile(ms, 0.95):.1f}", target, verdict]
