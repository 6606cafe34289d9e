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

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from bench.report import machine_line, median, percentile, table
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
WORKERS, THREADS = 2, 4


@dataclass
class Sample:
    """What a set of clients did: cases, completion latencies, errors, wall time."""

    clients: int
    cases: int = 0
    errors: int = 0
    seconds: float = 0.0
    completions: list[float] = field(default_factory=list)

    @property
    def cases_per_second(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


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
            samples = [_drive(port, token, 1, per_client * 2)]
            for clients in CLIENTS:
                samples.append(_drive(port, token, clients, max(per_client // 2, 4)))
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
        port = _free_port()
        env = {
            **os.environ,
            "HABIFLOW_DATABASE_URL": url,
            "HABIFLOW_VAR_DIR": str(var_dir),
            "HABIFLOW_BPMN_DIR": str(PROCESS.parent),
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--worker-class",
            "gthread",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "admin.app:create_app()",
        ]
        server = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT)
        try:
            _wait_until_up(port, server)
            status, body = _call(
                _connect(port),
                "POST",
                "/api/v1/auth/token",
                {"username": "bench", "password": PASSWORD},
                None,
            )
            if status != 200:
                raise RuntimeError(f"log-in failed: {status} {body}")
            yield port, body["access_token"]
        finally:
            server.terminate()
            server.wait(timeout=30)


def _drive(port: int, token: str, clients: int, cases_each: int) -> Sample:
    sample = Sample(clients)
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client() -> None:
        conn = _connect(port)
        latencies: list[float] = []
        errors = cases = 0
        barrier.wait()
        for _ in range(cases_each):
            status, body = _call(conn, "POST", "/api/v1/instances", {"process_key": KEY}, token)
            if status != 201:
                errors += 1
                continue
            pending = list(body["task_ids"])
            while pending:
                task = pending.pop()
                before = time.perf_counter()
                status, body = _call(conn, "POST", f"/api/v1/tasks/{task}/complete", {}, token)
                latencies.append(time.perf_counter() - before)
                if status != 200:
                    errors += 1
                    break
                pending += body["next_task_ids"]
            else:
                cases += 1
        with lock:
            sample.completions += latencies
            sample.errors += errors
            sample.cases += cases

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    sample.seconds = time.perf_counter() - began
    return sample


def _connect(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=60)


def _call(
    conn: http.client.HTTPConnection, method: str, path: str, body: Any, token: str | None
) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=json.dumps(body), headers=headers)
    response = conn.getresponse()
    raw = response.read()
    return response.status, json.loads(raw) if raw else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited before serving")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start in 30 s")
