"""The dashboard's weekly aggregates ("facts") and their sums over a period.

Every figure of the trend, the heatmap and the KPIs is a sum of per-week, per-territory
facts, each decided by an event stamped when it happens (a clock's breach or close, a task's
completion, its audit entry): so a week's facts no longer change once the week is over, and
``dashboard_cache`` keeps them. A ``Span`` is consecutive weeks computed in one go, either
closed weeks for every territory (to cache) or the live weeks of one scope; each producer
(``dashboard_outcomes``, ``heatmap``, ``kpis``) returns ``Fact`` rows grouped by week index
and territory, and ``Totals`` adds them up for a page.

A fact is ``n`` things counted and ``total`` a sum over them, both integral so that sums
are exact in any order: settled clocks and late ones (kind ``outcome``, per process and
step), completed tasks per business days taken (``duration``, per process, step and
``bucket`` = days), and per KPI its count and numerator (``kpis``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, literal

from engine.services.dashboard_scope import Week, week_index

OUTCOME = "outcome"
DURATION = "duration"

Outcomes = dict[tuple[int, str, str | None], tuple[int, int]]
"""Settled clocks of the period: (settled, late) per (week index, process, step)."""


class Fact(NamedTuple):
    """One aggregate of a week (index in its span) and a territory (None: rows without)."""

    week: int
    territory: str | None
    kind: str
    process_key: str | None
    step: str | None
    bucket: int | None
    n: int
    total: float


@dataclass(frozen=True)
class Span:
    """Consecutive weeks computed together, for one territory (and rows without) or all
    (``territory`` None).

    Closed weeks (``closed``) bound their rows by the last week's end; the live weeks end
    with the current one, unbounded (everything up to now counts).
    """

    weeks: tuple[Week, ...]
    territory: str | None
    now: datetime
    closed: bool

    def within(self, column: Any, shift: timedelta = timedelta(0)) -> tuple[Any, ...]:
        """Rows whose instant ``column`` + ``shift`` falls in the span (before now if shifted)."""
        bounds = [column >= self.weeks[0].start - shift]
        if self.closed:
            bounds.append(column < self.weeks[-1].end - shift)
        elif shift:
            bounds.append(column < self.now - shift)
        return tuple(bounds)

    def week(self, column: Any, shift: timedelta = timedelta(0)) -> ColumnElement[int]:
        """The span's week index of ``column`` + ``shift`` (rows filtered by ``within``)."""
        moved = [Week(w.label, w.start - shift, w.end - shift) for w in self.weeks]
        return week_index(column, moved)

    def territory_filter(self, column: Any) -> Any:
        """Rows of the span's territory (and rows with none); true for all territories."""
        if self.territory is None:
            return literal(True)
        return (column == self.territory) | column.is_(None)


@dataclass
class Totals:
    """The facts of a period added up: per week for outcomes, over the period otherwise."""

    outcomes: Outcomes = field(default_factory=dict)
    durations: dict[tuple[str, str], dict[int, int]] = field(default_factory=dict)
    sums: dict[str, tuple[int, float]] = field(default_factory=dict)

    def add(self, week: int, fact: Fact) -> None:
        """Add ``fact`` as one of week ``week`` of the period (ignored but for outcomes)."""
        if fact.kind == OUTCOME:
            assert fact.process_key is not None
            key = (week, fact.process_key, fact.step)
            settled, late = self.outcomes.get(key, (0, 0))
            self.outcomes[key] = (settled + fact.n, late + int(fact.total))
        elif fact.kind == DURATION:
            assert fact.process_key is not None and fact.step is not None
            assert fact.bucket is not None
            days = self.durations.setdefault((fact.process_key, fact.step), {})
            days[fact.bucket] = days.get(fact.bucket, 0) + fact.n
        else:
            count, total = self.sums.get(fact.kind, (0, 0.0))
            self.sums[fact.kind] = (count + fact.n, total + fact.total)
