"""Moving running cases to a new version of their process: diff, dry run, apply."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, select, text

from engine.actors import Actor
from engine.clock import ManualClock
from engine.db import read_session
from engine.errors import PermissionDenied
from engine.models import ClockStatus, InstanceStatus, Job, JobStatus, ProcessInstance, SlaClock
from engine.runtime import EngineContext, WorkflowCache
from engine.services import instances, migration, queries, tasks, timers
from engine.services.audit import record
from engine.services.migration import Outcome
from engine.services.version_diff import ChangeKind
from engine.services.workflow_migration import Obstacle
from tests.conftest import FIXTURES, deploy_fixture

BPMN = FIXTURES / "bpmn"
KEY = "version_change"
OWNER = Actor("owner", frozenset({"process_owner"}))
ADMIN = Actor("admin", frozenset({"admin"}))


def _open(ctx: EngineContext, instance_id: int) -> list[queries.TaskView]:
    return list(queries.show_instance(ctx, instance_id, ADMIN).open_tasks)


def _complete(ctx: EngineContext, instance_id: int, bpmn_id: str) -> None:
    [task] = [t for t in _open(ctx, instance_id) if t.bpmn_id == bpmn_id]
    tasks.complete(ctx, task.id, ADMIN, {})


def _timer_jobs(ctx: EngineContext, instance_id: int) -> list[tuple[JobStatus, datetime]]:
    with read_session(ctx.sessions) as session:
        rows = session.execute(
            select(Job.status, Job.due_at).where(Job.instance_id == instance_id).order_by(Job.id)
        ).all()
    return [(status, due) for status, due in rows]


def _clocks(ctx: EngineContext, instance_id: int) -> list[tuple[Any, ...]]:
    with read_session(ctx.sessions) as session:
        rows = session.execute(
            select(SlaClock.task_id, SlaClock.status, SlaClock.due_at)
            .where(SlaClock.instance_id == instance_id)
            .order_by(SlaClock.id)
        ).all()
    return [tuple(row) for row in rows]


def _version(ctx: EngineContext, instance_id: int) -> int:
    return queries.show_instance(ctx, instance_id, ADMIN).version


@pytest.fixture
def cases(ctx: EngineContext, clock: ManualClock) -> dict[str, int]:
    """Four cases of v1: at the first step, the second, the removed third; one suspended."""
    deploy_fixture(ctx, "version_change_v1", BPMN)
    ids = {}
    for name, steps in (("first", []), ("second", ["receive"]), ("third", ["receive", "check"])):
        case_id = instances.start_instance(ctx, KEY, ADMIN, business_key=name).instance_id
        for step in steps:
            _complete(ctx, case_id, step)
        ids[name] = case_id
    ids["held"] = instances.start_instance(ctx, KEY, ADMIN, business_key="held").instance_id
    _complete(ctx, ids["held"], "receive")
    instances.suspend_instance(ctx, ids["held"], ADMIN, "en attente du locataire")
    clock.advance(timedelta(hours=3))
    deploy_fixture(ctx, "version_change_v2", BPMN)
    return ids


def test_the_diff_names_renamed_removed_and_changed_steps(
    ctx: EngineContext, cases: dict[str, int]
) -> None:
    diff = migration.compare_versions(ctx, KEY, 1, 2, OWNER).diff
    assert [s.bpmn_id for s in diff.removed] == ["archive"]
    assert diff.added == ()
    changes = {c.old.bpmn_id: {ch.kind: ch for ch in c.changes} for c in diff.changed}
    renamed = changes["receive"][ChangeKind.RENAMED]
    assert (renamed.old, renamed.new) == ("Enregistrer la demande", "Enregistrer la réclamation")
    flows = changes["check"][ChangeKind.FLOWS]
    assert (flows.old, flows.new) == ("Archiver le dossier", "Demande traitée")
    sla = changes["check"][ChangeKind.SLA]
    assert sla.old is None and sla.new is not None and 'duration="P5D"' in sla.new
    assert set(changes) == {"receive", "check"}


def test_dry_run_lists_every_case_and_why_one_cannot_move(
    ctx: EngineContext, cases: dict[str, int]
) -> None:
    before = _snapshot_rows(ctx)
    comparison = migration.compare_versions(ctx, KEY, 1, 2, OWNER)
    verdicts = {v.instance_id: v for v in comparison.cases}
    assert set(verdicts) == set(cases.values())
    assert {v.instance_id for v in comparison.movable} == {
        cases["first"],
        cases["second"],
        cases["held"],
    }
    [blocked] = comparison.blocked
    assert blocked.instance_id == cases["third"]
    assert [(b.obstacle, b.step) for b in blocked.blockers] == [
        (Obstacle.STEP_REMOVED, "Archiver le dossier")
    ]
    assert verdicts[cases["held"]].status is InstanceStatus.SUSPENDED
    assert verdicts[cases["first"]].waiting_on == ("Enregistrer la demande",)
    assert _snapshot_rows(ctx) == before  # a dry run writes nothing


def test_apply_moves_the_movable_cases_and_keeps_timers_and_clocks(
    ctx: EngineContext, clock: ManualClock, cases: dict[str, int]
) -> None:
    first = cases["first"]
    jobs_before, clocks_before = _timer_jobs(ctx, first), _clocks(ctx, first)
    [task_before] = _open(ctx, first)
    assert jobs_before and clocks_before

    report = migration.migrate_instances(ctx, KEY, 1, 2, OWNER)

    outcomes = {o.instance_id: o.outcome for o in report.outcomes}
    assert outcomes == {
        cases["first"]: Outcome.MOVED,
        cases["second"]: Outcome.MOVED,
        cases["held"]: Outcome.MOVED,
        cases["third"]: Outcome.BLOCKED,
    }
    assert [_version(ctx, cases[n]) for n in ("first", "second", "held", "third")] == [2, 2, 2, 1]
    # Same task row, same timer job, same SLA clock; the step shows its new name.
    [task_after] = _open(ctx, first)
    assert (task_after.id, task_after.due_at) == (task_before.id, task_before.due_at)
    assert task_after.title == "Enregistrer la réclamation"
    assert _timer_jobs(ctx, first) == jobs_before
    assert _clocks(ctx, first) == clocks_before
    history = queries.show_instance(ctx, first, ADMIN).history
    migrated = [e for e in history if e.action == "instance_migrated"]
    assert [(e.actor, e.details["from_version"], e.details["to_version"]) for e in migrated] == [
        ("owner", 1, 2)
    ]
    assert queries.show_instance(ctx, cases["held"], ADMIN).status is InstanceStatus.SUSPENDED

    # The kept timer fires on the new version, from the stored state alone.
    ctx.workflows = WorkflowCache()
    clock.advance(timedelta(days=1))
    assert timers.fire_due_timers(ctx) == 1
    assert queries.case_data(ctx, first, ADMIN)["reminded"] is True

    # Moved cases follow v2: after "check" there is no archiving step any more.
    _complete(ctx, first, "receive")
    assert _clocks(ctx, first)[0][1] is ClockStatus.MET
    _complete(ctx, first, "check")
    _complete(ctx, cases["second"], "check")
    for name in ("first", "second"):
        view = queries.show_instance(ctx, cases[name], ADMIN)
        assert (view.status, view.open_tasks) == (InstanceStatus.COMPLETED, ())
    # The case that could not move still runs v1 and ends there.
    _complete(ctx, cases["third"], "archive")
    assert queries.show_instance(ctx, cases["third"], ADMIN).status is InstanceStatus.COMPLETED


def test_applying_twice_is_harmless(ctx: EngineContext, cases: dict[str, int]) -> None:
    migration.migrate_instances(ctx, KEY, 1, 2, OWNER)
    rows = _snapshot_rows(ctx)
    again = migration.migrate_instances(ctx, KEY, 1, 2, OWNER)
    assert [(o.instance_id, o.outcome) for o in again.outcomes] == [
        (cases["third"], Outcome.BLOCKED)
    ]
    assert _snapshot_rows(ctx) == rows


def test_a_case_changed_during_its_move_is_skipped_with_nothing_written(
    ctx: EngineContext, cases: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer bumps the case between our read and our save: the lock catches it."""
    def concurrent_write(conn: Connection, *args: Any, **kwargs: Any) -> None:
        conn.execute(
            text("UPDATE process_instance SET lock_version = lock_version + 1 WHERE id = :id"),
            {"id": kwargs["instance_id"]},
        )
        record(conn, *args, **kwargs)

    monkeypatch.setattr(migration, "record", concurrent_write)
    first = cases["first"]
    report = migration.migrate_instances(ctx, KEY, 1, 2, OWNER)
    assert {o.outcome for o in report.outcomes if o.instance_id != cases["third"]} == {
        Outcome.SKIPPED
    }
    assert _version(ctx, first) == 1
    assert [t.title for t in _open(ctx, first)] == ["Enregistrer la demande"]
    _complete(ctx, first, "receive")  # still a healthy v1 case
    assert [t.bpmn_id for t in _open(ctx, first)] == ["check"]


