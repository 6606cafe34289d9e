"""Concurrent completions with real threads, on SQLite and PostgreSQL.

Each thread has its own caches, so both really load the same state and race
to write it back; a barrier lines them up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from engine.actors import Actor
from engine.errors import Conflict
from engine.models import InstanceStatus
from engine.runtime import EngineContext, SpecCache, WorkflowCache
from engine.services import instances, queries, tasks
from tests.conftest import deploy_fixture

GARDIEN_A = Actor("gardien.a", frozenset({"caretaker"}))
GARDIEN_B = Actor("gardien.b", frozenset({"caretaker"}))
CGL = Actor("cgl", frozenset({"letting_officer"}))
ROUNDS = 6


def _isolated(ctx: EngineContext) -> EngineContext:
    return replace(ctx, specs=SpecCache(), workflows=WorkflowCache())


def _race(*calls: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        barrier.wait(timeout=30)
        try:
            results[index] = call()
        except Exception as exc:  # collected and asserted on by the test
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a completion hung"
    return results


def test_same_task_completed_twice_at_once(ctx: EngineContext) -> None:
    deploy_fixture(ctx, "parallel_checks")
    for _ in range(ROUNDS):
        started = instances.start_instance(ctx, "parallel_checks", GARDIEN_A)
        view = queries.show_instance(ctx, started.instance_id, GARDIEN_A)
        meters = next(t for t in view.open_tasks if t.bpmn_id == "meters")
        one, two = _isolated(ctx), _isolated(ctx)
        results = _race(
            partial(tasks.complete, one, meters.id, GARDIEN_A, {"index": 1}),
            partial(tasks.complete, two, meters.id, GARDIEN_B, {"index": 2}),
        )
        winners = [r for r in results if isinstance(r, tasks.Completed)]
        losers = [r for r in results if isinstance(r, Conflict)]
        assert len(winners) == 1 and len(losers) == 1, results
        assert "already completed" in str(losers[0]) or "changed by someone" in str(losers[0])
        after = queries.show_instance(ctx, started.instance_id, GARDIEN_A)
        assert [t.bpmn_id for t in after.open_tasks] == ["keys"]
        completions = [e for e in after.history if e.action == "task_completed"]
        assert len(completions) == 1


def test_parallel_branches_completed_at_once_both_land(ctx: EngineContext) -> None:
    deploy_fixture(ctx, "parallel_checks")
    for _ in range(ROUNDS):
        started = instances.start_instance(ctx, "parallel_checks", GARDIEN_A)
        view = queries.show_instance(ctx, started.instance_id, GARDIEN_A)
        by_step = {t.bpmn_id: t for t in view.open_tasks}
        one, two = _isolated(ctx), _isolated(ctx)
        results = _race(
            partial(tasks.complete, one, by_step["meters"].id, GARDIEN_A, {"water": 120}),
            partial(tasks.complete, two, by_step["keys"].id, GARDIEN_B, {"keys": 3}),
        )
        assert all(isinstance(r, tasks.Completed) for r in results), results
        after = queries.show_instance(ctx, started.instance_id, GARDIEN_A)
        assert [t.bpmn_id for t in after.open_tasks] == ["sign"]
        data = queries.case_data(ctx, started.instance_id, GARDIEN_A)
        assert (data["water"], data["keys"]) == (120, 3)
        sign = after.open_tasks[0]
        done = tasks.complete(ctx, sign.id, CGL, {})
        assert done.instance_status is InstanceStatus.COMPLETED
