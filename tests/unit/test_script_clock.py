"""BPMN scripts read time from the engine's clock, never from the wall clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from engine.bootstrap import clock_helpers
from engine.clock import ManualClock
from engine.script_policy import check_script
from engine.scripting import RestrictedEnvironment


def test_today_and_now_follow_the_engine_clock() -> None:
    clock = ManualClock(datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    env = RestrictedEnvironment(clock_helpers(clock))
    data: dict[str, object] = {}
    env.execute("d = today()\nt = now()", data)
    # 23:30 UTC on 31 December is already 1 January in Paris.
    assert data == {"d": date(2027, 1, 1), "t": datetime(2026, 12, 31, 23, 30, tzinfo=UTC)}
    clock.advance(timedelta(days=2))
    assert env.evaluate("today()", {}) == date(2027, 1, 3)


@pytest.mark.parametrize(
    "source",
    ["datetime.now()", "date.today()", "datetime.utcnow()", "datetime.fromtimestamp(0)"],
)
def test_reading_the_wall_clock_is_refused(source: str) -> None:
    problems = check_script(source, mode="eval")
    assert problems and "call today() or now()" in problems[0]
