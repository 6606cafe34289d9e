"""Moving one live workflow onto another version of its process, keeping its task ids.

SpiffWorkflow's ``migrate_workflow`` resets every READY and WAITING task: they get new ids and
timers start again from now. The engine keys human tasks, SLA clocks and timer jobs by Spiff
task id, so a case moves differently here: every task is re-pointed to its aligned spec in the
new version (Spiff's ``SpecDiff`` / ``WorkflowDiff``), live tasks keep their ids and internal
data (a waiting timer keeps its due instant), and only the predicted part of the tree (tasks
not started yet) is rebuilt where it no longer follows the new flows. Completed history whose
step no longer exists is spliced out, as ``engine.compaction`` does.

A case cannot move when a step it stands on was removed or changed behaviour (type, script,
event, data...), or is offered to another role or with another form than the one its people
hold it under, or when a subprocess it runs no longer exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from SpiffWorkflow.bpmn.util.diff import SpecDiff, WorkflowDiff
from SpiffWorkflow.util.task import TaskState

from engine.runtime import LoadedSpec
from engine.services.version_diff import HARMLESS, meta_of, spec_diff, step_of

LIVE = TaskState.READY | TaskState.WAITING | TaskState.STARTED
PENDING = TaskState.PREDICTED_MASK | TaskState.FUTURE


class Obstacle(StrEnum):
    STEP_REMOVED = "step_removed"
    STEP_CHANGED = "step_changed"
    ROLE_CHANGED = "role_changed"
    FORM_CHANGED = "form_changed"
    HISTORY_REMOVED = "history_removed"
    NEXT_STEP_REMOVED = "next_step_removed"
    SUBPROCESS_REMOVED = "subprocess_removed"


@dataclass(frozen=True)
class Blocker:
    """Why a case cannot move: what stands in the way, on which step.

    ``detail`` lists the changed attributes of a step; ``old`` and ``new`` the role or form
    keys of a step offered differently.
    """

    obstacle: Obstacle
    step: str
    detail: str | None = None
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True)
class _Tree:
    """The top workflow or one of its subprocesses, with its diff against the new spec."""

    tree: Any
    new_spec: Any
    specs: SpecDiff
    tasks: WorkflowDiff


@dataclass(frozen=True)
class MovePlan:
    blockers: tuple[Blocker, ...]
    trees: tuple[_Tree, ...]

    @property
    def movable(self) -> bool:
        return not self.blockers


class MoveFailed(Exception):
    """The rebuilt tree does not fit the new version (nothing was saved)."""


def plan_move(workflow: Any, old: LoadedSpec, new: LoadedSpec) -> MovePlan:
    """Whether ``workflow`` (of version ``old``) can move to ``new``; changes nothing."""
    trees = [_tree(workflow, new.spec)]
    blockers: list[Blocker] = []
    for subprocess in workflow.subprocesses.values():
        target = new.subprocess_specs.get(subprocess.spec.name)
        if target is None:
            blockers.append(Blocker(Obstacle.SUBPROCESS_REMOVED, subprocess.spec.name))
        else:
            trees.append(_tree(subprocess, target))
    for item in trees:
        blockers.extend(_blockers(item, old, new))
    return MovePlan(tuple(blockers), tuple(trees))


def move(workflow: Any, plan: MovePlan, new: LoadedSpec) -> None:
    """Put ``workflow`` on version ``new`` following a plan without blockers."""
    if not plan.movable:
        raise MoveFailed("the case cannot move: " + ", ".join(b.obstacle for b in plan.blockers))
    workflow.subprocess_specs = dict(new.subprocess_specs)
    for item in plan.trees:
        tree = item.tree
        tree.spec = item.new_spec
        removed = {task.id for task in item.tasks.removed}
        for task in tree.tasks.values():
            aligned = item.tasks.alignment.get(task)
            if aligned is not None:
                task.task_spec = aligned
        _rebuild_predictions(tree)
        _splice_history(tree, removed)
        foreign = [t for t in tree.tasks.values() if _spec_in(tree, t) is not t.task_spec]
        if foreign:
            names = sorted(t.task_spec.name for t in foreign)
            raise MoveFailed(f"tasks still on the old version: {names}")


def _tree(tree: Any, new_spec: Any) -> _Tree:
    specs = spec_diff(tree.spec, new_spec)
    return _Tree(tree, new_spec, specs, WorkflowDiff(tree, specs))


def _blockers(item: _Tree, old: LoadedSpec, new: LoadedSpec) -> list[Blocker]:
    removed = {task.id for task in item.tasks.removed}
    blockers: list[Blocker] = []
    for task in item.tree.get_tasks(skip_subprocesses=True):
        spec = task.task_spec
        name = step_of(spec, old).name
        if task.has_state(LIVE):
            blockers.extend(_live_blockers(item, task, name, task.id in removed, old, new))
        elif task.id not in removed:
            continue
        elif task.has_state(TaskState.FINISHED_MASK) and len(task.children) > 1:
            # A removed step in the history that branches cannot be spliced out.
            blockers.append(Blocker(Obstacle.HISTORY_REMOVED, name))
        elif task.has_state(PENDING) and _after_history(task):
            # About to start after completed work: nothing live to predict it again from.
            blockers.append(Blocker(Obstacle.NEXT_STEP_REMOVED, name))
    return blockers


def _after_history(task: Any) -> bool:
    return task.parent is not None and bool(task.parent.has_state(TaskState.FINISHED_MASK))


def _live_blockers(
    item: _Tree, task: Any, name: str, removed: bool, old: LoadedSpec, new: LoadedSpec
) -> list[Blocker]:
    if removed:
        return [Blocker(Obstacle.STEP_REMOVED, name)]
    spec = task.task_spec
    blockers = []
    changed = sorted(set(item.specs.comparisons.get(spec, ())) - HARMLESS)
    if changed:
        blockers.append(Blocker(Obstacle.STEP_CHANGED, name, ", ".join(changed)))
    before, after = meta_of(old, spec), meta_of(new, item.specs.alignment[spec])
    if before is not None and after is not None:
        if before.role != after.role:
            blockers.append(Blocker(Obstacle.ROLE_CHANGED, name, old=before.role, new=after.role))
        if before.form_key != after.form_key:
            blockers.append(
                Blocker(Obstacle.FORM_CHANGED, name, old=before.form_key, new=after.form_key)
            )
    return blockers


def _spec_in(tree: Any, task: Any) -> Any:
    return tree.spec.task_specs.get(task.task_spec.name)


def _rebuild_predictions(tree: Any) -> None:
    """Re-predict the not-started part of the tree wherever it no longer follows the flows."""
    for task in list(tree.get_tasks(state=LIVE, skip_subprocesses=True)):
        if not _follows_flows(task):
            _regrow(task, from_live=True)
    for task in list(tree.tasks.values()):
        if task.id not in tree.tasks or not task.has_state(PENDING):
            continue
        if _after_history(task) and not _follows_flows(task):
            _regrow(task, from_live=False)


def _follows_flows(task: Any) -> bool:
    """The predicted children of ``task`` (and theirs) are outputs of their parent's spec."""
    outputs = task.task_spec.outputs
    for child in task.children:
        if not child.has_state(PENDING):
            continue
        if child.task_spec not in outputs or not _follows_flows(child):
            return False
    return True


