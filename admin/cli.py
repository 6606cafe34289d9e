"""The ``habiflow`` command line: one clear line and a non-zero exit on error."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from admin.cli_dashboard import dashboard_cache_command
from admin.cli_people import tokens, users
from admin.cli_support import context, fails_cleanly, local_time
from admin.demo import demo_data
from admin.simulate import simulate_command
from admin.wiring import context_for
from engine.actors import SYSTEM_ACTOR, Actor
from engine.config import Settings
from engine.runtime import EngineContext
from engine.services import instances, people, queries, tasks
from engine.services.deploy import deploy as deploy_model
from engine.specs import ModelRejected, load_model
from forms.catalog import FormCatalog


def _json_option(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"--data is not valid JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise ValueError("--data must be a JSON object")
    return value


def _actor(ctx: EngineContext, username: str | None) -> Actor:
    return SYSTEM_ACTOR if username is None else people.get_actor(ctx, username)


@click.group()
def main() -> None:
    """habiflow: property processes of a social landlord, run as BPMN."""


@main.command()
@fails_cleanly
def init() -> None:
    """Create or upgrade the database schema."""
    settings = Settings.from_env()
    ctx = context_for(settings, migrate=True)
    people.add_person(
        ctx, "admin", ["admin", "process_owner", "manager"], display_name="Administrateur"
    )
    click.echo(f"database ready: {settings.database_url}")
    click.echo("account 'admin' (roles admin, process_owner, manager) is ready")
    click.echo("its password, if not yet set: habiflow users set-password admin")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Validate only; store nothing.")
@click.option("--user", default="admin", show_default=True)
def deploy(files: tuple[Path, ...], check: bool, user: str) -> None:
    """Validate BPMN files and store a new version of each changed process."""
    settings = Settings.from_env()
    form_keys = FormCatalog.from_directory(settings.forms_dir).keys()
    ctx = None if check else context_for(settings)
    failed = False
    for path in files:
        try:
            model = load_model(path.read_bytes(), filename=path.name, form_keys=form_keys)
        except OSError as exc:
            click.echo(f"{path}: cannot read: {exc.strerror}", err=True)
            failed = True
            continue
        except ModelRejected as exc:
            for problem in exc.problems:
                click.echo(f"{path}: {problem}", err=True)
            failed = True
            continue
        if ctx is None:
            click.echo(f"{model.key} ok")
            continue
        deployed = deploy_model(ctx, model, user)
        suffix = "" if deployed.created else " (unchanged)"
        click.echo(f"{deployed.key} v{deployed.version}{suffix}")
    if failed:
        sys.exit(1)


@main.command()
@click.argument("key")
@click.option("--business-key")
@click.option("--place", "place_ref")
@click.option("--data", help="Initial case data, a JSON object.")
@click.option("--user", help="Who starts the case (default: system).")
@fails_cleanly
def start(
    key: str, business_key: str | None, place_ref: str | None, data: str | None, user: str | None
) -> None:
    """Start a case of process KEY."""
    ctx = context()
    started = instances.start_instance(
        ctx,
        key,
        _actor(ctx, user),
        business_key=business_key,
        place_ref=place_ref,
        data=_json_option(data),
    )
    click.echo(
        f"case {started.instance_id} started ({started.key} v{started.version}, "
        f"{started.status.value})"
    )


@main.command(name="tasks")
@click.option("--user", help="Tasks this person may work on.")
@click.option("--role", help="Only tasks offered to this role key.")
@fails_cleanly
def list_tasks(user: str | None, role: str | None) -> None:
    """List open tasks."""
    ctx = context()
    actor = people.get_actor(ctx, user) if user else None
    rows = queries.list_tasks(ctx, actor=actor, role=role)
    for task in rows:
        due = local_time(task.due_at) if task.due_at else "-"
        click.echo(
            f"{task.id}\tcase {task.instance_id}\t{task.status.value}\t"
            f"{task.candidate_role or '-'}\t{task.assignee or '-'}\t{due}\t{task.title}"
        )
    if not rows:
        click.echo("no open task")


@main.command()
@click.argument("task_id", type=int)
@click.option("--user", required=True)
@fails_cleanly
def claim(task_id: int, user: str) -> None:
    """Claim task TASK_ID for USER."""
    ctx = context()
    tasks.claim(ctx, task_id, people.get_actor(ctx, user))
    click.echo(f"task {task_id} claimed by {user}")


@main.command()
@click.argument("task_id", type=int)
@click.option("--user", required=True)
@fails_cleanly
def unclaim(task_id: int, user: str) -> None:
    """Give task TASK_ID back to its role's queue."""
    ctx = context()
    tasks.unclaim(ctx, task_id, people.get_actor(ctx, user))
    click.echo(f"task {task_id} released")


@main.command()
@click.argument("task_id", type=int)
@click.option("--user", required=True)
@click.option("--data", help="Form data, a JSON object.")
@fails_cleanly
def complete(task_id: int, user: str, data: str | None) -> None:
    """Complete task TASK_ID as USER with form data."""
    ctx = context()
    done = tasks.complete(ctx, task_id, people.get_actor(ctx, user), _json_option(data))
    nxt = ", ".join(str(t) for t in done.next_task_ids) or "none"
    click.echo(
        f"task {task_id} completed; case {done.instance_id} "
        f"{done.instance_status.value}; next tasks: {nxt}"
    )


