"""Engine benchmark: plain SpiffWorkflow in memory against habiflow's services, stored.

On a small process (3 user tasks) and on a 300-step loop, in one run, it prints
(a) in-memory SpiffWorkflow runs/s, (b) the same through habiflow's services on
SQLite and PostgreSQL, with the workflow cache on (warm) and off (cold: each
completion restores the case from the database), (c) their ratio, and (d) the
median and p95 completion time early (history ~ 10) and late (history ~ 300) in
the loop, plus the stored state size. Targets: persisted ≥ 0.5 x in-memory;
completion at 300 steps ≤ 1.5 x at 10. Targets are reported, never asserted.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.report import machine_line, median, percentile, table
from bench.runners import (
    HabiflowRunner,
    Probe,
    RunTimes,
    SpiffRunner,
    Workload,
    stored_state_bytes,
)
from engine.bootstrap import build_context
from engine.config import Settings
from engine.runtime import EngineContext, WorkflowCache
from engine.serializer import workflow_to_state

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
POSTGRES_URL_ENV = "HABIFLOW_BENCH_POSTGRES_URL"

SHORT = Workload("three_steps", "3 user tasks", BENCH_DIR / "processes" / "three_steps.bpmn", {}, 3)
LOOP = Workload(
    "inspection_loop",
    "300-step loop",
    REPO_DIR / "tests" / "fixtures" / "engine" / "inspection_loop.bpmn",
    {"dwellings": 300},
    300,
)
WORKLOADS = (SHORT, LOOP)
EARLY = (1, 20)  # completions 1-20: history ≈ 10
LATE = (281, 300)  # completions 281-300: history ≈ 300
SIZE_AT = (10, 299, 300)  # 299: the last state while the case is open
SPIFF = "SpiffWorkflow in memory"
HABIFLOW = "habiflow services"
PERSISTED_TARGET = 0.5
GROWTH_TARGET = 1.5


@dataclass(frozen=True)
class Plan:
    """How many measured runs (and warm-up runs before them) per workload."""

    name: str
    runs: dict[str, int]
    warmups: dict[str, int]


FULL = Plan("full", {SHORT.key: 200, LOOP.key: 5}, {SHORT.key: 20, LOOP.key: 1})
QUICK = Plan("quick", {SHORT.key: 10, LOOP.key: 1}, {SHORT.key: 3, LOOP.key: 0})


@dataclass(frozen=True)
class Phase:
    """One measured series: a workload on one engine, backend and cache setting."""

    workload: Workload
    engine: str
    backend: str
    cache: str
    runs: list[RunTimes]
    state_bytes: dict[int, int] = field(default_factory=dict)

    @property
    def runs_per_second(self) -> float:
        return len(self.runs) / sum(run.seconds for run in self.runs)

    def window(self, bounds: tuple[int, int]) -> list[float]:
        """Latencies (s) of completions ``bounds[0]..bounds[1]`` (1-based), over all runs."""
        first, last = bounds
        return [latency for run in self.runs for latency in run.completions[first - 1 : last]]


def run(quick: bool) -> str:
    """Measure everything the plan asks for and return the Markdown report."""
    began = time.perf_counter()
    plan = QUICK if quick else FULL
    phases = [_spiff_phase(workload, plan) for workload in WORKLOADS]
    facts = [machine_line(), f"SQLite {sqlite3.sqlite_version}"]
    backends: list[tuple[str, str | None]] = [("SQLite", None)]
    postgres_url = os.environ.get(POSTGRES_URL_ENV)
    if postgres_url:
        backends.append(("PostgreSQL", postgres_url))
    for backend, url in backends:
        with _context(url) as ctx:
            if url is not None:
                facts.append(f"PostgreSQL {_server_version(ctx)} (psycopg {version('psycopg')})")
            phases.extend(_habiflow_phases(ctx, backend, plan))
    if not postgres_url:
        facts.append(f"PostgreSQL skipped ({POSTGRES_URL_ENV} not set; `make bench` sets it)")
    return _render(plan, phases, facts, time.perf_counter() - began)


def _measure(
    run_once: Callable[[Probe | None], RunTimes],
    workload: Workload,
    plan: Plan,
    state_size: Callable[[Any], int],
) -> tuple[list[RunTimes], dict[int, int]]:
    """Warm up, then time the runs; the first run (warm-up if any) also samples the state."""
    sizes: dict[int, int] = {}

    def probe(completed: int, handle: Any) -> None:
        if completed in SIZE_AT:
            sizes[completed] = state_size(handle)

    warmups = plan.warmups[workload.key]
    gc.collect()
    for attempt in range(warmups):
        run_once(probe if attempt == 0 else None)
    gc.collect()
    runs = [
        run_once(probe if warmups == 0 and attempt == 0 else None)
        for attempt in range(plan.runs[workload.key])
    ]
    return runs, sizes


def _spiff_phase(workload: Workload, plan: Plan) -> Phase:
    runner = SpiffRunner(workload)
    runs, sizes = _measure(runner.run_once, workload, plan, _uncompacted_state_bytes)
    return Phase(workload, SPIFF, "—", "—", runs, sizes)


def _uncompacted_state_bytes(workflow: Any) -> int:
    """What habiflow would store for Spiff's full, never compacted, task tree."""
    return len(workflow_to_state(workflow).encode())


