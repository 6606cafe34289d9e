"""SLA sweep benchmark: one sweep over 100,000 open tasks with live SLA clocks.

Of the clocks, 5 % are past due (to breach and escalate), another 5 % past
their warning (to mark at risk) and 1 % breached more than 48 h ago (to take
to the direction); the rest are on track. The people directory has 20
territories, two caretakers (with an email address) and one territorial
manager each, and two office-wide directors. Half the tasks are claimed.

The rows are bulk-loaded, then one full ``sweep_sla`` (all three phases) is
timed, and a second sweep that finds nothing. Target: under 5 s on
PostgreSQL. PostgreSQL runs in a schema of its own in the bench database,
dropped afterwards; SQLite in a temporary file. Reported, never asserted.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, select, text

from bench.databases import postgres_schema
from bench.report import machine_line, table
from engine.bootstrap import build_context
from engine.bulk import insert_rows
from engine.clock import ManualClock
from engine.config import Settings
from engine.models import (
    AuditEntry,
    ClockStatus,
    HumanTask,
    InstanceStatus,
    Person,
    ProcessInstance,
    SlaClock,
    TaskStatus,
)
from engine.runtime import EngineContext
from engine.services.deploy import deploy
from engine.services.sla_sweep import SweepResult, sweep_sla
from engine.specs import load_model

BENCH_DIR = Path(__file__).resolve().parent
POSTGRES_URL_ENV = "HABIFLOW_BENCH_POSTGRES_URL"
SCHEMA = "bench_sla"
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
TERRITORIES = 20
TARGET_SECONDS = 5.0
CHUNK = 10_000


@dataclass(frozen=True)
class Measure:
    """One backend's figures."""

    backend: str
    clocks: int
    load_seconds: float
    result: SweepResult
    sweep_seconds: float
    rerun_seconds: float
    audit_entries: int


def run(quick: bool) -> str:
    """Load, sweep and report on SQLite and (when configured) PostgreSQL."""
    clocks = 10_000 if quick else 100_000
    facts = [machine_line(), f"SQLite {sqlite3.sqlite_version}"]
    measures = []
    with _sqlite_url() as url:
        measures.append(_measure("SQLite", url, clocks))
    postgres_url = os.environ.get(POSTGRES_URL_ENV)
    if postgres_url:
        with _postgres_url(postgres_url) as (url, server):
            facts.append(f"PostgreSQL {server} (psycopg {version('psycopg')})")
            measures.append(_measure("PostgreSQL", url, clocks))
    else:
        facts.append(f"PostgreSQL skipped ({POSTGRES_URL_ENV} not set; `make bench` sets it)")
    title = f"## habiflow SLA sweep benchmark ({'quick' if quick else 'full'} run)"
    return "\n\n".join([title, " · ".join(facts), _table(measures), _notes(clocks)]) + "\n"


def _measure(backend: str, url: str, clocks: int) -> Measure:
    clock = ManualClock(NOW)
    settings = Settings(
        database_url=url,
        broker_url=None,
        var_dir=BENCH_DIR,
        bpmn_dir=BENCH_DIR / "processes",
        forms_dir=BENCH_DIR,
        # Addresses are looked up as in production; nothing is sent during the sweep.
        smtp_url="smtp://127.0.0.1:1",
    )
    ctx = build_context(settings, clock=clock, migrate=True)
    try:
        began = time.perf_counter()
        _load(ctx, clocks)
        loaded = time.perf_counter()
        result = sweep_sla(ctx)
        swept = time.perf_counter()
        again = sweep_sla(ctx)
        rerun = time.perf_counter() - swept
        assert again.handled == 0, again
        with ctx.engine.connect() as conn:
            audit = conn.execute(
                select(func.count()).where(AuditEntry.action.startswith("sla_"))
            ).scalar_one()
        return Measure(backend, clocks, loaded - began, result, swept - loaded, rerun, int(audit))
    finally:
        ctx.engine.dispose()


def _load(ctx: EngineContext, clocks: int) -> None:
    """Bulk-insert people, cases, tasks and clocks (explicit ids, engine.bulk)."""
    path = BENCH_DIR / "processes" / "three_steps.bpmn"
    definition_id = deploy(
        ctx, load_model(path.read_bytes(), filename=path.name), "bench"
    ).definition_id
    with ctx.engine.begin() as conn:
        insert_rows(conn, _sql_table(Person), _people())
        for first in range(1, clocks + 1, CHUNK):
            ids = range(first, min(first + CHUNK, clocks + 1))
            insert_rows(conn, _sql_table(ProcessInstance), [_case(i, definition_id) for i in ids])
            insert_rows(conn, _sql_table(HumanTask), [_task(i) for i in ids])
            insert_rows(conn, _sql_table(SlaClock), [_clock(i) for i in ids])
        if conn.dialect.name == "postgresql":
            for name in ("process_instance", "human_task", "sla_clock"):
                conn.execute(text(f"SELECT setval('{name}_id_seq', {clocks})"))
    if ctx.engine.dialect.name == "postgresql":
        with ctx.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))


def _sql_table(model: Any) -> Table:
    sql_table: Table = model.__table__
    return sql_table


def _territory(i: int) -> str:
    return f"t{i % TERRITORIES:02d}"


