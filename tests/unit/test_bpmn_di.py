"""The BPMN DI reader: geometry of the modeller's drawing and the diagram's reading order."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from engine.bpmn_di import Bounds, Diagram, Edge, Shape, read_diagrams, step_order
from engine.model_problems import ModelRejected

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn" / "three_step_approval.bpmn"
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "bpmn-corpus" / "miwg-reference"
CORPUS_FILES = sorted(CORPUS.glob("*.bpmn"))
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"


def approval() -> bytes:
    return FIXTURE.read_bytes()


def approval_with(old: bytes, new: bytes) -> bytes:
    xml = approval()
    assert xml.count(old) == 1, old
    return xml.replace(old, new)


def without_di(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    for diagram in root.findall(f"{{{BPMNDI_NS}}}BPMNDiagram"):
        root.remove(diagram)
    return etree.tostring(root)


def only_diagram(xml: bytes) -> Diagram:
    diagrams = read_diagrams(xml)
    assert len(diagrams) == 1
    return diagrams[0]


def test_fixture_shapes_and_edges() -> None:
    diagram = only_diagram(approval())
    assert (diagram.id, diagram.name, diagram.plane_element) == (
        "Diagram_1",
        None,
        "Collaboration_1",
    )
    assert len(diagram.shapes) == 14 and len(diagram.edges) == 8
    assert diagram.shapes["Participant_1"] == Shape(
        "Participant_1", Bounds(100, 60, 900, 450), is_horizontal=True, label=None
    )
    assert diagram.shapes["Task_Review"] == Shape(
        "Task_Review", Bounds(420, 200, 100, 80), is_horizontal=None, label=None
    )
    assert diagram.shapes["Gateway_Amount"].bounds.center == (600, 240)
    assert diagram.edges["Flow_2"] == Edge("Flow_2", ((370, 120), (470, 120), (470, 200)))
    assert diagram.edges["Flow_Small"] == Edge("Flow_Small", ((625, 240), (902, 240)))
    assert diagram.bounding_box() == Bounds(100, 60, 900, 450)


def test_bounding_box_covers_labels_and_waypoints() -> None:
    xml = approval_with(
        b'<dc:Bounds x="182" y="102" width="36" height="36"/>',
        b'<dc:Bounds x="182" y="102" width="36" height="36"/>'
        b'<bpmndi:BPMNLabel><dc:Bounds x="160" y="145" width="80" height="14"/></bpmndi:BPMNLabel>',
    )
    xml = xml.replace(b'<dc:Bounds x="100" y="60" width="900" height="450"/>', b"")
    xml = xml.replace(b'<di:waypoint x="902" y="440"/>', b'<di:waypoint x="1200" y="700"/>')
    diagram = only_diagram(xml)
    assert "Participant_1" not in diagram.shapes
    assert diagram.shapes["StartEvent_1"].label == Bounds(160, 145, 80, 14)
    assert diagram.bounding_box() == Bounds(130, 60, 1070, 640)


def test_empty_diagram_has_no_bounding_box() -> None:
    empty = Diagram("D", None, None, {}, {})
    assert empty.bounding_box() is None


def test_shapes_and_edges_are_read_only() -> None:
    diagram = only_diagram(approval())
    with pytest.raises(TypeError):
        diagram.shapes["x"] = diagram.shapes["Task_Review"]  # type: ignore[index]


def test_corpus_is_beside_the_project() -> None:
    assert CORPUS_FILES, f"the MIWG corpus is missing: expected it in {CORPUS}"


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.name)
def test_corpus_diagrams_are_read_whole(path: Path) -> None:
    xml = path.read_bytes()
    diagrams = read_diagrams(xml, filename=path.name)
    assert diagrams
    assert all(diagram.shapes for diagram in diagrams)
    for diagram in diagrams:
        assert diagram.bounding_box() is not None
        for edge in diagram.edges.values():
            assert len(edge.waypoints) >= 2, edge.element_id
    # Every DI element naming a BPMN element was read: nothing skipped in these clean files.
    root = etree.fromstring(xml)
    for kind, found in (
        ("BPMNShape", sum(len(d.shapes) for d in diagrams)),
        ("BPMNEdge", sum(len(d.edges) for d in diagrams)),
    ):
        drawn = [e for e in root.iter(f"{{{BPMNDI_NS}}}{kind}") if e.get("bpmnElement")]
        assert found == len(drawn), kind


def test_model_without_di_has_no_diagram() -> None:
    assert read_diagrams(without_di(approval())) == []


@pytest.mark.parametrize(
    "broken",
    [
        b'x="abc" y="200" width="100" height="80"',
        b'y="200" width="100" height="80"',
        b'x="NaN" y="200" width="100" height="80"',
        b'x="1_000" y="200" width="100" height="80"',
        b'x="420" y="200" width="-100" height="80"',
        b'x="420" y="200" width="INF" height="80"',
    ],
)
def test_shape_with_broken_numbers_is_skipped(broken: bytes) -> None:
    xml = approval_with(b'x="420" y="200" width="100" height="80"', broken)
    diagram = only_diagram(xml)
    assert "Task_Review" not in diagram.shapes
    assert len(diagram.shapes) == 13 and len(diagram.edges) == 8


def test_edge_with_broken_or_too_few_waypoints_is_skipped() -> None:
    xml = approval_with(b'<di:waypoint x="470" y="200"/>', b'<di:waypoint x="470" y="down"/>')
    xml = xml.replace(b'<di:waypoint x="625" y="240"/>', b"")
    diagram = only_diagram(xml)
    kept = ["Flow_1", "Flow_3", "Flow_4", "Flow_Large", "Flow_Remind", "Flow_Reminded"]
    assert sorted(diagram.edges) == kept
    assert len(diagram.shapes) == 14


def test_label_with_broken_numbers_is_dropped_and_shape_kept() -> None:
    xml = approval_with(
        b'<dc:Bounds x="182" y="102" width="36" height="36"/>',
        b'<dc:Bounds x="182" y="102" width="36" height="36"/>'
        b'<bpmndi:BPMNLabel><dc:Bounds x="?" y="145" width="80" height="14"/></bpmndi:BPMNLabel>',
    )
    shape = only_diagram(xml).shapes["StartEvent_1"]
    assert shape.bounds == Bounds(182, 102, 36, 36) and shape.label is None


def test_every_diagram_is_read() -> None:
    root = etree.fromstring(approval())
    original = root.find(f"{{{BPMNDI_NS}}}BPMNDiagram")
    assert original is not None
    copy = etree.fromstring(etree.tostring(original))
    copy.set("id", "Diagram_2")
    copy.set("name", "Copie")
    root.append(copy)
    diagrams = read_diagrams(etree.tostring(root))
    assert [(d.id, d.name) for d in diagrams] == [("Diagram_1", None), ("Diagram_2", "Copie")]
    assert diagrams[0].shapes == diagrams[1].shapes


HOSTILE = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&lol;</definitions>
"""


