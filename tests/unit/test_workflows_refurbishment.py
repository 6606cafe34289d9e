"""The refurbishment rules: letting bans, consultation, cost drift, notices, guarantee."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from workflows import refurbishment as r
from workflows.script_helpers import SCRIPT_HELPERS


@pytest.mark.parametrize(
    ("rating", "year"),
    [("G", 2025), ("F", 2028), ("E", 2034), ("D", None), ("A", None), ("g", 2025)],
)
def test_letting_ban_year_per_energy_class(rating: str, year: int | None) -> None:
    assert r.letting_ban_year(rating) == year


def test_an_unknown_energy_class_is_refused() -> None:
    with pytest.raises(ValueError, match="energy rating"):
        r.letting_ban_year("H")


@pytest.mark.parametrize(
    ("rating", "day", "banned"),
    [
        ("G", "2024-12-31", False),
        ("G", "2025-01-01", True),
        ("F", "2027-12-31", False),
        ("F", "2028-01-01", True),
        ("E", date(2033, 12, 31), False),
        ("E", date(2034, 1, 1), True),
        ("D", "2040-01-01", False),
    ],
)
def test_letting_ban_starts_on_the_first_of_january(rating: str, day: str, banned: bool) -> None:
    assert r.letting_banned(rating, day) is banned


@pytest.mark.parametrize(
    ("rent", "charges", "required"),
    [(True, False, True), (False, True, True), (True, True, True), (False, False, False)],
)
def test_consultation_when_rents_or_charges_change(
    rent: bool, charges: bool, required: bool
) -> None:
    assert r.consultation_required(rent, charges) is required


@pytest.mark.parametrize(
    ("cost", "exceeds"),
    [(110000, False), (110000.01, True), (Decimal("110000.00"), False), (90000, False)],
)
def test_cost_drift_is_strictly_above_ten_percent(cost: float, exceeds: bool) -> None:
    assert r.cost_drift_exceeds(100000, cost) is exceeds


def test_cost_drift_rate_and_custom_threshold() -> None:
    assert r.cost_drift_rate(100000, 115000) == 0.15
    assert r.cost_drift_rate(100000, 95000) == -0.05
    assert r.cost_drift_exceeds(100000, 104000, threshold="0.03")


@pytest.mark.parametrize("budget", [0, -1])
def test_cost_drift_needs_a_positive_budget(budget: int) -> None:
    with pytest.raises(ValueError, match="budget"):
        r.cost_drift_exceeds(budget, 10)
    with pytest.raises(ValueError, match="budget"):
        r.cost_drift_rate(budget, 10)


def test_amounts_must_be_finite() -> None:
    with pytest.raises(ValueError, match="finite"):
        r.cost_drift_exceeds(100, "NaN")


@pytest.mark.parametrize(
    ("amount", "procedure"),
    [(0, "adapted"), (5403999.99, "adapted"), (5404000, "formal"), ("6000000", "formal")],
)
def test_formal_procedure_from_the_european_threshold(amount: float, procedure: str) -> None:
    assert r.tender_procedure(amount) == procedure


def test_a_negative_estimate_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        r.tender_procedure(-1)


@pytest.mark.parametrize(
    ("notice", "start", "end", "valid"),
    [
        ("2026-03-02", "2026-03-17", "2026-03-20", True),  # exactly 15 days, a Tuesday
        ("2026-03-02", "2026-03-16", "2026-03-20", False),  # 14 days
        ("2026-03-20", "2026-04-06", "2026-04-10", False),  # Easter Monday 2026
        ("2026-03-20", "2026-04-04", "2026-04-10", False),  # a Saturday
        ("2026-03-20", "2026-04-07", "2026-05-01", False),  # ends on 1 May
        ("2026-03-20", "2026-04-10", "2026-04-09", False),  # ends before it starts
        ("2028-02-14", "2028-02-29", "2028-02-29", True),  # 29 February 2028, a Tuesday
    ],
)
def test_notice_period_and_working_days(notice: str, start: str, end: str, valid: bool) -> None:
    assert r.notice_valid(notice, start, end) is valid


def test_earliest_access_crosses_month_ends() -> None:
    assert r.earliest_access("2026-01-31") == date(2026, 2, 15)
    assert r.earliest_access("2028-02-20") == date(2028, 3, 6)


@pytest.mark.parametrize(
    ("start", "end", "days", "due"),
    [
        ("2026-03-02", "2026-03-22", 21, False),
        ("2026-03-02", "2026-03-23", 22, True),
        ("2028-02-08", "2028-02-29", 22, True),  # leap year: 29 February counts
        ("2027-02-08", "2027-03-01", 22, True),
    ],
)
def test_rent_reduction_after_21_days(start: str, end: str, days: int, due: bool) -> None:
    assert r.works_days(start, end) == days
    assert r.rent_reduction_due(start, end) is due


def test_rent_adjustment_for_any_change_or_reduction() -> None:
    assert not r.rent_adjustment_needed(False, False, False)
    assert r.rent_adjustment_needed(False, False, True)
    assert r.rent_adjustment_needed(False, True, False)


@pytest.mark.parametrize(
    ("reception", "end"),
    [
        ("2026-03-02", date(2027, 3, 2)),
        ("2028-02-29", date(2029, 2, 28)),  # no 29 February the next year
        ("2026-01-31", date(2027, 1, 31)),
        ("2025-11-11", date(2026, 11, 11)),  # a public holiday: a calendar deadline stays put
    ],
)
def test_completion_guarantee_lasts_one_year(reception: str, end: date) -> None:
    assert r.guarantee_end(reception) == end


def test_guarantee_runs_out_at_the_end_of_its_last_day_in_paris() -> None:
    winter = datetime.fromisoformat(r.guarantee_end_instant("2026-03-02"))
    assert winter == datetime(2027, 3, 2, 23, 0, tzinfo=UTC)
    summer = datetime.fromisoformat(r.guarantee_end_instant(date(2026, 7, 1)))
    assert summer == datetime(2027, 7, 1, 22, 0, tzinfo=UTC)


def test_scripts_reach_every_rule_under_a_prefixed_name() -> None:
    assert all(name.startswith("refurb_") for name in r.HELPERS)
    for name, helper in r.HELPERS.items():
        assert SCRIPT_HELPERS[name] is helper
    assert SCRIPT_HELPERS["refurb_guarantee_end"]("2028-02-29") == "2029-02-28"
    assert SCRIPT_HELPERS["refurb_earliest_access"]("2026-03-02") == "2026-03-17"
