"""A tenant's view of their request, by its public reference: no personal data."""

from __future__ import annotations

import re
from datetime import datetime

from admin.api.problems import ApiProblem
from admin.api.registry import Call, Registry, Reply, engine_context
from admin.api.types import Resource
from engine.services.tracking import track

_REF = re.compile(r"[A-Za-z0-9_-]{43}")


class PublicMilestone(Resource):
    at: datetime
    label: str


class TrackedRequest(Resource):
    reference: str
    process: str
    status: str
    status_label: str
    started_at: datetime
    ended_at: datetime | None
    current_steps: list[str]
    milestones: list[PublicMilestone]


def register(api: Registry) -> None:
    @api.route(
        "GET",
        "/tracking/<public_ref>",
        summary="Suivre une demande (locataires)",
        tag="tracking",
        scope="tracking:read",
        response=TrackedRequest,
    )
    def follow(call: Call, public_ref: str) -> Reply:
        """What happened to a request and when, in plain French, without names or data."""
        call.who  # noqa: B018 - the scope check is the permission
        if not _REF.fullmatch(public_ref):
            raise ApiProblem(404, "not-found", "no request has this reference")
        seen = track(engine_context(), public_ref)
        return Reply(
            TrackedRequest(
                reference=seen.public_ref,
                process=seen.process,
                status=seen.status,
                status_label=seen.status_label,
                started_at=seen.started_at,
                ended_at=seen.ended_at,
                current_steps=list(seen.current_steps),
                milestones=[PublicMilestone(at=m.at, label=m.label) for m in seen.milestones],
            )
        )
