"""The vocabulary of BPMN documents: namespaces, qualified names and small element helpers.

Models arrive from several modelers, each with its own extension namespace: ours (``hf:``),
Camunda 7 (``camunda:``), Camunda 8 (``zeebe:``) and SpiffArena (``spiffworkflow:``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lxml import etree

Element = etree._Element

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
HF_NS = "urn:habiflow:bpmn:1"
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
ZEEBE_NS = "http://camunda.org/schema/zeebe/1.0"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"

PREFIXES = {
    BPMN_NS: "bpmn",
    BPMNDI_NS: "bpmndi",
    DC_NS: "dc",
    DI_NS: "di",
    HF_NS: "hf",
    CAMUNDA_NS: "camunda",
    ZEEBE_NS: "zeebe",
    SPIFF_NS: "spiffworkflow",
}

HUMAN_TASKS = ("userTask", "manualTask")
FLOW_NODES = (
    "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
    "implicitThrowEvent", "task", "userTask", "manualTask", "scriptTask", "serviceTask",
    "sendTask", "receiveTask", "businessRuleTask", "subProcess", "adHocSubProcess", "transaction",
    "callActivity", "exclusiveGateway", "inclusiveGateway", "parallelGateway", "complexGateway",
    "eventBasedGateway", "callChoreography", "choreographyTask", "subChoreography",
)  # fmt: skip


def bpmn(local_name: str) -> str:
    """The qualified tag of a BPMN element, e.g. ``bpmn("userTask")``."""
    return f"{{{BPMN_NS}}}{local_name}"


def qualified(namespace: str, local_name: str) -> str:
    """The qualified (Clark notation) name of an element or attribute."""
    return f"{{{namespace}}}{local_name}"


def local_name(element: Element) -> str:
    """The tag without its namespace ("" for comments and processing instructions)."""
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def namespace_of(element: Element) -> str | None:
    """The namespace of the element's tag, None for comments and unqualified tags."""
    tag = element.tag
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:].partition("}")[0]
    return None


def is_bpmn(element: Element, *local_names: str) -> bool:
    """True if the element is in the BPMN namespace and, if names are given, one of them."""
    return namespace_of(element) == BPMN_NS and (
        not local_names or local_name(element) in local_names
    )


def short_name(name: str) -> str:
    """A Clark name written with the usual prefix: ``bpmn:userTask``, ``hf:sla``."""
    if not name.startswith("{"):
        return name
    namespace, _, local = name[1:].partition("}")
    prefix = PREFIXES.get(namespace)
    return f"{prefix}:{local}" if prefix else name


def shorten_names(text: str) -> str:
    """Replace every ``{namespace}`` we know by its prefix in a message."""
    for namespace, prefix in PREFIXES.items():
        text = text.replace(f"{{{namespace}}}", f"{prefix}:")
    return text


def text_of(element: Element | None) -> str | None:
    """The element's own text, stripped; None when absent or blank."""
    if element is None or element.text is None:
        return None
    text = element.text.strip()
    return text or None


def line_of(element: Element) -> int | None:
    """The line the element starts on, when lxml knows it."""
    line: object = element.sourceline
    return line if isinstance(line, int) else None


def owning_id(element: Element) -> str | None:
    """The id of the element or of its nearest ancestor that has one."""
    current: Element | None = element
    while current is not None:
        element_id = current.get("id")
        if element_id:
            return element_id
        current = current.getparent()
    return None


def extension_elements(element: Element, namespace: str) -> list[Element]:
    """The children of the element's ``bpmn:extensionElements`` in one namespace."""
    found: list[Element] = []
    for container in element.iterchildren(bpmn("extensionElements")):
        found.extend(child for child in container if namespace_of(child) == namespace)
    return found


def iter_bpmn(element: Element, *local_names: str) -> Iterator[Element]:
    """The BPMN descendants of the element with one of the given local names, in order."""
    yield from element.iterdescendants(*(bpmn(name) for name in local_names))


def walk(processes: Iterable[Element]) -> Iterator[Element]:
    """Each process and all its elements (subprocesses included), comments left out."""
    for process in processes:
        yield process
        yield from (child for child in process.iterdescendants() if isinstance(child.tag, str))


def parent_is(element: Element, *local_names: str) -> bool:
    """True if the element's parent is a BPMN element with one of these local names."""
    parent = element.getparent()
    return parent is not None and is_bpmn(parent, *local_names)


def one_line(text: str | None) -> str:
    """Text with its runs of blanks and line breaks folded into single spaces."""
    return " ".join((text or "").split())


# --- extension elements of each modeler -------------------------------------------------------


def hf_extension(element: Element, name: str) -> Element | None:
    """The element's first ``hf:<name>`` extension."""
    for child in extension_elements(element, HF_NS):
        if local_name(child) == name:
            return child
    return None


def spiff_properties(element: Element) -> dict[str, str]:
    """SpiffArena's ``spiffworkflow:properties`` of the element, name to (non-blank) value."""
    properties: dict[str, str] = {}
    for container in extension_elements(element, SPIFF_NS):
        if local_name(container) != "properties":
            continue
        for prop in container.iterchildren(qualified(SPIFF_NS, "property")):
            name, value = prop.get("name"), prop.get("value")
            if name and value is not None and value.strip():
                properties.setdefault(name, value.strip())
    return properties


def zeebe_attribute(element: Element, extension: str, attribute: str) -> str | None:
    """An attribute of a Camunda 8 extension, e.g. ``zeebe:formDefinition formKey``."""
    for child in extension_elements(element, ZEEBE_NS):
        if local_name(child) == extension and (value := child.get(attribute)):
            return value.strip() or None
    return None
