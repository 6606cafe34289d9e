"""Loading BPMN models: what habiflow reads from them, and every reason it refuses one."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from engine.bpmn_extensions import form_stem
from engine.scripting import create_script_engine
from engine.specs import (
    HF_NS,
    MAX_BPMN_BYTES,
    ModelRejected,
    Problem,
    ProcessModel,
    TaskMeta,
    load_model,
)
from workflows.iso_duration import IsoDuration
from workflows.roles import Role
from workflows.sla import SlaPolicy

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bpmn"

NAMESPACES = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    f'xmlns:hf="{HF_NS}" '
    'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" '
    'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"'
)


def document(*parts: str) -> bytes:
    """A BPMN document holding the given root elements (processes, collaborations...)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<bpmn:definitions {NAMESPACES} id="Definitions_1" targetNamespace="urn:test">\n'
        + "\n".join(parts)
        + "\n</bpmn:definitions>\n"
    ).encode()


def process(*nodes: str, pid: str = "p", executable: str | None = "true", head: str = "") -> str:
    """A process running start -> each node in turn -> end, one node per line.

    Start and end events are named after the process, except in the default process "p".
    """
    start, end = ("start", "end") if pid == "p" else (f"{pid}_start", f"{pid}_end")
    node_ids = [re.search(r'id="([^"]+)"', node) for node in nodes]
    ids = [start, *(found.group(1) for found in node_ids if found), end]
    flows = "".join(
        f'<bpmn:sequenceFlow id="flow_{a}_{b}" sourceRef="{a}" targetRef="{b}"/>'
        for a, b in pairwise(ids)
    )
    attrs = f' isExecutable="{executable}"' if executable is not None else ""
    return (
        f'<bpmn:process id="{pid}"{attrs}>{head}<bpmn:startEvent id="{start}"/>\n'
        + "\n".join(nodes)
        + f'\n<bpmn:endEvent id="{end}"/>{flows}</bpmn:process>'
    )


def user_task(extensions: str = "", attrs: str = "", task_id: str = "task", body: str = "") -> str:
    ext = f"<bpmn:extensionElements>{extensions}</bpmn:extensionElements>" if extensions else ""
    return f'<bpmn:userTask id="{task_id}" name="Tâche" {attrs}>{ext}{body}</bpmn:userTask>'


ROLE = '<hf:role key="caretaker"/>'


def rejected(xml: bytes, **kwargs: object) -> list[Problem]:
    with pytest.raises(ModelRejected) as caught:
        load_model(xml, **kwargs)  # type: ignore[arg-type]
    assert caught.value.problems
    return caught.value.problems


def messages(xml: bytes, **kwargs: object) -> str:
    return "\n".join(str(problem) for problem in rejected(xml, **kwargs))


def sla(
    days: int = 0, *, months: int = 0, calendar: str = "business", **kwargs: object
) -> SlaPolicy:
    return SlaPolicy(IsoDuration(months=months, days=days), calendar, **kwargs)  # type: ignore[arg-type]


# --- the fixtures -----------------------------------------------------------------------------


def load_fixture(name: str, **kwargs: object) -> ProcessModel:
    xml = (FIXTURES / name).read_bytes()
    return load_model(xml, filename=name, **kwargs)  # type: ignore[arg-type]


def test_habiflow_native_model_is_read_exactly() -> None:
    xml = (FIXTURES / "three_step_approval.bpmn").read_bytes()
    forms = {"defect_report", "repair_estimate", "quote_approval"}
    model = load_model(xml, filename="three_step_approval.bpmn", form_keys=forms)

    assert model.key == "three_step_approval"
    assert model.name == "Réparation d'un défaut (3 étapes)"
    assert model.xml == xml
    assert model.sha256 == hashlib.sha256(xml).hexdigest()
    assert model.spec.name == "three_step_approval"
    assert model.subprocess_specs == {}
    assert model.sla == sla(months=1, calendar="calendar", warn_at=0.9, escalate_to=Role.DIRECTOR)
    assert dict(model.tasks) == {
        "Task_Report": TaskMeta(
            bpmn_id="Task_Report",
            name="Signaler le défaut",
            kind="userTask",
            role="caretaker",
            form_key="defect_report",
            sla=sla(2),
            due_expr=None,
            documentation="Décrire le défaut et joindre des photos.",
            lane="Sur site",
        ),
        "Task_Review": TaskMeta(
            bpmn_id="Task_Review",
            name="Chiffrer la réparation",
            kind="userTask",
            role="letting_officer",
            form_key="repair_estimate",
            sla=sla(5, warn_at=0.8, escalate_to=Role.TERRITORIAL_MANAGER),
            due_expr=None,
            documentation=None,
            lane="Gestion locative",
        ),
        "Task_Approve": TaskMeta(
            bpmn_id="Task_Approve",
            name="Valider le devis",
            kind="userTask",
            role="territorial_manager",  # from the lane's name: no hf:role on it
            form_key="quote_approval",
            sla=None,
            due_expr=None,
            documentation=None,
            lane="Responsable territorial",
        ),
    }


