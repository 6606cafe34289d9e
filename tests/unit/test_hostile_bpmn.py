"""Hostile uploads: every one is refused with a clear reason, never another exception."""

from __future__ import annotations

import random
import socket
import time
from collections.abc import Iterator
from copy import deepcopy
from itertools import pairwise
from pathlib import Path

import pytest
from lxml import etree

from engine.safe_xml import xml_parser
from engine.specs import MAX_BPMN_BYTES, ModelRejected, Problem, load_model

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
DOCTYPE_REFUSED = "DOCTYPE declarations are not allowed (XXE/entity expansion)"


def refusal(xml: bytes) -> list[Problem]:
    with pytest.raises(ModelRejected) as caught:
        load_model(xml, filename="upload.bpmn")
    problems = caught.value.problems
    assert problems
    for problem in problems:
        assert problem.message.strip()
        assert "Traceback" not in problem.message
    return problems


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local TCP port that records whether anything tried to connect to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def connected(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return False
    connection.close()
    return True


def url(server: socket.socket, path: str) -> str:
    host, port = server.getsockname()
    return f"http://{host}:{port}/{path}"


def bpmn_with(body: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?>\n{prolog}\n'
        f'<definitions xmlns="{BPMN_NS}" id="d" targetNamespace="urn:x">'
        f'<process id="p" isExecutable="true"><startEvent id="s"/>{body}</process></definitions>'
    ).encode()


LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
BILLION_LAUGHS = bpmn_with(
    "<documentation>&lol9;</documentation>",
    f'<!DOCTYPE definitions [<!ENTITY lol0 "lol">{LAUGHS}]>',
)


# --- entity and DTD attacks -------------------------------------------------------------------


def test_billion_laughs_is_refused_at_once() -> None:
    started = time.perf_counter()
    (problem,) = refusal(BILLION_LAUGHS)
    assert problem.message == DOCTYPE_REFUSED
    assert problem.line == 2
    assert time.perf_counter() - started < 1


def test_xxe_reading_a_local_file_is_refused() -> None:
    xml = bpmn_with(
        "<documentation>&passwd;</documentation>",
        '<!DOCTYPE definitions [<!ENTITY passwd SYSTEM "file:///etc/passwd">]>',
    )
    (problem,) = refusal(xml)
    assert problem.message == DOCTYPE_REFUSED
    assert "root:" not in str(problem)


def test_xxe_over_http_is_refused_without_a_connection(listener: socket.socket) -> None:
    xml = bpmn_with(
        "<documentation>&remote;</documentation>",
        f'<!DOCTYPE definitions [<!ENTITY remote SYSTEM "{url(listener, "secret")}">]>',
    )
    (problem,) = refusal(xml)
    assert problem.message == DOCTYPE_REFUSED
    assert not connected(listener)


def test_external_dtd_is_refused_without_a_connection(listener: socket.socket) -> None:
    xml = bpmn_with("", f'<!DOCTYPE definitions SYSTEM "{url(listener, "bpmn.dtd")}">')
    (problem,) = refusal(xml)
    assert problem.message == DOCTYPE_REFUSED
    assert not connected(listener)


def test_doctype_hidden_in_utf16_is_refused() -> None:
    xml = BILLION_LAUGHS.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
    (problem,) = refusal(xml.encode("utf-16"))
    assert problem.message == DOCTYPE_REFUSED


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE d [<!ENTITY x SYSTEM "{url}">]>',
        '<!DOCTYPE d [<!ENTITY % p SYSTEM "{url}"> %p;]>',
        '<!DOCTYPE d SYSTEM "{url}">',
    ],
)
def test_parser_alone_resolves_nothing(listener: socket.socket, prolog: str) -> None:
    """Defence in depth: the lxml parser is safe even if the DOCTYPE check were bypassed."""
    xml = f'<?xml version="1.0"?>{prolog.format(url=url(listener, "x"))}<d>&x;</d>'.encode()
    try:
        root = etree.fromstring(xml, xml_parser())
    except etree.XMLSyntaxError:
        root = None
    if root is not None:
        assert b"root:" not in etree.tostring(root)
    assert not connected(listener)


