"""Service calls grouped in one transaction, and prepared statements (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import bindparam, func, select

from engine.actors import Actor
from engine.db import batched_writes
from engine.errors import FormInvalid
from engine.models import HumanTask, InstanceStatus, ProcessInstance, TaskStatus
from engine.prepared import NotPreparable, Prepared
from engine.runtime import EngineContext
from engine.services import instances, tasks
from tests.conftest import deploy_fixture

CARETAKER = Actor("gardien.nord", frozenset({"caretaker"}), "nord")
TECHNICIAN = Actor("tech.nord", frozenset({"asset_technician"}), "nord")
MANAGER = Actor("rt.nord", frozenset({"territorial_manager"}), "nord")
TASK = HumanTask.__table__


@pytest.fixture(autouse=True)
def territories(ctx: EngineContext) -> None:
    ctx.territory_of = lambda place: place.split("/")[0] if place else None
    deploy_fixture(ctx, "repair_request")


def _cases(ctx: EngineContext) -> int:
    with ctx.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(ProcessInstance)).scalar_one())


def test_a_batch_commits_its_calls_together(ctx: EngineContext) -> None:
    with batched_writes(ctx.engine):
        first = instances.start_instance(ctx, "repair_request", CARETAKER, place_ref="nord/r1")
        (estimate,) = tasks.complete(ctx, first.task_ids[0], CARETAKER, {}).next_task_ids
        with pytest.raises(FormInvalid):  # its savepoint rolls back, the batch goes on
            tasks.complete(ctx, estimate, TECHNICIAN, {"amount": -3, "works_level": "gold"})
        done = tasks.complete(ctx, estimate, TECHNICIAN, {"amount": 250, "works_level": "refresh"})
        instances.start_instance(ctx, "repair_request", CARETAKER, place_ref="nord/r2")
        assert _cases(ctx) == 0  # other connections see nothing before the commit
    assert _cases(ctx) == 2
    with ctx.engine.connect() as conn:
        status = conn.execute(select(TASK.c.status).where(TASK.c.id == estimate)).scalar_one()
    assert status is TaskStatus.COMPLETED
    # The workflow cached inside the batch goes on from where the batch left it.
    final = tasks.complete(ctx, done.next_task_ids[0], MANAGER, {"approved": True})
    assert final.instance_status is InstanceStatus.COMPLETED


def test_a_failed_batch_leaves_nothing(ctx: EngineContext) -> None:
    with pytest.raises(RuntimeError), batched_writes(ctx.engine):
        instances.start_instance(ctx, "repair_request", CARETAKER, place_ref="nord/r1")
        raise RuntimeError("the driver stops")
    assert _cases(ctx) == 0


def test_batches_do_not_nest(ctx: EngineContext) -> None:
    with batched_writes(ctx.engine), pytest.raises(RuntimeError), batched_writes(ctx.engine):
        pass


def test_prepared_statements_return_what_sqlalchemy_returns(ctx: EngineContext) -> None:
    started = instances.start_instance(ctx, "repair_request", CARETAKER, place_ref="nord/r1")
    statement = select(TASK).where(TASK.c.instance_id == bindparam("case"))
    with ctx.engine.connect() as conn:
        expected = [tuple(row) for row in conn.execute(statement, {"case": started.instance_id})]
        assert Prepared(statement).all(conn, {"case": started.instance_id}) == expected
    assert expected[0][TASK.c.keys().index("status")] is TaskStatus.OPEN


def test_statements_needing_sqlalchemy_at_run_time_are_refused(ctx: EngineContext) -> None:
    listed = Prepared(select(TASK.c.id).where(TASK.c.status.in_([TaskStatus.OPEN])))
    with ctx.engine.connect() as conn, pytest.raises(NotPreparable):
        listed.all(conn, {})
