"""SLA clocks: a commitment on a task or a case, with its status and history."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from engine.models.base import Base, UTCDateTime, enum_type


class ClockStatus(enum.Enum):
    """Where a commitment stands. The first three and PAUSED are live; the rest closed."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    PAUSED = "paused"
    MET = "met"
    MISSED = "missed"
    CANCELLED = "cancelled"


LIVE_CLOCKS = (ClockStatus.ON_TRACK, ClockStatus.AT_RISK, ClockStatus.BREACHED, ClockStatus.PAUSED)


REPORTED = ["territory", "process_key", "step"]


class SlaClock(Base):
    """One SLA clock, on a human task (``task_id``) or on a whole case (``task_id`` None).

    ``warn_at`` and ``due_at`` are instants; pausing moves both by the paused
    time when the clock resumes. The breach columns are written once, at the
    breach, so reports never recompute history: who held the task, how late.
    """

    __tablename__ = "sla_clock"
    __table_args__ = (
        Index("ix_sla_clock_warn", "status", "warn_at"),
        Index("ix_sla_clock_due", "status", "due_at"),
        Index("ix_sla_clock_report", "territory", "process_key", "status"),
        # The dashboard's settled clocks of a period (closed, or breached and open), read
        # from the index alone.
        Index("ix_sla_clock_stopped", "stopped_at", "status", postgresql_include=REPORTED),
        Index("ix_sla_clock_breached", "status", "breached_at", postgresql_include=REPORTED),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("human_task.id"), index=True)
    process_key: Mapped[str] = mapped_column(String(100))
    step: Mapped[str | None] = mapped_column(String(200))
    territory: Mapped[str | None] = mapped_column(String(100))
    duration: Mapped[str] = mapped_column(String(64))
    calendar: Mapped[str] = mapped_column(String(20))
    warn_ratio: Mapped[float] = mapped_column(Float)
    escalate_to: Mapped[str | None] = mapped_column(String(50))
    status: Mapped[ClockStatus] = mapped_column(enum_type(ClockStatus))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    warn_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused_seconds: Mapped[int] = mapped_column(Integer, default=0)
    warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    breach_assignee: Mapped[str | None] = mapped_column(String(100))
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late_seconds: Mapped[int | None] = mapped_column(Integer)
