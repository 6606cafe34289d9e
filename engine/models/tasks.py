"""Human tasks: the READY manual tasks of SpiffWorkflow, mirrored for queries."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from engine.models.base import Base, UTCDateTime, enum_type


class TaskStatus(enum.Enum):
    """Lifecycle of a human task (guarded transitions in engine.services.tasks)."""

    OPEN = "open"
    CLAIMED = "claimed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


LIVE_PREDICATE = "status IN ('open', 'claimed')"
ESCALATED_PREDICATE = f"{LIVE_PREDICATE} AND escalated_role IS NOT NULL"


class HumanTask(Base):
    """A step waiting for a person of ``candidate_role`` in ``territory``.

    Rows are the inbox: they are written when Spiff makes a manual task READY
    and closed when it completes or is cancelled, so listing work never needs
    to load a workflow.
    """

    __tablename__ = "human_task"
    __table_args__ = (
        Index("ix_human_task_inbox", "status", "candidate_role", "territory", "due_at"),
        Index("ix_human_task_assignee", "assignee", "status"),
        Index("ix_human_task_instance", "instance_id", "status"),
        Index("ix_human_task_completed", "completed_at"),
        # The dashboard's KPIs: one step's completions in a period and a territory.
        Index(
            "ix_human_task_step_completed",
            "bpmn_id",
            "territory",
            "completed_at",
            postgresql_include=["instance_id", "status"],
        ),
        # The inbox: live tasks offered to a role (or escalated to it) in a territory.
        Index(
            "ix_human_task_live_role",
            "candidate_role",
            "territory",
            postgresql_where=text(LIVE_PREDICATE),
            sqlite_where=text(LIVE_PREDICATE),
        ),
        Index(
            "ix_human_task_live_escalated",
            "escalated_role",
            "territory",
            postgresql_where=text(ESCALATED_PREDICATE),
            sqlite_where=text(ESCALATED_PREDICATE),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    spiff_task_id: Mapped[str] = mapped_column(String(36), unique=True)
    bpmn_id: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    candidate_role: Mapped[str | None] = mapped_column(String(50))
    # Set when an SLA breach adds the escalation role as a second candidate.
    escalated_role: Mapped[str | None] = mapped_column(String(50))
    territory: Mapped[str | None] = mapped_column(String(100))
    assignee: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[TaskStatus] = mapped_column(enum_type(TaskStatus))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    form_key: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_by: Mapped[str | None] = mapped_column(String(100))
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