def test_parser_alone_does_not_expand_billion_laughs() -> None:
    started = time.perf_counter()
    try:
        root = etree.fromstring(BILLION_LAUGHS, xml_parser())
    except etree.XMLSyntaxError:
        root = None  # libxml2's own amplification limit
    if root is not None:
        assert len(etree.tostring(root)) < 10_000
    assert time.perf_counter() - started < 1


# --- malformed and foreign input --------------------------------------------------------------


def test_oversized_file_is_refused_before_parsing() -> None:
    padding = b"<!-- " + b"x" * MAX_BPMN_BYTES + b" -->"
    xml = bpmn_with("").replace(b"<definitions", padding + b"<definitions", 1)
    (problem,) = refusal(xml)
    assert problem.message == (
        f"file is {len(xml):,} bytes, over the limit of {MAX_BPMN_BYTES:,} bytes"
    )


def test_truncated_xml_reports_its_line() -> None:
    whole = (FIXTURES / "three_step_approval.bpmn").read_bytes()
    truncated = whole[: whole.index(b"\n", len(whole) // 2) + 1]  # cut after a line
    (problem,) = refusal(truncated)
    assert problem.message.startswith("malformed XML: Premature end of data in tag ")
    assert problem.line == truncated.count(b"\n") + 1


def test_mismatched_tags_report_line_and_column() -> None:
    (problem,) = refusal(b"<definitions>\n  <process>\n  </definitions>")
    assert problem.line == 3
    assert problem.message == (
        "malformed XML: Opening and ending tag mismatch: process line 2 and definitions (column 17)"
    )


@pytest.mark.parametrize("xml", [b"", b"   \n\t "])
def test_empty_file_is_refused(xml: bytes) -> None:
    assert [str(problem) for problem in refusal(xml)] == ["empty file: there is no XML in it"]


@pytest.mark.parametrize(
    "xml",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
        bytes(random.Random(7).randrange(256) for _ in range(4096)),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
    ],
)
def test_binary_files_are_refused(xml: bytes) -> None:
    (problem,) = refusal(xml)
    assert problem.message.startswith(("malformed XML", "unreadable XML"))


def test_svg_is_not_bpmn() -> None:
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'
    (problem,) = refusal(svg)
    assert str(problem) == (
        "line 2: not a BPMN 2.0 document (root element is svg in namespace "
        "http://www.w3.org/2000/svg)"
    )


def test_xml_without_namespace_is_not_bpmn() -> None:
    (problem,) = refusal(b"<definitions><process id='p'/></definitions>")
    assert (
        problem.message
        == "not a BPMN 2.0 document (root element is definitions, without namespace)"
    )


def test_deeply_nested_xml_is_refused() -> None:
    depth = 10_000
    xml = (
        f'<definitions xmlns="{BPMN_NS}">'.encode()
        + b"<a>" * depth
        + b"</a>" * depth
        + b"</definitions>"
    )
    (problem,) = refusal(xml)
    assert problem.message.startswith(
        "malformed XML: elements are nested more than 256 levels deep"
    )


def test_very_long_chain_of_tasks_is_refused_not_crashed() -> None:
    count = 800
    tasks = "".join(f'<task id="t{i}"/>' for i in range(count))
    refs = ["s", *(f"t{i}" for i in range(count)), "e"]
    flows = "".join(
        f'<sequenceFlow id="f{i}" sourceRef="{a}" targetRef="{b}"/>'
        for i, (a, b) in enumerate(pairwise(refs))
    )
    (problem,) = refusal(bpmn_with(f'{tasks}<endEvent id="e"/>{flows}'))
    assert "the model is too long for the parser" in problem.message
    assert "split it with call activities" in problem.message


def test_timer_too_long_to_compute_is_refused_at_once() -> None:
    """Spiff counts a duration's months one by one: P99999999999Y would hang a worker."""
    timer = (
        '<intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>P99999999999Y'
        '</timeDuration></timerEventDefinition></intermediateCatchEvent><endEvent id="e"/>'
        '<sequenceFlow id="f1" sourceRef="s" targetRef="wait"/>'
        '<sequenceFlow id="f2" sourceRef="wait" targetRef="e"/>'
    )
    started = time.perf_counter()
    (problem,) = refusal(bpmn_with(timer))
    assert problem.message == "timer timeDuration 'P99999999999Y' is longer than 36600 days"
    assert time.perf_counter() - started < 1


# --- code in the model ------------------------------------------------------------------------


def script_model(script: str) -> bytes:
    return bpmn_with(
        f'<scriptTask id="evil"><script>{script}</script></scriptTask><endEvent id="e"/>'
        '<sequenceFlow id="f1" sourceRef="s" targetRef="evil"/>'
        '<sequenceFlow id="f2" sourceRef="evil" targetRef="e"/>'
    )


def test_script_importing_os_is_refused() -> None:
    (problem,) = refusal(script_model("import os\nos.system('id')"))
    assert str(problem) == "line 3, evil: script: line 1: import is not allowed in BPMN scripts"


def test_dunder_import_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f"__import__('os').system('touch {marker}')"
    timer = (
        f'<intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>{payload}'
        "</timeDuration></timerEventDefinition></intermediateCatchEvent>"
    )
    condition = (
        f'<exclusiveGateway id="gw" default="f4"/><endEvent id="e1"/><endEvent id="e2"/>'
        f'<sequenceFlow id="f3" sourceRef="gw" targetRef="e1"><conditionExpression>{payload}'
        "</conditionExpression></sequenceFlow>"
        '<sequenceFlow id="f4" sourceRef="gw" targetRef="e2"/>'
    )
    xml = bpmn_with(
        f'<scriptTask id="evil"><script>{payload}</script></scriptTask>{timer}{condition}'
        '<sequenceFlow id="f1" sourceRef="s" targetRef="evil"/>'
        '<sequenceFlow id="f2" sourceRef="evil" targetRef="wait"/>'
        '<sequenceFlow id="f5" sourceRef="wait" targetRef="gw"/>'
    )
    problems = refusal(xml)
    assert {problem.element_id for problem in problems} == {"evil", "wait", "f3"}
    assert all("name '__import__' is not allowed" in problem.message for problem in problems)
    assert not marker.exists()


# --- random damage ----------------------------------------------------------------------------


def damaged_models(seed: int, count: int) -> Iterator[bytes]:
    """Fixtures with elements removed, moved or duplicated and attributes or text garbled."""
    rng = random.Random(seed)
    sources = sorted(FIXTURES.glob("*.bpmn"))
    garbage = ["", "x", "P5X", "${a}", "__import__('os')", "Task_Review", "1e9999", "R/P", "true"]
    for _ in range(count):
        root = etree.fromstring(rng.choice(sources).read_bytes())
        elements = [element for element in root.iter() if isinstance(element.tag, str)]
        for _ in range(rng.randint(1, 3)):
            element = rng.choice(elements)
            parent = element.getparent()
            action = rng.randrange(5)
            if action == 0 and parent is not None:
                parent.remove(element)
            elif action == 1 and element.attrib:
                element.set(rng.choice(list(element.attrib)), rng.choice(garbage))
            elif action == 2:
                element.text = rng.choice(garbage)
            elif action == 3 and parent is not None:
                parent.append(deepcopy(element))
            elif action == 4 and element.attrib:
                del element.attrib[rng.choice(list(element.attrib))]
        yield etree.tostring(root)


def test_damaged_models_load_or_are_refused_cleanly() -> None:
    outcomes = {"loaded": 0, "refused": 0}
    for xml in damaged_models(seed=20261129, count=150):
        try:
            load_model(xml, filename="damaged.bpmn")
        except ModelRejected as rejection:
            outcomes["refused"] += 1
            assert rejection.problems
            assert all(
                problem.message and "Traceback" not in problem.message
                for problem in rejection.problems
            )
        else:
            outcomes["loaded"] += 1
    assert outcomes["refused"] > 0
