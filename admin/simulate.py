"""``habiflow simulate``: play days of the office's life on the database, with a progress bar.

Needs the demo office (``habiflow demo-data``) and the deployed processes. By default the
simulated period ends now (it starts ``--days`` ago, at midnight Paris time), so the inbox,
the dashboard and the SLA clocks look like the office today; ``--start`` fixes the first day
(same seed + same start + same database → the same counts).
"""

from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from sqlalchemy import select

from admin.wiring import context_for
from engine.clock import ManualClock
from engine.config import Settings
from engine.errors import NotFound
from engine.models import ProcessInstance
from engine.simulate import SimulationReport, SimulationSettings, simulate
from forms.catalog import FormCatalog
from workflows.business_calendar import PARIS


def default_start(days: float, today: date | None = None) -> datetime:
    """Midnight (Paris) ``days`` before today: the simulated period ends about now."""
    first = (today or datetime.now(PARIS).date()) - timedelta(days=int(days))
    return datetime.combine(first, time(0), tzinfo=PARIS)


@click.command("simulate")
@click.option("--days", default=30.0, show_default=True, type=click.FloatRange(min=0.05))
@click.option("--seed", default=7, show_default=True, type=int)
@click.option(
    "--scale",
    default=1.0,
    show_default=True,
    type=click.FloatRange(min=0.001),
    help="1.0 = one office of 18,000 dwellings; 10 = ten such offices' volumes.",
)
@click.option(
    "--start",
    "start_day",
    type=click.DateTime(["%Y-%m-%d"]),
    help="First simulated day (default: DAYS days before today).",
)
@click.option("--quiet", is_flag=True, help="No progress bar, only the summary.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already holds cases.")
def simulate_command(
    days: float,
    seed: int,
    scale: float,
    start_day: datetime | None,
    quiet: bool,
    if_empty: bool,
) -> None:
    """Play DAYS of the office: cases open, people work, timers fire, SLAs warn and breach."""
    settings = Settings.from_env()
    if if_empty and _holds_cases(settings):
        click.echo("the database already holds cases: nothing simulated")
        return
    start = (
        datetime.combine(start_day.date(), time(0), tzinfo=PARIS)
        if start_day
        else default_start(days)
    )
    ctx = context_for(settings, clock=ManualClock(start), migrate=True)
    catalog = ctx.forms if isinstance(ctx.forms, FormCatalog) else None
    if catalog is None:
        raise click.ClickException("the forms catalog is not wired")
    run = SimulationSettings(days=days, start=start, seed=seed, scale=scale)
    console = Console(stderr=True, quiet=quiet)
    try:
        with Progress(
            TextColumn("[bold]simulating[/] {task.description}"),
            BarColumn(),
            TextColumn("{task.fields[rates]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
        ) as bar:
            job = bar.add_task(_day(start), total=1, rates="")

            def advance(report: SimulationReport, done: int, steps: int) -> None:
                now = ctx.clock.now()
                bar.update(job, completed=done / steps, description=_day(now), rates=_rates(report))

            report = simulate(ctx, catalog.schema, run, progress=advance)
    except NotFound as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    finally:
        ctx.engine.dispose()
    _summary(report, days, start, seed, scale)


def _holds_cases(settings: Settings) -> bool:
    ctx = context_for(settings, migrate=True)
    try:
        with ctx.engine.connect() as conn:
            return conn.execute(select(ProcessInstance.id).limit(1)).first() is not None
    finally:
        ctx.engine.dispose()


def _day(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%d/%m/%Y")


def _rates(report: SimulationReport) -> str:
    seconds = max(report.seconds, 1e-9)
    return (
        f"{report.instances_started / seconds:6.1f} instances/s "
        f"{report.tasks_completed / seconds:6.1f} tasks/s"
    )


def _summary(
    report: SimulationReport, days: float, start: datetime, seed: int, scale: float
) -> None:
    click.echo(
        f"simulated {days:g} days from {start.date().isoformat()} (seed {seed}, scale {scale:g}) "
        f"in {report.seconds:.1f} s: {_rates(report).strip()}"
    )
    for key, count in sorted(report.started.items()):
        statuses = ", ".join(
            f"{status.split('/')[1]} {n}"
            for status, n in sorted(report.case_status.items())
            if status.startswith(f"{key}/")
        )
        click.echo(f"  {key:<26} {count:>7} started ({statuses})")
    click.echo(
        f"  tasks: {report.tasks_completed} completed, {report.tasks_claimed} claimed, "
        f"{report.tasks_left_silent} never answered, {report.open_tasks} open at the end"
    )
    click.echo(
        f"  timers fired: {report.timers_fired}; SLA clocks: {report.sla_warned} warned, "
        f"{report.sla_breached} breached, {report.sla_escalated} taken to the direction"
    )
    click.echo(f"  failed: {report.failed}")
    for reason, count in report.failures.most_common(20):
        click.echo(f"    {count:>6}  {reason}")
