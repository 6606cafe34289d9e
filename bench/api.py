"""API benchmark: the app served as in production (gunicorn), driven over HTTP on loopback.

One client starts cases of a 3-user-task process and completes their tasks
(``POST /api/v1/instances`` then ``POST /api/v1/tasks/{id}/complete`` three
times): cases per second, median and p95 of one completion. Then 2, 8 and 32
concurrent clients do the same, each on its own keep-alive connection; every
answer must be a success (errors are counted and reported). SQLite always,
PostgreSQL when HABIFLOW_BENCH_POSTGRES_URL is set. Targets (reported, never
asserted): median completion ≤ 5 ms and ≥ 40 cases/s with one client on SQLite.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.report import machine_line, median, percentile, table
from bench.serving import THREADS, WORKERS, Sample, drive, gunicorn, login
from engine.bootstrap import build_context
from engine.config import PROJECT_ROOT, Settings
from engine.db import write_session
from engine.models import Person
from engine.passwords import hash_password
from engine.services.deploy import deploy
from engine.services.people import add_person
from engine.specs import load_model

POSTGRES_URL_ENV = "HABIFLOW_BENCH_POSTGRES_URL"
PROCESS = Path(__file__).resolve().parent / "processes" / "three_steps.bpmn"
KEY = "three_steps"
PASSWORD = "bench-password"
CLIENTS = (2, 8, 32)


def run(quick: bool) -> str:
    began = time.perf_counter()
    per_client = 10 if quick else 100
    backends: list[tuple[str, str | None]] = [("SQLite", None)]
    notes = []
    postgres = os.environ.get(POSTGRES_URL_ENV)
    if postgres:
        backends.append(("PostgreSQL", postgres))
    else:
        notes.append(f"PostgreSQL skipped ({POSTGRES_URL_ENV} not set; `make bench` sets it)")
    rows = []
    for label, url in backends:
        with _served(url) as (port, token):
            samples = [drive(port, token, KEY, 1, per_client * 2)]
            for clients in CLIENTS:
                samples.append(drive(port, token, KEY, clients, max(per_client // 2, 4)))
        rows += [_row(label, s) for s in samples]
    one = rows[0]
    lines = [
        "## API (gunicorn, HTTP on loopback)",
        "",
        machine_line(),
        "",
        f"gunicorn {WORKERS} workers x {THREADS} threads (gthread); process `{KEY}` "
        "(3 user tasks); a case = 1 start + 3 completions; each client keeps one connection.",
        "",
        table(
            [
                "database",
                "clients",
                "cases",
                "cases/s",
                "completion median (ms)",
                "completion p95 (ms)",
                "errors",
            ],
            rows,
        ),
        "",
        f"Targets on SQLite, one client: median completion ≤ 5 ms (measured {one[4]} ms), "
        f"≥ 40 cases/s (measured {one[3]}).",
    ]
    lines += [f"- {note}" for note in notes]
    lines.append(f"\n({time.perf_counter() - began:.0f} s)")
    return "\n".join(lines) + "\n"


def _row(label: str, sample: Sample) -> list[str]:
    return [
        label,
        str(sample.clients),
        str(sample.cases),
        f"{sample.cases_per_second:.1f}",
        f"{median(sample.completions) * 1000:.1f}" if sample.completions else "—",
        f"{percentile(sample.completions, 0.95) * 1000:.1f}" if sample.completions else "—",
        str(sample.errors),
    ]


@contextmanager
def _served(postgres_url: str | None) -> Iterator[tuple[int, str]]:
    """A fresh database with the process and a user, served by gunicorn on a free port."""
    with tempfile.TemporaryDirectory(prefix="habiflow-bench-api-") as tmp:
        var_dir = Path(tmp)
        url = postgres_url or f"sqlite:///{var_dir / 'bench.sqlite3'}"
        if postgres_url:
            engine = create_engine(postgres_url)
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            engine.dispose()
        settings = Settings(url, None, var_dir, PROCESS.parent, PROJECT_ROOT / "forms")
        ctx = build_context(settings, migrate=True)
        deploy(ctx, load_model(PROCESS.read_bytes(), filename=PROCESS.name), "bench")
        add_person(ctx, "bench", ["admin"])
        with write_session(ctx.sessions) as session:
            person = session.get(Person, "bench")
            assert person is not None
            person.password_hash = hash_password(PASSWORD)
        ctx.engine.dispose()
        with gunicorn(url, var_dir, PROCESS.parent) as port:
            yield port, login(port, "bench", PASSWORD)
