"""dashboard cache: aggregates of closed weeks

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-14
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The managers' dashboard (engine.services.dashboard_cache) keeps the per-week, per-territory
# aggregates of weeks that are over: one marker row per computed week, and its facts.
def upgrade() -> None:
    op.create_table(
        "dashboard_week",
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("week_start", name=op.f("pk_dashboard_week")),
    )
    op.create_table(
        "dashboard_week_fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("territory", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("process_key", sa.String(length=100), nullable=True),
        sa.Column("step", sa.String(length=200), nullable=True),
        sa.Column("bucket", sa.Integer(), nullable=True),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["week_start"],
            ["dashboard_week.week_start"],
            name=op.f("fk_dashboard_week_fact_week_start_dashboard_week"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dashboard_week_fact")),
    )
    with op.batch_alter_table("dashboard_week_fact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dashboard_week_fact_week_start"), ["week_start"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("dashboard_week_fact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dashboard_week_fact_week_start"))
    op.drop_table("dashboard_week_fact")
    op.drop_table("dashboard_week")