@main.command()
@click.argument("instance_id", type=int)
@click.option("--user", help="Show as this person (territory rules apply).")
@fails_cleanly
def show(instance_id: int, user: str | None) -> None:
    """Show a case: status, open tasks, history."""
    ctx = context()
    view = queries.show_instance(ctx, instance_id, _actor(ctx, user))
    click.echo(f"case {view.id}: {view.key} v{view.version} — {view.status.value}")
    if view.business_key:
        click.echo(f"business key: {view.business_key}")
    if view.place_ref:
        click.echo(f"place: {view.place_ref} (territory {view.territory or '-'})")
    if view.error:
        click.echo(f"error: {view.error}")
    click.echo("open tasks:")
    for task in view.open_tasks:
        click.echo(
            f"  {task.id} {task.title} [{task.candidate_role or '-'}] "
            f"{task.status.value} {task.assignee or ''}".rstrip()
        )
    click.echo("history:")
    for entry in view.history:
        click.echo(
            f"  {entry.at.isoformat(timespec='seconds')} {entry.actor} {entry.action}"
            + (f" task {entry.task_id}" if entry.task_id else "")
        )


@main.command()
@click.argument("instance_id", type=int)
@click.option("--user", default="admin", show_default=True)
@click.option("--reason")
@fails_cleanly
def cancel(instance_id: int, user: str, reason: str | None) -> None:
    """Cancel a case."""
    ctx = context()
    instances.cancel_instance(ctx, instance_id, people.get_actor(ctx, user), reason)
    click.echo(f"case {instance_id} cancelled")


@main.command()
@click.argument("instance_id", type=int)
@click.option("--user", default="admin", show_default=True)
@click.option("--reason")
@fails_cleanly
def suspend(instance_id: int, user: str, reason: str | None) -> None:
    """Suspend a case: its tasks cannot be completed until it is resumed."""
    ctx = context()
    instances.suspend_instance(ctx, instance_id, people.get_actor(ctx, user), reason)
    click.echo(f"case {instance_id} suspended")


@main.command()
@click.argument("instance_id", type=int)
@click.option("--user", default="admin", show_default=True)
@click.option("--reason")
@fails_cleanly
def resume(instance_id: int, user: str, reason: str | None) -> None:
    """Resume a suspended case, or retry a failed one."""
    ctx = context()
    status = instances.resume_instance(ctx, instance_id, people.get_actor(ctx, user), reason)
    click.echo(f"case {instance_id} {status.value}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
def serve(host: str, port: int, workers: int) -> None:
    """Serve the web application with gunicorn (and the sweeps, when no broker is set)."""
    from admin.app import create_app
    from admin.server import serve as run_server
    from engine.scheduler import EmbeddedScheduler, Intervals

    settings = Settings.from_env()
    if settings.broker_url:
        click.echo(
            f"habiflow on http://{host}:{port}/ (timers and SLA sweeps: Celery workers "
            "on HABIFLOW_BROKER_URL; run `habiflow worker` and `habiflow beat`)"
        )
        run_server(create_app(), host, port, workers=workers)
        return
    click.echo(
        f"habiflow on http://{host}:{port}/ (timers and SLA sweeps: embedded scheduler "
        "in each web worker; set HABIFLOW_BROKER_URL to use Celery workers)"
    )
    intervals = Intervals.from_env()
    run_server(
        create_app(),
        host,
        port,
        workers=workers,
        background=lambda: EmbeddedScheduler(context_for(settings), intervals),
    )


def _broker_settings() -> Settings:
    settings = Settings.from_env()
    if not settings.broker_url:
        click.echo(
            "error: HABIFLOW_BROKER_URL is not set (e.g. redis://localhost:6379/0); "
            "without a broker, `habiflow serve` runs timers and SLA sweeps itself",
            err=True,
        )
        sys.exit(1)
    return settings


LOGLEVEL = click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False)


@main.command()
@click.option("--concurrency", default=2, show_default=True, type=click.IntRange(min=1))
@click.option("--loglevel", default="INFO", show_default=True, type=LOGLEVEL)
def worker(concurrency: int, loglevel: str) -> None:
    """Run a Celery worker: fires timers, sweeps SLA clocks, sends emails."""
    from engine.jobs import run_worker

    run_worker(_broker_settings(), concurrency=concurrency, loglevel=loglevel.upper())


@main.command()
@click.option("--loglevel", default="INFO", show_default=True, type=LOGLEVEL)
def beat(loglevel: str) -> None:
    """Run Celery beat: sends the sweeps to the workers on schedule (run exactly one)."""
    from engine.jobs import run_beat

    run_beat(_broker_settings(), loglevel=loglevel.upper())


main.add_command(demo_data)
main.add_command(simulate_command)
main.add_command(users)
main.add_command(tokens)
main.add_command(dashboard_cache_command)


if __name__ == "__main__":
    main()
