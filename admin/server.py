"""Serve the Flask app with gunicorn (never Flask's development server)."""

from __future__ import annotations

from typing import Any, Protocol

from flask import Flask
from gunicorn.app.base import BaseApplication


class Background(Protocol):
    """Work the gunicorn master runs beside its web workers (the embedded scheduler)."""

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
    background: Background | None = None,
) -> None:
    """Run gunicorn; ``background`` starts once, in the master, when it is ready.

    The master forks the web workers, so the background thread lives in one
    process only, however many workers serve requests.
    """
    options: dict[str, Any] = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "accesslog": "-",
        "worker_class": "gthread",
    }
    if background is not None:
        options["when_ready"] = lambda _arbiter: background.start()
        options["on_exit"] = lambda _arbiter: background.stop()
    HabiflowServer(app, options).run()
