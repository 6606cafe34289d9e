"""Append-only audit log and comments on cases."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.models.base import Base, UTCDateTime


class AuditEntry(Base):
    """Who did what, when, to which case or task, with the data that changed.

    Services only ever insert here; nothing updates or deletes a row.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_instance", "instance_id", "id"),
        Index("ix_audit_entry_task", "task_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("human_task.id"))
    details: Mapped[str] = mapped_column(Text, default="{}")


class Comment(Base):
    """A remark a person leaves on a case (optionally on one of its tasks)."""

    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("human_task.id"))
    author: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
