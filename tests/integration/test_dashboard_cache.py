"""The dashboard's cache of closed weeks: same page as computing every week, never frozen
early, and the outcome rule it relies on (a breach stays in the week it happened).

Real complaint cases (``test_dashboard``'s office) over several weeks and both territories,
on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from engine.clock import ManualClock
from engine.models import DashboardWeek
from engine.runtime import EngineContext
from engine.services import dashboard_cache, instances
from engine.services.dashboard import Overview, overview
from tests.conftest import START
from tests.integration.test_dashboard import (
    ADMIN,
    NORD_DWELLING,
    RT_NORD,
    breach,
    cases,
    complaint,
    do,
    office,
)

__all__ = ["cases", "office"]  # fixtures


def pages(ctx: EngineContext) -> list[Overview]:
    return [overview(ctx, who, weeks) for who in (RT_NORD, ADMIN) for weeks in (4, 12)]


def cached(ctx: EngineContext) -> list[date]:
    with ctx.engine.connect() as conn:
        return list(conn.scalars(select(DashboardWeek.week_start).order_by("week_start")))


def trend(seen: Overview) -> list[tuple[str, int, int]]:
    return [(w.week.label, w.settled, w.late) for w in seen.trend]


@pytest.fixture
def history(office: EngineContext, clock: ManualClock, cases: dict[str, int]) -> EngineContext:
    """W10: A handled. W11: B, C, D's acknowledgements breach, B's then done (missed).
    W12: C's done (missed), D cancelled, E (nord) acknowledged in time. Now: W14, Tuesday."""
    breach(office, clock, cases)
    clock.set(START + timedelta(days=15))
    do(office, cases["c"], "Task_Acknowledge", "claire")
    instances.cancel_instance(office, cases["d"], ADMIN, "doublon")
    e = complaint(office, NORD_DWELLING, "claire")
    do(office, e, "Task_Acknowledge", "claire")
    clock.set(START + timedelta(days=29))
    return office


def test_a_breach_counts_in_its_week_whether_closed_later_or_cancelled(
    history: EngineContext,
) -> None:
    seen = overview(history, ADMIN, weeks=4)
    assert trend(seen) == [
        ("2026-W11", 3, 3),  # B missed, C closed missed in W12, D cancelled in W12: all late
        ("2026-W12", 1, 0),  # E's acknowledgement, met
        ("2026-W13", 0, 0),
        ("2026-W14", 0, 0),
    ]
    assert [(w.settled, w.late) for w in overview(history, RT_NORD, weeks=4).trend[:2]] == [
        (2, 2),
        (1, 0),
    ]


def test_cached_weeks_give_the_page_computing_every_week_gives(
    history: EngineContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as live_only:
        live_only.setattr(dashboard_cache, "SETTLING", timedelta(weeks=60))
        reference = pages(history)
    assert cached(history) == []
    cold = pages(history)  # computes the closed weeks and keeps them
    assert len(cached(history)) == 11  # W03 to W13; W14 is still running
    assert cold == reference
    assert pages(history) == reference  # from the cache
    assert dashboard_cache.clear(history) == 11
    assert cached(history) == [] and pages(history) == reference


def test_a_week_is_kept_only_once_it_is_over(
    office: EngineContext, clock: ManualClock, cases: dict[str, int]
) -> None:
    overview(office, ADMIN, weeks=4)  # Tuesday night of W11: W08 to W10 are over
    assert cached(office) == [date(2026, 2, 16), date(2026, 2, 23), date(2026, 3, 2)]
    breach(office, clock, cases)  # later in W11, which was computed but not kept
    clock.set(START + timedelta(days=14, hours=-9))  # W12 begins: W11 may still move
    assert trend(overview(office, ADMIN, weeks=4))[-2:] == [("2026-W11", 3, 3), ("2026-W12", 0, 0)]
    assert date(2026, 3, 9) not in cached(office)
    do(office, cases["c"], "Task_Acknowledge", "claire")  # a W12 outcome for a W11 breach
    clock.set(START + timedelta(days=16))
    assert trend(overview(office, ADMIN, weeks=4))[-2:] == [("2026-W11", 3, 3), ("2026-W12", 0, 0)]
    assert cached(office)[-1] == date(2026, 3, 9)


def test_storing_never_fails_the_page(
    history: EngineContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise SQLAlchemyError("disk full")

    monkeypatch.setattr(dashboard_cache, "_store_week", broken)
    assert trend(overview(history, ADMIN, weeks=4))[0] == ("2026-W11", 3, 3)
    assert cached(history) == []
