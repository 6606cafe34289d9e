"""Process instances (cases): status, anchoring place, and the engine state."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.models.base import Base, UTCDateTime, enum_type


class InstanceStatus(enum.Enum):
    """Lifecycle of a case."""

    RUNNING = "running"
    SUSPENDED = "suspended"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    FAILED = "failed"


class ProcessInstance(Base):
    """A running or finished case, anchored to a place and so to a territory.

    ``lock_version`` is the optimistic lock: every save is conditional on the
    version read (engine.services.case_store.save_case), which is how two
    concurrent completions are told apart.
    ``state`` is the workflow's compacted task tree, without the spec.
    """

    __tablename__ = "process_instance"
    __table_args__ = (
        Index("ix_process_instance_status_key", "status", "process_key"),
        Index("ix_process_instance_territory_status", "territory", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"), index=True)
    process_key: Mapped[str] = mapped_column(String(100))
    business_key: Mapped[str | None] = mapped_column(String(200), index=True)
    place_ref: Mapped[str | None] = mapped_column(String(100))
    territory: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[InstanceStatus] = mapped_column(enum_type(InstanceStatus))
    state: Mapped[str] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    started_by: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lock_version: Mapped[int] = mapped_column(Integer, nullable=False)
