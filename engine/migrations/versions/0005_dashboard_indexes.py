"""dashboard and inbox indexes: settled SLA clocks, completed steps, live tasks, audit by task

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = "status IN ('open', 'claimed')"
ESCALATED = f"{LIVE} AND escalated_role IS NOT NULL"
REPORTED = ["territory", "process_key", "step"]


def _partial(predicate: str) -> dict[str, Any]:
    return {"postgresql_where": sa.text(predicate), "sqlite_where": sa.text(predicate)}


# The managers' dashboard (engine.services.dashboard, kpis, heatmap) reads the period's
# settled clocks (closed, or breached and open) from the index alone on PostgreSQL, one
# step's completions in a period and a territory, and the audit entry of a task's
# completion; the inbox reads the live tasks offered (or escalated) to a role in a territory.
INDEXES: tuple[tuple[str, str, list[str], dict[str, Any]], ...] = (
    (
        "sla_clock",
        "ix_sla_clock_stopped",
        ["stopped_at", "status"],
        {"postgresql_include": REPORTED},
    ),
    (
        "sla_clock",
        "ix_sla_clock_breached",
        ["status", "breached_at"],
        {"postgresql_include": REPORTED},
    ),
    ("human_task", "ix_human_task_completed", ["completed_at"], {}),
    (
        "human_task",
        "ix_human_task_step_completed",
        ["bpmn_id", "territory", "completed_at"],
        {"postgresql_include": ["instance_id", "status"]},
    ),
    ("human_task", "ix_human_task_live_role", ["candidate_role", "territory"], _partial(LIVE)),
    (
        "human_task",
        "ix_human_task_live_escalated",
        ["escalated_role", "territory"],
        _partial(ESCALATED),
    ),
    ("audit_entry", "ix_audit_entry_task", ["task_id"], {}),
)


def upgrade() -> None:
    for table, name, columns, options in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False, **options)


def downgrade() -> None:
    for table, name, _columns, _options in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
