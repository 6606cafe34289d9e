"""Human tasks: search with filters and cursors, read with their form, claim,
unclaim, complete (422 with field errors), and comments."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field as Doc
from pydantic import StringConstraints

from admin.api import pagination
from admin.api.registry import Call, Registry, Reply, engine_context
from admin.api.types import (
    QUERY_INT,
    CaseData,
    CommentText,
    Instant,
    OptionalName,
    QueryBool,
    QueryParams,
    RequestBody,
    Resource,
)
from engine.models import ClockStatus, TaskStatus
from engine.services import comments
from engine.services import tasks as task_service
from engine.services.queries import TaskView
from engine.services.task_search import TaskFilter, TaskItem, get_task, search_tasks
from forms.catalog import FormCatalog
from forms.fields import Field, fields_of

Cursor = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,200}$")]
TaskState = Literal["open", "claimed", "completed", "cancelled"]
SlaState = Literal["on_track", "at_risk", "breached", "paused", "met", "missed", "cancelled"]


class TaskQuery(QueryParams):
    mine: QueryBool = Doc(False, description="only the tasks I hold")
    role: OptionalName | None = Doc(None, description="offered to this role (or escalated)")
    status: TaskState | None = Doc(None, description="default: open and claimed")
    sla_status: SlaState | None = None
    due_before: Instant | None = Doc(None, description="due strictly before this instant")
    place: OptionalName | None = Doc(None, description="the case's place code")
    limit: Annotated[Annotated[int, Doc(ge=1, le=100)], QUERY_INT] = 50
    cursor: Cursor | None = Doc(None, description="next_cursor of the previous page")


class TaskSummary(Resource):
    id: int
    instance_id: int
    title: str
    step: str
    candidate_role: str | None
    escalated_role: str | None
    territory: str | None
    assignee: str | None
    status: TaskState
    form_key: str | None
    created_at: datetime
    due_at: datetime | None


class TaskItemResource(TaskSummary):
    process_key: str
    business_key: str | None
    place_ref: str | None
    completed_at: datetime | None
    sla_status: SlaState | None
    sla_due_at: datetime | None


class TaskPage(Resource):
    items: list[TaskItemResource]
    next_cursor: str | None = Doc(description="pass as cursor for the next page; null at the end")


class Choice(Resource):
    value: str
    label: str


class FormField(Resource):
    name: str
    label: str
    help: str | None
    kind: str
    required: bool
    choices: list[Choice]
    minimum: float | None
    maximum: float | None
    max_length: int | None
    pattern: str | None
    multiple: bool
    fields: list[FormField]


class TaskForm(Resource):
    key: str
    json_schema: dict[str, Any]
    fields: list[FormField]


class TaskDetail(TaskItemResource):
    form: TaskForm | None


class CompleteRequest(RequestBody):
    data: CaseData = Doc(default_factory=dict)


class Completion(Resource):
    task_id: int
    instance_id: int
    instance_status: Literal["running", "suspended", "completed", "cancelled", "failed"]
    next_task_ids: list[int]


class CommentRequest(RequestBody):
    body: CommentText


class CommentResource(Resource):
    id: int
    instance_id: int
    task_id: int | None
    author: str
    body: str
    created_at: datetime


class CommentList(Resource):
    items: list[CommentResource]


def summary_of_view(task: TaskView) -> TaskSummary:
    return TaskSummary(
        id=task.id,
        instance_id=task.instance_id,
        title=task.title,
        step=task.bpmn_id,
        candidate_role=task.candidate_role,
        escalated_role=task.escalated_role,
        territory=task.territory,
        assignee=task.assignee,
        status=task.status.value,
        form_key=task.form_key,
        created_at=task.created_at,
        due_at=task.due_at,
    )


def _item(task: TaskItem) -> dict[str, Any]:
    return {
        "id": task.id,
        "instance_id": task.instance_id,
        "title": task.title,
        "step": task.bpmn_id,
        "candidate_role": task.candidate_role,
        "escalated_role": task.escalated_role,
        "territory": task.territory,
        "assignee": task.assignee,
        "status": task.status.value,
        "form_key": task.form_key,
        "created_at": task.created_at,
        "due_at": task.due_at,
        "process_key": task.process_key,
        "business_key": task.business_key,
        "place_ref": task.place_ref,
        "completed_at": task.completed_at,
        "sla_status": task.sla_status.value if task.sla_status else None,
        "sla_due_at": task.sla_due_at,
    }


def _field(field: Field) -> FormField:
    data = asdict(field)
    data["choices"] = [Choice(value=v, label=label) for v, label in field.choices]
    data["fields"] = [_field(f) for f in field.fields]
    return FormField(**data)


def _form(form_key: str | None) -> TaskForm | None:
    catalog = engine_context().forms
    if form_key is None or not isinstance(catalog, FormCatalog) or form_key not in catalog.keys():  # noqa: SIM118 - a FormCatalog, not a dict
        return None
    schema = catalog.schema(form_key)
    return TaskForm(key=form_key, json_schema=schema, fields=[_field(f) for f in fields_of(schema)])


def _detail(task_id: int, call: Call) -> TaskDetail:
    task = get_task(engine_context(), task_id, call.who.actor)
    return TaskDetail(**_item(task), form=_form(task.form_key))


def register(api: Registry) -> None:
    @api.route(
        "GET",
        "/tasks",
        summary="Tâches (filtres, pagination par curseur)",
        tag="tasks",
        scope="tasks:read",
        query=TaskQuery,
        response=TaskPage,
    )
    def list_tasks(call: Call) -> Reply:
        """The tasks I may see: those I hold, and those offered to my roles in my
        territory. Ordered by due date (none last), then id."""
        query = call.query_as(TaskQuery)
        filters = TaskFilter(
            mine=query.mine,
            role=query.role,
            status=TaskStatus(query.status) if query.status else None,
            sla_status=ClockStatus(query.sla_status) if query.sla_status else None,
            due_before=query.due_before,
            place=query.place,
        )
        items, after = search_tasks(
            engine_context(),
            call.who.actor,
            filters,
            limit=query.limit,
            after=pagination.decode(query.cursor),
        )
        return Reply(
            TaskPage(
                items=[TaskItemResource(**_item(t)) for t in items],
                next_cursor=pagination.encode(after),
            )
        )

    @api.route(
        "GET",
        "/tasks/<int:task_id>",
        summary="Une tâche, avec son formulaire",
        tag="tasks",
        scope="tasks:read",
        response=TaskDetail,
    )
    def show_task(call: Call, task_id: int) -> Reply:
        return Reply(_detail(task_id, call))

    @api.route(
        "POST",
        "/tasks/<int:task_id>/claim",
        summary="Prendre une tâche",
        tag="tasks",
        scope="tasks:write",
        response=TaskDetail,
        problems=(409,),
    )
    def claim(call: Call, task_id: int) -> Reply:
        """Take an open task of one of my roles in my territory (409 when someone else
        holds it or it is done)."""
        task_service.claim(engine_context(), task_id, call.who.actor)
        return Reply(_detail(task_id, call))

    @api.route(
        "POST",
        "/tasks/<int:task_id>/unclaim",
        summary="Rendre une tâche à son équipe",
        tag="tasks",
        scope="tasks:write",
        response=TaskDetail,
        problems=(409,),
    )
    def unclaim(call: Call, task_id: int) -> Reply:
        task_service.unclaim(engine_context(), task_id, call.who.actor)
        return Reply(_detail(task_id, call))

    @api.route(
        "POST",
        "/tasks/<int:task_id>/complete",
        summary="Terminer une tâche avec les données de son formulaire",
        tag="tasks",
        scope="tasks:write",
        body=CompleteRequest,
        response=Completion,
        problems=(409, 422),
    )
    def complete(call: Call, task_id: int) -> Reply:
        """Complete with the form's data: 422 with the field errors when they do not
        satisfy the form (nothing is changed), 409 when done or held by someone else."""
        body = call.body_as(CompleteRequest)
        done = task_service.complete(engine_context(), task_id, call.who.actor, dict(body.data))
        return Reply(
            Completion(
                task_id=done.task_id,
                instance_id=done.instance_id,
                instance_status=done.instance_status.value,
                next_task_ids=list(done.next_task_ids),
            )
        )

    @api.route(
        "GET",
        "/tasks/<int:task_id>/comments",
        summary="Commentaires d'une tâche",
        tag="tasks",
        scope="tasks:read",
        response=CommentList,
    )
    def list_comments(call: Call, task_id: int) -> Reply:
        ctx = engine_context()
        task = get_task(ctx, task_id, call.who.actor)
        found = comments.list_comments(ctx, task.instance_id, call.who.actor)
        return Reply(CommentList(items=[_comment(c) for c in found if c.task_id == task_id]))

    @api.route(
        "POST",
        "/tasks/<int:task_id>/comments",
        summary="Commenter une tâche",
        tag="tasks",
        scope="tasks:write",
        body=CommentRequest,
        response=CommentResource,
        status=201,
        problems=(422,),
    )
    def add_comment(call: Call, task_id: int) -> Reply:
        ctx = engine_context()
        task = get_task(ctx, task_id, call.who.actor)
        text = call.body_as(CommentRequest).body
        added = comments.add_comment(ctx, task.instance_id, call.who.actor, text, task_id)
        return Reply(_comment(added), status=201)


def _comment(comment: comments.CommentView) -> CommentResource:
    return CommentResource(**asdict(comment))