def test_only_process_owners_and_admins_may_migrate(
    ctx: EngineContext, cases: dict[str, int]
) -> None:
    clerk = Actor("cgl", frozenset({"letting_officer"}))
    with pytest.raises(PermissionDenied):
        migration.compare_versions(ctx, KEY, 1, 2, clerk)
    with pytest.raises(PermissionDenied):
        migration.migrate_instances(ctx, KEY, 1, 2, clerk)
    assert migration.compare_versions(ctx, KEY, 1, 2, ADMIN).cases


def test_an_owner_of_one_territory_sees_and_moves_only_its_cases(
    ctx: EngineContext, cases: dict[str, int]
) -> None:
    south = Actor("owner.sud", frozenset({"process_owner"}), territory="sud")
    ctx.territory_of = lambda ref: "sud" if ref == "S-1" else "nord"
    south_case = instances.start_instance(ctx, KEY, ADMIN, place_ref="S-1").instance_id
    instances.start_instance(ctx, KEY, ADMIN, place_ref="N-1")
    comparison = migration.compare_versions(ctx, KEY, 2, 1, south)
    assert [v.instance_id for v in comparison.cases] == [south_case]
    report = migration.migrate_instances(ctx, KEY, 2, 1, south)
    assert [(o.instance_id, o.outcome) for o in report.outcomes] == [(south_case, Outcome.MOVED)]


def _snapshot_rows(ctx: EngineContext) -> list[Any]:
    with read_session(ctx.sessions) as session:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    ProcessInstance.id,
                    ProcessInstance.definition_id,
                    ProcessInstance.lock_version,
                    ProcessInstance.state,
                ).order_by(ProcessInstance.id)
            )
        ]
