"""Real Celery workers and beat on redis-server and PostgreSQL.

What the landlord is promised: a timer fires on time, every late task is
escalated exactly once however many workers share the sweep, and a worker
killed in the middle of its batch loses nothing and duplicates nothing.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest
from click.testing import CliRunner
from sqlalchemy import Table, insert, text

from admin.cli import main
from engine import scheduler
from engine.actors import SYSTEM_ACTOR
from engine.config import Settings
from engine.jobs import SWEEP_SLA, make_celery
from engine.models import ClockStatus, HumanTask, SlaClock, TaskStatus
from engine.runtime import EngineContext
from engine.scheduler import EmbeddedScheduler, Intervals
from engine.services.instances import start_instance
from engine.services.people import add_person
from tests.conftest import deploy_fixture
from tests.integration.workers.conftest import Celery
from tests.integration.workers.procs import Process, descendants, free_port, wait_until

pytestmark = pytest.mark.postgres


def scalar(ctx: EngineContext, sql: str, **params: object) -> int:
    with ctx.engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar_one())


def open_tasks(ctx: EngineContext, instance_id: int) -> int:
    return scalar(ctx, "SELECT count(*) FROM human_task WHERE instance_id = :i", i=instance_id)


def test_a_timer_due_in_two_seconds_fires_within_a_few(
    celery: Celery, system_ctx: EngineContext
) -> None:
    deploy_fixture(system_ctx, "timer_wait")
    celery.worker("w1")
    celery.beat()

    case = start_instance(system_ctx, "timer_wait", SYSTEM_ACTOR).instance_id
    started = time.monotonic()
    assert open_tasks(system_ctx, case) == 0
    wait_until(lambda: open_tasks(system_ctx, case) == 1, timeout=20, what="the timer fired")
    elapsed = time.monotonic() - started

    assert 1.5 < elapsed < 10, f"fired after {elapsed:.1f} s"
    assert (
        scalar(
            system_ctx,
            "SELECT count(*) FROM audit_entry WHERE action = 'timer_fired' AND instance_id = :i",
            i=case,
        )
        == 1
    )


SLA_CLOCKS = 1000


def _late_tasks_with_clocks(ctx: EngineContext, n: int) -> None:
    """``n`` open caretaker tasks in territory nord whose SLA clocks are a day past due."""
    deploy_fixture(ctx, "parallel_checks")
    cases = [start_instance(ctx, "parallel_checks", SYSTEM_ACTOR).instance_id for _ in range(10)]
    now = datetime.now(UTC)
    started = now - timedelta(days=3)
    task_table = cast(Table, HumanTask.__table__)
    clock_table = cast(Table, SlaClock.__table__)
    with ctx.engine.begin() as conn:
        conn.execute(text("UPDATE process_instance SET territory = 'nord'"))
        tasks = conn.execute(
            insert(task_table).returning(task_table.c.id, task_table.c.instance_id),
            [
                {
                    "instance_id": cases[i % len(cases)],
                    "spiff_task_id": str(uuid.uuid4()),
                    "bpmn_id": "late",
                    "title": "Tâche en retard",
                    "candidate_role": "caretaker",
                    "territory": "nord",
                    "status": TaskStatus.OPEN,
                    "priority": 0,
                    "created_at": started,
                }
                for i in range(n)
            ],
        ).all()
        conn.execute(
            insert(clock_table),
            [
                {
                    "instance_id": instance_id,
                    "task_id": task_id,
                    "process_key": "parallel_checks",
                    "step": "late",
                    "territory": "nord",
                    "duration": "P2D",
                    "calendar": "calendar",
                    "warn_ratio": 0.5,
                    "escalate_to": "territorial_manager",
                    "status": ClockStatus.ON_TRACK,
                    "started_at": started,
                    "warn_at": now - timedelta(days=2),
                    "due_at": now - timedelta(days=1),
                    "paused_seconds": 0,
                    "escalation_level": 0,
                }
                for task_id, instance_id in tasks
            ],
        )


def _swept_by(process: Process) -> int:
    return sum(int(n) for n in re.findall(r"SLA clocks swept: (\d+)", process.output()))


def test_b_a_thousand_due_sla_clocks_are_breached_once_across_two_workers(
    celery: Celery, system_ctx: EngineContext
) -> None:
    add_person(system_ctx, "gardien", ["caretaker"], territory="nord")
    add_person(system_ctx, "responsable", ["territorial_manager"], territory="nord")
    _late_tasks_with_clocks(system_ctx, SLA_CLOCKS)
    live_due = (
        "SELECT count(*) FROM sla_clock WHERE step = 'late' AND status IN ('on_track', 'at_risk')"
    )
    assert scalar(system_ctx, live_due) == SLA_CLOCKS

    workers = [celery.worker("w1"), celery.worker("w2")]
    # Several sweeps at once, as beat ticks piling up on two machines would send them.
    app = make_celery(Settings.from_env(celery.env))
    for _ in range(4):
        app.send_task(SWEEP_SLA)
    wait_until(lambda: scalar(system_ctx, live_due) == 0, timeout=30, what="all clocks swept")
    for process in workers:  # a warm shutdown lets a sweep in progress finish
        process.stop()

    assert (
        scalar(
            system_ctx, "SELECT count(*) FROM sla_clock WHERE step = 'late' AND status = 'breached'"
        )
        == SLA_CLOCKS
    )
    breaches = scalar(
        system_ctx,
        "SELECT count(*) FROM audit_entry a JOIN human_task t ON t.id = a.task_id"
        " WHERE a.action = 'sla_breached' AND t.bpmn_id = 'late'",
    )
    clocks_breached_once = scalar(
        system_ctx,
        "SELECT count(*) FROM (SELECT a.task_id FROM audit_entry a"
        " JOIN human_task t ON t.id = a.task_id"
        " WHERE a.action = 'sla_breached' AND t.bpmn_id = 'late'"
        " GROUP BY a.task_id HAVING count(*) = 1) AS once",
    )
    assert breaches == SLA_CLOCKS and clocks_breached_once == SLA_CLOCKS
    # Each late task: its caretaker told once, the territorial manager told once.
    notes = scalar(system_ctx, "SELECT count(*) FROM notification")
    assert scalar(system_ctx, "SELECT count(DISTINCT dedupe_key) FROM notification") == notes
    for kind, recipient in (("sla_breached", "gardien"), ("sla_escalated", "responsable")):
        sent = scalar(
            system_ctx,
            "SELECT count(*) FROM notification WHERE kind = :k AND recipient = :r",
            k=kind,
            r=recipient,
        )
        assert sent == SLA_CLOCKS, (kind, sent)
    assert notes == 2 * SLA_CLOCKS
    shares = {w.name: _swept_by(w) for w in workers}
    print(f"SLA clocks swept per worker: {shares}")


CASES = 200


def test_c_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(
    celery: Celery, past_ctx: EngineContext
) -> None:
    deploy_fixture(past_ctx, "timer_wait")
    cases = [start_instance(past_ctx, "timer_wait", SYSTEM_ACTOR).instance_id for _ in range(CASES)]
    fired_sql = "SELECT count(*) FROM human_task"
    assert scalar(past_ctx, "SELECT count(*) FROM job WHERE status = 'pending'") == CASES
    assert scalar(past_ctx, fired_sql) == 0

    celery.beat()
    first = celery.worker("w1")
    wait_until(lambda: scalar(past_ctx, fired_sql) >= 10, timeout=20, interval=0.01)
    victims = [first.pid, *first.children()]
    for pid in victims:
        os.kill(pid, signal.SIGKILL)
    wait_until(
        lambda: first.popen.poll() is not None and not descendants(first.pid),
        timeout=10,
        what="worker 1 is dead",
    )
    fired_at_kill = scalar(past_ctx, fired_sql)
    assert 0 < fired_at_kill < CASES, f"{fired_at_kill} fired before the kill"

    second = celery.worker("w2")
    wait_until(lambda: scalar(past_ctx, fired_sql) == CASES, timeout=30, what="all timers fired")
    second.stop()  # a warm shutdown lets a batch in progress finish

    with past_ctx.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT i.id,"
                " (SELECT count(*) FROM job j WHERE j.instance_id = i.id),"
                " (SELECT count(*) FROM job j WHERE j.instance_id = i.id AND j.status = 'done'"
                "   AND j.attempts = 0 AND j.last_error IS NULL),"
                " (SELECT count(*) FROM human_task t WHERE t.instance_id = i.id),"
                " (SELECT count(*) FROM audit_entry a WHERE a.instance_id = i.id"
                "   AND a.action = 'timer_fired')"
                " FROM process_instance i"
            )
        ).all()
    per_case = {row[0]: tuple(row[1:]) for row in rows}
    assert sorted(per_case) == sorted(cases)
    wrong = {case: counts for case, counts in per_case.items() if counts != (1, 1, 1, 1)}
    assert not wrong, f"cases not fired exactly once (jobs, done, tasks, audits): {wrong}"
    print(f"fired before SIGKILL: {fired_at_kill}/{CASES}; pids killed: {victims}")


def test_serve_runs_the_sweeps_itself_without_a_broker(
    system_ctx: EngineContext, worker_db: str, tmp_path: Path
) -> None:
    deploy_fixture(system_ctx, "timer_wait")
    env = {k: v for k, v in os.environ.items() if k != "HABIFLOW_BROKER_URL"}
    env.update(HABIFLOW_DATABASE_URL=worker_db, HABIFLOW_VAR_DIR=str(tmp_path))
    server = Process(
        "serve",
        [sys.executable, "-m", "admin.cli", "serve", "--port", str(free_port()), "--workers", "1"],
        env,
        tmp_path / "serve.log",
    )
    try:
        wait_until(lambda: "Booting worker" in server.output(), timeout=30, what="gunicorn up")
        assert "embedded scheduler" in server.output().splitlines()[0]
        case = start_instance(system_ctx, "timer_wait", SYSTEM_ACTOR).instance_id
        wait_until(lambda: open_tasks(system_ctx, case) == 1, timeout=20, what="timer fired")
    finally:
        server.stop()


def test_worker_and_beat_need_a_broker() -> None:
    for command in ("worker", "beat"):
        done = CliRunner().invoke(main, [command], env={"HABIFLOW_BROKER_URL": ""})
        assert done.exit_code == 1
        assert done.stdout == ""
        assert done.stderr.startswith("error: HABIFLOW_BROKER_URL is not set")
        assert len(done.stderr.splitlines()) == 1


def test_embedded_scheduler_logs_a_failing_sweep_and_keeps_going(
    system_ctx: EngineContext, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    calls = {"timers": 0, "sla": 0, "emails": 0}

    def sweep(name: str) -> Callable[[EngineContext], int]:
        def run(_ctx: EngineContext) -> int:
            calls[name] += 1
            if name == "sla":
                raise RuntimeError("database unreachable")
            return 0

        return run

    monkeypatch.setattr(scheduler, "SWEEPS", {name: sweep(name) for name in calls})
    embedded = EmbeddedScheduler(system_ctx, Intervals(timers=0.01, sla=0.02, emails=0.05))
    embedded.start()
    try:
        wait_until(lambda: calls["sla"] >= 3 and calls["emails"] >= 2, timeout=10)
        assert embedded.running
    finally:
        embedded.stop(timeout=5)
    assert not embedded.running
    assert calls["timers"] >= calls["emails"] > 0
    assert "sla sweep failed" in caplog.text and "database unreachable" in caplog.text
