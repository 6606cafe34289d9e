"""The OMG BPMN MIWG reference models: each is imported or refused with a precise reason.

The models come from other tools (Signavio, Trisotech, Camunda, Bonita, W4...) and were drawn
to test diagram interchange, not execution: most are not executable, their user tasks name
no landlord role and their expressions are not Python. What matters is that habiflow says
exactly why, and that the verdict for each file does not drift unnoticed.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import NamedTuple

import pytest
from lxml import etree

from engine.specs import ModelRejected, ProcessModel, load_model

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "bpmn-corpus" / "miwg-reference"


class Refused(NamedTuple):
    """How many problems, and a part of the first one (problems come in line order)."""

    problems: int
    first: str


NOT_EXECUTABLE = "no executable process (isExecutable is not true on any process"

EXPECTED: dict[str, str | Refused] = {
    "A.1.0.bpmn": Refused(1, f"{NOT_EXECUTABLE}; WFP-6-: false)"),
    "A.2.0.bpmn": Refused(1, f"{NOT_EXECUTABLE}; WFP-6-: false)"),
    "A.2.1.bpmn": Refused(1, f"{NOT_EXECUTABLE}; _To9ZoTOCEeSknpIVFCxNIQ: false)"),
    "A.3.0.bpmn": Refused(1, f"{NOT_EXECUTABLE}; WFP-6-: false)"),
    "A.4.0.bpmn": Refused(1, f"{NOT_EXECUTABLE}; WFP-6-1: false; WFP-6-2: false)"),
    "A.4.1.bpmn": Refused(1, f"{NOT_EXECUTABLE}; sid-34746A54-1D7D-46CA-B219-0C4CEAE51170: false;"),
    "B.1.0.bpmn": Refused(1, f"{NOT_EXECUTABLE}; Process_ba16239e-181e-4b9f-bc5b-0bb2ee973450"),
    "B.2.0.bpmn": Refused(1, f"{NOT_EXECUTABLE}; Process_ba16239e-181e-4b9f-bc5b-0bb2ee973450"),
    "C.1.0.bpmn": Refused(
        9, "user task 'Approve Invoice' has no role (tried potentialOwner 'Approver', pool"
    ),
    "C.1.1.bpmn": Refused(
        10, "unsupported element bpmn:dataStore at id sid-14ef3d18-7218-4f57-98f0-bb595114754b"
    ),
    "C.2.0.bpmn": Refused(1, f"{NOT_EXECUTABLE}; WFP-Page_1-1: false;"),
    "C.3.0.bpmn": Refused(
        12, "user task 'Analyse customer request' has no role (tried potentialOwner 'User')"
    ),
    "C.4.0.bpmn": Refused(1, f"{NOT_EXECUTABLE}; _42cba3a9-a8ab-40b5-b9a4-2e8f32be364e: absent;"),
    "C.5.0.bpmn": Refused(1, f"{NOT_EXECUTABLE}; _3d1ef204-2d4c-4643-8fc5-c319cc032ec0: absent;"),
    "C.6.0.bpmn": Refused(1, f"{NOT_EXECUTABLE}; _898aa942-9a96-4405-ae71-22b5e2e3d235: absent)"),
    "C.7.0.bpmn": Refused(1, f"{NOT_EXECUTABLE}; _4a690dd7-809a-4fa9-ad63-515ac6685375: absent)"),
    "C.8.0.bpmn": Refused(1, f"{NOT_EXECUTABLE}; VacationRequestProcess: false)"),
    "C.8.1.bpmn": Refused(
        16, "service task has no spiffworkflow:serviceTaskOperator: the engine would have"
    ),
    "C.9.0.bpmn": Refused(
        13, "condition: '= some risk in riskLevels satisfies risk = \"red\"' is a FEEL expression"
    ),
    "C.9.1.bpmn": Refused(
        1, "user task 'Call customer' has no role (tried pool 'Document Request')"
    ),
    "C.9.2.bpmn": Refused(
        5, "user task 'Decide on application' has no role (tried zeebe:candidateGroups 'clerks'"
    ),
}


@functools.cache
def outcome(name: str) -> ProcessModel | ModelRejected:
    path = CORPUS / name
    try:
        return load_model(path.read_bytes(), filename=name)
    except ModelRejected as rejection:
        return rejection


def test_corpus_is_beside_the_project() -> None:
    if not CORPUS.is_dir():
        pytest.fail(f"the MIWG corpus is missing: expected it in {CORPUS}", pytrace=False)
    assert sorted(path.name for path in CORPUS.glob("*.bpmn")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_model_is_imported_or_refused_precisely(name: str) -> None:
    result = outcome(name)
    expected = EXPECTED[name]
    if isinstance(result, ProcessModel):
        assert expected == "ok", f"{name} now loads as {result.key}; expected {expected}"
        assert result.key
        assert result.spec is not None
        return
    problems = result.problems
    assert problems
    for problem in problems:
        assert problem.message.strip()
        assert "Traceback" not in str(problem)
        assert "<Element " not in problem.message and " at 0x" not in problem.message
        assert problem.line is not None or problem.element_id is not None
    assert isinstance(expected, Refused), f"{name} is now refused: {problems[0]}"
    assert expected.first in problems[0].message, f"{name}: first problem is now {problems[0]}"
    assert len(problems) == expected.problems, "\n".join(map(str, problems))


def test_camunda_8_model_deploys_once_its_user_task_has_a_role() -> None:
    """C.9.1 only lacks a role: its bare Camunda timers (R6/P1D, P7D) then run under Spiff."""
    root = etree.fromstring((CORPUS / "C.9.1.bpmn").read_bytes())
    namespace = "http://camunda.org/schema/1.0/bpmn"
    for task in root.iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}userTask"):
        task.set(f"{{{namespace}}}candidateGroups", "chargé de clientèle")
    model = load_model(etree.tostring(root), filename="C.9.1.bpmn")
    assert model.key == "requestDocument_en"
    assert model.tasks["UserTask_CallCustomer"].role == "customer_officer"
    timers = {
        name: spec.event_definition.expression
        for name, spec in model.spec.task_specs.items()
        if name.startswith("BoundaryEvent_")
    }
    assert timers == {"BoundaryEvent_1": "'R6/P1D'", "BoundaryEvent_2": "'P7D'"}


def test_summary_table(capsys: pytest.CaptureFixture[str]) -> None:
    """Print file -> verdict, for humans reading the test log."""
    rows = []
    for name in sorted(EXPECTED):
        result = outcome(name)
        if isinstance(result, ProcessModel):
            rows.append(f"{name:<11} deployed {result.key}")
        else:
            count = len(result.problems)
            rows.append(
                f"{name:<11} refused ({count} problem{'s' * (count > 1)}): {result.problems[0]}"
            )
    with capsys.disabled():
        print("\nMIWG reference models\n" + "\n".join(rows))
    assert len(rows) == len(EXPECTED)
