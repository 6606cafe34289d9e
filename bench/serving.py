"""Serving the app for the benchmarks: gunicorn on a free loopback port, and HTTP clients
that start cases and complete their tasks through the REST API."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.config import PROJECT_ROOT

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


@contextmanager
def gunicorn(url: str, var_dir: Path, bpmn_dir: Path) -> Iterator[int]:
    """The app over ``url``, served as in production; yields the port."""
    port = _free_port()
    env = {
        **os.environ,
        "HABIFLOW_DATABASE_URL": url,
        "HABIFLOW_VAR_DIR": str(var_dir),
        "HABIFLOW_BPMN_DIR": str(bpmn_dir),
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
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def login(port: int, username: str, password: str) -> str:
    """A personal API token for ``username``."""
    status, body = _call(
        _connect(port),
        "POST",
        "/api/v1/auth/token",
        {"username": username, "password": password},
        None,
    )
    if status != 200:
        raise RuntimeError(f"log-in failed: {status} {body}")
    token: str = body["access_token"]
    return token


def drive(port: int, token: str, key: str, clients: int, cases_each: int) -> Sample:
    sample = Sample(clients)
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client() -> None:
        conn = _connect(port)
        latencies: list[float] = []
        errors = cases = 0
        barrier.wait()
        for _ in range(cases_each):
            status, body = _call(conn, "POST", "/api/v1/instances", {"process_key": key}, token)
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