def ready_tasks(workflow: BpmnWorkflow) -> list[str]:
    return [t.task_spec.bpmn_id for t in workflow.get_tasks(state=TaskState.READY, manual=True)]


def complete(workflow: BpmnWorkflow, bpmn_id: str, **data: object) -> None:
    task = next(
        t for t in workflow.get_tasks(state=TaskState.READY) if t.task_spec.bpmn_id == bpmn_id
    )
    task.data.update(data)
    task.run()
    workflow.do_engine_steps()


@pytest.mark.parametrize(("estimate", "next_tasks"), [(2000, ["Task_Approve"]), (300, [])])
def test_habiflow_native_model_runs_in_the_sandbox(estimate: int, next_tasks: list[str]) -> None:
    model = load_fixture("three_step_approval.bpmn")
    workflow = BpmnWorkflow(
        model.spec, model.subprocess_specs, script_engine=create_script_engine()
    )
    workflow.do_engine_steps()
    assert ready_tasks(workflow) == ["Task_Report"]
    complete(workflow, "Task_Report")
    workflow.refresh_timers()
    waiting = workflow.get_tasks(state=TaskState.WAITING)
    assert [t.task_spec.bpmn_id for t in waiting] == ["Timer_Reminder"]
    complete(workflow, "Task_Review", estimate=estimate)
    assert ready_tasks(workflow) == next_tasks


def test_camunda_model_is_read_exactly() -> None:
    model = load_fixture("complaint_camunda.bpmn")
    assert model.key == "complaint_camunda"
    assert model.sla is None
    assert dict(model.tasks) == {
        "UserTask_Qualify": TaskMeta(
            bpmn_id="UserTask_Qualify",
            name="Qualifier la réclamation",
            kind="userTask",
            role="letting_officer",  # "accounting" names no role, "CGL" does
            form_key="complaint_intake",
            sla=None,
            due_expr="${dateTime().plusDays(2).toDate()}",
            documentation=None,
            lane=None,
        ),
        "UserTask_Escalate": TaskMeta(
            bpmn_id="UserTask_Escalate",
            name="Traiter en urgence",
            kind="userTask",
            role="territorial_manager",
            form_key="complaint_escalation",
            sla=None,
            due_expr=None,
            documentation=None,
            lane=None,
        ),
        "UserTask_Fix": TaskMeta(
            bpmn_id="UserTask_Fix",
            name="Intervenir",
            kind="userTask",
            role="caretaker",
            form_key=None,
            sla=None,
            due_expr="2026-12-01T10:00:00Z",
            documentation="Intervenir sur place et faire signer le bon.",
            lane=None,
        ),
    }


def test_camunda_bare_timer_literals_are_quoted_for_spiff_but_not_in_the_stored_xml() -> None:
    model = load_fixture("complaint_camunda.bpmn")
    expressions = {
        name: spec.event_definition.expression
        for name, spec in model.spec.task_specs.items()
        if name.startswith("Timer_")
    }
    assert expressions == {
        "Timer_Urgent": "'PT1H'",
        "Timer_Ping": "'R3/PT1H'",
        "Timer_Survey": "'2026-12-01T10:00:00Z'",
    }
    assert b">PT1H</bpmn:timeDuration>" in model.xml


