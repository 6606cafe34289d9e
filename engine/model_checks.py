"""Deploy-time checks of a model's structure: what the engine can run, and how it is wired.

Elements SpiffWorkflow cannot run (complex gateways, link or compensation events, data
stores, service tasks without an operator...), call activities leading out of the file,
dangling flows, duplicate or unsafe ids, and gateway branches that could never be taken or
conditions that would be ignored. Spiff would refuse some of these with a vaguer message and
silently skip others, so the model stops here. The code a model carries is checked by
``engine.model_code``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from engine.bpmn_parser import HabiflowParser
from engine.bpmn_xml import (
    BPMN_NS,
    FLOW_NODES,
    SPIFF_NS,
    Element,
    bpmn,
    extension_elements,
    is_bpmn,
    iter_bpmn,
    line_of,
    local_name,
    namespace_of,
    owning_id,
    qualified,
    text_of,
    walk,
)
from engine.model_problems import Problem, problem_at, problem_in

SAFE_PROCESS_ID = re.compile(r"[A-Za-z0-9_.-]{1,100}")

UNSUPPORTED_EVENTS = {  # Spiff does not follow link events nor run compensation
    "linkEventDefinition": "unsupported_link_event",
    "compensateEventDefinition": "unsupported_compensation",
}
CONDITIONAL_GATEWAYS = ("exclusiveGateway", "inclusiveGateway")


def _unsupported(element: Element, code: str, at: Element | None = None) -> Problem:
    owner = at if at is not None else element
    tag = f"{'bpmn:' if namespace_of(element) == BPMN_NS else ''}{local_name(element)}"
    owner_id = owning_id(owner)
    return Problem.of(code, owner_id, line_of(owner), tag=tag, element=str(owner_id))


def process_id_problems(processes: Iterable[Element]) -> list[Problem]:
    """Process ids become URLs, file names and database keys: keep them plain."""
    problems = []
    for process in processes:
        process_id = process.get("id", "")
        if not SAFE_PROCESS_ID.fullmatch(process_id):
            problems.append(problem_at(process, "process_id_unsafe", process=process_id[:120]))
    return problems


def duplicate_id_problems(root: Element) -> list[Problem]:
    """Ids name elements for flows, DI and Spiff alike: each must be unique in the file."""
    first_seen: dict[str, Element] = {}
    problems = []
    for element in root.iter():
        element_id = element.get("id")
        if not element_id:
            continue
        if element_id in first_seen:
            problems.append(
                problem_at(
                    element,
                    "duplicate_id",
                    id=element_id,
                    first_line=line_of(first_seen[element_id]) or 0,
                )
            )
        else:
            first_seen[element_id] = element
    return problems


def called_processes(root: Element, process: Element) -> tuple[list[Element], list[Problem]]:
    """The processes of this document reached from ``process`` by call activities."""
    by_id = {candidate.get("id"): candidate for candidate in root.iterchildren(bpmn("process"))}
    reached: dict[str | None, Element] = {process.get("id"): process}
    pending, problems = [process], []
    while pending:
        for call in iter_bpmn(pending.pop(), "callActivity"):
            called_id = (call.get("calledElement") or "").strip()
            called = by_id.get(called_id)
            if not called_id:
                problems.append(problem_at(call, "call_without_called_element"))
            elif called is None:
                problems.append(problem_at(call, "call_unknown_process", called=called_id))
            elif called.get("isExecutable", "true") != "true":
                problems.append(problem_at(call, "call_not_executable", called=called_id))
            elif called_id not in reached:
                reached[called_id] = called
                pending.append(called)
    return list(reached.values())[1:], problems


def _data_reference_problems(element: Element, ids: dict[str, Element]) -> list[Problem]:
    """Spiff resolves data associations to data object references only (stores aside)."""
    missing, wrong = [], []
    for path in ("dataInputAssociation/sourceRef", "dataOutputAssociation/targetRef"):
        for end in element.iterfind("/".join(bpmn(step) for step in path.split("/"))):
            target_id = (end.text or "").strip()
            referenced = ids.get(target_id)
            if referenced is not None and is_bpmn(referenced, "dataStoreReference"):
                continue  # refused as such by structural_problems
            if referenced is None:
                missing.append(f"'{target_id}'")
            elif not is_bpmn(referenced, "dataObjectReference"):
                wrong.append(f"'{target_id}' (bpmn:{local_name(referenced)})")
    problems = []
    if missing:
        problems.append(problem_at(element, "data_reference_missing", targets=", ".join(missing)))
    if wrong:
        problems.append(problem_at(element, "data_reference_not_object", targets=", ".join(wrong)))
    return problems


def _flow_end_problems(flow: Element, ids_within: dict[Element, set[str]]) -> list[Problem]:
    """A sequence flow must join two elements of the same (sub)process."""
    container = flow.getparent()
    if container is None:
        return []
    if container not in ids_within:
        ids_within[container] = {
            child.get("id", "") for child in container.iterdescendants() if child.get("id")
        }
    problems = []
    for end in ("sourceRef", "targetRef"):
        node_id = flow.get(end, "")
        if node_id not in ids_within[container]:
            problems.append(problem_at(flow, "sequence_flow_end_outside", end=end, node=node_id))
    return problems


def structural_problems(root: Element, processes: list[Element]) -> list[Problem]:
    """Elements of the deployed processes (or of the document) the engine cannot run."""
    problems = [
        _unsupported(store, "unsupported_data_store") for store in root.iter(bpmn("dataStore"))
    ]
    ids = {element.get("id", ""): element for element in root.iter() if element.get("id")}
    ids_within: dict[Element, set[str]] = {}
    for element in walk(processes):
        name = local_name(element)
        if not is_bpmn(element):
            continue
        if name in FLOW_NODES and (code := HabiflowParser.unsupported_code(element.tag)):
            problems.append(_unsupported(element, code))
        elif name == "dataStoreReference":
            problems.append(_unsupported(element, "unsupported_data_store"))
        elif name in UNSUPPORTED_EVENTS:
            event = element.getparent()
            problems.append(_unsupported(element, UNSUPPORTED_EVENTS[name], at=event))
        elif name == "timerEventDefinition" and not any(
            local_name(child) in ("timeDate", "timeDuration", "timeCycle") for child in element
        ):
            problems.append(problem_in(element, "timer_without_definition"))
        elif name == "serviceTask" and not any(
            local_name(child) == "serviceTaskOperator"
            for child in extension_elements(element, SPIFF_NS)
        ):
            problems.append(problem_at(element, "service_task_without_operator"))
        elif name == "boundaryEvent" and not any(
            local_name(child).endswith("EventDefinition") for child in element
        ):
            problems.append(problem_at(element, "boundary_event_without_definition"))
        elif name == "sequenceFlow":
            problems += _flow_end_problems(element, ids_within)
        problems += _data_reference_problems(element, ids)
    problems += [
        problem_at(prop, "spiff_property_incomplete")
        for process in processes
        for prop in process.iter(qualified(SPIFF_NS, "property"))
        if prop.get("name") is None or prop.get("value") is None
    ]
    return problems


def gateway_problems(processes: list[Element]) -> list[Problem]:
    """Conditions the engine would ignore, and gateway branches it could never choose."""
    problems = []
    for process in processes:
        nodes = {node.get("id"): node for node in process.iterdescendants() if node.get("id")}
        outgoing: dict[str, list[Element]] = {}
        for flow in iter_bpmn(process, "sequenceFlow"):
            outgoing.setdefault(flow.get("sourceRef", ""), []).append(flow)
        for source_id, flows in outgoing.items():
            source = nodes.get(source_id)
            source_name = local_name(source) if source is not None else "?"
            for flow in flows:
                has_condition = text_of(next(flow.iterchildren(bpmn("conditionExpression")), None))
                if has_condition and source_name not in CONDITIONAL_GATEWAYS:
                    problems.append(
                        problem_at(
                            flow,
                            "condition_outside_gateway",
                            source_kind=source_name,
                            source=source_id,
                        )
                    )
                elif (
                    not has_condition
                    and source_name in CONDITIONAL_GATEWAYS
                    and len(flows) > 1
                    and source is not None
                    and source.get("default") != flow.get("id")
                ):
                    problems.append(
                        problem_at(
                            flow,
                            "flow_without_condition",
                            source_kind=source_name,
                            source=source_id,
                        )
                    )
    return problems