def test_hostile_xml_is_refused() -> None:
    with pytest.raises(ModelRejected):
        read_diagrams(HOSTILE, filename="upload.bpmn")
    with pytest.raises(ModelRejected):
        step_order(HOSTILE, "three_step_approval")


def test_malformed_xml_is_refused() -> None:
    with pytest.raises(ModelRejected):
        read_diagrams(b"<definitions><unclosed></definitions>")


APPROVAL_ORDER = [
    ("StartEvent_1", "Défaut constaté"),
    ("Task_Report", "Signaler le défaut"),
    ("Task_Review", "Chiffrer la réparation"),
    ("Timer_Reminder", "2 jours"),
    ("Gateway_Amount", "Montant ?"),
    ("Script_Remind", "Noter la relance"),
    ("Task_Approve", "Valider le devis"),
    ("End_Small", "Réparation engagée"),
    ("End_Reminded", "Relance notée"),
    ("End_Approved", "Devis validé"),
]


def test_step_order_of_fixture() -> None:
    assert step_order(approval(), "three_step_approval") == APPROVAL_ORDER


def test_step_order_follows_the_drawing_left_to_right() -> None:
    moved = approval_with(b'x="680" y="400"', b'x="1000" y="400"')
    ids = [node_id for node_id, _ in step_order(moved, "three_step_approval")]
    assert ids.index("End_Small") < ids.index("Task_Approve")


def test_step_order_without_di_uses_document_order() -> None:
    moved = approval_with(b'x="680" y="400"', b'x="1000" y="400"')
    assert step_order(without_di(moved), "three_step_approval") == APPROVAL_ORDER


def test_unreached_steps_come_last_in_document_order() -> None:
    xml = b"""<?xml version="1.0"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D">
  <process id="p">
    <task id="Orphan_B" name="  Orphelin
        B "/>
    <endEvent id="End"/>
    <task id="Orphan_A"/>
    <task id="Work" name="Travail"/>
    <startEvent id="Start"/>
    <sequenceFlow id="f1" sourceRef="Start" targetRef="Work"/>
    <sequenceFlow id="f2" sourceRef="Work" targetRef="End"/>
    <sequenceFlow id="f3" sourceRef="Work" targetRef="Nowhere"/>
  </process>
</definitions>"""
    assert step_order(xml, "p") == [
        ("Start", "Start"),
        ("Work", "Travail"),
        ("End", "End"),
        ("Orphan_B", "Orphelin B"),
        ("Orphan_A", "Orphan_A"),
    ]


def test_step_order_of_unknown_process_is_refused() -> None:
    with pytest.raises(ModelRejected, match="no process with id 'nope'"):
        step_order(approval(), "nope")
