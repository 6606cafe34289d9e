"""History compaction: keep a workflow's live task tree the size of its frontier.

SpiffWorkflow keeps every task it ever ran in the tree, and walks the whole
tree on each step: a case that loops 300 times gets 20-30x slower per step and
its stored state grows without bound. The engine's own history (human tasks,
audit log) is kept in tables, so the tree only needs what Spiff reads: the
unfinished tasks, their parents, and the structural tasks (joins, boundary
event splits, subprocess tasks) whose ancestry its join logic inspects.

A completed task with exactly one child that is itself completed is interior
history: it is spliced out, its child re-attached to its parent. Ancestry
between the remaining tasks is unchanged.
"""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.specs.control import BoundaryEventJoin, BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from SpiffWorkflow.bpmn.specs.mixins.unstructured_join import UnstructuredJoin
from SpiffWorkflow.specs.Join import Join
from SpiffWorkflow.util.task import TaskState

_STRUCTURAL = (UnstructuredJoin, Join, BoundaryEventSplit, BoundaryEventJoin, SubWorkflowTask)


def compact(workflow: Any) -> int:
    """Splice interior completed history out of the workflow and its subprocesses.

    Returns the number of tasks removed.
    """
    removed = _compact_tree(workflow, workflow)
    for subprocess in list(workflow.subprocesses.values()):
        removed += _compact_tree(subprocess, workflow)
    return removed


def _compact_tree(tree: Any, top: Any) -> int:
    removed = 0
    for task in list(tree.tasks.values()):
        if not _is_interior_history(task, tree, top):
            continue
        child = task.children[0]
        parent = task.parent
        parent._children = [child.id if cid == task.id else cid for cid in parent._children]
        child._parent = parent.id
        del tree.tasks[task.id]
        removed += 1
    return removed


def _is_interior_history(task: Any, tree: Any, top: Any) -> bool:
    if task.state != TaskState.COMPLETED or task.parent is None or len(task._children) != 1:
        return False
    if isinstance(task.task_spec, _STRUCTURAL) or task is tree.last_task:
        return False
    if task.id in top.subprocesses:
        return False
    child = task.children[0]
    return bool(child.state == TaskState.COMPLETED and not isinstance(child.task_spec, _STRUCTURAL))
