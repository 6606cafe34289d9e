"""Comments people leave on a case or on one of its tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from engine.actors import Actor
from engine.db import read_session, write_session
from engine.errors import HabiflowError, NotFound
from engine.models import Comment, HumanTask
from engine.runtime import EngineContext
from engine.services.audit import record
from engine.services.case_access import visible_case

MAX_COMMENT_CHARS = 5_000


class CommentInvalid(HabiflowError):
    """The comment is empty or too long."""


@dataclass(frozen=True)
class CommentView:
    id: int
    instance_id: int
    task_id: int | None
    author: str
    body: str
    created_at: datetime


def add_comment(
    ctx: EngineContext, instance_id: int, actor: Actor, body: str, task_id: int | None = None
) -> CommentView:
    """Add a comment to a case the actor may see."""
    text = body.strip()
    if not text:
        raise CommentInvalid("a comment cannot be empty")
    if len(text) > MAX_COMMENT_CHARS:
        raise CommentInvalid(f"a comment is limited to {MAX_COMMENT_CHARS} characters")
    with write_session(ctx.sessions) as session:
        visible_case(session, instance_id, actor)
        if task_id is not None:
            task = session.get(HumanTask, task_id)
            if task is None or task.instance_id != instance_id:
                raise NotFound(f"task {task_id} is not a task of case {instance_id}")
        now = ctx.clock.now()
        comment = Comment(
            instance_id=instance_id,
            task_id=task_id,
            author=actor.username,
            body=text,
            created_at=now,
        )
        session.add(comment)
        session.flush()
        record(
            session.connection(),
            now,
            actor.username,
            "comment_added",
            instance_id=instance_id,
            task_id=task_id,
            comment_id=comment.id,
        )
        return _view(comment)


def list_comments(ctx: EngineContext, instance_id: int, actor: Actor) -> list[CommentView]:
    with read_session(ctx.sessions) as session:
        visible_case(session, instance_id, actor)
        rows = session.scalars(
            select(Comment).where(Comment.instance_id == instance_id).order_by(Comment.id)
        )
        return [_view(c) for c in rows]


def _view(comment: Comment) -> CommentView:
    return CommentView(
        comment.id,
        comment.instance_id,
        comment.task_id,
        comment.author,
        comment.body,
        comment.created_at,
    )
