"""Engine services end to end, on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from engine.actors import Actor
from engine.db import read_session
from engine.errors import (
    Conflict,
    FormInvalid,
    InvalidState,
    NotFound,
    PermissionDenied,
    ProcessFailed,
)
from engine.models import AuditEntry, HumanTask, InstanceStatus, TaskStatus
from engine.runtime import EngineContext
from engine.services import instances, queries, tasks
from tests.conftest import ENGINE_BPMN, deploy_fixture

CARETAKER = Actor("gardien.nord", frozenset({"caretaker"}), "nord")
CARETAKER_SOUTH = Actor("gardien.sud", frozenset({"caretaker"}), "sud")
TECHNICIAN = Actor("tech.nord", frozenset({"asset_technician"}), "nord")
MANAGER = Actor("rt.nord", frozenset({"territorial_manager"}), "nord")
ADMIN = Actor("admin", frozenset({"admin"}))


@pytest.fixture(autouse=True)
def territories(ctx: EngineContext) -> None:
    ctx.territory_of = lambda place: place.split("/")[0] if place else None


def open_task(ctx: EngineContext, instance_id: int, bpmn_id: str) -> queries.TaskView:
    view = queries.show_instance(ctx, instance_id, ADMIN)
    matches = [t for t in view.open_tasks if t.bpmn_id == bpmn_id]
    assert matches, f"no open task {bpmn_id}; open: {[t.bpmn_id for t in view.open_tasks]}"
    return matches[0]


def test_deploy_versions_by_content(ctx: EngineContext) -> None:
    first = deploy_fixture(ctx, "repair_request")
    again = deploy_fixture(ctx, "repair_request")
    assert (first.version, first.created) == (1, True)
    assert (again.version, again.created) == (1, False)


def test_running_instances_stay_on_their_version(ctx: EngineContext, tmp_path) -> None:
    deploy_fixture(ctx, "repair_request")
    old = instances.start_instance(ctx, "repair_request", CARETAKER, place_ref="nord/r1")
    changed = (
        (ENGINE_BPMN / "repair_request.bpmn")
        .read_text()
        .replace("Valider le devis", "Valider le devis (v2)")
    )
    (tmp_path / "repair_request.bpmn").write_text(changed)
    v2 = deploy_fixture(ctx, "repair_request", folder=tmp_path)
    new = instances.start_instance(ctx, "repair_request", CARETAKER, place_ref="nord/r2")
    assert (v2.version, old.version, new.version) == (2, 1, 2)
    assert queries.show_instance(ctx, old.instance_id, ADMIN).version == 1


def test_a_case_runs_from_start_to_end(ctx: EngineContext) -> None:
    deploy_fixture(ctx, "repair_request")
    started = instances.start_instance(
        ctx,
        "repair_request",
        CARETAKER,
        business_key="REC-1",
        place_ref="nord/r1",
        data={"dwelling": "B12-034"},
    )
    report = open_task(ctx, started.instance_id, "report")
    assert (report.candidate_role, report.territory, report.title) == (
        "caretaker",
        "nord",
        "Signaler le désordre",
    )
    # 2 business days from Monday 2 March 09:00 Paris: due at the end of Wednesday.
    assert report.due_at == datetime(2026, 3, 4, 23, 0, tzinfo=UTC)

    tasks.claim(ctx, report.id, CARETAKER)
    tasks.complete(ctx, report.id, CARETAKER, {"description": "fuite sous évier"})
    estimate = open_task(ctx, started.instance_id, "estimate")
    assert (estimate.candidate_role, estimate.form_key) == ("asset_technician", "estimate")
    done = tasks.complete(ctx, estimate.id, TECHNICIAN, {"amount": 250, "works_level": "refresh"})
    approve = open_task(ctx, started.instance_id, "approve")
    assert done.next_task_ids == (approve.id,)
    assert approve.candidate_role == "territorial_manager"
    final = tasks.complete(ctx, approve.id, MANAGER, {"approved": True})
    assert final.instance_status is InstanceStatus.COMPLETED

    view = queries.show_instance(ctx, started.instance_id, ADMIN)
    assert view.status is InstanceStatus.COMPLETED and view.open_tasks == ()
    actions = [e.action for e in view.history]
    assert actions == [
        "instance_started",
        "task_claimed",
        "task_completed",
        "task_completed",
        "task_completed",
        "instance_completed",
    ]
    estimate_entry = view.history[3]
    assert estimate_entry.actor == "tech.nord"
    assert estimate_entry.details["changes"]["amount"] == {"old": None, "new": 250}


def test_script_results_and_helpers_reach_the_next_step(ctx: EngineContext) -> None:
    deploy_fixture(ctx, "repair_request")
    started = instances.start_instance(ctx, "repair_request", CARETAKER, place_ref="nord/r1")
    tasks.complete(ctx, open_task(ctx, started.instance_id, "report").id, CARETAKER, {})
    estimate = open_task(ctx, started.instance_id, "estimate")
    tasks.complete(ctx, estimate.id, TECHNICIAN, {"amount": 100.5, "works_level": "standard"})
    data = queries.case_data(ctx, started.instance_id, ADMIN)
    assert data["total"] == 120.6
    # 7 May 2026 + 1 business day skips the 8 May holiday and the weekend.
    assert data["due"] == date(2026, 5, 11)
    assert data["place_ref"] == "nord/r1"


def test_invalid_form_data_changes_nothing(ctx: EngineContext) -> None:
    deploy_fixture(ctx, "repair_request")
    started = instances.start_instance(ctx, "repair_request", CARETAKER, place_ref="nord/r1")
    tasks.complete(ctx, open_task(ctx, started.instance_id, "report").id, CARETAKER, {})
    estimate = open_task(ctx, started.instance_id, "estimate")
    with read_session(ctx.sessions) as session:
        audit_before = session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(FormInvalid) as error:
        tasks.complete(ctx, estimate.id, TECHNICIAN, {"amount": -3, "works_level": "gold"})
    assert set(error.value.field_errors) == {"amount", "works_level"}
    assert "supérieur ou égal à 0" in error.value.field_errors["amount"][0]
    with pytest.raises(FormInvalid) as missing:
        tasks.complete(ctx, estimate.id, TECHNICIAN, {})
    assert missing.value.field_errors == {
        "amount": ["ce champ est obligatoire"],
        "works_level": ["ce champ est obligatoire"],
    }
    with read_session(ctx.sessions) as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == audit_before
        row = session.get(HumanTask, estimate.id)
        assert row is not None and row.status is TaskStatus.OPEN


def test_territory_and_role_rules(ctx: EngineContext) -> None:
    deploy_fixture(ctx, "repair_request")
    started = instances.start_instance(ctx, "repair_request", CARETAKER, place_ref="nord/r1")
    report = open_task(ctx, started.instance_id, "report")
    with pytest.raises(PermissionDenied):
        tasks.claim(ctx, report.id, CARETAKER_SOUTH)
    with pytest.raises(PermissionDenied):
        tasks.complete(ctx, report.id, TECHNICIAN, {})
    with pytest.raises(PermissionDenied):
        queries.show_instance(ctx, started.instance_id, CARETAKER_SOUTH)
    assert [t.id for t in queries.list_tasks(ctx, actor=CARETAKER)] == [report.id]
    assert queries.list_tasks(ctx, actor=CARETAKER_SOUTH) == []
    assert queries.list_tasks(ctx, actor=TECHNICIAN) == []


def test_claims_are_exclusive(ctx: EngineContext) -> None:
    deploy_fixture(ctx, "repair_request")
    started = instances.start_instance(ctx, "repair_request", CARETAKER, place_ref="nord/r1")
    report = open_task(ctx, started.instance_id, "report")
    colleague = Actor("gardien.nord2", frozenset({"caretaker"}), "nord")
    tasks.claim(ctx, report.id, CARETAKER)
    with pytest.raises(Conflict, match=r"already claimed by gardien\.nord$"):
        tasks.claim(ctx, report.id, colleague)
    with pytest.raises(Conflict, match=r"claimed by gardien\.nord$"):
        tasks.complete(ctx, report.id, colleague, {})
    tasks.unclaim(ctx, report.id, CARETAKER)
    tasks.claim(ctx, report.id, colleague)
    tasks.delegate(ctx, report.id, colleague, CARETAKER)
    tasks.complete(ctx, report.id, CARETAKER, {})
    with pytest.raises(Conflict, match=r"already completed by gardien\.nord$"):
        tasks.complete(ctx, report.id, CARETAKER, {})
    actions = [e.action for e in queries.show_instance(ctx, started.instance_id, ADMIN).history]
    assert actions[1:6] == [
        "task_claimed",
        "task_unclaimed",
        "task_claimed",
        "task_delegated",
        "task_completed",
    ]


def test_a_failing_script_fails_the_case_with_its_reason(ctx: EngineContext) -> None:
    deploy_fixture(ctx, "failing_script")
    clerk = Actor("cgl", frozenset({"letting_officer"}))
    started = instances.start_instance(ctx, "failing_script", clerk)
    enter = open_task(ctx, started.instance_id, "enter")
    with pytest.raises(ProcessFailed, match="division by zero"):
        tasks.complete(ctx, enter.id, clerk, {"rent": 500, "income": 0})
    view = queries.show_instance(ctx, started.instance_id, ADMIN)
    assert view.status is InstanceStatus.FAILED
    assert "ZeroDivisionError" in (view.error or "") and "ratio" in (view.error or "")
    with pytest.raises(ProcessFailed):
        instances.resume_instance(ctx, started.instance_id, ADMIN, "retry")


def test_suspend_resume_cancel(ctx: EngineContext) -> None:
    deploy_fixture(ctx, "repair_request")
    started = instances.start_instance(ctx, "repair_request", CARETAKER, place_ref="nord/r1")
    report = open_task(ctx, started.instance_id, "report")
    with pytest.raises(PermissionDenied):
        instances.suspend_instance(ctx, started.instance_id, CARETAKER)
    instances.suspend_instance(ctx, started.instance_id, ADMIN, "travaux gelés")
    with pytest.raises(InvalidState, match="suspended"):
        tasks.complete(ctx, report.id, CARETAKER, {})
    instances.resume_instance(ctx, started.instance_id, ADMIN)
    tasks.complete(ctx, report.id, CARETAKER, {})
    instances.cancel_instance(ctx, started.instance_id, ADMIN, "doublon")
    view = queries.show_instance(ctx, started.instance_id, ADMIN)
    assert view.status is InstanceStatus.CANCELLED and view.open_tasks == ()
    with pytest.raises(InvalidState):
        instances.cancel_instance(ctx, started.instance_id, ADMIN)
    with pytest.raises(NotFound):
        instances.cancel_instance(ctx, 999_999, ADMIN)


def test_unknown_process_and_task(ctx: EngineContext) -> None:
    with pytest.raises(NotFound, match="no process is deployed"):
        instances.start_instance(ctx, "nope", ADMIN)
    with pytest.raises(NotFound):
        tasks.complete(ctx, 424242, ADMIN, {})


def test_comments_on_a_case(ctx: EngineContext) -> None:
    from engine.services import comments

    deploy_fixture(ctx, "repair_request")
    started = instances.start_instance(ctx, "repair_request", CARETAKER, place_ref="nord/r1")
    report = open_task(ctx, started.instance_id, "report")
    comments.add_comment(ctx, started.instance_id, CARETAKER, "  Locataire absent le matin. ")
    comments.add_comment(ctx, started.instance_id, TECHNICIAN, "Passage jeudi", task_id=report.id)
    with pytest.raises(comments.CommentInvalid):
        comments.add_comment(ctx, started.instance_id, CARETAKER, "   ")
    with pytest.raises(PermissionDenied):
        comments.add_comment(ctx, started.instance_id, CARETAKER_SOUTH, "intrusion")
    with pytest.raises(NotFound):
        comments.add_comment(ctx, started.instance_id, CARETAKER, "x", task_id=999)
    listed = comments.list_comments(ctx, started.instance_id, MANAGER)
    assert [(c.author, c.body, c.task_id) for c in listed] == [
        ("gardien.nord", "Locataire absent le matin.", None),
        ("tech.nord", "Passage jeudi", report.id),
    ]
    with pytest.raises(PermissionDenied):
        comments.list_comments(ctx, started.instance_id, CARETAKER_SOUTH)


def test_optional_fields_left_empty_are_recorded_as_none(ctx: EngineContext) -> None:
    deploy_fixture(ctx, "repair_request")
    started = instances.start_instance(ctx, "repair_request", CARETAKER, place_ref="nord/r1")
    tasks.complete(ctx, open_task(ctx, started.instance_id, "report").id, CARETAKER, {})
    estimate = open_task(ctx, started.instance_id, "estimate")
    tasks.complete(ctx, estimate.id, TECHNICIAN, {"amount": 10, "works_level": "none"})
    data = queries.case_data(ctx, started.instance_id, ADMIN)
    assert "visit_date" in data and data["visit_date"] is None
