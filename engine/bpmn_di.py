"""Reading BPMN diagram interchange (DI): where each element is drawn, and in what order to read it.

The web UI draws heatmaps over the modeller's own layout and offers a text alternative of the
diagram (its steps in reading order) for accessibility; this small lxml reader replaces
bpmn-python, which does not run on Python 3.11.

Diagrams come from many modelers and are only drawings: a shape or edge whose geometry is
missing or not a finite number (``x="abc"``, ``width="NaN"``, a negative size, fewer than two
waypoints) is left out of its diagram without any error, so one bad element never hides the
rest; so is one that names no ``bpmnElement`` (nothing to key it by). A label with such bounds
is dropped while its shape is kept. When an element is drawn twice in one diagram, the first
drawing counts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from engine.bpmn_xml import (
    BPMNDI_NS,
    DC_NS,
    DI_NS,
    FLOW_NODES,
    Element,
    bpmn,
    one_line,
    qualified,
)
from engine.model_problems import ModelRejected, Problem
from engine.safe_xml import parse_untrusted_xml

# The lexical form of xsd:double without INF/NaN: what float() accepts beyond it
# ("1_000", "infinity") is not XML.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_LABEL_BOUNDS = f"{qualified(BPMNDI_NS, 'BPMNLabel')}/{qualified(DC_NS, 'Bounds')}"
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


@dataclass(frozen=True)
class Bounds:
    """A rectangle in diagram coordinates (y grows downwards)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def center(self) -> tuple[float, float]:
        """The middle of the rectangle."""
        return (self.x + self.width / 2, self.y + self.height / 2)


@dataclass(frozen=True)
class Shape:
    """Where a BPMN element (task, event, pool, lane...) is drawn, and its label if placed."""

    element_id: str
    bounds: Bounds
    is_horizontal: bool | None
    label: Bounds | None


