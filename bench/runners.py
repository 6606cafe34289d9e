"""Running one case from start to end, in memory on plain SpiffWorkflow or through habiflow.

Both runners time the whole run and each completion separately, and may call a
``probe`` after each completion (outside the completion's timing) to look at the
stored state.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select

from engine.actors import Actor
from engine.db import read_session
from engine.models import HumanTask, InstanceStatus, ProcessInstance, TaskStatus
from engine.runtime import EngineContext
from engine.services import instances, tasks
from engine.services.deploy import deploy
from engine.specs import load_model

ACTOR = Actor("bench", frozenset({"admin"}))
FORM_DATA: dict[str, Any] = {"remark": "RAS", "ok": True}

# probe(completions_so_far, handle): handle is the live workflow (Spiff) or the instance id
Probe = Callable[[int, Any], None]


@dataclass(frozen=True)
class Workload:
    """A benchmark process: its BPMN file, start data and human completions per run."""

    key: str
    label: str
    path: Path
    data: dict[str, Any]
    steps: int


@dataclass
class RunTimes:
    """One run: its wall time and the latency of each completion, in seconds."""

    seconds: float
    completions: list[float] = field(default_factory=list)


class SpiffRunner:
    """Plain SpiffWorkflow in memory: Spiff's own parser and default script engine."""

    def __init__(self, workload: Workload) -> None:
        parser = SpiffBpmnParser()
        parser.add_bpmn_file(str(workload.path))
        self._spec = parser.get_spec(workload.key)
        self._subprocess_specs = parser.get_subprocess_specs(workload.key)
        self._workload = workload

    def run_once(self, probe: Probe | None = None) -> RunTimes:
        began = time.perf_counter()
        workflow = self._start()
        latencies: list[float] = []
        task = _ready_manual_task(workflow)
        while task is not None:
            before = time.perf_counter()
            task.data.update(FORM_DATA)
            task.run()
            workflow.do_engine_steps()
            task = _ready_manual_task(workflow)
            latencies.append(time.perf_counter() - before)
            if probe is not None:
                probe(len(latencies), workflow)
        if not workflow.completed:
            raise RuntimeError(f"{self._workload.key} stopped before its end in memory")
        return RunTimes(time.perf_counter() - began, latencies)

    def _start(self) -> Any:
        workflow = BpmnWorkflow(self._spec, self._subprocess_specs)
        # Seed the start data the way habiflow's start_instance does.
        workflow.data.update(self._workload.data)
        workflow.task_tree.data.update(workflow.data)
        for child in workflow.task_tree.children:
            child.data.update(workflow.data)
        workflow.do_engine_steps()
        return workflow


def _ready_manual_task(workflow: Any) -> Any:
    for task in workflow.get_tasks(state=TaskState.READY):
        if task.task_spec.manual:
            return task
    return None


class HabiflowRunner:
    """habiflow's services: one transaction per start, inbox read and completion."""

    def __init__(self, ctx: EngineContext, workload: Workload) -> None:
        model = load_model(workload.path.read_bytes(), filename=workload.path.name)
        deploy(ctx, model, "bench")
        self._ctx = ctx
        self._workload = workload

    def run_once(self, probe: Probe | None = None) -> RunTimes:
        began = time.perf_counter()
        started = instances.start_instance(
            self._ctx, self._workload.key, ACTOR, data=self._workload.data
        )
        task_ids = open_task_ids(self._ctx, started.instance_id)
        latencies: list[float] = []
        status = started.status
        while task_ids:
            before = time.perf_counter()
            done = tasks.complete(self._ctx, task_ids[0], ACTOR, FORM_DATA)
            latencies.append(time.perf_counter() - before)
            task_ids, status = done.next_task_ids, done.instance_status
            if probe is not None:
                probe(len(latencies), started.instance_id)
        if status is not InstanceStatus.COMPLETED:
            raise RuntimeError(f"case {started.instance_id} is {status.value} with no open task")
        return RunTimes(time.perf_counter() - began, latencies)


def open_task_ids(ctx: EngineContext, instance_id: int) -> tuple[int, ...]:
    """What the inbox shows for one case: needed once per run, for its first task."""
    query = select(HumanTask.id).where(
        HumanTask.instance_id == instance_id,
        HumanTask.status.in_((TaskStatus.OPEN, TaskStatus.CLAIMED)),
    )
    with read_session(ctx.sessions) as session:
        return tuple(session.scalars(query))


def stored_state_bytes(ctx: EngineContext, instance_id: int) -> int:
    with read_session(ctx.sessions) as session:
        state = session.scalar(
            select(ProcessInstance.state).where(ProcessInstance.id == instance_id)
        )
    return len((state or "").encode())