def _habiflow_phases(ctx: EngineContext, backend: str, plan: Plan) -> list[Phase]:
    phases = []
    warm = ctx.workflows
    for workload in WORKLOADS:
        runner = HabiflowRunner(ctx, workload)
        for cache, workflows in (("warm", warm), ("cold (off)", WorkflowCache(capacity=0))):
            ctx.workflows = workflows
            state_size = partial(stored_state_bytes, ctx)
            runs, sizes = _measure(runner.run_once, workload, plan, state_size)
            phases.append(Phase(workload, HABIFLOW, backend, cache, runs, sizes))
    ctx.workflows = warm
    return phases


@contextmanager
def _context(url: str | None) -> Iterator[EngineContext]:
    """An engine context on ``url``, or on a fresh SQLite file (WAL) when None."""
    with tempfile.TemporaryDirectory(prefix="habiflow-bench-") as tmp:
        settings = Settings(
            database_url=url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            broker_url=None,
            var_dir=Path(tmp),
            bpmn_dir=BENCH_DIR / "processes",
            forms_dir=REPO_DIR / "forms",
        )
        ctx = build_context(settings, migrate=True)
        try:
            yield ctx
        finally:
            ctx.sessions.kw["bind"].dispose()


def _server_version(ctx: EngineContext) -> str:
    with ctx.sessions() as session:
        return str(session.execute(text("SHOW server_version")).scalar_one())


def _render(plan: Plan, phases: list[Phase], facts: list[str], seconds: float) -> str:
    loop_phases = [phase for phase in phases if phase.workload is LOOP]
    sections = [
        f"## habiflow engine benchmark ({plan.name} run)",
        " · ".join(facts),
        "### Throughput: whole cases per second",
        _throughput_table(phases),
        "### Completion time in the 300-step loop, early vs late",
        _latency_table(loop_phases),
        "### Stored state of the 300-step loop case",
        _size_table(loop_phases),
        _notes(plan, seconds),
    ]
    return "\n\n".join(sections) + "\n"


