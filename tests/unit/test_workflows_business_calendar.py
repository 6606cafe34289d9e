"""The French business calendar: jours ouvrés, public holidays and deadline counting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from workflows.business_calendar import (
    add_business_days,
    add_business_duration,
    add_calendar_duration,
    add_calendar_months,
    as_utc,
    business_days_between,
    end_of_day,
    is_business_day,
    local_date,
    public_holidays,
)

PARIS = ZoneInfo("Europe/Paris")


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- business days ---------------------------------------------------------------------------


def test_weekdays_are_business_days_and_weekends_are_not() -> None:
    monday = date(2026, 3, 2)
    days = [monday + timedelta(days=i) for i in range(7)]
    assert [is_business_day(d) for d in days] == [True] * 5 + [False] * 2


@pytest.mark.parametrize(
    "holiday",
    [
        date(2026, 1, 1),
        date(2026, 5, 1),
        date(2026, 5, 8),
        date(2026, 7, 14),
        date(2026, 8, 15),
        date(2026, 11, 1),
        date(2026, 11, 11),
        date(2026, 12, 25),
        date(2027, 1, 1),
        date(2027, 7, 14),
        date(2027, 11, 11),
    ],
)
def test_fixed_public_holidays_are_not_business_days(holiday: date) -> None:
    assert holiday in public_holidays(holiday.year)
    assert not is_business_day(holiday)


@pytest.mark.parametrize(
    ("easter_monday", "ascension", "whit_monday"),
    [
        (date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)),
        (date(2027, 3, 29), date(2027, 5, 6), date(2027, 5, 17)),
        (date(2028, 4, 17), date(2028, 5, 25), date(2028, 6, 5)),
    ],
)
def test_moveable_feasts_are_not_business_days(
    easter_monday: date, ascension: date, whit_monday: date
) -> None:
    for holiday in (easter_monday, ascension, whit_monday):
        assert holiday.weekday() in (0, 3)
        assert not is_business_day(holiday)
    assert is_business_day(easter_monday + timedelta(days=1))
    assert is_business_day(ascension + timedelta(days=1))  # the "pont" is still worked


def test_national_list_only_no_alsace_moselle_extras() -> None:
    assert is_business_day(date(2028, 12, 26))  # Saint-Étienne, a Tuesday: Moselle only
    assert is_business_day(date(2026, 4, 3))  # Good Friday: Moselle only
    assert len(public_holidays(2026)) == 11


def test_holiday_lookups_are_cached_per_year() -> None:
    assert public_holidays(2031) is public_holidays(2031)


def test_a_datetime_is_refused_where_a_date_is_expected() -> None:
    with pytest.raises(TypeError, match="expected a date"):
        is_business_day(datetime(2026, 5, 1, 12, 0))


# --- add_business_days -----------------------------------------------------------------------


def test_adding_business_days_skips_the_weekend() -> None:
    friday = date(2026, 3, 6)
    assert add_business_days(friday, 1) == date(2026, 3, 9)
    assert add_business_days(friday, 5) == date(2026, 3, 13)


def test_counting_from_a_weekend_starts_on_monday() -> None:
    saturday = date(2026, 3, 7)
    assert add_business_days(saturday, 1) == date(2026, 3, 9)
    assert add_business_days(date(2026, 3, 8), 1) == date(2026, 3, 9)


def test_a_deadline_landing_on_a_holiday_moves_to_the_next_business_day() -> None:
    # Monday 4 May 2026 + 4 business days would be Friday 8 May (Victoire 1945).
    assert add_business_days(date(2026, 5, 4), 4) == date(2026, 5, 11)
    # Tuesday 12 May + 2 lands on Ascension Thursday, then Friday 15 May.
    assert add_business_days(date(2026, 5, 12), 2) == date(2026, 5, 15)


def test_christmas_to_new_year_week() -> None:
    # Thursday 24 Dec 2026: Friday 25 and Friday 1 Jan are holidays.
    assert add_business_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert add_business_days(date(2026, 12, 24), 5) == date(2027, 1, 4)


def test_five_business_days_around_easter_2027() -> None:
    # Friday 26 Mar 2027: Easter Monday 29 Mar is off, so the fifth day is Monday 5 April.
    assert add_business_days(date(2027, 3, 26), 5) == date(2027, 4, 5)


def test_zero_business_days_is_the_same_day_even_on_a_weekend() -> None:
    assert add_business_days(date(2026, 3, 4), 0) == date(2026, 3, 4)
    assert add_business_days(date(2026, 3, 7), 0) == date(2026, 3, 7)


def test_negative_business_days_count_backwards() -> None:
    monday = date(2026, 3, 9)
    assert add_business_days(monday, -1) == date(2026, 3, 6)
    assert add_business_days(date(2026, 3, 7), -1) == date(2026, 3, 6)
    assert add_business_days(date(2026, 5, 11), -1) == date(2026, 5, 7)  # over 8 May


def test_business_days_between_counts_end_not_start() -> None:
    assert business_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1
    assert business_days_between(date(2026, 3, 9), date(2026, 3, 9)) == 0
    assert business_days_between(date(2026, 3, 7), date(2026, 3, 8)) == 0
    assert business_days_between(date(2026, 3, 9), date(2026, 3, 6)) == -1


def test_business_days_between_a_whole_year() -> None:
    # 2026 has 261 weekdays and 9 holidays on weekdays (15 Aug and 1 Nov fall on weekends).
    assert business_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 252


def test_business_days_between_is_the_inverse_of_adding() -> None:
    start = date(2026, 4, 25)
    for offset in range(40):
        d = start + timedelta(days=offset)
        for n in range(-12, 13):
            assert business_days_between(d, add_business_days(d, n)) == n, (d, n)


def test_business_days_between_spans_years_quickly() -> None:
    assert business_days_between(date(2026, 1, 1), date(2126, 1, 1)) > 25_000


# --- calendar months ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 8, 31), 3, date(2026, 11, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 10, 31), 2, date(2026, 12, 31)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 10), -1, date(2025, 12, 10)),
        (date(2026, 5, 20), 0, date(2026, 5, 20)),
    ],
)
def test_calendar_months_clamp_to_the_month_end(start: date, months: int, expected: date) -> None:
    assert add_calendar_months(start, months) == expected


# --- instants ----------------------------------------------------------------------------------


def test_business_deadline_ends_at_midnight_paris_of_the_nth_business_day() -> None:
    wednesday_morning = paris(2026, 3, 4, 9, 30)
    deadline = add_business_duration(wednesday_morning, 5)
    assert deadline == paris(2026, 3, 12, 0, 0)  # end of Wednesday 11 March
    assert deadline.tzinfo is UTC
    assert deadline == utc(2026, 3, 11, 23, 0)


def test_business_deadline_is_the_same_whatever_the_hour_of_the_event() -> None:
    early, late = paris(2026, 3, 4, 0, 0), paris(2026, 3, 4, 23, 59)
    assert add_business_duration(early, 3) == add_business_duration(late, 3)


def test_business_deadline_counts_from_the_paris_day_not_the_utc_day() -> None:
    # 22:30 UTC on Thursday 7 May is 00:30 on Friday 8 May (a holiday) in Paris.
    event = utc(2026, 5, 7, 22, 30)
    assert local_date(event) == date(2026, 5, 8)
    assert add_business_duration(event, 1) == paris(2026, 5, 12, 0, 0)


def test_business_deadline_from_a_saturday_event() -> None:
    assert add_business_duration(paris(2026, 3, 7, 15, 0), 1) == paris(2026, 3, 10, 0, 0)


def test_business_deadline_landing_on_a_holiday() -> None:
    # Monday 9 Nov 2026 + 2 business days: Wednesday 11 Nov is off, so Thursday 12.
    assert add_business_duration(paris(2026, 11, 9, 10, 0), 2) == paris(2026, 11, 13, 0, 0)


def test_business_deadline_of_zero_days_is_the_end_of_the_event_day() -> None:
    assert add_business_duration(paris(2026, 3, 4, 9, 0), 0) == paris(2026, 3, 5, 0, 0)


def test_business_deadline_refuses_negative_days() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_business_duration(paris(2026, 3, 4, 9, 0), -1)


def test_business_deadline_across_the_spring_dst_change() -> None:
    # Clocks go forward on Sunday 29 March 2026: CET (+1) before, CEST (+2) after.
    friday = paris(2026, 3, 27, 10, 0)
    assert friday.utcoffset() == timedelta(hours=1)
    deadline = add_business_duration(friday, 1)
    assert deadline == utc(2026, 3, 30, 22, 0)  # 31 March 00:00 CEST
    assert deadline.astimezone(PARIS).hour == 0


def test_business_deadline_across_the_autumn_dst_change() -> None:
    # Clocks go back on Sunday 25 October 2026: CEST (+2) before, CET (+1) after.
    friday = paris(2026, 10, 23, 10, 0)
    assert friday.utcoffset() == timedelta(hours=2)
    deadline = add_business_duration(friday, 1)
    assert deadline == utc(2026, 10, 26, 23, 0)  # 27 October 00:00 CET
    assert deadline.astimezone(PARIS).hour == 0


def test_end_of_day_on_the_dst_sundays_is_local_midnight() -> None:
    assert end_of_day(date(2026, 3, 29)) == utc(2026, 3, 29, 22, 0)
    assert end_of_day(date(2026, 10, 25)) == utc(2026, 10, 25, 23, 0)
    assert end_of_day(date(2026, 3, 29)) - end_of_day(date(2026, 3, 28)) == timedelta(hours=23)
    assert end_of_day(date(2026, 10, 25)) - end_of_day(date(2026, 10, 24)) == timedelta(hours=25)


def test_calendar_deadline_in_months_and_days() -> None:
    key_return = paris(2026, 1, 31, 11, 0)
    assert add_calendar_duration(key_return, months=1) == paris(2026, 3, 1, 0, 0)
    assert add_calendar_duration(key_return, months=2) == paris(2026, 4, 1, 0, 0)
    assert add_calendar_duration(paris(2026, 5, 1, 9, 0), days=10) == paris(2026, 5, 12, 0, 0)


def test_calendar_deadline_is_not_moved_off_a_holiday() -> None:
    assert add_calendar_duration(paris(2026, 12, 15, 9, 0), days=10) == paris(2026, 12, 26)


def test_calendar_deadline_refuses_negative_values() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_calendar_duration(paris(2026, 1, 1), months=-1)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        add_business_duration(datetime(2026, 3, 4, 9, 0), 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        as_utc(datetime(2026, 3, 4, 9, 0))


def test_as_utc_keeps_the_instant() -> None:
    assert as_utc(paris(2026, 7, 1, 12, 0)) == utc(2026, 7, 1, 10, 0)
    assert as_utc(paris(2026, 7, 1, 12, 0)).tzinfo is UTC


def test_the_2026_public_holidays_are_exactly_the_national_list() -> None:
    assert public_holidays(2026) == frozenset(
        {
            date(2026, 1, 1),
            date(2026, 4, 6),
            date(2026, 5, 1),
            date(2026, 5, 8),
            date(2026, 5, 14),
            date(2026, 5, 25),
            date(2026, 7, 14),
            date(2026, 8, 15),
            date(2026, 11, 1),
            date(2026, 11, 11),
            date(2026, 12, 25),
        }
    )