def test_camunda_bare_duration_runs_as_a_timer() -> None:
    model = load_fixture("complaint_camunda.bpmn")
    workflow = BpmnWorkflow(
        model.spec, model.subprocess_specs, script_engine=create_script_engine()
    )
    workflow.do_engine_steps()
    workflow.refresh_timers()
    assert ready_tasks(workflow) == ["UserTask_Qualify"]
    (event,) = workflow.waiting_events()
    due = datetime.fromisoformat(event.value)
    expected = datetime.now(UTC) + timedelta(hours=1)
    assert abs(due - expected) < timedelta(minutes=1)


def test_spiffarena_model_is_read_exactly() -> None:
    model = load_fixture("deposit_refund_spiff.bpmn")
    assert model.key == "deposit_refund_spiff"
    assert model.sla == sla(months=2, calendar="calendar")
    assert dict(model.tasks) == {
        "Activity_check": TaskMeta(
            bpmn_id="Activity_check",
            name="Comparer les états des lieux",
            kind="userTask",
            role="caretaker",  # the lane is named "Gardien"
            form_key="move-out-check",  # formJsonSchemaFilename minus "-schema.json"
            sla=None,
            due_expr=None,
            documentation=None,
            lane="Gardien",
        ),
        "Activity_refund": TaskMeta(
            bpmn_id="Activity_refund",
            name="Ordonner le remboursement",
            kind="userTask",
            role="letting_officer",  # property "role" wins over the lane "Comptabilité"
            form_key="deposit_refund",
            sla=sla(10),
            due_expr="lease_end + timedelta(days=30)",
            documentation=None,
            lane="Comptabilité",
        ),
        "Activity_keys": TaskMeta(
            bpmn_id="Activity_keys",
            name="Remettre le reçu des clés",
            kind="manualTask",
            role="tenant",  # first candidate group naming a role
            form_key=None,
            sla=None,
            due_expr=None,
            documentation=None,
            lane="Comptabilité",
        ),
    }


def test_models_are_immutable() -> None:
    model = load_fixture("three_step_approval.bpmn")
    with pytest.raises(TypeError):
        model.tasks["x"] = model.tasks["Task_Report"]  # type: ignore[index]


# --- problems ---------------------------------------------------------------------------------


def test_problem_reads_line_then_element() -> None:
    assert str(Problem("boundary_event_without_definition", "Event_1", 42)) == (
        "line 42, Event_1: boundary event has no event definition"
    )
    assert str(Problem("file_empty")) == "empty file: there is no XML in it"
    assert str(Problem("doctype_refused", line=3)).startswith("line 3: DOCTYPE declarations")


def test_every_problem_is_reported_in_line_order() -> None:
    xml = document(
        process(
            user_task(task_id="first"),
            '<bpmn:scriptTask id="script"><bpmn:script>import os</bpmn:script></bpmn:scriptTask>',
            user_task('<hf:sla duration="P5X"/>' + ROLE, task_id="third"),
        )
    )
    problems = rejected(xml)
    assert [problem.element_id for problem in problems] == ["first", "script", "third"]
    assert problems == sorted(problems, key=lambda problem: problem.line or 0)
    assert "has no role" in problems[0].message
    assert "import is not allowed" in problems[1].message
    assert problems[2].message.startswith("hf:sla: duration 'P5X' is not an ISO 8601 duration")


def test_rejection_names_the_file() -> None:
    with pytest.raises(ModelRejected) as caught:
        load_model(document(process(user_task())), filename="repair.bpmn")
    assert str(caught.value).startswith("repair.bpmn: model refused, 1 problem:")


# --- documents and processes ------------------------------------------------------------------


def test_size_limit_is_two_mebibytes() -> None:
    assert MAX_BPMN_BYTES == 2 * 1024 * 1024


def test_non_bpmn_root_is_refused() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'
    assert messages(svg) == (
        "line 1: not a BPMN 2.0 document (root element is svg in namespace "
        "http://www.w3.org/2000/svg)"
    )


def test_schema_errors_carry_their_line() -> None:
    xml = document(process(user_task(ROLE, body='<bpmn:startEvent id="inner"/>')))
    (problem,) = rejected(xml)
    assert problem.message.startswith("BPMN schema: Element 'bpmn:startEvent'")
    assert problem.line == 4
    assert problem.element_id == "inner"  # found by the error's XPath, not just its line


