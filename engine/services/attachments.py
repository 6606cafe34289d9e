"""Files joined to a task (site photos, PDF reports), kept on disk beside the database.

A file is accepted only when its declared type is one of ``ALLOWED_TYPES`` *and*
its first bytes say the same (a renamed executable is refused), and when it is no
larger than ``MAX_BYTES``. It is written under a random name, never the name the
client sent, with owner-only permissions; the row keeps the original name for
downloads. Anyone who may see the case may download; uploading needs the right to
work on the task.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from engine.actors import Actor
from engine.db import read_session, write_session
from engine.errors import HabiflowError, NotFound, PermissionDenied
from engine.models import Attachment, HumanTask, TaskStatus
from engine.runtime import EngineContext
from engine.services.audit import record
from engine.services.case_access import visible_case

MAX_BYTES = 10 * 1024 * 1024
ALLOWED_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/webp", "image/heic", "application/pdf"}
)
_HEIC_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")
_UNSAFE = re.compile(r"[^\w.\- ]+")


class AttachmentTooLarge(HabiflowError):
    """The file is over the size limit."""


class UnsupportedMediaType(HabiflowError):
    """The file is not a photo (JPEG, PNG, WebP, HEIC) or a PDF, or lies about its type."""


@dataclass(frozen=True)
class AttachmentView:
    id: int
    instance_id: int
    task_id: int | None
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str
    created_at: datetime


def sniff(head: bytes) -> str | None:
    """The media type the first bytes of a file announce, among the allowed ones."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS:
        return "image/heic"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def add_attachment(
    ctx: EngineContext,
    store: Path,
    task_id: int,
    actor: Actor,
    *,
    filename: str,
    content_type: str,
    content: bytes,
) -> AttachmentView:
    """Store a file for a live task the actor may work on."""
    if len(content) > MAX_BYTES:
        raise AttachmentTooLarge(f"a file is limited to {MAX_BYTES // (1024 * 1024)} MB")
    declared = content_type.split(";")[0].strip().lower()
    if declared not in ALLOWED_TYPES:
        raise UnsupportedMediaType(f"{declared or 'this type'} is not accepted")
    if sniff(content[:32]) != declared:
        raise UnsupportedMediaType(f"the file's content is not {declared}")
    with read_session(ctx.sessions) as session:
        task = session.get(HumanTask, task_id)
        if task is None:
            raise NotFound(f"task {task_id} does not exist")
        live = task.status in (TaskStatus.OPEN, TaskStatus.CLAIMED)
        allowed = live and (
            task.assignee == actor.username
            or actor.may_work_on(task.candidate_role, task.territory, task.escalated_role)
        )
        if not (allowed or actor.is_admin):
            raise PermissionDenied(f"{actor.username} may not add files to task {task_id}")
        instance_id = task.instance_id
    store.mkdir(parents=True, exist_ok=True)
    storage_name = secrets.token_hex(16)
    path = store / storage_name
    _write_private(path, content)
    now = ctx.clock.now()
    try:
        with write_session(ctx.sessions) as session:
            row = Attachment(
                instance_id=instance_id,
                task_id=task_id,
                filename=_safe_name(filename, declared),
                content_type=declared,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                storage_name=storage_name,
                uploaded_by=actor.username,
                created_at=now,
            )
            session.add(row)
            session.flush()
            record(
                session.connection(),
                now,
                actor.username,
                "attachment_added",
                instance_id=instance_id,
                task_id=task_id,
                attachment_id=row.id,
            )
            return attachment_view(row)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def list_attachments(ctx: EngineContext, task_id: int, actor: Actor) -> list[AttachmentView]:
    with read_session(ctx.sessions) as session:
        task = session.get(HumanTask, task_id)
        if task is None:
            raise NotFound(f"task {task_id} does not exist")
        visible_case(session, task.instance_id, actor)
        rows = session.scalars(
            select(Attachment).where(Attachment.task_id == task_id).order_by(Attachment.id)
        )
        return [attachment_view(a) for a in rows]


def open_attachment(
    ctx: EngineContext, store: Path, attachment_id: int, actor: Actor
) -> tuple[AttachmentView, Path]:
    """The file of an attachment, for someone who may see its case."""
    with read_session(ctx.sessions) as session:
        row = session.get(Attachment, attachment_id)
        if row is None:
            raise NotFound(f"attachment {attachment_id} does not exist")
        visible_case(session, row.instance_id, actor)
        path = store / row.storage_name
        if not path.is_file():
            raise NotFound(f"the file of attachment {attachment_id} is missing")
        return attachment_view(row), path


def _write_private(path: Path, content: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)


def _safe_name(filename: str, content_type: str) -> str:
    base = _UNSAFE.sub("_", Path(filename.replace("\\", "/")).name).strip(" .")[:150]
    return base or {"application/pdf": "document.pdf"}.get(content_type, "photo")


def attachment_view(row: Attachment) -> AttachmentView:
    return AttachmentView(
        row.id,
        row.instance_id,
        row.task_id,
        row.filename,
        row.content_type,
        row.size,
        row.sha256,
        row.uploaded_by,
        row.created_at,
    )
