"""A case's files for the web pages: list them all, and upload once per client key.

A phone on a flaky connection retries an upload with the key it chose for that file; the
retry of the same person on the same task gets the first attachment back instead of a
second row (the keys go through ``idempotency``, scoped to the task).
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from engine.actors import Actor
from engine.db import read_session
from engine.errors import NotFound
from engine.models import Attachment
from engine.runtime import EngineContext
from engine.services import idempotency
from engine.services.attachments import (
    AttachmentView,
    add_attachment,
    attachment_view,
    open_attachment,
)
from engine.services.case_access import visible_case


def case_attachments(ctx: EngineContext, instance_id: int, actor: Actor) -> list[AttachmentView]:
    """Every file joined to any task of the case, oldest first."""
    with read_session(ctx.sessions) as session:
        visible_case(session, instance_id, actor)
        rows = session.scalars(
            select(Attachment).where(Attachment.instance_id == instance_id).order_by(Attachment.id)
        )
        return [attachment_view(a) for a in rows]


def add_attachment_once(
    ctx: EngineContext,
    store: Path,
    task_id: int,
    actor: Actor,
    key: str,
    *,
    filename: str,
    content_type: str,
    content: bytes,
) -> AttachmentView:
    """``add_attachment``, unless this person already sent ``key`` for this task.

    The same key with other content is refused (``KeyReused``); a retry while the first
    upload is still being written is a conflict (``RequestInProgress``).
    """
    scoped = f"upload:{task_id}:{key}"
    replay = idempotency.claim(ctx, actor.username, scoped, idempotency.fingerprint(content))
    if replay is not None:
        attachment_id = int(json.loads(replay.response)["attachment_id"])
        view, _path = open_attachment(ctx, store, attachment_id, actor)
        if view.task_id != task_id:
            raise NotFound(f"attachment {attachment_id} is not a file of task {task_id}")
        return view
    try:
        view = add_attachment(
            ctx,
            store,
            task_id,
            actor,
            filename=filename,
            content_type=content_type,
            content=content,
        )
    except BaseException:
        idempotency.release(ctx, actor.username, scoped)
        raise
    idempotency.settle(ctx, actor.username, scoped, 201, json.dumps({"attachment_id": view.id}))
    return view
