"""Deployed process definition versions: the XML and the parsed spec, stored once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine.models.base import Base, UTCDateTime


class ProcessDefinition(Base):
    """One version of one process key.

    ``spec_state`` is the serialized SpiffWorkflow spec (with its subprocess
    specs): instances refer to it instead of carrying a copy in their state.
    ``task_meta`` holds our extensions (role, form, SLA) per BPMN task id.
    """

    __tablename__ = "process_definition"
    __table_args__ = (
        UniqueConstraint("key", "version"),
        UniqueConstraint("key", "sha256"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    xml: Mapped[bytes] = mapped_column(LargeBinary)
    spec_state: Mapped[str] = mapped_column(Text)
    task_meta: Mapped[str] = mapped_column(Text)
    process_sla: Mapped[str | None] = mapped_column(Text)
    deployed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deployed_by: Mapped[str] = mapped_column(String(100))