def test_schema_accepts_foreign_extensions() -> None:
    extensions = (
        ROLE + '<camunda:inputOutput><camunda:inputParameter name="x">1</camunda:inputParameter>'
        '</camunda:inputOutput><zeebe:taskHeaders><zeebe:header key="a" value="b"/>'
        "</zeebe:taskHeaders><other:thing xmlns:other='urn:other'/>"
    )
    model = load_model(document(process(user_task(extensions))))
    assert model.tasks["task"].role == "caretaker"


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        (
            [("a", "false"), ("b", None)],
            "no executable process (isExecutable is not true on any process; a: false; b: absent)",
        ),
        ([("a", "true"), ("b", "true")], "several executable processes (a, b)"),
    ],
)
def test_key_process_must_be_unambiguous(
    states: list[tuple[str, str | None]], expected: str
) -> None:
    xml = document(
        *(process(user_task(ROLE, task_id=f"t_{p}"), pid=p, executable=e) for p, e in states)
    )
    assert expected in messages(xml, filename="model.bpmn")


def test_file_stem_names_the_key_among_executable_processes() -> None:
    xml = document(
        process(user_task(ROLE, task_id="t_a"), pid="a"),
        process(user_task(ROLE, task_id="t_b"), pid="b"),
    )
    model = load_model(xml, filename="models/b.bpmn")
    assert model.key == "b"
    assert set(model.tasks) == {"t_b"}


def test_process_not_called_by_another_is_the_key() -> None:
    call = '<bpmn:callActivity id="call" calledElement="helper"/>'
    xml = document(
        process(call, pid="main"),
        process(user_task(ROLE, task_id="helper_task"), pid="helper"),
    )
    model = load_model(xml)
    assert model.key == "main"
    assert set(model.subprocess_specs) == {"helper"}
    assert set(model.tasks) == {"helper_task"}


def test_call_activity_must_call_a_process_of_the_file() -> None:
    call = '<bpmn:callActivity id="call" calledElement="elsewhere"/>'
    assert "call: call activity calls 'elsewhere', which is not a process of this file" in (
        messages(document(process(call)))
    )


def test_ids_must_be_unique() -> None:
    xml = document(process(user_task(ROLE), user_task(ROLE)))
    assert "line 5, task: id 'task' is already used on line 4" in messages(xml)


def test_process_id_must_be_short() -> None:
    long_id = "p" * 101
    assert "is not a safe identifier (letters, digits, _ - . only, at most 100 characters)" in (
        messages(document(process(pid=long_id)))
    )


# --- roles ------------------------------------------------------------------------------------


def in_lanes(task: str, lanes: str, *, pool: str | None = None) -> bytes:
    head = f'<bpmn:laneSet id="lanes">{lanes}</bpmn:laneSet>'
    collaboration = (
        '<bpmn:collaboration id="collab">'
        f'<bpmn:participant id="pool" name="{pool}" processRef="p"/></bpmn:collaboration>'
        if pool
        else ""
    )
    return document(collaboration, process(task, head=head))


def lane(name: str | None = None, *, lane_id: str = "lane", role: str | None = None) -> str:
    named = f' name="{name}"' if name else ""
    ext = (
        f'<bpmn:extensionElements><hf:role key="{role}"/></bpmn:extensionElements>' if role else ""
    )
    ref = "<bpmn:flowNodeRef>task</bpmn:flowNodeRef>"
    return f'<bpmn:lane id="{lane_id}"{named}>{ext}{ref}</bpmn:lane>'


CAMUNDA_GROUPS = 'camunda:candidateGroups="comptabilité, locataire"'
SPIFF_ROLE = (
    '<spiffworkflow:properties><spiffworkflow:property name="role" value="Entreprise"/>'
    "</spiffworkflow:properties>"
)


