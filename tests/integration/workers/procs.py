"""Real processes for the worker tests: redis-server, Celery workers and beat.

Every wait here is bounded and polls a condition (``wait_until``); nothing sleeps
a fixed time. Each process runs in its own session (process group), so teardown
can stop a prefork worker together with its pool children.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import redis

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def wait_until(
    predicate: Callable[[], bool], timeout: float, interval: float = 0.05, what: str = ""
) -> float:
    """Poll ``predicate`` until true; return the seconds it took, raise on timeout."""
    pause = threading.Event()
    started = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"not true after {timeout:g} s: {what or predicate}")
        pause.wait(interval)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Process:
    """A child process whose output goes to a log file we can read."""

    def __init__(self, name: str, argv: list[str], env: Mapping[str, str], log: Path) -> None:
        self.name = name
        self.log = log
        self._out = log.open("wb")
        self.popen = subprocess.Popen(
            argv,
            env=dict(env),
            cwd=PROJECT_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def children(self) -> list[int]:
        """Pids of the processes this one forked (a prefork worker's pool)."""
        return descendants(self.pid)

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM the main process, then SIGKILL whatever is left of its group.

        Only the main process gets SIGTERM: a Celery warm shutdown lets the task in
        progress finish, whereas a pool child sent SIGTERM dies mid-task.
        """
        with contextlib.suppress(ProcessLookupError):
            self.popen.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        self.popen.wait(timeout=timeout)
        self._out.close()


def descendants(pid: int) -> list[int]:
    """All living descendants of ``pid``, read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces, so split after ')'.
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":
            parents[int(entry.name)] = int(fields[1])
    found: list[int] = []
    frontier = [pid]
    while frontier:
        current = frontier.pop()
        kids = [child for child, parent in parents.items() if parent == current]
        found.extend(kids)
        frontier.extend(kids)
    return found


def start_redis(workdir: Path) -> tuple[Process, str]:
    """A throwaway redis-server on a free port, answering PING; returns it and its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise FileNotFoundError(
            "redis-server is not installed: run `make system-deps` (Debian package redis-server)"
        )
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = Process(
        "redis",
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        os.environ,
        workdir / "redis.log",
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=0.5)

    def answers() -> bool:
        if not server.alive():
            raise RuntimeError(f"redis-server exited:\n{server.output()}")
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    try:
        wait_until(answers, timeout=15, what="redis-server answers PING")
    except BaseException:
        server.stop()
        raise
    finally:
        client.close()
    return server, url


def celery_worker(name: str, env: Mapping[str, str], log: Path) -> Process:
    """A real prefork Celery worker (one pool process) on ``engine.jobs:app``."""
    return Process(
        name,
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "engine.jobs:app",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "-n",
            f"{name}@%h",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env,
        log,
    )


def celery_beat(env: Mapping[str, str], workdir: Path) -> Process:
    """Celery beat sending the sweeps on their schedule."""
    return Process(
        "beat",
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "engine.jobs:app",
            "beat",
            "--loglevel=INFO",
            f"--schedule={workdir / 'celerybeat-schedule'}",
        ],
        env,
        workdir / "beat.log",
    )
