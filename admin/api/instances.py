"""Cases: start (idempotently), read status, milestones, open tasks and SLA, cancel."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from flask import Response, request
from pydantic import Field

from admin.api.problems import ApiProblem
from admin.api.registry import Call, Header, Registry, Reply, engine_context
from admin.api.tasks import TaskSummary, summary_of_view
from admin.api.types import CaseData, Key, Name, OptionalName, Reason, RequestBody, Resource
from engine.actors import Actor
from engine.services import idempotency, tracking
from engine.services.instances import cancel_instance, start_instance
from engine.services.queries import show_instance

IDEMPOTENCY = Header(
    "Idempotency-Key",
    "a client-chosen key (up to 200 visible ASCII characters): a retry with the same key "
    "and body gets the first answer and starts no second case",
    r"^[\x21-\x7e]{1,200}$",
)
_KEY = re.compile(IDEMPOTENCY.pattern)
InstanceStatus = Literal["running", "suspended", "completed", "cancelled", "failed"]


class StartRequest(RequestBody):
    process_key: Name
    place_ref: OptionalName | None = None
    business_key: Key | None = None
    data: CaseData = Field(default_factory=dict)


class InstanceCreated(Resource):
    id: int
    process_key: str
    version: int
    status: InstanceStatus
    public_ref: str
    task_ids: list[int]


class MilestoneItem(Resource):
    at: datetime
    label: str
    action: str
    actor: str | None
    task_id: int | None


class SlaClockItem(Resource):
    id: int
    task_id: int | None
    step: str | None
    status: str
    started_at: datetime
    warn_at: datetime
    due_at: datetime
    stopped_at: datetime | None
    late_seconds: int | None


class InstanceDetail(Resource):
    id: int
    process_key: str
    version: int
    business_key: str | None
    place_ref: str | None
    territory: str | None
    status: InstanceStatus
    error: str | None
    started_at: datetime
    ended_at: datetime | None
    public_ref: str
    open_tasks: list[TaskSummary]
    milestones: list[MilestoneItem]
    sla: list[SlaClockItem]


class CancelRequest(RequestBody):
    reason: Reason | None = None


class InstanceState(Resource):
    id: int
    status: InstanceStatus


def register(api: Registry) -> None:
    @api.route(
        "POST",
        "/instances",
        summary="Démarrer un dossier",
        tag="instances",
        scope="cases:create",
        body=StartRequest,
        response=InstanceCreated,
        status=201,
        problems=(404, 409, 422),
        headers=(IDEMPOTENCY,),
    )
    def start(call: Call) -> Reply | Response:
        """Start a case of the latest version of a process, on a place. With an
        Idempotency-Key, a retry returns the first answer (header Idempotent-Replayed);
        the same key with another body is refused (422), a retry while the first
        request runs is a conflict (409)."""
        who = call.who
        body = call.body_as(StartRequest)
        key = request.headers.get(IDEMPOTENCY.name)
        if key is None:
            return _start(who.actor, body)
        if not _KEY.match(key):
            raise ApiProblem(400, "invalid-header", "Idempotency-Key: 1-200 visible ASCII")
        ctx = engine_context()
        principal = who.actor.username
        replay = idempotency.claim(
            ctx, principal, key, idempotency.fingerprint(body.model_dump_json().encode())
        )
        if replay is not None:
            response = Response(replay.response, status=replay.status, mimetype="application/json")
            response.headers["Idempotent-Replayed"] = "true"
            return response
        try:
            reply = _start(who.actor, body)
        except BaseException:
            idempotency.release(ctx, principal, key)
            raise
        assert reply.model is not None
        idempotency.settle(ctx, principal, key, reply.status, reply.model.model_dump_json())
        return reply

    @api.route(
        "GET",
        "/instances/<int:instance_id>",
        summary="Un dossier : état, jalons, tâches ouvertes, délais",
        tag="instances",
        scope="cases:read",
        response=InstanceDetail,
    )
    def show(call: Call, instance_id: int) -> Reply:
        ctx = engine_context()
        actor = call.who.actor
        view = show_instance(ctx, instance_id, actor)
        return Reply(
            InstanceDetail(
                id=view.id,
                process_key=view.key,
                version=view.version,
                business_key=view.business_key,
                place_ref=view.place_ref,
                territory=view.territory,
                status=view.status.value,
                error=view.error,
                started_at=view.started_at,
                ended_at=view.ended_at,
                public_ref=tracking.public_ref(ctx, instance_id),
                open_tasks=[summary_of_view(t) for t in view.open_tasks],
                milestones=[
                    MilestoneItem(
                        at=m.at, label=m.label, action=m.action, actor=m.actor, task_id=m.task_id
                    )
                    for m in tracking.milestones(ctx, instance_id, actor)
                ],
                sla=[SlaClockItem(**vars(c)) for c in tracking.sla_state(ctx, instance_id, actor)],
            )
        )

    @api.route(
        "POST",
        "/instances/<int:instance_id>/cancel",
        summary="Annuler un dossier (administrateurs)",
        tag="instances",
        scope="cases:cancel",
        body=CancelRequest,
        response=InstanceState,
        problems=(409,),
    )
    def cancel(call: Call, instance_id: int) -> Reply:
        body = call.body_as(CancelRequest)
        status = cancel_instance(engine_context(), instance_id, call.who.actor, body.reason)
        return Reply(InstanceState(id=instance_id, status=status.value))


def _start(actor: Actor, body: StartRequest) -> Reply:
    ctx = engine_context()
    started = start_instance(
        ctx,
        body.process_key,
        actor,
        business_key=body.business_key,
        place_ref=body.place_ref,
        data=dict(body.data),
    )
    created = InstanceCreated(
        id=started.instance_id,
        process_key=started.key,
        version=started.version,
        status=started.status.value,
        public_ref=tracking.public_ref(ctx, started.instance_id),
        task_ids=list(started.task_ids),
    )
    return Reply(
        created, status=201, headers={"Location": f"/api/v1/instances/{started.instance_id}"}
    )
