"""The managers' dashboard cache: aggregates of closed weeks, which never change.

``DashboardWeek`` marks a week as computed (so an empty week is told from a missing one);
``DashboardWeekFact`` holds its aggregates, one row per (territory, kind, process, step,
bucket): ``n`` things counted and ``total`` their sum (late ones, seconds, score...), as
``engine.services.dashboard_cache`` documents.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from engine.models.base import Base, UTCDateTime


class DashboardWeek(Base):
    """A closed ISO week (its Monday, Europe/Paris) whose aggregates are cached."""

    __tablename__ = "dashboard_week"

    week_start: Mapped[date] = mapped_column(Date, primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DashboardWeekFact(Base):
    """One aggregate of a cached week, for one territory (None: rows without one)."""

    __tablename__ = "dashboard_week_fact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week_start: Mapped[date] = mapped_column(
        ForeignKey("dashboard_week.week_start", ondelete="CASCADE"), index=True
    )
    territory: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(40))
    process_key: Mapped[str | None] = mapped_column(String(100))
    step: Mapped[str | None] = mapped_column(String(200))
    bucket: Mapped[int | None] = mapped_column(Integer)
    n: Mapped[int] = mapped_column(Integer)
    total: Mapped[float] = mapped_column(Float)
