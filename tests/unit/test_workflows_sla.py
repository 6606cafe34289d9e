"""SLA policies parsed from <hf:sla> and the deadlines they compute."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from workflows.iso_duration import IsoDuration
from workflows.roles import Role
from workflows.sla import DEFAULT_WARN_AT, SlaError, SlaPolicy, parse_iso_duration, parse_sla

PARIS = ZoneInfo("Europe/Paris")


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- parsing ---------------------------------------------------------------------------------


def test_parses_a_full_extension() -> None:
    policy = parse_sla("P5D", "business", "0.6", "Responsable territorial")
    assert policy == SlaPolicy(
        duration=IsoDuration(days=5),
        calendar="business",
        warn_at=0.6,
        escalate_to=Role.TERRITORIAL_MANAGER,
    )


def test_defaults() -> None:
    policy = parse_sla("P5D", None, None, None)
    assert policy.calendar == "business"
    assert policy.warn_at == DEFAULT_WARN_AT == 0.8
    assert policy.escalate_to is None


def test_blank_optional_attributes_take_the_defaults() -> None:
    assert parse_sla(" P5D ", "", "  ", "") == parse_sla("P5D", None, None, None)


@pytest.mark.parametrize(
    ("duration", "calendar"),
    [("P5D", "business"), ("P1M", "calendar"), ("P1Y", "calendar"), ("P2W", "calendar"),
     ("PT4H", "calendar"), ("P1M10D", "calendar")],
)  # fmt: skip
def test_default_calendar_is_business_for_days_only(duration: str, calendar: str) -> None:
    assert parse_sla(duration, None, None, None).calendar == calendar


def test_calendar_is_case_insensitive() -> None:
    assert parse_sla("P5D", " Calendar ", None, None).calendar == "calendar"


def test_escalation_role_resolves_aliases() -> None:
    assert parse_sla("P5D", None, None, "Lane_Gardien").escalate_to is Role.CARETAKER
    assert parse_sla("P5D", None, None, "director").escalate_to is Role.DIRECTOR


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("P5X", None, None, None), "duration 'P5X' is not an ISO 8601 duration"),
        (("", None, None, None), "duration '' is not an ISO 8601 duration: it is empty"),
        (("P", None, None, None), "it has no component"),
        (("PT", None, None, None), "it has no component"),
        (("5D", None, None, None), "must start with 'P'"),
        (("P-1D", None, None, None), "negative durations are not supported"),
        (("P1" + "0" * 100 + "D", None, None, None), "longer than 64 characters"),
        (("P0D", None, None, None), "duration PT0S must be longer than zero"),
        (("PT0S", None, None, None), "must be longer than zero"),
        (("P5D", "weekdays", None, None), "calendar must be 'business' or 'calendar'"),
        (("P5D", "ouvré", None, None), "got 'ouvré'"),
        (("P5D", None, "1.5", None), "warnAt must be between 0 and 1, got 1.5"),
        (("P5D", None, "-0.1", None), "warnAt must be between 0 and 1, got -0.1"),
        (("P5D", None, "nan", None), "warnAt must be between 0 and 1, got nan"),
        (("P5D", None, "inf", None), "warnAt must be between 0 and 1, got inf"),
        (("P5D", None, "80%", None), "warnAt must be a number between 0 and 1, got '80%'"),
        (("P5D", None, "0,8", None), "warnAt must be a number between 0 and 1, got '0,8'"),
        (("P5D", None, None, "foo"), "unknown role 'foo' in escalateTo"),
        (("P5D", None, None, "Lane_1x2y3z"), "unknown role 'Lane_1x2y3z' in escalateTo"),
        (("P1M", "business", None, None), "need calendar='calendar'"),
        (("P1Y", "business", None, None), "need calendar='calendar'"),
        (("P2W", "business", None, None), "business deadlines count days (P5D)"),
        (("P1DT4H", None, None, None), "duration P1DT4H mixes days and time"),
        (("P1DT4H", "business", None, None), "mixes days and time"),
        (("P200Y", None, None, None), "duration P200Y is too long"),
        (("P99999D", None, None, None), "too long"),
        (("PT999999999H", None, None, None), "too long"),
    ],
)
def test_refuses_bad_attributes_precisely(
    args: tuple[str, str | None, str | None, str | None], message: str
) -> None:
    with pytest.raises(SlaError) as caught:
        parse_sla(*args)
    assert message in str(caught.value)


def test_long_garbage_is_not_echoed_in_full() -> None:
    for args in (("x" * 100_000, None, None, None), ("P5D", None, None, "x" * 100_000)):
        with pytest.raises(SlaError) as caught:
            parse_sla(*args)
        assert len(str(caught.value)) < 200


def test_sla_error_is_a_value_error() -> None:
    assert issubclass(SlaError, ValueError)


def test_the_policy_checks_itself_when_built_directly() -> None:
    with pytest.raises(SlaError, match="warnAt"):
        SlaPolicy(IsoDuration(days=5), "business", warn_at=2.0)
    with pytest.raises(SlaError, match="calendar must be"):
        SlaPolicy(IsoDuration(days=5), "lunar")  # type: ignore[arg-type]


def test_the_duration_parser_is_reexported() -> None:
    assert parse_iso_duration("PT4H") == IsoDuration(hours=4)


def test_warn_at_bounds_are_allowed() -> None:
    assert parse_sla("P5D", None, "0", None).warn_at == 0
    assert parse_sla("P5D", None, "1", None).warn_at == 1


# --- deadlines -------------------------------------------------------------------------------


def test_business_days_deadline_ends_at_midnight_paris() -> None:
    # Works estimate: 5 working days from Wednesday 4 March 2026 → end of Wednesday 11 March.
    policy = parse_sla("P5D", None, None, None)
    deadline = policy.deadline(paris(2026, 3, 4, 14, 0))
    assert deadline == paris(2026, 3, 12)
    assert deadline.tzinfo is UTC


def test_business_deadline_over_ascension_and_whit_monday_2026() -> None:
    # Wednesday 13 May: 14 May (Ascension) and 25 May (Whit Monday) are off, so the eighth
    # business day is Wednesday 27 May.
    policy = parse_sla("P8D", "business", None, None)
    assert policy.deadline(paris(2026, 5, 13, 10, 0)) == paris(2026, 5, 28)


def test_calendar_days_deadline() -> None:
    # Offer to a candidate: 10 days to answer, counted in calendar days.
    policy = parse_sla("P10D", "calendar", None, None)
    assert policy.deadline(paris(2026, 5, 1, 16, 0)) == paris(2026, 5, 12)


def test_months_deadline_for_the_deposit_refund() -> None:
    policy = parse_sla("P1M", None, None, None)
    assert policy.deadline(paris(2026, 1, 15, 10, 0)) == paris(2026, 2, 16)
    assert policy.deadline(paris(2026, 1, 31, 10, 0)) == paris(2026, 3, 1)
    assert policy.deadline(paris(2028, 1, 31, 10, 0)) == paris(2028, 3, 1)  # 29 Feb 2028
    assert parse_sla("P2M", None, None, None).deadline(paris(2026, 12, 31)) == paris(2027, 3, 1)


def test_weeks_deadline_is_seven_calendar_days_each() -> None:
    policy = parse_sla("P2W", None, None, None)
    assert policy.deadline(paris(2026, 3, 4, 10, 0)) == paris(2026, 3, 19)


def test_hours_are_elapsed_time_even_at_night_and_on_holidays() -> None:
    # A U1 emergency reported on 1 May at 22:00 is due at 02:00 the next day.
    policy = parse_sla("PT4H", "business", None, None)
    assert policy.deadline(paris(2026, 5, 1, 22, 0)) == paris(2026, 5, 2, 2, 0)


def test_hours_are_elapsed_across_a_dst_change() -> None:
    # 24 hours from Saturday 28 March 12:00 CET are Sunday 29 March 13:00 CEST.
    policy = parse_sla("PT24H", None, None, None)
    start = paris(2026, 3, 28, 12, 0)
    assert policy.deadline(start) == paris(2026, 3, 29, 13, 0)
    assert policy.deadline(start) - start == timedelta(hours=24)


def test_business_deadline_across_the_autumn_dst_change() -> None:
    policy = parse_sla("P1D", None, None, None)
    assert policy.deadline(paris(2026, 10, 23, 10, 0)) == utc(2026, 10, 26, 23, 0)


def test_warning_is_a_share_of_the_way_to_the_deadline() -> None:
    policy = parse_sla("PT10H", None, "0.8", None)
    start = utc(2026, 3, 4, 8, 0)
    assert policy.warning_at(start) == utc(2026, 3, 4, 16, 0)
    assert policy.warning_at(start).tzinfo is UTC


def test_warning_for_a_business_deadline() -> None:
    policy = parse_sla("P1D", None, "0.5", None)
    start = utc(2026, 3, 4, 23, 0)  # Thursday 5 March 00:00 in Paris
    assert policy.deadline(start) == utc(2026, 3, 6, 23, 0)
    assert policy.warning_at(start) == utc(2026, 3, 5, 23, 0)


def test_warning_bounds() -> None:
    start = utc(2026, 3, 4, 8, 0)
    at_start = parse_sla("PT1H", None, "0", None)
    at_deadline = parse_sla("PT1H", None, "1", None)
    assert at_start.warning_at(start) == start
    assert at_deadline.warning_at(start) == at_deadline.deadline(start)


def test_deadlines_accept_any_aware_start_and_refuse_naive_ones() -> None:
    policy = parse_sla("PT4H", None, None, None)
    assert policy.deadline(paris(2026, 3, 4, 10, 0)) == utc(2026, 3, 4, 13, 0)
    for method in (policy.deadline, policy.warning_at):
        with pytest.raises(ValueError, match="timezone-aware"):
            method(datetime(2026, 3, 4, 10, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_sla("P5D", None, None, None).deadline(datetime(2026, 3, 4, 10, 0))


def test_the_longest_allowed_policies_still_compute() -> None:
    start = utc(2026, 1, 1)
    assert parse_sla("P100Y", None, None, None).deadline(start).year == 2126
    assert parse_sla("P36600D", None, None, None).deadline(start) > start


def test_policies_are_hashable_values() -> None:
    assert len({parse_sla("P5D", None, None, None), parse_sla("P5D", "business", "0.8", "")}) == 1


def test_five_business_days_from_a_friday_before_bastille_day_2026() -> None:
    # Friday 10 July 2026; Tuesday 14 July is a holiday: Mon 13, Wed 15, Thu 16, Fri 17, Mon 20.
    policy = parse_sla("P5D", "business", None, None)
    assert policy.deadline(paris(2026, 7, 10, 11, 0)) == paris(2026, 7, 21)
