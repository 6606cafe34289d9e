"""Serve the Flask app with gunicorn (never Flask's development server)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from flask import Flask
from gunicorn.app.base import BaseApplication


class Background(Protocol):
    """Work each web worker runs beside its requests (the embedded scheduler)."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


class HabiflowServer(BaseApplication):
    """A gunicorn application that serves an already built Flask app."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self._app = app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:  # a WSGI callable; Flask's signature is wider than the stub's
        return self._app


def serve(
    app: Flask,
    host: str,
    port: int,
    workers: int = 2,
    threads: int = 4,
    background: Callable[[], Background] | None = None,
) -> None:
    """Run gunicorn; ``background()`` is built and started in each web worker.

    Never in the master: forking a process that runs a thread can leave a lock
    (SQLite's, the pool's) held forever in the child, which then hangs on its
    first query. Several workers mean several sweepers, which the database's
    row locks make safe.
    """
    options: dict[str, Any] = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "accesslog": "-",
        "worker_class": "gthread",
    }
    if background is not None:
        running: list[Background] = []

        def start(_worker: Any) -> None:
            running.append(background())
            running[-1].start()

        def stop(_arbiter: Any, _worker: Any) -> None:
            for item in running:
                item.stop()

        options["post_worker_init"] = start
        options["worker_exit"] = stop
    HabiflowServer(app, options).run()
