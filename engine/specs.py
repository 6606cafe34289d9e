"""Loading a BPMN model for deployment: parse safely, check everything, build Spiff's specs.

``load_model`` is the only entry point. It either returns a ``ProcessModel`` (the Spiff spec
of the executable process plus what habiflow needs to know about each human task) or raises
``ModelRejected`` listing every problem found, each with its element id and line.

Steps: ``engine.safe_xml`` parses the bytes (no DTD, entities or network); the root must be
a BPMN 2.0 ``definitions``; the BPMN XML schema validates it; one executable process is
chosen as the key; ``engine.model_checks`` refuses what the engine cannot run and
``engine.model_code`` the code that breaks the sandbox policy; ``engine.bpmn_extensions``
reads roles, forms and SLAs; finally ``engine.bpmn_parser`` lets SpiffWorkflow build the
specs, unless a structural problem was found (Spiff would only trip over it, less clearly).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from types import MappingProxyType
from typing import Any

from engine.bpmn_extensions import TaskMeta, extension_problems, read_human_tasks, read_process_sla
from engine.bpmn_parser import HabiflowParser, build_specs, validate_schema
from engine.bpmn_xml import HF_NS, Element, bpmn, iter_bpmn, line_of, one_line, short_name
from engine.model_checks import (
    called_processes,
    duplicate_id_problems,
    gateway_problems,
    process_id_problems,
    structural_problems,
)
from engine.model_code import check_timers, code_problems
from engine.model_problems import ModelRejected, Problem, problem_at
from engine.safe_xml import MAX_BPMN_BYTES, parse_untrusted_xml
from workflows.sla import SlaPolicy

__all__ = [
    "HF_NS",
    "MAX_BPMN_BYTES",
    "HabiflowParser",
    "ModelRejected",
    "Problem",
    "ProcessModel",
    "TaskMeta",
    "load_model",
]


@dataclass(frozen=True)
class ProcessModel:
    """A model ready to deploy: its source, Spiff's specs and our metadata."""

    key: str
    name: str
    xml: bytes
    sha256: str
    spec: Any
    subprocess_specs: dict[str, Any]
    tasks: Mapping[str, TaskMeta]
    sla: SlaPolicy | None


def _not_bpmn(root: Element) -> Problem:
    tag = root.tag if isinstance(root.tag, str) else "?"
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return problem_at(root, "not_bpmn", root=local, namespace=namespace)
    return problem_at(root, "not_bpmn_without_namespace", root=tag)


def _stem(filename: str) -> str:
    name = PurePath(filename).name
    return name[: -len(".bpmn")] if name.endswith(".bpmn") else PurePath(name).stem


def _choose_key_process(root: Element, filename: str) -> Element | Problem:
    """The executable process to deploy, or why there is none to choose."""
    processes = list(root.iterchildren(bpmn("process")))
    if not processes:
        others = sorted({short_name(child.tag) for child in root if isinstance(child.tag, str)})
        if others:
            return Problem.of("no_process_holds", line=line_of(root), elements=", ".join(others))
        return Problem("no_process", line=line_of(root))
    executable = [process for process in processes if process.get("isExecutable") == "true"]
    if not executable:
        states = "; ".join(
            f"{process.get('id')}: {process.get('isExecutable') or 'absent'}"
            for process in processes
        )
        return Problem.of("no_executable_process", line=line_of(processes[0]), states=states)
    if len(executable) == 1:
        return executable[0]
    named = [process for process in executable if process.get("id") == _stem(filename)]
    if named:
        return named[0]
    called = {call.get("calledElement") for call in iter_bpmn(root, "callActivity")}
    uncalled = [process for process in executable if process.get("id") not in called]
    if len(uncalled) == 1:
        return uncalled[0]
    ids = ", ".join(str(process.get("id")) for process in executable)
    return Problem.of(
        "several_executable_processes",
        line=line_of(executable[1]),
        ids=ids,
        first=str(executable[0].get("id")),
    )


def load_model(
    xml: bytes, *, filename: str = "<bpmn>", form_keys: Collection[str] | None = None
) -> ProcessModel:
    """Parse and check a BPMN model; raise ModelRejected listing every problem found.

    ``form_keys`` are the forms that exist; None skips the check that each task's form does.
    """
    tree = parse_untrusted_xml(xml, filename)
    root = tree.getroot()
    if root.tag != bpmn("definitions"):
        raise ModelRejected([_not_bpmn(root)], filename)

    problems = validate_schema(tree)
    key_process = _choose_key_process(root, filename)
    if isinstance(key_process, Problem):
        raise ModelRejected([*problems, key_process], filename)
    called, call_problems = called_processes(root, key_process)
    processes = [key_process, *called]

    blocking = [
        *problems,
        *duplicate_id_problems(root),
        *call_problems,
        *process_id_problems(processes),
        *structural_problems(root, processes),
    ]
    tasks, task_problems = read_human_tasks(processes, form_keys)
    process_sla, sla_problems = read_process_sla(key_process)
    problems = [
        *blocking,
        *check_timers(processes),  # before Spiff: quotes bare ISO literals in the tree
        *code_problems(processes),
        *gateway_problems(processes),
        *(problem for process in processes for problem in extension_problems(process)),
        *task_problems,
        *sla_problems,
    ]
    key = key_process.get("id", "")
    if blocking:  # Spiff would only stumble on the same elements, less clearly
        raise ModelRejected(problems, filename)
    built = build_specs(tree, filename, key)
    if isinstance(built, Problem):
        # Spiff stops at its first error, often one we already explained better.
        if built.element_id not in {problem.element_id for problem in problems}:
            problems.append(built)
        raise ModelRejected(problems, filename)
    if problems:
        raise ModelRejected(problems, filename)
    return ProcessModel(
        key=key,
        name=one_line(key_process.get("name")) or key,
        xml=xml,
        sha256=hashlib.sha256(xml).hexdigest(),
        spec=built.spec,
        subprocess_specs=built.subprocess_specs,
        tasks=MappingProxyType(tasks),
        sla=process_sla,
    )
