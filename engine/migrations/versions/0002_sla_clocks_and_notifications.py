"""sla clocks, notifications, job target index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=False),
        sa.Column("recipient", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "email_status",
            sa.Enum(
                "none",
                "pending",
                "sent",
                "failed",
                name="emailstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("email_attempts", sa.Integer(), nullable=False),
        sa.Column("email_next_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("email_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["instance_id"],
            ["process_instance.id"],
            name=op.f("fk_notification_instance_id_process_instance"),
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["human_task.id"], name=op.f("fk_notification_task_id_human_task")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_notification_dedupe_key")),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(
            "ix_notification_email", ["email_status", "email_next_at"], unique=False
        )
        batch_op.create_index("ix_notification_inbox", ["recipient", "read_at"], unique=False)

    op.create_table(
        "sla_clock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("process_key", sa.String(length=100), nullable=False),
        sa.Column("step", sa.String(length=200), nullable=True),
        sa.Column("territory", sa.String(length=100), nullable=True),
        sa.Column("duration", sa.String(length=64), nullable=False),
        sa.Column("calendar", sa.String(length=20), nullable=False),
        sa.Column("warn_ratio", sa.Float(), nullable=False),
        sa.Column("escalate_to", sa.String(length=50), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "on_track",
                "at_risk",
                "breached",
                "paused",
                "met",
                "missed",
                "cancelled",
                name="clockstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("warn_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_seconds", sa.Integer(), nullable=False),
        sa.Column("warned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("breached_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("breach_assignee", sa.String(length=100), nullable=True),
        sa.Column("escalation_level", sa.Integer(), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("late_seconds", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["instance_id"],
            ["process_instance.id"],
            name=op.f("fk_sla_clock_instance_id_process_instance"),
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["human_task.id"], name=op.f("fk_sla_clock_task_id_human_task")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_clock")),
    )
    with op.batch_alter_table("sla_clock", schema=None) as batch_op:
        batch_op.create_index("ix_sla_clock_due", ["status", "due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_sla_clock_instance_id"), ["instance_id"], unique=False)
        batch_op.create_index(
            "ix_sla_clock_report", ["territory", "process_key", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_sla_clock_task_id"), ["task_id"], unique=False)
        batch_op.create_index("ix_sla_clock_warn", ["status", "warn_at"], unique=False)

    with op.batch_alter_table("human_task", schema=None) as batch_op:
        batch_op.add_column(sa.Column("escalated_role", sa.String(length=50), nullable=True))

    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.create_index("ix_job_target", ["instance_id", "kind", "target"], unique=False)

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=200), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("email")

    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_index("ix_job_target")

    with op.batch_alter_table("human_task", schema=None) as batch_op:
        batch_op.drop_column("escalated_role")

    with op.batch_alter_table("sla_clock", schema=None) as batch_op:
        batch_op.drop_index("ix_sla_clock_warn")
        batch_op.drop_index(batch_op.f("ix_sla_clock_task_id"))
        batch_op.drop_index("ix_sla_clock_report")
        batch_op.drop_index(batch_op.f("ix_sla_clock_instance_id"))
        batch_op.drop_index("ix_sla_clock_due")

    op.drop_table("sla_clock")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index("ix_notification_inbox")
        batch_op.drop_index("ix_notification_email")

    op.drop_table("notification")
