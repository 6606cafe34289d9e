"""People who work in habiflow: their roles and the territory they serve."""

from __future__ import annotations

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from engine.models.base import Base


class Person(Base):
    """A member of staff, a manager, a process owner or an admin.

    ``roles`` is a comma-separated list of role keys (workflows.roles);
    ``territory`` None means the whole office (direction-level people, admins).
    """

    __tablename__ = "person"

    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[str] = mapped_column(String(500))
    territory: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