@pytest.mark.parametrize(
    ("task", "lanes", "role"),
    [
        (
            user_task('<hf:role key="commission"/>' + SPIFF_ROLE, CAMUNDA_GROUPS),
            lane(role="director"),
            "commission",
        ),
        (user_task(SPIFF_ROLE, CAMUNDA_GROUPS), lane(role="director"), "tenant"),
        (
            user_task("<zeebe:assignmentDefinition candidateGroups='x, gardiens'/>"),
            lane("Directeur"),
            "caretaker",
        ),
        (user_task(SPIFF_ROLE), lane(role="director"), "contractor"),
        (
            user_task(
                body="<bpmn:potentialOwner><bpmn:resourceAssignmentExpression>"
                "<bpmn:formalExpression>CALEOL</bpmn:formalExpression>"
                "</bpmn:resourceAssignmentExpression></bpmn:potentialOwner>"
            ),
            lane(role="director"),
            "commission",
        ),
        (user_task(), lane("Gardien", role="director"), "director"),
        (user_task(), lane("Chargée de clientèle"), "customer_officer"),
        (user_task(), lane("Équipe 2", lane_id="Lane_Technicien"), "asset_technician"),
        (
            user_task(),
            '<bpmn:lane id="outer" name="Gardien"><bpmn:flowNodeRef>task</bpmn:flowNodeRef>'
            f'<bpmn:childLaneSet id="inner_set">{lane("Équipe A", lane_id="inner")}'
            "</bpmn:childLaneSet></bpmn:lane>",
            "caretaker",
        ),
    ],
)
def test_role_sources_in_precedence_order(task: str, lanes: str, role: str) -> None:
    assert load_model(in_lanes(task, lanes)).tasks["task"].role == role


def test_pool_name_is_the_last_resort() -> None:
    model = load_model(in_lanes(user_task(), lane("Équipe A"), pool="Locataires"))
    assert model.tasks["task"].role == "tenant"


def test_inner_lane_is_reported_as_the_task_lane() -> None:
    lanes = (
        '<bpmn:lane id="outer" name="Gardien"><bpmn:flowNodeRef>task</bpmn:flowNodeRef>'
        f'<bpmn:childLaneSet id="inner_set">{lane("Équipe A", lane_id="inner")}'
        "</bpmn:childLaneSet></bpmn:lane>"
    )
    assert load_model(in_lanes(user_task(), lanes)).tasks["task"].lane == "Équipe A"


def test_task_in_a_subprocess_takes_the_lane_of_the_subprocess() -> None:
    subprocess = (
        '<bpmn:subProcess id="sub"><bpmn:startEvent id="s_start"/>'
        + user_task(task_id="inner_task")
        + '<bpmn:endEvent id="s_end"/>'
        '<bpmn:sequenceFlow id="s1" sourceRef="s_start" targetRef="inner_task"/>'
        '<bpmn:sequenceFlow id="s2" sourceRef="inner_task" targetRef="s_end"/></bpmn:subProcess>'
    )
    head = (
        '<bpmn:laneSet id="lanes"><bpmn:lane id="l" name="CGL">'
        "<bpmn:flowNodeRef>sub</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>"
    )
    model = load_model(document(process(subprocess, head=head)))
    assert model.tasks["inner_task"].role == "letting_officer"
    assert model.tasks["inner_task"].lane == "CGL"
    assert set(model.subprocess_specs) == {"sub"}


def test_task_without_role_says_what_was_tried() -> None:
    xml = in_lanes(
        user_task(attrs='camunda:candidateGroups="accounting"'), lane("Team"), pool="Pool"
    )
    assert messages(xml) == (
        "line 5, task: user task 'Tâche' has no role (tried camunda:candidateGroups "
        "'accounting', lane 'Team', lane id 'lane', pool 'Pool'): add <hf:role key=\"...\"/> "
        "to the task or its lane"
    )


def test_manual_task_needs_a_role_too() -> None:
    xml = document(process('<bpmn:manualTask id="manual" name="Poser la serrure"/>'))
    assert "manual task 'Poser la serrure' has no role (no hf:role, candidate group or lane)" in (
        messages(xml)
    )


def test_unknown_hf_role_is_an_error_not_a_fallback() -> None:
    xml = in_lanes(user_task('<hf:role key="janitor"/>'), lane("Gardien"))
    assert "hf:role key 'janitor' is not a known role (known roles: caretaker," in messages(xml)


