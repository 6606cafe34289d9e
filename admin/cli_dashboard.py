"""``habiflow dashboard-cache``: the managers' dashboard cache of closed weeks."""

from __future__ import annotations

import click

from admin.cli_support import context, fails_cleanly
from engine.services import dashboard_cache


@click.command(name="dashboard-cache")
@click.option("--clear", is_flag=True, help="Drop the cached weeks (after rewriting history).")
@fails_cleanly
def dashboard_cache_command(clear: bool) -> None:
    """The managers' dashboard cache of closed weeks (recomputed on demand)."""
    if not clear:
        raise click.UsageError("say what to do: --clear")
    click.echo(f"dashboard cache cleared ({dashboard_cache.clear(context())} weeks)")
