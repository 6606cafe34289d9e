"""Moving running cases from one version of a process to another: dry run, then apply.

``compare_versions`` is the dry run: the diff of the two versions and, for every running or
suspended case of the old version the person may see, whether it can move and why not.
Nothing is written. ``migrate_instances`` moves the movable ones, one transaction each, through
the path every service uses (``load_workflow``, then ``save_case`` under the optimistic lock):
a case changed meanwhile is reported as skipped with nothing half-done. A moved case keeps its
Spiff task ids, so its human tasks, SLA clocks and timer jobs stay as they are; its waiting
steps take their title from the new version and the move is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, cast

from SpiffWorkflow.exceptions import WorkflowException
from sqlalchemy import Connection, Table, select, update

from engine.actors import Actor
from engine.db import write_connection
from engine.errors import NotFound, PermissionDenied
from engine.models import InstanceStatus, ProcessDefinition, SlaClock
from engine.runtime import EngineContext, LoadedSpec
from engine.serializer import workflow_from_state, workflow_to_state
from engine.services.audit import record
from engine.services.case_store import (
    CASE,
    LIVE,
    TASK,
    CaseRow,
    VersionConflict,
    fetch_case,
    fetch_state,
    save_case,
)
from engine.services.stepping import load_workflow, snapshot, waiting_steps
from engine.services.version_diff import VersionDiff, diff_versions, step_of
from engine.services.workflow_migration import Blocker, MoveFailed, move, plan_move
from workflows.roles import Role

DEFINITION = cast(Table, ProcessDefinition.__table__)
CLOCK = cast(Table, SlaClock.__table__)
MIGRATING = (InstanceStatus.RUNNING, InstanceStatus.SUSPENDED)
ALLOWED = frozenset({Role.PROCESS_OWNER.value, Role.ADMIN.value})


@dataclass(frozen=True)
class CaseVerdict:
    """One case of the old version in the dry run."""

    instance_id: int
    business_key: str | None
    place_ref: str | None
    territory: str | None
    status: InstanceStatus
    waiting_on: tuple[str, ...]
    blockers: tuple[Blocker, ...]

    @property
    def movable(self) -> bool:
        return not self.blockers


@dataclass(frozen=True)
class Comparison:
    key: str
    name: str
    from_version: int
    to_version: int
    diff: VersionDiff
    cases: tuple[CaseVerdict, ...]

    @property
    def movable(self) -> tuple[CaseVerdict, ...]:
        return tuple(c for c in self.cases if c.movable)

    @property
    def blocked(self) -> tuple[CaseVerdict, ...]:
        return tuple(c for c in self.cases if not c.movable)


class Outcome(StrEnum):
    MOVED = "moved"
    BLOCKED = "blocked"
    SKIPPED = "skipped"  # changed by someone else meanwhile, or no longer on the old version
    FAILED = "failed"  # the rebuilt task tree did not fit the new version; nothing saved


@dataclass(frozen=True)
class CaseOutcome:
    instance_id: int
    outcome: Outcome
    blockers: tuple[Blocker, ...] = ()


@dataclass(frozen=True)
class MigrationReport:
    key: str
    from_version: int
    to_version: int
    outcomes: tuple[CaseOutcome, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes if o.outcome is outcome)


@dataclass(frozen=True)
class _Versions:
    old: LoadedSpec
    new: LoadedSpec
    name: str


def compare_versions(
    ctx: EngineContext, key: str, from_version: int, to_version: int, actor: Actor
) -> Comparison:
    """The dry run: what changed, and which cases of ``from_version`` could move."""
    _check_allowed(actor)
    with ctx.engine.connect() as conn:
        versions = _versions(ctx, conn, key, from_version, to_version)
        verdicts = []
        for case in _cases(conn, versions.old.definition_id, actor):
            workflow = workflow_from_state(
                fetch_state(conn, case.id),
                versions.old.spec,
                versions.old.subprocess_specs,
                ctx.script_engine,
            )
            verdicts.append(_verdict(case, workflow, versions))
    return Comparison(
        key,
        versions.name,
        from_version,
        to_version,
        diff_versions(versions.old, versions.new),
        tuple(verdicts),
    )


def migrate_instances(
    ctx: EngineContext, key: str, from_version: int, to_version: int, actor: Actor
) -> MigrationReport:
    """Move every movable case of ``from_version`` the person may see to ``to_version``."""
    _check_allowed(actor)
    with ctx.engine.connect() as conn:
        versions = _versions(ctx, conn, key, from_version, to_version)
        case_ids = [case.id for case in _cases(conn, versions.old.definition_id, actor)]
    outcomes = tuple(_migrate_one(ctx, case_id, versions, actor) for case_id in case_ids)
    return MigrationReport(key, from_version, to_version, outcomes)


def _migrate_one(
    ctx: EngineContext, instance_id: int, versions: _Versions, actor: Actor
) -> CaseOutcome:
    try:
        with write_connection(ctx.engine) as conn:
            case = fetch_case(conn, instance_id)
            if case.definition_id != versions.old.definition_id or case.status not in MIGRATING:
                return CaseOutcome(instance_id, Outcome.SKIPPED)
            workflow = load_workflow(ctx, conn, case, versions.old)
            before = snapshot(workflow)
            plan = plan_move(workflow, versions.old, versions.new)
            if not plan.movable:
                return CaseOutcome(instance_id, Outcome.BLOCKED, plan.blockers)
            move(workflow, plan, versions.new)
            if snapshot(workflow) != before:
                raise MoveFailed("the move would change what the case waits on")
            _retitle_steps(conn, case, workflow, versions.new)
            now = ctx.clock.now()
            record(
                conn,
                now,
                actor.username,
                "instance_migrated",
                instance_id=case.id,
                key=versions.new.key,
                from_version=versions.old.version,
                to_version=versions.new.version,
            )
            save_case(
                conn,
                case,
                definition_id=versions.new.definition_id,
                state=workflow_to_state(workflow),
            )
        return CaseOutcome(instance_id, Outcome.MOVED)
    except VersionConflict:
        return CaseOutcome(instance_id, Outcome.SKIPPED)
    except (MoveFailed, WorkflowException):
        return CaseOutcome(instance_id, Outcome.FAILED)
    finally:
        ctx.workflows.discard(instance_id)


def _retitle_steps(conn: Connection, case: CaseRow, workflow: Any, new: LoadedSpec) -> None:
    """Waiting steps keep their rows (same Spiff task ids) and take the new title and id."""
    for spiff_id, task in waiting_steps(workflow).items():
        step = step_of(task.task_spec, new)
        rows = conn.execute(
            update(TASK)
            .where(
                TASK.c.instance_id == case.id,
                TASK.c.spiff_task_id == spiff_id,
                TASK.c.status.in_(LIVE),
            )
            .values(title=step.name, bpmn_id=step.bpmn_id)
            .returning(TASK.c.id)
        ).scalars()
        for task_id in list(rows):
            conn.execute(update(CLOCK).where(CLOCK.c.task_id == task_id).values(step=step.bpmn_id))


def _verdict(case: CaseRow, workflow: Any, versions: _Versions) -> CaseVerdict:
    waiting = tuple(
        step_of(task.task_spec, versions.old).name for task in waiting_steps(workflow).values()
    )
    plan = plan_move(workflow, versions.old, versions.new)
    return CaseVerdict(
        case.id,
        case.business_key,
        case.place_ref,
        case.territory,
        case.status,
        waiting,
        plan.blockers,
    )


def _check_allowed(actor: Actor) -> None:
    if not ALLOWED & actor.roles:
        raise PermissionDenied("only process owners and administrators migrate cases")


def _versions(
    ctx: EngineContext, conn: Connection, key: str, from_version: int, to_version: int
) -> _Versions:
    if from_version == to_version:
        raise NotFound(f"{key} v{from_version} cannot be compared with itself")
    rows = {
        row.version: row
        for row in conn.execute(
            select(DEFINITION.c.id, DEFINITION.c.version, DEFINITION.c.name).where(
                DEFINITION.c.key == key, DEFINITION.c.version.in_([from_version, to_version])
            )
        )
    }
    missing = [v for v in (from_version, to_version) if v not in rows]
    if missing:
        raise NotFound(f"{key} has no version {missing[0]}")
    old, new = rows[from_version], rows[to_version]
    return _Versions(ctx.specs.get(conn, old.id), ctx.specs.get(conn, new.id), new.name)


def _cases(conn: Connection, definition_id: int, actor: Actor) -> Iterator[CaseRow]:
    query = (
        select(*(CASE.c[column.name] for column in fields(CaseRow)))
        .where(CASE.c.definition_id == definition_id, CASE.c.status.in_(MIGRATING))
        .order_by(CASE.c.id)
    )
    for row in conn.execute(query).all():
        case = CaseRow(**row._asdict())
        if actor.serves(case.territory):
            yield case