# --- forms ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "stem"),
    [
        ("embedded:app:forms/complaint_intake.html", "complaint_intake"),
        ("camunda-forms:deployment:forms/complaint.form", "complaint"),
        ("app:forms/x.html", "x"),
        ("move-out-check-schema.json", "move-out-check"),
        ("deposit.schema.json", "deposit"),
        ("plain_key", "plain_key"),
    ],
)
def test_form_references_are_reduced_to_a_key(reference: str, stem: str) -> None:
    assert form_stem(reference) == stem


def test_unknown_form_is_refused_when_forms_are_known() -> None:
    xml = document(process(user_task(ROLE + '<hf:form key="missing"/>')))
    assert load_model(xml).tasks["task"].form_key == "missing"
    assert "task: hf:form 'missing' is not a known form (known forms: a, b)" in (
        messages(xml, form_keys={"b", "a"})
    )


def test_camunda_form_is_named_with_its_key() -> None:
    xml = document(process(user_task(ROLE, 'camunda:formKey="embedded:app:forms/x.html"')))
    assert "camunda:formKey 'embedded:app:forms/x.html' (form 'x') is not a known form" in (
        messages(xml, form_keys=set())
    )


def test_form_key_cannot_climb_out_of_the_forms_folder() -> None:
    xml = document(process(user_task(ROLE + '<hf:form key="../../etc/passwd"/>')))
    assert "is not a safe form name" in messages(xml)


# --- habiflow extensions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extensions", "message"),
    [
        (
            '<hf:sla duration="P5D" calendar="lunar"/>',
            "hf:sla: calendar must be 'business' or 'calendar'",
        ),
        ('<hf:sla calendar="business"/>', "hf:sla has no duration attribute"),
        (
            '<hf:sla duration="P5D" escalateTo="nobody"/>',
            "hf:sla: unknown role 'nobody' in escalateTo",
        ),
        ('<hf:sla duraton="P5D"/>', "hf:sla has an unknown attribute duraton"),
        ("<hf:form/>", "hf:form has no key attribute"),
        ('<hf:deadline at="P1D"/>', "unknown habiflow extension hf:deadline"),
        ('<hf:role key="tenant"/>', "more than one hf:role on this element"),
    ],
)
def test_habiflow_extensions_are_checked(extensions: str, message: str) -> None:
    assert message in messages(document(process(user_task(ROLE + extensions))))


def test_habiflow_extension_must_sit_where_it_means_something() -> None:
    script = (
        '<bpmn:scriptTask id="script"><bpmn:extensionElements><hf:form key="x"/>'
        "</bpmn:extensionElements><bpmn:script>a = 1</bpmn:script></bpmn:scriptTask>"
    )
    assert "hf:form is not allowed on bpmn:scriptTask (only on bpmn:userTask)" in (
        messages(document(process(script)))
    )


def test_process_sla_is_checked() -> None:
    head = '<bpmn:extensionElements><hf:sla duration="P1DT2H"/></bpmn:extensionElements>'
    assert "hf:sla: duration P1DT2H mixes days and time" in messages(document(process(head=head)))


# --- timers -----------------------------------------------------------------------------------


def timer_event(kind: str, text: str, language: str = "") -> str:
    return (
        f'<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition id="def">'
        f"<bpmn:{kind}{language}>{text}</bpmn:{kind}></bpmn:timerEventDefinition>"
        "</bpmn:intermediateCatchEvent>"
    )