@dataclass(frozen=True)
class Edge:
    """The polyline of a connecting element (sequence flow, message flow, association)."""

    element_id: str
    waypoints: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Diagram:
    """One ``bpmndi:BPMNDiagram``: its shapes and edges keyed by the BPMN element they draw."""

    id: str
    name: str | None
    plane_element: str | None
    shapes: Mapping[str, Shape]
    edges: Mapping[str, Edge]

    def bounding_box(self) -> Bounds | None:
        """The smallest box holding every shape (with its label) and waypoint; None if empty."""
        points: list[tuple[float, float]] = []
        for shape in self.shapes.values():
            for box in (shape.bounds, shape.label):
                if box is not None:
                    points += [(box.x, box.y), (box.x + box.width, box.y + box.height)]
        for edge in self.edges.values():
            points += edge.waypoints
        if not points:
            return None
        xs, ys = [x for x, _ in points], [y for _, y in points]
        return Bounds(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def _number(text: str | None) -> float | None:
    if text is None or not _NUMBER.fullmatch(text.strip()):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _bounds(element: Element | None) -> Bounds | None:
    if element is None:
        return None
    x, y, width, height = (_number(element.get(name)) for name in ("x", "y", "width", "height"))
    if x is None or y is None or width is None or height is None or width < 0 or height < 0:
        return None
    return Bounds(x, y, width, height)


def _shape(element: Element) -> Shape | None:
    element_id = element.get("bpmnElement")
    bounds = _bounds(element.find(qualified(DC_NS, "Bounds")))
    if not element_id or bounds is None:
        return None
    label = _bounds(element.find(_LABEL_BOUNDS))
    horizontal = _BOOLEANS.get((element.get("isHorizontal") or "").strip())
    return Shape(element_id, bounds, horizontal, label)


def _edge(element: Element) -> Edge | None:
    element_id = element.get("bpmnElement")
    waypoints = []
    for point in element.iterchildren(qualified(DI_NS, "waypoint")):
        x, y = _number(point.get("x")), _number(point.get("y"))
        if x is None or y is None:
            return None
        waypoints.append((x, y))
    if not element_id or len(waypoints) < 2:
        return None
    return Edge(element_id, tuple(waypoints))


def _diagram(element: Element) -> Diagram:
    plane = element.find(qualified(BPMNDI_NS, "BPMNPlane"))
    shapes: dict[str, Shape] = {}
    edges: dict[str, Edge] = {}
    if plane is not None:
        for child in plane.iter(qualified(BPMNDI_NS, "BPMNShape")):
            if (shape := _shape(child)) is not None:
                shapes.setdefault(shape.element_id, shape)
        for child in plane.iter(qualified(BPMNDI_NS, "BPMNEdge")):
            if (edge := _edge(child)) is not None:
                edges.setdefault(edge.element_id, edge)
    return Diagram(
        id=element.get("id") or "",
        name=element.get("name"),
        plane_element=None if plane is None else plane.get("bpmnElement"),
        shapes=MappingProxyType(shapes),
        edges=MappingProxyType(edges),
    )


def _diagrams_of(root: Element) -> list[Diagram]:
    return [_diagram(element) for element in root.iter(qualified(BPMNDI_NS, "BPMNDiagram"))]


def read_diagrams(xml: bytes, filename: str = "<bpmn>") -> list[Diagram]:
    """Every diagram of a BPMN document, in document order ([] when it has no DI).

    Raises ModelRejected only when the XML itself is refused (malformed, DOCTYPE, too big);
    bad geometry is skipped as the module docstring says.
    """
    return _diagrams_of(parse_untrusted_xml(xml, filename).getroot())


def step_order(xml: bytes, process_id: str, filename: str = "<bpmn>") -> list[tuple[str, str]]:
    """The flow nodes of a process as (id, name or id), in the order a reader follows them.

    Breadth-first from the start events along sequence flows, a boundary event coming right
    after the activity it is attached to; nodes at the same distance from the start are read
    left to right, then top to bottom, by the centre of their shape (document order for nodes
    not drawn, after the drawn ones). Nodes no start event leads to (event subprocesses,
    unconnected steps) follow in document order. Subprocesses count as one step.
    """
    root = parse_untrusted_xml(xml, filename).getroot()
    process = next((p for p in root.iter(bpmn("process")) if p.get("id") == process_id), None)
    if process is None:
        raise ModelRejected([Problem.of("process_not_found", process=process_id)], filename)
    nodes = {
        node_id: node
        for node in process.iterchildren(*(bpmn(name) for name in FLOW_NODES))
        if (node_id := node.get("id"))
    }
    order = {node_id: index for index, node_id in enumerate(nodes)}
    following: dict[str, list[str]] = {node_id: [] for node_id in nodes}
    for flow in process.iterchildren(bpmn("sequenceFlow")):
        source, target = flow.get("sourceRef"), flow.get("targetRef")
        if source in nodes and target in nodes:
            following[source].append(target)
    for node_id, node in nodes.items():
        if (host := node.get("attachedToRef")) in nodes:
            following[host].append(node_id)

    centres: dict[str, tuple[float, float]] = {}
    for diagram in _diagrams_of(root):
        for element_id, shape in diagram.shapes.items():
            centres.setdefault(element_id, shape.bounds.center)

    def reading_order(node_ids: Iterable[str]) -> list[str]:
        def key(node_id: str) -> tuple[int, float, float, int]:
            x, y = centres.get(node_id, (0.0, 0.0))
            return (node_id not in centres, x, y, order[node_id])

        return sorted(node_ids, key=key)

    starts = [node_id for node_id, node in nodes.items() if node.tag == bpmn("startEvent")]
    seen: dict[str, None] = dict.fromkeys(starts)
    level = reading_order(starts)
    reached: list[str] = []
    while level:
        reached += level
        successors = [
            target for node_id in level for target in following[node_id] if target not in seen
        ]
        seen.update(dict.fromkeys(successors))
        level = reading_order(dict.fromkeys(successors))
    reached += [node_id for node_id in nodes if node_id not in seen]
    return [(node_id, one_line(nodes[node_id].get("name")) or node_id) for node_id in reached]
