"""Rules of the construction supervision process: phases, thresholds, CCAG deadlines, guarantees."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from workflows import construction as c
from workflows.script_helpers import SCRIPT_HELPERS


def test_every_helper_is_reachable_from_scripts_under_a_prefixed_name() -> None:
    for name, helper in c.HELPERS.items():
        assert name.startswith("construction_")
        assert SCRIPT_HELPERS[name] is helper


def test_design_phases_follow_the_mop_order_and_may_skip_some() -> None:
    assert c.design_phases() == ["ESQ", "APS", "APD", "PC", "PRO", "DCE"]
    assert c.design_phases(["ESQ"]) == ["APS", "APD", "PC", "PRO", "DCE"]
    with pytest.raises(ValueError, match="EXE"):
        c.design_phases(["EXE"])


@pytest.mark.parametrize(
    ("estimate", "over"), [(4_000_000, False), (4_000_000.01, True), ("3999999.99", False)]
)
def test_an_estimate_equal_to_the_envelope_stays_within_it(estimate: float, over: bool) -> None:
    assert c.estimate_over_envelope(estimate, 4_000_000) is over


def test_a_tolerance_widens_the_envelope() -> None:
    assert not c.estimate_over_envelope(4_200_000, 4_000_000, tolerance_rate="0.05")
    assert c.estimate_over_envelope(4_200_001, 4_000_000, tolerance_rate="0.05")


@pytest.mark.parametrize(
    ("amount", "kind", "cao"),
    [
        (215_999, "services", False),
        (216_000, "services", True),
        (5_403_999.99, "works", False),
        (5_404_000, "works", True),
    ],
)
def test_the_tender_committee_awards_from_the_eu_threshold(
    amount: float, kind: str, cao: bool
) -> None:
    assert c.needs_tender_committee(amount, kind) is cao


def test_an_unknown_contract_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="supplies"):
        c.needs_tender_committee(1, "supplies")


def test_pre_reception_within_20_days_of_the_completion_notice() -> None:
    assert c.pre_reception_deadline("2026-03-02") == date(2026, 3, 23)  # a Monday


def test_a_deadline_ending_on_a_public_holiday_runs_to_the_next_business_day() -> None:
    # 14 April 2026 + 30 days is Ascension Thursday (14 May): the deadline runs to Friday.
    assert c.contract_deadline("2026-04-14", days=30) == date(2026, 5, 15)
    # Whit Monday 25 May 2026 ends a 30-day decision period: it moves to Tuesday 26 May.
    assert c.reception_decision_deadline("2026-04-25") == date(2026, 5, 26)


def test_a_deadline_ending_on_a_weekend_runs_to_monday() -> None:
    assert c.pre_reception_deadline("2026-03-08") == date(2026, 3, 30)  # 28 March is a Saturday


def test_reservations_are_lifted_within_three_months_at_most() -> None:
    assert c.reservations_deadline("2026-03-02") == date(2026, 6, 2)
    assert c.reservations_deadline("2026-03-02", "2026-04-15") == date(2026, 4, 15)
    assert c.reservations_deadline("2026-03-02", "2026-09-01") == date(2026, 6, 2)
    assert c.reservations_deadline("2026-03-02", "") == date(2026, 6, 2)


def test_three_months_from_a_month_end_clamp_then_skip_the_weekend() -> None:
    # 30 November 2025 + 3 months = 28 February 2026, a Saturday → Monday 2 March.
    assert c.reservations_deadline("2025-11-30") == date(2026, 3, 2)


def test_guarantees_from_29_february_end_on_28_february() -> None:
    assert c.guarantee_expiries("2028-02-29") == {
        "completion": "2029-02-28",
        "equipment": "2030-02-28",
        "structural": "2038-02-28",
    }


def test_guarantees_are_anniversaries_of_the_reception() -> None:
    assert c.guarantee_expiries(date(2026, 3, 2)) == {
        "completion": "2027-03-02",
        "equipment": "2028-03-02",
        "structural": "2036-03-02",
    }


def test_the_deadline_instant_is_the_end_of_the_last_day_in_paris() -> None:
    assert c.deadline_instant("2026-01-15") == "2026-01-15T23:00:00+00:00"
    assert c.deadline_instant(date(2026, 7, 15)) == "2026-07-15T22:00:00+00:00"


@pytest.mark.parametrize(("rate", "amount"), [(0, 0.0), (5, 190_000.0), ("2.5", 95_000.0)])
def test_retention_money_is_at_most_five_percent(rate: float, amount: float) -> None:
    assert c.retention_amount(3_800_000, rate) == amount


@pytest.mark.parametrize("rate", [5.01, -1])
def test_a_retention_rate_outside_zero_to_five_percent_is_refused(rate: float) -> None:
    with pytest.raises(ValueError, match="retention rate"):
        c.retention_amount(3_800_000, rate)


def test_retention_is_released_a_year_after_reception_unless_objected() -> None:
    assert c.retention_release_date("2028-02-29", objection_lodged=False) == "2029-02-28"
    assert c.retention_release_date("2028-02-29", objection_lodged=True) is None


def test_cost_drift_is_a_rate_of_the_contract() -> None:
    assert c.cost_drift_rate(3_800_000, 3_990_000) == 0.05
    assert c.cost_drift_rate(Decimal("1000"), 900) == -0.1
    with pytest.raises(ValueError, match="positive"):
        c.cost_drift_rate(0, 10)


def test_schedule_drift_counts_calendar_days_late() -> None:
    assert c.schedule_drift_days("2027-09-02", "2027-10-02") == 30
    assert c.schedule_drift_days("2027-09-02", "2027-08-31") == -2


@pytest.mark.parametrize(
    ("cost", "days", "accepted_cost", "accepted_days", "alert"),
    [
        (0.05, 0, 0, 0, False),  # exactly at the alert level: not yet
        (0.0501, 0, 0, 0, True),
        (0, 30, 0, 0, False),
        (0, 31, 0, 0, True),
        (0.08, 40, 0.05, 20, False),  # within the alert level of what the director accepted
        (0.11, 40, 0.05, 20, True),
    ],
)
def test_drift_alert_beyond_the_last_accepted_baseline(
    cost: float, days: int, accepted_cost: float, accepted_days: int, alert: bool
) -> None:
    assert c.drift_alert(cost, days, accepted_cost, accepted_days) is alert


def test_planned_completion_adds_calendar_months_clamped() -> None:
    assert c.planned_completion("2026-03-02", 18) == "2027-09-02"
    assert c.planned_completion("2026-08-31", 6) == "2027-02-28"