def _people() -> list[dict[str, Any]]:
    people: list[tuple[str, str, str | None]] = [
        ("directeur.1", "director", None),
        ("directeur.2", "director", None),
    ]
    for t in range(TERRITORIES):
        territory = f"t{t:02d}"
        people += [
            (f"gardien.a.{territory}", "caretaker", territory),
            (f"gardien.b.{territory}", "caretaker", territory),
            (f"rt.{territory}", "territorial_manager", territory),
        ]
    return [
        {
            "username": name,
            "display_name": name,
            "roles": role,
            "territory": territory,
            "email": f"{name}@office.example",
            "password_hash": None,
            "active": True,
        }
        for name, role, territory in people
    ]


def _case(i: int, definition_id: int) -> dict[str, Any]:
    return {
        "id": i,
        "definition_id": definition_id,
        "process_key": "three_steps",
        "business_key": f"BENCH-{i}",
        "place_ref": None,
        "territory": _territory(i),
        "status": InstanceStatus.RUNNING,
        "state": "",
        "error": None,
        "started_by": "bench",
        "started_at": NOW - timedelta(days=3),
        "ended_at": None,
        "lock_version": 1,
    }


def _task(i: int) -> dict[str, Any]:
    claimed = (i // TERRITORIES) % 2 == 0
    return {
        "id": i,
        "instance_id": i,
        "spiff_task_id": f"00000000-0000-4000-8000-{i:012d}",
        "bpmn_id": "first",
        "title": "Signaler le désordre",
        "candidate_role": "caretaker",
        "escalated_role": None,
        "territory": _territory(i),
        "assignee": f"gardien.a.{_territory(i)}" if claimed else None,
        "status": TaskStatus.CLAIMED if claimed else TaskStatus.OPEN,
        "priority": 0,
        "form_key": None,
        "created_at": NOW - timedelta(days=3),
        "claimed_at": NOW - timedelta(days=2) if claimed else None,
        "completed_at": None,
        "completed_by": None,
        "due_at": None,
    }


def _clock(i: int) -> dict[str, Any]:
    """5 % due, 5 % past warning, 1 % breached 3 days ago, the rest on track."""
    minutes = timedelta(minutes=i % 600)
    status, level, breached_at = ClockStatus.ON_TRACK, 0, None
    if i % 20 == 0:
        warn_at, due_at = NOW - timedelta(days=1) - minutes, NOW - minutes
    elif i % 20 == 1:
        warn_at, due_at = NOW - minutes, NOW + timedelta(days=1)
    elif i % 100 == 2:
        warn_at, due_at = NOW - timedelta(days=4), NOW - timedelta(days=3)
        status, level, breached_at = ClockStatus.BREACHED, 1, due_at
    else:
        warn_at, due_at = NOW + timedelta(hours=1) + minutes, NOW + timedelta(days=2)
    return {
        "id": i,
        "instance_id": i,
        "task_id": i,
        "process_key": "three_steps",
        "step": "first",
        "territory": _territory(i),
        "duration": "P2D",
        "calendar": "business",
        "warn_ratio": 0.5,
        "escalate_to": "territorial_manager",
        "status": status,
        "started_at": NOW - timedelta(days=3),
        "warn_at": warn_at,
        "due_at": due_at,
        "paused_at": None,
        "paused_seconds": 0,
        "warned_at": None,
        "breached_at": breached_at,
        "breach_assignee": None,
        "escalation_level": level,
        "stopped_at": None,
        "late_seconds": None,
    }


@contextmanager
def _sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="habiflow-bench-sla-") as tmp:
        yield f"sqlite:///{Path(tmp) / 'sla.sqlite3'}"


def _postgres_url(url: str) -> AbstractContextManager[tuple[str, str]]:
    return postgres_schema(url, SCHEMA)


def _table(measures: list[Measure]) -> str:
    rows = [
        [
            m.backend,
            f"{m.clocks:,}",
            f"{m.load_seconds:.1f}",
            f"{m.result.warned:,}",
            f"{m.result.breached:,}",
            f"{m.result.escalated:,}",
            f"{m.result.notified:,}",
            f"{m.audit_entries:,}",
            f"{m.sweep_seconds:.2f}",
            f"{m.rerun_seconds * 1000:.1f}",
            "met" if m.sweep_seconds < TARGET_SECONDS else "**not met**",
        ]
        for m in measures
    ]
    header = ["backend", "live clocks", "load s", "warned", "breached", "to direction"]
    header += ["notifications", "audit entries", "sweep s", "re-run ms", f"< {TARGET_SECONDS:g} s"]
    return table(header, rows)


def _notes(clocks: int) -> str:
    return "\n".join(
        [
            f"- {clocks:,} open tasks, one live SLA clock each: 5 % past due, 5 % past their "
            "warning, 1 % breached 3 days ago (second level after 48 h), the rest on track; "
            "half the tasks claimed. 20 territories, 2 caretakers and 1 territorial manager "
            "each, 2 office-wide directors, everyone with an email address (emails are queued, "
            "not sent).",
            "- *sweep s*: one `sweep_sla` call (default batch 500) through all three phases: "
            "claim, notify (outbox rows), audit and escalate, one transaction per batch. "
            "*re-run ms*: the same call again, which finds nothing to do.",
            "- *load s*: the bulk insert of the rows (`engine.bulk.insert_rows`), for scale only.",
            "- The target is informational; the bench never fails on timings.",
        ]
    )
