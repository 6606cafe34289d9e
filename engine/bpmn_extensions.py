"""What habiflow reads from a model's human tasks: role, form, SLA, due date, documentation.

Habiflow's own extension elements live in ``bpmn:extensionElements``::

    <hf:role key="caretaker"/>              on a lane or a user/manual task
    <hf:form key="move_out_inspection"/>    on a user task
    <hf:sla duration="P5D" calendar="business" warnAt="0.8" escalateTo="territorial_manager"/>
                                            on a user/manual task or on the process

What other modelers write is read as well: Camunda's ``formKey`` and ``dueDate``, Camunda 8's
``zeebe:formDefinition`` and ``zeebe:taskSchedule``, SpiffArena's ``formKey``,
``formJsonSchemaFilename``, ``sla`` and ``dueDate`` properties. Roles: see
``engine.task_roles``.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from engine.bpmn_xml import (
    CAMUNDA_NS,
    HF_NS,
    HUMAN_TASKS,
    Element,
    bpmn,
    extension_elements,
    hf_extension,
    iter_bpmn,
    local_name,
    one_line,
    qualified,
    short_name,
    spiff_properties,
    text_of,
    zeebe_attribute,
)
from engine.model_problems import Problem, problem_at
from engine.task_roles import Lanes, resolve_task_role
from workflows.sla import SlaError, SlaPolicy, parse_sla

SAFE_FORM_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_FORM_SUFFIXES = (".schema.json", "-schema.json", ".json", ".html", ".form")
_MAX_LISTED_FORMS = 12

# Each extension: where it may appear and which attributes it takes.
_EXTENSIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "role": (("lane", *HUMAN_TASKS), ("key",)),
    "form": (("userTask",), ("key",)),
    "sla": ((*HUMAN_TASKS, "process"), ("duration", "calendar", "warnAt", "escalateTo")),
}


@dataclass(frozen=True)
class TaskMeta:
    """What habiflow needs to know about a human task to route it and watch its deadline."""

    bpmn_id: str
    name: str
    kind: str
    role: str | None
    form_key: str | None
    sla: SlaPolicy | None
    due_expr: str | None
    documentation: str | None
    lane: str | None


# --- forms ------------------------------------------------------------------------------------


def form_stem(reference: str) -> str:
    """The form key a modeler's form reference names.

    "embedded:app:forms/request.html", "camunda-forms:deployment:request.form",
    "request-schema.json" and "request" all name the form "request".
    """
    tail = reference.strip().rpartition(":")[2].rpartition("/")[2]
    for suffix in _FORM_SUFFIXES:
        if tail.endswith(suffix) and len(tail) > len(suffix):
            return tail[: -len(suffix)]
    return tail


def _form_reference(task: Element, problems: list[Problem]) -> tuple[str, str] | None:
    """(source, reference) of the task's form, hf:form first."""
    declared = hf_extension(task, "form")
    if declared is not None:
        key = (declared.get("key") or "").strip()
        if not key:
            problems.append(problem_at(declared, "form_without_key"))
            return None
        return "hf:form", key
    properties = spiff_properties(task)
    candidates = [
        ("camunda:formKey", task.get(qualified(CAMUNDA_NS, "formKey"))),
        ("zeebe:formDefinition formId", zeebe_attribute(task, "formDefinition", "formId")),
        ("zeebe:formDefinition formKey", zeebe_attribute(task, "formDefinition", "formKey")),
        ("spiffworkflow property 'formKey'", properties.get("formKey")),
        (
            "spiffworkflow property 'formJsonSchemaFilename'",
            properties.get("formJsonSchemaFilename"),
        ),
    ]
    for source, reference in candidates:
        if reference and reference.strip():
            return source, reference.strip()
    return None


def _form_key(
    task: Element, form_keys: Collection[str] | None, problems: list[Problem]
) -> str | None:
    found = _form_reference(task, problems)
    if found is None:
        return None
    source, reference = found
    key = reference if source == "hf:form" else form_stem(reference)
    # The problem names the form key too when the reference is more than the key.
    named: dict[str, str] = {"source": source, "reference": reference}
    stem = "" if key == reference else "_key"
    if stem:
        named["key"] = key
    if not SAFE_FORM_KEY.fullmatch(key) or ".." in key:
        # The key names a file under forms/: nothing may climb out of it.
        problems.append(problem_at(task, f"form_unsafe{stem}", **named))
        return None
    if form_keys is not None and key not in form_keys:
        known = sorted(form_keys)
        if not known:
            problems.append(problem_at(task, f"form_unknown{stem}_none", **named))
            return None
        listed = ", ".join(known[:_MAX_LISTED_FORMS])
        listed += ", ..." if len(known) > _MAX_LISTED_FORMS else ""
        problems.append(problem_at(task, f"form_unknown{stem}", known=listed, **named))
        return None
    return key


