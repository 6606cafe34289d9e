"""The restricted script environment: ordinary scripts run, sandbox escapes are refused."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

from engine.script_policy import MAX_SOURCE_CHARS, Mode
from engine.scripting import (
    RestrictedEnvironment,
    ScriptRejected,
    check_script,
    create_script_engine,
)


def add_vat(amount: float) -> float:
    return round(amount * 1.2, 2)


@pytest.fixture
def env() -> RestrictedEnvironment:
    return RestrictedEnvironment({"add_vat": add_vat})


# --- ordinary scripts -------------------------------------------------------------------------


def test_script_computes_and_writes_task_data(env: RestrictedEnvironment) -> None:
    data: dict[str, Any] = {"rent": 400, "charges": 50, "tenants": ["Dupont", "Martin"]}
    env.execute(
        "total = rent + charges\n"
        "with_vat = add_vat(total)\n"
        "names = sorted(tenants, key=lambda name: len(name))\n"
        "summary = {'count': len(tenants), 'first': names[0]}\n"
        "squares = [n * n for n in range(4) if n % 2 == 0]\n"
        "label = f'{len(tenants)} locataires, {total} EUR'\n",
        data,
    )
    assert data["total"] == 450
    assert data["with_vat"] == 540.0
    assert data["summary"] == {"count": 2, "first": "Dupont"}
    assert data["squares"] == [0, 4]
    assert data["label"] == "2 locataires, 450 EUR"


def test_dates_and_decimals(env: RestrictedEnvironment) -> None:
    data: dict[str, Any] = {"notice_given": date(2024, 1, 31)}
    env.execute(
        "departure = notice_given + timedelta(days=30)\n"
        "departure_text = departure.isoformat()\n"
        "weekday = departure.weekday()\n"
        "deposit = Decimal('812.40') - Decimal('100.15')\n",
        data,
    )
    assert data["departure"] == date(2024, 3, 1)
    assert data["departure_text"] == "2024-03-01"
    assert data["deposit"] == Decimal("712.25")


def test_helpers_builtins_and_functions_do_not_stay_in_task_data(
    env: RestrictedEnvironment,
) -> None:
    data: dict[str, Any] = {"x": 1}
    env.execute("double = lambda v: v * 2\ny = double(x)\nz = add_vat(x)", data)
    assert data == {"x": 1, "y": 2, "z": 1.2}


def test_del_removes_a_variable(env: RestrictedEnvironment) -> None:
    data: dict[str, Any] = {"draft": "old", "keep": 1}
    env.execute("del draft", data)
    assert data == {"keep": 1}


def test_failing_script_leaves_task_data_unchanged(env: RestrictedEnvironment) -> None:
    data: dict[str, Any] = {"x": 1}
    with pytest.raises(ZeroDivisionError):
        env.execute("x = 2\ny = 1 / 0", data)
    assert data == {"x": 1}


def test_condition_evaluates(env: RestrictedEnvironment) -> None:
    data = {"arrears": 1200, "tenant": {"status": "active"}}
    assert env.evaluate("arrears > 1000 and tenant['status'] == 'active'", data) is True
    assert env.evaluate("  add_vat(arrears) < 1000\n", data) is False


def test_condition_padded_by_the_xml_keeps_its_line_numbers(env: RestrictedEnvironment) -> None:
    assert env.evaluate("\n    arrears > 1000\n  ", {"arrears": 1200}) is True
    assert check_script("\n\n    x.__class__\n", mode="eval") == [
        "line 3: attribute '__class__' is not allowed in BPMN scripts"
    ]
    assert check_script("\n  x >\n", mode="eval")[0].startswith("line 2: syntax error")


def test_external_context_is_visible_but_task_data_win(env: RestrictedEnvironment) -> None:
    assert env.evaluate("dmninputexpr > 3", {}, {"dmninputexpr": 5}) is True
    assert env.evaluate("level", {"level": "data"}, {"level": "object"}) == "data"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [('"P5D"', "P5D"), ("timedelta(days=5)", timedelta(days=5))],
)
def test_timer_expressions(env: RestrictedEnvironment, expression: str, expected: object) -> None:
    assert env.evaluate(expression, {}) == expected


def test_only_safe_builtins_exist_at_run_time(env: RestrictedEnvironment) -> None:
    with pytest.raises(NameError):
        env.evaluate("isinstance(1, int)", {})
    with pytest.raises(NameError):
        env.evaluate("print", {})


def test_task_data_may_shadow_a_builtin(env: RestrictedEnvironment) -> None:
    assert env.evaluate("date", {"date": "2024-05-01"}) == "2024-05-01"


def test_huge_range_is_refused(env: RestrictedEnvironment) -> None:
    assert env.evaluate("len(range(10))", {}) == 10
    with pytest.raises(ValueError, match="range"):
        env.evaluate("range(10 ** 7)", {})
    with pytest.raises(ValueError, match="range"):
        env.evaluate("range(10 ** 30)", {})


# --- guard rails --------------------------------------------------------------------------------


def test_task_data_may_not_hide_a_helper(env: RestrictedEnvironment) -> None:
    with pytest.raises(ValueError, match="add_vat"):
        env.execute("y = 1", {"add_vat": 3})
    with pytest.raises(ValueError, match="add_vat"):
        env.evaluate("add_vat", {"add_vat": 3})


def test_task_data_may_not_hide_a_data_object(env: RestrictedEnvironment) -> None:
    with pytest.raises(ValueError, match="dossier"):
        env.execute("y = 1", {"dossier": 1}, {"dossier": 2})


@pytest.mark.parametrize("name", ["_private", "eval", "not an identifier", "if"])
def test_helper_names_scripts_cannot_call_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="helper names"):
        create_script_engine({name: add_vat})


def test_check_script_accepts_a_good_script() -> None:
    assert check_script("total = price * 2\nok = total > 10", mode="exec") == []
    assert check_script(" total > 10 ", mode="eval") == []


def test_check_script_reports_syntax_errors_with_line() -> None:
    (problem,) = check_script("x = 1\nx = (", mode="exec")
    assert problem.startswith("line 2: syntax error")


def test_over_long_source_is_refused() -> None:
    (problem,) = check_script("x = 1\n" * (MAX_SOURCE_CHARS // 6 + 1), mode="exec")
    assert "characters long" in problem


def test_huge_constant_exponent_is_refused() -> None:
    assert check_script("2 ** 10", mode="eval") == []
    assert check_script("2 ** 100000", mode="eval") == ["line 1: exponent 100000 (max 1000) "
                                                        "is not allowed in BPMN scripts"]
    assert check_script("1 << 100000", mode="eval") != []


def test_message_names_construct_and_line(env: RestrictedEnvironment) -> None:
    with pytest.raises(ScriptRejected) as caught:
        env.execute("x = 1\nimport os", {})
    assert str(caught.value) == "line 2: import is not allowed in BPMN scripts"


# --- sandbox escapes ----------------------------------------------------------------------------

ESCAPES = [
    ("import os", "exec", "import"),
    ("from os import path", "exec", "import"),
    ("__import__('os')", "eval", "name '__import__'"),
    ("().__class__.__bases__[0].__subclasses__()", "eval", "attribute '__class__'"),
    ("getattr(x, '__class__')", "eval", "name 'getattr'"),
    ("setattr(x, 'y', 1)", "eval", "name 'setattr'"),
    ("delattr(x, 'y')", "eval", "name 'delattr'"),
    ("eval('1')", "eval", "name 'eval'"),
    ("exec('x=1')", "exec", "name 'exec'"),
    ("open('/etc/passwd')", "eval", "name 'open'"),
    ("compile('1', '<s>', 'eval')", "eval", "name 'compile'"),
    ("globals()", "eval", "name 'globals'"),
    ("locals()", "eval", "name 'locals'"),
    ("vars()", "eval", "name 'vars'"),
    ("dir()", "eval", "name 'dir'"),
    ("help()", "eval", "name 'help'"),
    ("input()", "eval", "name 'input'"),
    ("object", "eval", "name 'object'"),
    ("super()", "eval", "name 'super'"),
    ("memoryview(b'')", "eval", "name 'memoryview'"),
    ("type(1)", "eval", "name 'type'"),
    ("breakpoint()", "eval", "name 'breakpoint'"),
    ("f = eval", "exec", "name 'eval'"),
    ('"{0.__class__}".format(1)', "eval", "attribute 'format'"),
    ('"{x.__class__}".format_map({"x": 1})', "eval", "attribute 'format_map'"),
    ("str.format('{0.__class__}', 1)", "eval", "attribute 'format'"),
    ("[c for c in ().__class__.__mro__]", "eval", "attribute '__class__'"),
    ("(lambda: 0).__code__", "eval", "attribute '__code__'"),
    ("(x for x in []).gi_frame", "eval", "attribute 'gi_frame'"),
    ("str.mro()", "eval", "attribute 'mro'"),
    ("__builtins__", "eval", "name '__builtins__'"),
    ("lambda _x: 0", "eval", "name '_x'"),
    ("add_vat.rate = 0", "exec", "setting attribute 'rate'"),
    ("global x", "exec", "global statement"),
    ("def f():\n    nonlocal x", "exec", "nonlocal statement"),
    ("def f(): pass", "exec", "function definition"),
    ("class A: pass", "exec", "class definition"),
    ("async def f(): pass", "exec", "async function definition"),
    ("[x async for x in y]", "eval", "async comprehension"),
    ("(yield)", "eval", "yield"),
    ("with x: pass", "exec", "with statement"),
    ("match x:\n    case str(__class__=c): pass", "exec", "match statement"),
]


@pytest.mark.parametrize(("source", "mode", "reason"), ESCAPES, ids=[e[0] for e in ESCAPES])
def test_escape_is_refused_before_running(
    env: RestrictedEnvironment, source: str, mode: Mode, reason: str
) -> None:
    assert any(reason in problem for problem in check_script(source, mode=mode))
    run = env.evaluate if mode == "eval" else env.execute
    data: dict[str, Any] = {"x": 1, "y": []}
    with pytest.raises(ScriptRejected, match=reason.replace("(", r"\(")):
        run(source, data)
    assert data == {"x": 1, "y": []}


FRAME_AND_CODE_ATTRIBUTES = [
    "gi_frame", "gi_code", "f_globals", "f_back", "f_locals", "f_builtins", "tb_frame",
    "tb_next", "cr_frame", "ag_frame", "co_code", "func_globals", "mro", "with_traceback",
]


@pytest.mark.parametrize("attribute", FRAME_AND_CODE_ATTRIBUTES)
def test_frame_and_code_attributes_are_refused(attribute: str) -> None:
    assert check_script(f"x.{attribute}", mode="eval") == [
        f"line 1: attribute '{attribute}' is not allowed in BPMN scripts"
    ]


def test_public_method_calls_are_allowed() -> None:
    assert check_script("d.replace(day=1).isoformat() + ' '.join(['a']).upper()", mode="eval") == []


# --- end to end through Spiff -------------------------------------------------------------------

BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    id="Definitions" targetNamespace="http://habiflow.test/scripting">
  <bpmn:process id="Valid" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>to_compute</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="to_compute" sourceRef="start" targetRef="compute"/>
    <bpmn:scriptTask id="compute">
      <bpmn:incoming>to_compute</bpmn:incoming><bpmn:outgoing>to_gateway</bpmn:outgoing>
      <bpmn:script>total = price * 2
with_vat = add_vat(total)</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:sequenceFlow id="to_gateway" sourceRef="compute" targetRef="gateway"/>
    <bpmn:exclusiveGateway id="gateway" default="to_small">
      <bpmn:incoming>to_gateway</bpmn:incoming>
      <bpmn:outgoing>to_big</bpmn:outgoing><bpmn:outgoing>to_small</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="to_big" sourceRef="gateway" targetRef="big">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">
        total &gt; 40
      </bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="to_small" sourceRef="gateway" targetRef="small"/>
    <bpmn:endEvent id="big"><bpmn:incoming>to_big</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="small"><bpmn:incoming>to_small</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
  <bpmn:process id="Hostile" isExecutable="true">
    <bpmn:startEvent id="h_start"><bpmn:outgoing>to_attack</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="to_attack" sourceRef="h_start" targetRef="attack"/>
    <bpmn:scriptTask id="attack">
      <bpmn:incoming>to_attack</bpmn:incoming><bpmn:outgoing>to_h_end</bpmn:outgoing>
      <bpmn:script>marker = 1
import os
os.mkdir(target)</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:sequenceFlow id="to_h_end" sourceRef="attack" targetRef="h_end"/>
    <bpmn:endEvent id="h_end"><bpmn:incoming>to_h_end</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
"""


def start_workflow(process_id: str, data: dict[str, Any]) -> BpmnWorkflow:
    parser = SpiffBpmnParser()
    parser.add_bpmn_str(BPMN.encode())
    workflow = BpmnWorkflow(
        parser.get_spec(process_id), script_engine=create_script_engine({"add_vat": add_vat})
    )
    workflow.get_next_task(state=TaskState.READY).data.update(data)
    return workflow


def test_valid_process_computes_and_routes() -> None:
    workflow = start_workflow("Valid", {"price": 21})
    workflow.do_engine_steps()
    assert workflow.is_completed()
    assert workflow.data == {"price": 21, "total": 42, "with_vat": 50.4}
    assert workflow.get_next_task(spec_name="big").state == TaskState.COMPLETED


def test_hostile_script_is_refused_with_nothing_executed(tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    workflow = start_workflow("Hostile", {"target": str(target)})
    with pytest.raises(WorkflowTaskException, match="import is not allowed") as caught:
        workflow.do_engine_steps()
    assert "line 2" in str(caught.value)
    assert not target.exists()
    attack = workflow.get_next_task(spec_name="attack")
    assert attack.state == TaskState.ERROR
    assert "marker" not in attack.data
