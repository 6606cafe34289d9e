"""The diagram a new process starts from: one executable process, a start and an end event.

The key becomes the process id, so it must be an XML name as well as a safe identifier.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from engine.bpmn_xml import HF_NS

NEW_PROCESS_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,99}")

_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
                  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
                  xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
                  xmlns:hf="{hf}"
                  id="Definitions_{key}" targetNamespace="urn:habiflow:models">
  <bpmn:process id="{key}" name={name} isExecutable="true">
    <bpmn:startEvent id="Start_{key}" name="Début">
      <bpmn:outgoing>Flow_{key}</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:endEvent id="End_{key}" name="Fin">
      <bpmn:incoming>Flow_{key}</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_{key}" sourceRef="Start_{key}" targetRef="End_{key}"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_{key}">
    <bpmndi:BPMNPlane id="Plane_{key}" bpmnElement="{key}">
      <bpmndi:BPMNShape id="Start_{key}_di" bpmnElement="Start_{key}">
        <dc:Bounds x="152" y="102" width="36" height="36"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_{key}_di" bpmnElement="End_{key}">
        <dc:Bounds x="352" y="102" width="36" height="36"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_{key}_di" bpmnElement="Flow_{key}">
        <di:waypoint x="188" y="120"/>
        <di:waypoint x="352" y="120"/>
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
"""


def blank_model(key: str, name: str) -> bytes:
    """A deployable starting diagram for process ``key`` (which must match NEW_PROCESS_KEY)."""
    if not NEW_PROCESS_KEY.fullmatch(key):
        raise ValueError(f"'{key[:120]}' is not a valid process key")
    text = _TEMPLATE.format(hf=HF_NS, key=key, name=quoteattr(name.strip() or key))
    return text.encode("utf-8")
