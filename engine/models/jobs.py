"""Durable jobs: timers and other work due at an instant, swept by workers."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.models.base import Base, UTCDateTime, enum_type


class JobStatus(enum.Enum):
    """A job waits until due, runs, and ends done or dead (after its retries)."""

    PENDING = "pending"
    DONE = "done"
    DEAD = "dead"


class Job(Base):
    """Work due at ``due_at``; a sweep takes due rows under a row lock.

    ``kind`` says what to do (fire a BPMN timer, check an SLA clock...);
    ``attempts`` and ``last_error`` drive the retry backoff and the dead state.
    """

    __tablename__ = "job"
    __table_args__ = (
        Index("ix_job_due", "status", "due_at"),
        Index("ix_job_target", "instance_id", "kind", "target"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"))
    target: Mapped[str | None] = mapped_column(String(100))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[JobStatus] = mapped_column(enum_type(JobStatus))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
