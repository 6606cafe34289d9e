"""The vacancy turnaround's rules: notice, offer deadline, deposit refund, thresholds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from workflows import vacancy
from workflows.script_helpers import SCRIPT_HELPERS


def test_every_helper_is_prefixed_and_reachable_from_scripts() -> None:
    assert vacancy.HELPERS
    for name, function in vacancy.HELPERS.items():
        assert name.startswith("vacancy_")
        assert SCRIPT_HELPERS[name] is function


@pytest.mark.parametrize(
    ("ground", "proof", "expected"),
    [
        ("job_change", True, True),
        ("tight_market_zone", True, True),
        ("social_housing_move", True, True),
        ("job_change", False, False),
        ("none", True, False),
        (None, True, False),
        ("holiday", True, False),
    ],
)
def test_reduced_notice_needs_a_legal_ground_and_its_proof(
    ground: str | None, proof: bool, expected: bool
) -> None:
    assert vacancy.reduced_notice_applies(ground, proof) is expected


@pytest.mark.parametrize(
    ("received", "months", "end"),
    [
        ("2026-03-02", 3, date(2026, 6, 2)),
        ("2026-03-02", 1, date(2026, 4, 2)),
        ("2026-01-31", 1, date(2026, 2, 28)),  # no 31 February: the month's last day
        ("2027-01-31", 1, date(2027, 2, 28)),
        ("2027-11-30", 3, date(2028, 2, 29)),  # leap year
        ("2028-02-29", 1, date(2028, 3, 29)),
        (date(2026, 10, 15), 3, date(2027, 1, 15)),  # over the new year
    ],
)
def test_notice_end_date_counts_calendar_months(
    received: str | date, months: int, end: date
) -> None:
    assert vacancy.notice_end_date(received, months) == end


def test_notice_lengths() -> None:
    assert vacancy.notice_months(True) == 1
    assert vacancy.notice_months(False) == 3
    with pytest.raises(ValueError, match="1 or 3 months"):
        vacancy.notice_end_date("2026-03-02", 2)


def test_a_datetime_is_not_a_date() -> None:
    with pytest.raises(TypeError):
        vacancy.notice_end_date(datetime(2026, 3, 2, tzinfo=UTC), 3)


def test_move_out_and_advice_visit_instants_are_paris_midnights() -> None:
    # 2 June 2026 00:00 in Paris (summer time, UTC+2) is 1 June 22:00 UTC.
    assert vacancy.move_out_at("2026-06-02") == "2026-06-01T22:00:00+00:00"
    # One month before 31 March is 28 February (winter time, UTC+1).
    assert vacancy.advice_visit_at("2026-03-31") == "2026-02-27T23:00:00+00:00"


@pytest.mark.parametrize(
    ("amount", "needs"),
    [(0, False), (14_999.99, False), (15_000, False), (15_000.01, True), (Decimal("40000"), True)],
)
def test_works_above_the_threshold_need_approval(amount: float | Decimal, needs: bool) -> None:
    assert vacancy.works_need_approval(amount) is needs


def test_next_candidate_follows_the_ranking() -> None:
    ranking = ["Alice", "Bruno", "Chloé"]
    assert vacancy.next_candidate(ranking, []) == "Alice"
    assert vacancy.next_candidate(ranking, ["Alice"]) == "Bruno"
    assert vacancy.next_candidate(ranking, ["Alice", "Bruno"]) == "Chloé"
    assert vacancy.next_candidate(ranking, ranking) is None
    assert vacancy.next_candidate([], []) is None


def test_offer_answer_deadline_is_at_least_ten_days() -> None:
    assert vacancy.offer_answer_deadline("2026-03-23") == date(2026, 4, 2)
    assert vacancy.offer_answer_deadline("2026-03-23", 15) == date(2026, 4, 7)
    with pytest.raises(ValueError, match="at least 10 days"):
        vacancy.offer_answer_deadline("2026-03-23", 9)


def test_offer_answer_deadline_on_a_public_holiday_runs_to_the_next_business_day() -> None:
    # 4 July + 10 days = Tuesday 14 July, Fête nationale: the candidate has until the 15th.
    assert vacancy.offer_answer_deadline("2026-07-04") == date(2026, 7, 15)
    # 2 May + 10 days = Tuesday 12 May; 4 May + 10 = Thursday 14 May, Ascension → Friday 15.
    assert vacancy.offer_answer_deadline("2026-05-02") == date(2026, 5, 12)
    assert vacancy.offer_answer_deadline("2026-05-04") == date(2026, 5, 15)
    # A Saturday deadline runs to Monday.
    assert vacancy.offer_answer_deadline("2026-03-11") == date(2026, 3, 23)


def test_offer_silence_instant_is_the_end_of_the_last_day() -> None:
    # Ends 2 April 2026 at 24:00 in Paris (UTC+2): 2 April 22:00 UTC.
    assert vacancy.offer_answer_deadline_at("2026-03-23") == "2026-04-02T22:00:00+00:00"


@pytest.mark.parametrize(
    ("keys", "matches", "due"),
    [
        ("2026-04-02", True, date(2026, 5, 2)),
        ("2026-04-02", False, date(2026, 6, 2)),
        ("2026-01-31", True, date(2026, 2, 28)),
        ("2027-12-31", False, date(2028, 2, 29)),
        ("2028-01-29", True, date(2028, 2, 29)),
    ],
)
def test_deposit_refund_due(keys: str, matches: bool, due: date) -> None:
    assert vacancy.deposit_refund_due(keys, vacancy.deposit_refund_months(matches)) == due


def test_deposit_refund_is_not_moved_off_a_public_holiday() -> None:
    # 1 April + 1 month = 1 May (Fête du travail): the landlord pays before, never after.
    assert vacancy.deposit_refund_due("2026-04-01", 1) == date(2026, 5, 1)


def test_deposit_warning_days() -> None:
    # Day 25 and day 55 after key return, at the end of the day in Paris.
    assert vacancy.deposit_warning_at("2026-04-02", 1) == "2026-04-27T22:00:00+00:00"
    assert vacancy.deposit_warning_at("2026-04-02", 2) == "2026-05-27T22:00:00+00:00"
    with pytest.raises(ValueError):
        vacancy.deposit_warning_at("2026-04-02", 3)


@pytest.mark.parametrize(
    ("paid", "months_late", "penalty"),
    [
        ("2026-04-30", 0, Decimal("0.00")),
        ("2026-05-02", 0, Decimal("0.00")),  # on the due day: in time
        ("2026-05-03", 1, Decimal("45.00")),  # one day late: a started month
        ("2026-06-02", 1, Decimal("45.00")),
        ("2026-06-03", 2, Decimal("90.00")),
        ("2026-09-01", 4, Decimal("180.00")),
    ],
)
def test_late_penalty_is_ten_percent_of_rent_per_started_month(
    paid: str, months_late: int, penalty: Decimal
) -> None:
    assert vacancy.deposit_months_late("2026-05-02", paid) == months_late
    assert vacancy.deposit_late_penalty(450, "2026-05-02", paid) == penalty


def test_late_penalty_month_ends_and_rounding() -> None:
    # Due 31 January: the first late month runs to 28 February, the second to 31 March.
    assert vacancy.deposit_months_late("2026-01-31", "2026-02-28") == 1
    assert vacancy.deposit_months_late("2026-01-31", "2026-03-01") == 2
    assert vacancy.deposit_late_penalty(Decimal("455.55"), "2026-01-31", "2026-02-01") == Decimal(
        "45.56"
    )
    with pytest.raises(ValueError):
        vacancy.deposit_late_penalty(-1, "2026-01-31", "2026-02-01")


def test_vacancy_alerts_after_thirty_days_and_three_months() -> None:
    assert vacancy.vacancy_first_alert_at("2026-04-02") == "2026-05-02T22:00:00+00:00"
    assert vacancy.vacancy_second_alert_at("2026-04-02") == "2026-07-02T22:00:00+00:00"
    # Keys returned on 30 November: three months later is the last day of February.
    assert vacancy.vacancy_second_alert_at("2025-11-30") == "2026-02-28T23:00:00+00:00"


def test_contractor_late_after_the_planned_end_day() -> None:
    assert vacancy.works_late_at("2026-04-17") == "2026-04-17T22:00:00+00:00"