# --- SLA and due date -------------------------------------------------------------------------


def _sla(element: Element, problems: list[Problem]) -> SlaPolicy | None:
    declared = hf_extension(element, "sla")
    if declared is not None:
        duration = declared.get("duration")
        if duration is None or not duration.strip():
            problems.append(problem_at(declared, "sla_without_duration"))
            return None
        try:
            return parse_sla(
                duration,
                declared.get("calendar"),
                declared.get("warnAt"),
                declared.get("escalateTo"),
            )
        except SlaError as error:
            problems.append(problem_at(declared, "sla_invalid", detail=str(error)))
            return None
    value = spiff_properties(element).get("sla")
    if value is None:
        return None
    try:
        return parse_sla(value, None, None, None)
    except SlaError as error:
        problems.append(problem_at(element, "sla_property_invalid", detail=str(error)))
        return None


def _due_expression(task: Element) -> str | None:
    for candidate in (
        task.get(qualified(CAMUNDA_NS, "dueDate")),
        zeebe_attribute(task, "taskSchedule", "dueDate"),
        spiff_properties(task).get("dueDate"),
    ):
        if candidate and candidate.strip():
            return candidate.strip()
    return None


# --- public -----------------------------------------------------------------------------------


def extension_problems(scope: Element) -> list[Problem]:
    """Misplaced, unknown, repeated or misspelt ``hf:`` extensions under an element."""
    problems = []
    for container in scope.iter(bpmn("extensionElements")):
        owner = container.getparent()
        owner_name = local_name(owner) if owner is not None else ""
        seen: set[str] = set()
        for child in extension_elements(owner, HF_NS) if owner is not None else []:
            name = local_name(child)
            if name not in _EXTENSIONS:
                known = ", ".join(f"hf:{known}" for known in _EXTENSIONS)
                problems.append(problem_at(child, "extension_unknown", name=name, known=known))
                continue
            places, attributes = _EXTENSIONS[name]
            if owner_name not in places:
                allowed = ", ".join(f"bpmn:{place}" for place in places)
                problems.append(
                    problem_at(
                        child, "extension_misplaced", name=name, owner=owner_name, allowed=allowed
                    )
                )
            if name in seen:
                problems.append(problem_at(child, "extension_repeated", name=name))
            seen.add(name)
            problems += [
                problem_at(
                    child,
                    "extension_unknown_attribute",
                    name=name,
                    attribute=short_name(attribute),
                    known=", ".join(attributes),
                )
                for attribute in map(str, child.attrib)
                if attribute not in attributes
            ]
    return problems


def read_process_sla(process: Element) -> tuple[SlaPolicy | None, list[Problem]]:
    """The process-level ``hf:sla`` (or SpiffArena ``sla`` property), with its problems."""
    problems: list[Problem] = []
    return _sla(process, problems), problems


def read_human_tasks(
    processes: Collection[Element], form_keys: Collection[str] | None
) -> tuple[dict[str, TaskMeta], list[Problem]]:
    """Every user and manual task of the processes (subprocesses included), by bpmn id."""
    problems: list[Problem] = []
    tasks: dict[str, TaskMeta] = {}
    if not processes:
        return tasks, problems
    lanes = Lanes(next(iter(processes)).getroottree().getroot())
    for process in processes:
        for task in iter_bpmn(process, *HUMAN_TASKS):
            bpmn_id = task.get("id", "")
            kind = local_name(task)
            task_lanes = lanes.of(task)
            role = resolve_task_role(task, lanes, problems)
            tasks[bpmn_id] = TaskMeta(
                bpmn_id=bpmn_id,
                name=one_line(task.get("name")) or bpmn_id,
                kind=kind,
                role=role.value if role is not None else None,
                form_key=_form_key(task, form_keys, problems) if kind == "userTask" else None,
                sla=_sla(task, problems),
                due_expr=_due_expression(task),
                documentation=text_of(next(task.iterchildren(bpmn("documentation")), None)),
                lane=(one_line(task_lanes[0].get("name")) or None) if task_lanes else None,
            )
    return tasks, problems
