"""The strict ISO 8601 duration parser of our BPMN extensions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from workflows.iso_duration import DurationError, IsoDuration, parse_iso_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P5D", IsoDuration(days=5)),
        ("PT4H", IsoDuration(hours=4)),
        ("PT30M", IsoDuration(minutes=30)),
        ("PT45S", IsoDuration(seconds=45)),
        ("P1M", IsoDuration(months=1)),
        ("P2W", IsoDuration(weeks=2)),
        ("P1Y", IsoDuration(years=1)),
        ("P1Y2M3W4DT5H6M7S", IsoDuration(1, 2, 3, 4, 5, 6, 7)),
        ("P1DT12H", IsoDuration(days=1, hours=12)),
        ("PT1H30M", IsoDuration(hours=1, minutes=30)),
        ("P0D", IsoDuration()),
        ("PT0S", IsoDuration()),
        ("P010D", IsoDuration(days=10)),
    ],
)
def test_parses_every_component(text: str, expected: IsoDuration) -> None:
    assert parse_iso_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "it is empty"),
        ("P", "it has no component"),
        ("PT", "it has no component"),
        ("P1DT", "'T' must be followed by hours, minutes or seconds"),
        ("5D", "must start with 'P'"),
        ("p5d", "must start with 'P'"),
        (" P5D", "must start with 'P'"),
        ("P-1D", "negative durations are not supported"),
        ("P1.5D", "fractions are not supported"),
        ("PT0,5H", "fractions are not supported"),
        ("P5X", "expected PnYnMnWnDTnHnMnS"),
        ("P5", "expected PnYnMnWnDTnHnMnS"),
        ("PD", "expected PnYnMnWnDTnHnMnS"),
        ("P5H", "expected PnYnMnWnDTnHnMnS"),
        ("PT5D", "expected PnYnMnWnDTnHnMnS"),
        ("P1D2M", "expected PnYnMnWnDTnHnMnS"),
        ("P5D5D", "expected PnYnMnWnDTnHnMnS"),
        ("P5DT", "'T' must be followed"),
        ("P5D\n", "expected PnYnMnWnDTnHnMnS"),
        ("P5D ", "expected PnYnMnWnDTnHnMnS"),
        ("P\uff15D", "expected PnYnMnWnDTnHnMnS"),
        ("P\u0665D", "expected PnYnMnWnDTnHnMnS"),
        ("P1e3D", "expected PnYnMnWnDTnHnMnS"),
        ("P5D; DROP TABLE", "expected PnYnMnWnDTnHnMnS"),
        ("P" + "9" * 70 + "D", "longer than 64 characters"),
        ("P5D" * 1_000_000, "longer than 64 characters"),
    ],
)
def test_refuses_garbage_with_a_precise_reason(text: str, reason: str) -> None:
    with pytest.raises(DurationError, match="is not an ISO 8601 duration") as caught:
        parse_iso_duration(text)
    assert reason in str(caught.value)
    assert len(str(caught.value)) < 200


def test_the_message_quotes_the_text() -> None:
    with pytest.raises(DurationError, match=r"^duration 'P5X' is not an ISO 8601 duration"):
        parse_iso_duration("P5X")


def test_duration_error_is_a_value_error() -> None:
    assert issubclass(DurationError, ValueError)


def test_to_timedelta_for_fixed_lengths() -> None:
    assert parse_iso_duration("P1W2DT3H4M5S").to_timedelta() == timedelta(
        days=9, hours=3, minutes=4, seconds=5
    )
    assert parse_iso_duration("PT36H").to_timedelta() == timedelta(hours=36)


@pytest.mark.parametrize("text", ["P1M", "P1Y", "P1Y2D"])
def test_to_timedelta_refuses_years_and_months(text: str) -> None:
    with pytest.raises(DurationError, match="no fixed length"):
        parse_iso_duration(text).to_timedelta()


def test_to_timedelta_refuses_an_overflow() -> None:
    with pytest.raises(DurationError, match="too long"):
        parse_iso_duration("P" + "9" * 20 + "D").to_timedelta()


@pytest.mark.parametrize("text", ["P5D", "PT4H", "P1Y2M3W4DT5H6M7S", "P1MT1S", "PT0S"])
def test_str_is_the_canonical_text(text: str) -> None:
    assert str(parse_iso_duration(text)) == text


def test_date_and_time_parts() -> None:
    assert parse_iso_duration("P5D").has_date_part
    assert not parse_iso_duration("P5D").has_time_part
    assert parse_iso_duration("PT4H").has_time_part
    assert not parse_iso_duration("P0DT0H").has_date_part


@pytest.mark.parametrize("bad", [-1, 1.5, True, "5"])
def test_components_must_be_whole_non_negative_numbers(bad: object) -> None:
    with pytest.raises(DurationError, match="days must be a whole number"):
        IsoDuration(days=bad)  # type: ignore[arg-type]
