"""Arrivals and delays of the office simulator: volumes per year, office hours, lateness."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from workflows.business_calendar import PARIS, is_business_day
from workflows.simulation.answers import stays_silent
from workflows.simulation.delays import TaskFacts, act_at, working_moment
from workflows.simulation.volumes import YEARLY_VOLUMES, hourly_rate, poisson

MONDAY = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # 08:00 in Paris


@pytest.mark.parametrize("process", sorted(YEARLY_VOLUMES))
def test_a_year_of_hourly_rates_adds_up_to_the_yearly_volume(process: str) -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    total = sum(hourly_rate(process, start + timedelta(hours=h)) for h in range(365 * 24))
    assert total == pytest.approx(YEARLY_VOLUMES[process], rel=0.05)
    doubled = sum(hourly_rate(process, start + timedelta(hours=h), 2.0) for h in range(24 * 7))
    week = sum(hourly_rate(process, start + timedelta(hours=h)) for h in range(24 * 7))
    assert doubled == pytest.approx(2 * week)


def test_cases_open_in_office_hours_and_only_complaints_at_night() -> None:
    night = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)
    sunday = datetime(2026, 3, 8, 10, 0, tzinfo=UTC)
    assert hourly_rate("vacancy_turnaround", MONDAY) > 0
    assert hourly_rate("vacancy_turnaround", night) == 0
    assert hourly_rate("vacancy_turnaround", sunday) == 0
    assert 0 < hourly_rate("tenant_complaint", night) < hourly_rate("tenant_complaint", MONDAY)


def test_poisson_draws_average_their_mean() -> None:
    rng = random.Random(1)
    for mean in (0.3, 4.0, 120.0):
        draws = [poisson(rng, mean) for _ in range(4000)]
        assert sum(draws) / len(draws) == pytest.approx(mean, rel=0.05)
    assert poisson(rng, 0) == 0


def test_staff_act_in_office_hours_on_business_days() -> None:
    rng = random.Random(2)
    saturday_night = datetime(2026, 3, 7, 22, 0, tzinfo=PARIS)
    moved = working_moment(rng, saturday_night).astimezone(PARIS)
    assert moved.date().isoformat() == "2026-03-09" and 8 <= moved.hour < 11
    in_hours = datetime(2026, 3, 3, 10, 0, tzinfo=PARIS)
    assert working_moment(rng, in_hours) == in_hours
    tenant = working_moment(rng, saturday_night, tenant=True).astimezone(PARIS)
    assert tenant.date().isoformat() == "2026-03-08"


def test_some_tasks_with_an_sla_are_done_late_most_in_time() -> None:
    rng = random.Random(3)
    due = MONDAY + timedelta(days=5)
    facts = TaskFacts("letting_officer", "vacancy_offer", MONDAY, due)
    moments = [act_at(rng, facts, {}) for _ in range(2000)]
    late = sum(moment > due for moment in moments) / len(moments)
    assert 0.05 < late < 0.3
    assert all(is_business_day(m.astimezone(PARIS).date()) for m in moments)
    assert sum(act_at(rng, facts, {}, lateness=0.0) > due for _ in range(500)) < 25


def test_interventions_race_the_complaint_deadline() -> None:
    rng = random.Random(4)
    memory = {"urgency": "U1", "received_at": MONDAY.isoformat()}
    facts = TaskFacts("contractor", "complaint_intervention", MONDAY, None)
    moments = [act_at(rng, facts, memory) for _ in range(1000)]
    in_time = sum(moment <= MONDAY + timedelta(hours=4) for moment in moments)
    assert 0.7 < in_time / len(moments) < 0.95


def test_silence_is_drawn_per_form() -> None:
    rng = random.Random(5)
    silent = sum(stays_silent("complaint_satisfaction", rng) for _ in range(2000)) / 2000
    assert 0.25 < silent < 0.45
    assert not any(stays_silent("complaint_registration", rng) for _ in range(100))
    assert not any(stays_silent("complaint_satisfaction", rng, share=0) for _ in range(100))
