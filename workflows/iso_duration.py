"""ISO 8601 durations (PnYnMnWnDTnHnMnS) as written in our BPMN extensions.

The parser is strict: upper-case designators, whole non-negative numbers, components in order,
at least one component, and a "T" only before hours, minutes or seconds. Fractions ("PT1.5H")
are refused: write "PT90M".
"""

from __future__ import annotations

import re
import reprlib
from dataclasses import dataclass, fields
from datetime import timedelta

MAX_LENGTH = 64

_PATTERN = re.compile(
    r"P(?:(?P<years>[0-9]+)Y)?(?:(?P<months>[0-9]+)M)?(?:(?P<weeks>[0-9]+)W)?"
    r"(?:(?P<days>[0-9]+)D)?"
    r"(?:T(?:(?P<hours>[0-9]+)H)?(?:(?P<minutes>[0-9]+)M)?(?:(?P<seconds>[0-9]+)S)?)?"
)
_DESIGNATORS = (("years", "Y"), ("months", "M"), ("weeks", "W"), ("days", "D"))
_TIME_DESIGNATORS = (("hours", "H"), ("minutes", "M"), ("seconds", "S"))


class DurationError(ValueError):
    """A text is not a duration we accept, or a duration cannot be used as asked."""


@dataclass(frozen=True)
class IsoDuration:
    """A duration by component, kept as written: P1M is one month, not 30 days."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int = 0
    minutes: int = 0
    seconds: int = 0

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise DurationError(f"{field.name} must be a whole number >= 0, got {value!r}")

    @property
    def has_date_part(self) -> bool:
        """True when years, months, weeks or days are not zero."""
        return any((self.years, self.months, self.weeks, self.days))

    @property
    def has_time_part(self) -> bool:
        """True when hours, minutes or seconds are not zero."""
        return any((self.hours, self.minutes, self.seconds))

    def to_timedelta(self) -> timedelta:
        """The fixed length of this duration; refused when it has years or months."""
        if self.years or self.months:
            raise DurationError(
                f"duration {self} has no fixed length: years and months vary in days"
            )
        try:
            return timedelta(
                weeks=self.weeks,
                days=self.days,
                hours=self.hours,
                minutes=self.minutes,
                seconds=self.seconds,
            )
        except OverflowError as exc:
            raise DurationError(f"duration {self} is too long") from exc

    def __str__(self) -> str:
        date_part = "".join(f"{getattr(self, n)}{d}" for n, d in _DESIGNATORS if getattr(self, n))
        time_part = "".join(
            f"{getattr(self, n)}{d}" for n, d in _TIME_DESIGNATORS if getattr(self, n)
        )
        if not date_part and not time_part:
            return "PT0S"
        return f"P{date_part}" + (f"T{time_part}" if time_part else "")


def parse_iso_duration(text: str) -> IsoDuration:
    """The duration ``text`` names, or ``DurationError`` saying why it names none."""
    shown = reprlib.repr(text)
    problem = _problem(text)
    match = None if problem else _PATTERN.fullmatch(text)
    if match is None:
        reason = f": {problem}" if problem else " (expected PnYnMnWnDTnHnMnS, e.g. P5D or PT4H)"
        raise DurationError(f"duration {shown} is not an ISO 8601 duration{reason}")
    values = {name: int(value) for name, value in match.groupdict().items() if value is not None}
    if not values:
        raise DurationError(f"duration {shown} is not an ISO 8601 duration: it has no component")
    if "T" in text and not {"hours", "minutes", "seconds"} & values.keys():
        raise DurationError(
            f"duration {shown} is not an ISO 8601 duration: "
            "'T' must be followed by hours, minutes or seconds"
        )
    return IsoDuration(**values)


def _problem(text: str) -> str | None:
    """A precise reason to refuse ``text`` before matching it, if one is plain."""
    if not text:
        return "it is empty"
    if len(text) > MAX_LENGTH:
        return f"it is longer than {MAX_LENGTH} characters"
    if not text.startswith("P"):
        return "it must start with 'P'"
    if "." in text or "," in text:
        return "fractions are not supported (write PT90M, not PT1.5H)"
    if "-" in text:
        return "negative durations are not supported"
    return None