@pytest.mark.parametrize(
    ("kind", "text", "expression"),
    [
        ("timeDuration", '"P5D"', '"P5D"'),
        ("timeDuration", "P5D", "'P5D'"),
        ("timeDuration", " PT1H30M ", "'PT1H30M'"),
        ("timeDate", "2026-12-01T10:00:00Z", "'2026-12-01T10:00:00Z'"),
        ("timeDate", "2026-12-01T10:00:00+01:00", "'2026-12-01T10:00:00+01:00'"),
        ("timeCycle", "R3/PT1H", "'R3/PT1H'"),
        ("timeCycle", "'R/P1D'", "'R/P1D'"),
        ("timeDuration", "reminder_delay", "reminder_delay"),
        ("timeDate", "lease_end.isoformat()", "lease_end.isoformat()"),
    ],
)
def test_timer_literals_and_expressions(kind: str, text: str, expression: str) -> None:
    model = load_model(document(process(timer_event(kind, text))))
    assert model.spec.task_specs["wait"].event_definition.expression.strip() == expression


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("timeDuration", "P5X", "timer timeDuration 'P5X' is not an ISO 8601 duration"),
        (
            "timeDuration",
            '"2026-12-01"',
            "timer timeDuration '2026-12-01' is not an ISO 8601 duration",
        ),
        (
            "timeDate",
            "2026-13-01T10:00:00Z",
            "timer timeDate '2026-13-01T10:00:00Z' is not an ISO 8601 date-time",
        ),
        ("timeCycle", "PT1H", "timer timeCycle 'PT1H' is not an ISO 8601 repeating interval"),
        ("timeCycle", "R5/P999Y", "timer timeCycle 'R5/P999Y' is longer than 36600 days"),
        ("timeDuration", "", "timer timeDuration is empty"),
        ("timeDuration", "${delay}", "is a JUEL expression (Camunda 7): write it in Python"),
        ("timeDuration", "= delay", "is a FEEL expression (Camunda 8): write it in Python"),
        ("timeDuration", "__import__('os').getcwd()", "name '__import__' is not allowed"),
    ],
)
def test_bad_timers_are_refused(kind: str, text: str, message: str) -> None:
    (problem,) = rejected(document(process(timer_event(kind, text))))
    assert message in problem.message
    assert problem.element_id == "wait"


def test_timer_without_definition_is_refused() -> None:
    event = (
        '<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition id="def"/>'
        "</bpmn:intermediateCatchEvent>"
    )
    assert "wait: timer has no timeDate, timeDuration or timeCycle" in messages(
        document(process(event))
    )


# --- code -------------------------------------------------------------------------------------


def script_task(script: str, attrs: str = "") -> str:
    body = f"<bpmn:script>{script}</bpmn:script>"
    return f'<bpmn:scriptTask id="script" {attrs}>{body}</bpmn:scriptTask>'


def test_script_importing_os_is_refused_with_the_reason() -> None:
    (problem,) = rejected(document(process(script_task("import os\nos.system('true')"))))
    assert problem.element_id == "script"
    assert problem.message == "script: line 1: import is not allowed in BPMN scripts"


def test_script_in_another_language_is_refused() -> None:
    assert "script is written in groovy: habiflow only runs Python" in messages(
        document(process(script_task("println 'x'", 'scriptFormat="groovy"')))
    )


def test_spiff_pre_and_post_scripts_are_checked() -> None:
    extensions = (
        ROLE + "<spiffworkflow:preScript>x = open('/etc/passwd').read()</spiffworkflow:preScript>"
        "<spiffworkflow:postScript>import subprocess</spiffworkflow:postScript>"
    )
    text = messages(document(process(user_task(extensions))))
    assert "task: spiffworkflow:preScript: line 1: name 'open' is not allowed" in text
    assert "task: spiffworkflow:postScript: line 1: import is not allowed" in text


def gateway(*flows: tuple[str, str | None], default: str | None = None) -> bytes:
    """start -> gateway -> one end per flow (id, condition)."""
    outgoing = "".join(
        f'<bpmn:sequenceFlow id="{flow_id}" sourceRef="gw" targetRef="end_{flow_id}">'
        + (f"<bpmn:conditionExpression>{condition}</bpmn:conditionExpression>" if condition else "")
        + f'</bpmn:sequenceFlow><bpmn:endEvent id="end_{flow_id}"/>'
        for flow_id, condition in flows
    )
    default_attr = f' default="{default}"' if default else ""
    body = (
        f'<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="gw"{default_attr}/>'
        f'<bpmn:sequenceFlow id="in" sourceRef="start" targetRef="gw"/>{outgoing}'
    )
    return document(f'<bpmn:process id="p" isExecutable="true">{body}</bpmn:process>')


