"""Opaque cursors: where a page stopped, encoded so clients treat it as a token."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from admin.api.problems import ApiProblem
from engine.services.task_search import After


def encode(after: After | None) -> str | None:
    if after is None:
        return None
    due = after.due_at.isoformat() if after.due_at is not None else None
    raw = json.dumps([due, after.task_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str | None) -> After | None:
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        due, task_id = json.loads(raw)
        if not isinstance(task_id, int) or isinstance(task_id, bool) or not 0 < task_id < 2**31:
            raise ValueError(task_id)
        instant = None if due is None else datetime.fromisoformat(due)
        if instant is not None and instant.tzinfo is None:
            raise ValueError(due)
        return After(instant, task_id)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, OverflowError) as exc:
        raise ApiProblem(400, "invalid-cursor", "this cursor is not one the API gave") from exc
