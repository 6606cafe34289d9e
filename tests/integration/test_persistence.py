"""Stored state: round trips between steps, compaction, spec stored once."""

from __future__ import annotations

import json

from sqlalchemy import select

from engine.actors import Actor
from engine.db import read_session
from engine.models import InstanceStatus, ProcessDefinition, ProcessInstance
from engine.runtime import EngineContext, WorkflowCache
from engine.services import instances, queries, tasks
from tests.conftest import deploy_fixture

CARETAKER = Actor("gardien", frozenset({"caretaker"}))


def _state(ctx: EngineContext, instance_id: int) -> str:
    with read_session(ctx.sessions) as session:
        instance = session.get(ProcessInstance, instance_id)
        assert instance is not None
        return instance.state


def _shape(state: str) -> list[tuple[str, int]]:
    """What the stored tree holds, minus ids and timestamps: (step, state) pairs."""
    stored = json.loads(state)["workflow"]["tasks"].values()
    return sorted((task["task_spec"], task["state"]) for task in stored)


def _run_loop(ctx: EngineContext, dwellings: int, *, cold: bool) -> tuple[int, list[int]]:
    started = instances.start_instance(
        ctx, "inspection_loop", CARETAKER, data={"dwellings": dwellings}
    )
    sizes = []
    for _ in range(dwellings):
        if cold:
            # Forget the live workflow: the next step must restore it from the database.
            ctx.workflows = WorkflowCache()
        (task,) = queries.list_tasks(ctx, actor=CARETAKER)
        tasks.complete(ctx, task.id, CARETAKER, {})
        sizes.append(len(_state(ctx, started.instance_id)))
    return started.instance_id, sizes


def test_every_step_round_trips_through_the_database(ctx: EngineContext) -> None:
    deploy_fixture(ctx, "inspection_loop")
    instance_id, _ = _run_loop(ctx, 12, cold=True)
    view = queries.show_instance(ctx, instance_id, CARETAKER)
    assert view.status is InstanceStatus.COMPLETED
    assert queries.case_data(ctx, instance_id, CARETAKER)["visited"] == 12


def test_cached_and_restored_runs_agree(ctx: EngineContext) -> None:
    deploy_fixture(ctx, "inspection_loop")
    warm_id, _ = _run_loop(ctx, 8, cold=False)
    cold_id, _ = _run_loop(ctx, 8, cold=True)
    assert _shape(_state(ctx, warm_id)) == _shape(_state(ctx, cold_id))
    assert queries.case_data(ctx, warm_id, CARETAKER) == {
        **queries.case_data(ctx, cold_id, CARETAKER),
    }


def test_state_does_not_grow_with_history(ctx: EngineContext) -> None:
    deploy_fixture(ctx, "inspection_loop")
    _, sizes = _run_loop(ctx, 120, cold=False)
    # Step 10 and step 119 store the same frontier; only counters' digits differ.
    assert abs(sizes[118] - sizes[9]) <= 16, (sizes[9], sizes[118])


def test_spec_is_stored_once_per_version_not_per_instance(ctx: EngineContext) -> None:
    deploy_fixture(ctx, "repair_request")
    started = instances.start_instance(ctx, "repair_request", CARETAKER)
    with read_session(ctx.sessions) as session:
        definition = session.scalars(select(ProcessDefinition)).one()
    state = _state(ctx, started.instance_id)
    assert '"spec"' not in state and "Signaler le désordre" not in state
    assert "Signaler le d" in definition.spec_state