def _throughput_table(phases: list[Phase]) -> str:
    rows = []
    for workload in WORKLOADS:
        baseline = next(p for p in phases if p.workload is workload and p.engine == SPIFF)
        for phase in (p for p in phases if p.workload is workload):
            ratio = phase.runs_per_second / baseline.runs_per_second
            target = "baseline" if phase is baseline else _verdict(ratio >= PERSISTED_TARGET)
            rows.append(
                [
                    workload.label,
                    phase.engine,
                    phase.backend,
                    phase.cache,
                    str(len(phase.runs)),
                    f"{phase.runs_per_second:,.2f}",
                    f"{1000 / phase.runs_per_second:,.1f}",
                    f"{ratio:.2f}",
                    target,
                ]
            )
    header = ["process", "engine", "backend", "workflow cache", "runs", "runs/s", "ms/run"]
    header += ["÷ in-memory", f"target ≥ {PERSISTED_TARGET}x"]
    return table(header, rows)


def _latency_table(phases: list[Phase]) -> str:
    rows = []
    for phase in phases:
        early, late = phase.window(EARLY), phase.window(LATE)
        growth = median(late) / median(early)
        growth_p95 = percentile(late, 0.95) / percentile(early, 0.95)
        target = "n/a (baseline)" if phase.engine == SPIFF else _verdict(growth <= GROWTH_TARGET)
        rows.append(
            [
                phase.engine,
                phase.backend,
                phase.cache,
                _ms(median(early)),
                _ms(percentile(early, 0.95)),
                _ms(median(late)),
                _ms(percentile(late, 0.95)),
                f"{growth:.2f}",
                f"{growth_p95:.2f}",
                target,
            ]
        )
    header = ["engine", "backend", "workflow cache"]
    header += [f"median c{EARLY[0]}-{EARLY[1]} ms", f"p95 c{EARLY[0]}-{EARLY[1]} ms"]
    header += [f"median c{LATE[0]}-{LATE[1]} ms", f"p95 c{LATE[0]}-{LATE[1]} ms"]
    header += ["late ÷ early (median)", "late ÷ early (p95)", f"target ≤ {GROWTH_TARGET}x (median)"]
    return table(header, rows)


def _size_table(phases: list[Phase]) -> str:
    rows = []
    for phase in phases:
        if phase.cache == "cold (off)" or set(phase.state_bytes) != set(SIZE_AT):
            continue
        early, open_late, closed = (phase.state_bytes[step] for step in SIZE_AT)
        what = (
            "Spiff's full tree, serialized" if phase.engine == SPIFF else "process_instance.state"
        )
        sizes = [f"{early:,}", f"{open_late:,}", f"{closed:,}", f"{open_late / early:.1f}"]
        rows.append([phase.engine, phase.backend, what, *sizes])
    header = ["engine", "backend", "what", "bytes after completion 10"]
    header += ["after 299 (last open)", "after 300 (closed)", "growth 10 → 299"]
    return table(header, rows)


def _notes(plan: Plan, seconds: float) -> str:
    runs = ", ".join(
        f"{w.label}: {plan.runs[w.key]} (+{plan.warmups[w.key]} warm-up)" for w in WORKLOADS
    )
    return "\n".join(
        [
            f"- Runs per series: {runs}. A run is one case from start to end: 3 completions, "
            "or 300 for the loop (`inspection_loop.bpmn`, `dwellings` = 300).",
            f"- *{SPIFF}*: SpiffWorkflow's parser and default `PythonScriptEngine`, nothing "
            "stored, history never compacted; a completion is `task.run()` + "
            "`do_engine_steps()` + finding the next READY manual task.",
            f"- *{HABIFLOW}*: `start_instance`, one inbox read for the first task, then "
            "`tasks.complete` per step — each a transaction with permission check, audit entry, "
            "human_task rows, history compaction and the state stored; restricted script engine. "
            "Warm: the in-process workflow cache; cold: `WorkflowCache(capacity=0)`, so every "
            "completion restores the case from `process_instance.state`.",
            "- Completion times: `perf_counter` around each completion, pooled over all "
            "measured runs; p95 is nearest-rank. State sizes come from the first warm-up run "
            "(the first measured run when there is no warm-up).",
            "- Targets are informational; the bench never fails on timings.",
            f"- Bench runtime: {seconds:.0f} s.",
        ]
    )


def _verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"
