"""What every ``habiflow`` subcommand shares: the engine context and clean failures."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar, cast

import click

from admin.wiring import context_for
from engine.config import Settings
from engine.errors import FormInvalid, HabiflowError
from engine.runtime import EngineContext
from workflows.business_calendar import PARIS

F = TypeVar("F", bound=Callable[..., Any])


def fails_cleanly(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FormInvalid as exc:
            for field, messages in exc.field_errors.items():
                click.echo(f"error: {field or 'form'}: {'; '.join(messages)}", err=True)
            sys.exit(1)
        except (HabiflowError, ValueError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return cast(F, wrapper)


def context() -> EngineContext:
    return context_for(Settings.from_env())


def local_time(instant: datetime) -> str:
    """Instants are stored in UTC and shown in the office's time zone."""
    return instant.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")
