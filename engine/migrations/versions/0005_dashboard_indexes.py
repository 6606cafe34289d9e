"""dashboard indexes: settled SLA clocks by outcome instant, completed tasks, audit by task

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The managers' dashboard (engine.services.dashboard, kpis, heatmap) reads the period's
# settled clocks (closed, or breached and open), the period's completed tasks (all of a
# process, or of one step), and the audit entry of a task's completion.
INDEXES = (
    ("sla_clock", "ix_sla_clock_stopped", ["stopped_at", "status"]),
    ("sla_clock", "ix_sla_clock_breached", ["status", "breached_at"]),
    ("human_task", "ix_human_task_completed", ["completed_at"]),
    ("human_task", "ix_human_task_step_completed", ["bpmn_id", "completed_at"]),
    ("audit_entry", "ix_audit_entry_task", ["task_id"]),
)


def upgrade() -> None:
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    for table, name, _columns in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