def _regrow(task: Any, *, from_live: bool) -> None:
    """Drop the predicted children of ``task`` and predict them again from the new spec.

    Under a live task Spiff predicts what follows as FUTURE; children that were only
    possible (MAYBE, LIKELY: a boundary event's path) keep that state.
    """
    pending = [child for child in task.children if child.has_state(PENDING)]
    previous = {child.task_spec.name: child.state for child in pending}
    for child in pending:
        task.workflow._remove_task(child.id)
    if not from_live:
        task.task_spec._predict(task, mask=PENDING)
        return
    task.task_spec._predict_hook(task)
    for child in task.children:
        if not child.has_state(PENDING):
            continue
        state = previous.get(child.task_spec.name, child.state)
        if state & TaskState.PREDICTED_MASK:
            child._set_state(state)
        child.task_spec._predict(child, mask=PENDING)


def _splice_history(tree: Any, removed: set[Any]) -> None:
    """Take completed tasks of removed steps out of the tree, re-attaching their child."""
    for task_id in removed:
        task = tree.tasks.get(task_id)
        if task is None or not task.has_state(TaskState.FINISHED_MASK) or task.parent is None:
            continue
        parent = task.parent
        children = task._children
        parent._children = [
            cid for own in parent._children for cid in (children if own == task.id else [own])
        ]
        for child in task.children:
            child._parent = parent.id
        del tree.tasks[task.id]
        if tree.last_task is task:
            tree.last_task = None
