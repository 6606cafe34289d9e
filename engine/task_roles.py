"""Which role a human task is offered to, read from the model as any modeler writes it.

Sources, strongest first:

1. the task's own ``<hf:role key="..."/>``;
2. Camunda's candidate groups (``camunda:candidateGroups`` attribute, Camunda 8's
   ``zeebe:assignmentDefinition``), the first group that names a role;
3. SpiffArena's ``role`` or ``candidateGroups`` property;
4. a BPMN ``potentialOwner``/``humanPerformer`` (resource name or expression text);
5. the lanes the task (or its enclosing subprocess) is drawn in, innermost first: each lane's
   ``hf:role``, then its name, then its id;
6. the name of the pool.

Free text is matched by ``workflows.roles.resolve_role``; an ``hf:role`` key it does not know
is an error, never a reason to fall back to a weaker source.
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.bpmn_xml import (
    CAMUNDA_NS,
    Element,
    bpmn,
    hf_extension,
    is_bpmn,
    iter_bpmn,
    local_name,
    one_line,
    qualified,
    spiff_properties,
    text_of,
    zeebe_attribute,
)
from engine.model_problems import Problem, problem_at
from workflows.roles import Role, resolve_role


class Lanes:
    """The lanes and the pool each flow node of a document is drawn in."""

    def __init__(self, root: Element) -> None:
        self._lanes: dict[str, list[Element]] = {}
        for lane in iter_bpmn(root, "lane"):
            for ref in lane.iterchildren(bpmn("flowNodeRef")):
                if ref.text and ref.text.strip():
                    self._lanes.setdefault(ref.text.strip(), []).append(lane)
        for lanes in self._lanes.values():
            # bpmn-js lists a node in its lane and in every enclosing lane: deepest first.
            lanes.sort(key=lambda lane: -sum(1 for _ in lane.iterancestors(bpmn("lane"))))
        self._pools = {
            participant.get("processRef", ""): one_line(participant.get("name"))
            for participant in iter_bpmn(root, "participant")
        }

    def of(self, element: Element) -> list[Element]:
        """The lanes of the element, or of the nearest enclosing activity, innermost first."""
        current: Element | None = element
        while current is not None and not is_bpmn(current, "process"):
            lanes = self._lanes.get(current.get("id", ""))
            if lanes:
                return lanes
            current = current.getparent()
        return []

    def pool_name(self, element: Element) -> str | None:
        """The name of the pool (participant) drawing the element's process, if any."""
        for process in element.iterancestors(bpmn("process")):
            return self._pools.get(process.get("id", "")) or None
        return None


def _hf_role(element: Element, problems: list[Problem]) -> tuple[bool, Role | None]:
    """(declared, role) for the element's ``hf:role``; an unknown key is a problem."""
    declared = hf_extension(element, "role")
    if declared is None:
        return False, None
    key = (declared.get("key") or "").strip()
    role = resolve_role(key) if key else None
    if not key:
        problems.append(problem_at(declared, "role_without_key"))
    elif role is None:
        known = ", ".join(known.value for known in Role)
        problems.append(problem_at(declared, "role_unknown", key=key, known=known))
    return True, role


def _resource_names(task: Element) -> Iterator[str]:
    root = task.getroottree().getroot()
    for performer in task.iterchildren(bpmn("potentialOwner"), bpmn("humanPerformer")):
        for ref in performer.iterchildren(bpmn("resourceRef")):
            resource_id = (ref.text or "").strip().rpartition(":")[2]
            for resource in root.iterchildren(bpmn("resource")):
                if resource.get("id") == resource_id and resource.get("name"):
                    yield resource.get("name", "")
        for expression in performer.iterdescendants(bpmn("formalExpression")):
            if (text := text_of(expression)) is not None:
                yield text


def _task_candidates(task: Element) -> Iterator[tuple[str, str]]:
    """(source, text) of every role the task itself names, strongest first."""
    groups = task.get(qualified(CAMUNDA_NS, "candidateGroups")) or ""
    for group in groups.split(","):
        yield "camunda:candidateGroups", group
    groups = zeebe_attribute(task, "assignmentDefinition", "candidateGroups") or ""
    for group in groups.split(","):
        yield "zeebe:candidateGroups", group
    properties = spiff_properties(task)
    for name in ("role", "candidateGroups"):
        for group in properties.get(name, "").split(","):
            yield f"spiffworkflow property '{name}'", group
    for resource in _resource_names(task):
        yield "potentialOwner", resource


def resolve_task_role(task: Element, lanes: Lanes, problems: list[Problem]) -> Role | None:
    """The role of a user or manual task; if none, a problem says what was tried."""
    declared, role = _hf_role(task, problems)
    if declared:
        return role
    tried: list[str] = []
    seen: set[str] = set()

    def attempt(source: str, written: str | None) -> Role | None:
        text = one_line(written)
        if not text or text in seen:
            return None
        seen.add(text)
        found = resolve_role(text)
        if found is None:
            tried.append(f"{source} '{text}'")
        return found

    for source, text in _task_candidates(task):
        if (role := attempt(source, text)) is not None:
            return role
    for lane in lanes.of(task):
        declared, role = _hf_role(lane, problems)
        if declared:
            return role
        for source, written in (("lane", lane.get("name")), ("lane id", lane.get("id"))):
            if (role := attempt(source, written)) is not None:
                return role
    if (role := attempt("pool", lanes.pool_name(task))) is not None:
        return role
    kind = "user_task" if local_name(task) == "userTask" else "manual_task"
    name = one_line(task.get("name")) or task.get("id", "")
    if tried:
        tried_all = ", ".join(tried)
        problems.append(
            problem_at(task, "task_without_role", what=kind, name=name, tried=tried_all)
        )
    else:
        problems.append(problem_at(task, "task_without_role_source", what=kind, name=name))
    return None