def test_gateway_conditions_are_python() -> None:
    model = load_model(gateway(("yes", "amount &gt; 1000"), ("no", None), default="no"))
    conditions = [condition for condition, _ in model.spec.task_specs["gw"].cond_task_specs]
    assert [c.args[0] for c in conditions if c is not None] == ["amount > 1000"]


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("${approved}", "yes: condition: '${approved}' is a JUEL expression (Camunda 7)"),
        ("= approved", "yes: condition: '= approved' is a FEEL expression (Camunda 8)"),
        (
            "Service Level == 'Premium'",
            "yes: condition 'Service Level == 'Premium'': line 1: syntax error",
        ),
        (
            "().__class__",
            "yes: condition '().__class__': line 1: attribute '__class__' is not allowed",
        ),
    ],
)
def test_bad_conditions_are_refused(condition: str, message: str) -> None:
    assert message in messages(gateway(("yes", condition), ("no", None), default="no"))


def test_gateway_branch_without_condition_must_be_the_default() -> None:
    assert (
        "no: flow leaving bpmn:exclusiveGateway gw has no condition and is not the gateway's "
        "default flow"
    ) in messages(gateway(("yes", "a"), ("no", None)))


def test_condition_after_a_task_would_be_ignored_so_it_is_refused() -> None:
    xml = document(
        process(user_task(ROLE)).replace(
            'sourceRef="task" targetRef="end"/>',
            'sourceRef="task" targetRef="end">'
            "<bpmn:conditionExpression>a</bpmn:conditionExpression>"
            "</bpmn:sequenceFlow>",
        )
    )
    assert "condition on a flow leaving bpmn:userTask task" in messages(xml)


def test_condition_language_other_than_python_is_refused() -> None:
    xml = gateway(("yes", None), ("no", None), default="no").replace(
        b'targetRef="end_yes">',
        b'targetRef="end_yes"><bpmn:conditionExpression language="http://www.w3.org/1999/XPath">'
        b"a = 1</bpmn:conditionExpression>",
    )
    assert "condition is written in http://www.w3.org/1999/XPath: habiflow only runs Python" in (
        messages(xml)
    )


# --- what the engine cannot run ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("node", "message"),
    [
        (
            '<bpmn:complexGateway id="node"/>',
            "unsupported element bpmn:complexGateway at id node "
            "(SpiffWorkflow has no implementation for it)",
        ),
        (
            '<bpmn:adHocSubProcess id="node"><bpmn:task id="inner"/></bpmn:adHocSubProcess>',
            "unsupported element bpmn:adHocSubProcess at id node "
            "(ad-hoc subprocesses are experimental in SpiffWorkflow)",
        ),
        (
            '<bpmn:businessRuleTask id="node"/>',
            "unsupported element bpmn:businessRuleTask at id node "
            "(habiflow deploys no DMN decision tables)",
        ),
        (
            '<bpmn:intermediateThrowEvent id="node"><bpmn:linkEventDefinition name="a"/>'
            "</bpmn:intermediateThrowEvent>",
            "unsupported element bpmn:linkEventDefinition at id node",
        ),
        (
            '<bpmn:intermediateThrowEvent id="node"><bpmn:compensateEventDefinition/>'
            "</bpmn:intermediateThrowEvent>",
            "unsupported element bpmn:compensateEventDefinition at id node",
        ),
        ('<bpmn:serviceTask id="node"/>', "service task has no spiffworkflow:serviceTaskOperator"),
    ],
)
def test_unsupported_elements_are_refused(node: str, message: str) -> None:
    problems = rejected(document(process(node)))
    assert message in problems[0].message
    assert problems[0].element_id == "node"


def test_data_store_is_refused() -> None:
    xml = document('<bpmn:dataStore id="store" name="ERP"/>', process(user_task(ROLE)))
    assert "unsupported element bpmn:dataStore at id store (habiflow has no data store " in (
        messages(xml)
    )


def test_spiff_errors_become_located_problems() -> None:
    subprocess = '<bpmn:subProcess id="sub"><bpmn:task id="lonely"/></bpmn:subProcess>'
    (problem,) = rejected(document(process(subprocess)))
    assert problem.message == (
        "SpiffWorkflow refuses bpmn:subProcess: Exactly one start event is required in a "
        "SubWorkflow Task; found 0"
    )
    assert problem.element_id == "sub"
    assert problem.line == 4


def test_dangling_sequence_flow_is_refused() -> None:
    xml = document(process(user_task(ROLE)).replace('targetRef="end"', 'targetRef="nowhere"'))
    assert "sequence flow targetRef 'nowhere' is not an element of the same process" in (
        messages(xml)
    )
