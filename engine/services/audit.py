"""Recording audit entries from inside a service's transaction."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, insert

from engine.models import AuditEntry
from engine.prepared import Prepared

AUDIT = cast(Table, AuditEntry.__table__)
_INSERT = Prepared(insert(AUDIT))


def record(
    conn: Connection,
    at: datetime,
    actor: str,
    action: str,
    *,
    instance_id: int | None = None,
    task_id: int | None = None,
    **details: Any,
) -> None:
    """Append one audit entry; ``details`` must be JSON-serializable."""
    _INSERT.execute(
        conn,
        {
            "at": at,
            "actor": actor,
            "action": action,
            "instance_id": instance_id,
            "task_id": task_id,
            "details": json.dumps(details, default=str, sort_keys=True, ensure_ascii=False),
        },
    )


def data_diff(
    before: dict[str, Any], after: dict[str, Any], answered: Collection[str] = ()
) -> dict[str, Any]:
    """The keys whose values a task completion set or changed, old and new, and the fields a
    person answered even with the value the case already held (a survey answered again with
    the same score was still answered)."""
    return {
        key: {"old": before.get(key), "new": value}
        for key, value in after.items()
        if key in answered or key not in before or before[key] != value
    }
