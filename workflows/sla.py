"""SLA policies: our BPMN extension ``<hf:sla>`` as a value object that computes deadlines.

``<hf:sla duration="P5D" calendar="business" warnAt="0.8" escalateTo="responsable territorial"/>``

Counting rules (see ``business_calendar`` for how days are counted):

- days only (P5D): whole days after the event's day, ending at 24:00 Europe/Paris of the last
  one; business days with calendar="business" (the default for days), calendar days otherwise;
- years, months, weeks (P1M, P2W): calendar="calendar" only, which is their default; months are
  calendar months clamped to the month end;
- time only (PT4H, PT30M): elapsed time, 24/7, whatever the calendar (the default is
  "calendar"); a U1 emergency is due 4 hours later even at night or on a Sunday.

A duration mixing days and time (P1DT4H) is refused: days end at midnight, hours do not.
"""

from __future__ import annotations

import math
import reprlib
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from workflows.business_calendar import add_business_duration, add_calendar_duration, as_utc
from workflows.iso_duration import DurationError, IsoDuration, parse_iso_duration
from workflows.roles import Role, resolve_role

__all__ = [
    "DEFAULT_WARN_AT",
    "MAX_SPAN_DAYS",
    "Calendar",
    "DurationError",
    "IsoDuration",
    "SlaError",
    "SlaPolicy",
    "parse_iso_duration",
    "parse_sla",
]

Calendar = Literal["business", "calendar"]
DEFAULT_WARN_AT = 0.8
MAX_SPAN_DAYS = 36_600
"""A sanity bound (about a century), not a deadline: it keeps dates inside the calendar."""


class SlaError(ValueError):
    """An SLA policy is malformed; the message names the attribute and the bad value."""


@dataclass(frozen=True)
class SlaPolicy:
    """How long a task or case may take, when to warn, and who hears of a breach."""

    duration: IsoDuration
    calendar: Calendar
    warn_at: float = DEFAULT_WARN_AT
    escalate_to: Role | None = None

    def __post_init__(self) -> None:
        _check(self)

    def deadline(self, start: datetime) -> datetime:
        """When the clock started at ``start`` is breached (exclusive), in UTC."""
        span = self.duration
        if span.has_time_part:
            return as_utc(start) + span.to_timedelta()
        if self.calendar == "business":
            return add_business_duration(start, span.days)
        return add_calendar_duration(
            start, months=12 * span.years + span.months, days=7 * span.weeks + span.days
        )

    def warning_at(self, start: datetime) -> datetime:
        """When to warn: ``warn_at`` of the way from ``start`` to the deadline, in UTC."""
        begin = as_utc(start)
        return begin + (self.deadline(begin) - begin) * self.warn_at


def _check(policy: SlaPolicy) -> None:
    span = policy.duration
    if policy.calendar not in ("business", "calendar"):
        raise SlaError(f"calendar must be 'business' or 'calendar', got {policy.calendar!r}")
    if not math.isfinite(policy.warn_at) or not 0 <= policy.warn_at <= 1:
        raise SlaError(f"warnAt must be between 0 and 1, got {policy.warn_at!r}")
    if not span.has_date_part and not span.has_time_part:
        raise SlaError(f"duration {span} must be longer than zero")
    if span.has_date_part and span.has_time_part:
        raise SlaError(
            f"duration {span} mixes days and time: write whole days (P2D) or time only (PT36H)"
        )
    if policy.calendar == "business" and (span.years or span.months or span.weeks):
        raise SlaError(
            f"duration {span} uses years, months or weeks, which need calendar='calendar'; "
            "business deadlines count days (P5D)"
        )
    rough_days = 366 * span.years + 31 * span.months + 7 * span.weeks + span.days
    rough_days += (3600 * span.hours + 60 * span.minutes + span.seconds) // 86_400
    if rough_days > MAX_SPAN_DAYS:
        raise SlaError(f"duration {span} is too long: an SLA spans at most {MAX_SPAN_DAYS} days")


def parse_sla(
    duration: str, calendar: str | None, warn_at: str | None, escalate_to: str | None
) -> SlaPolicy:
    """The policy the ``<hf:sla>`` attributes describe; absent or blank optional ones default."""
    try:
        span = parse_iso_duration(duration.strip())
    except DurationError as exc:
        raise SlaError(str(exc)) from exc
    return SlaPolicy(
        duration=span,
        calendar=_parse_calendar(calendar, span),
        warn_at=_parse_warn_at(warn_at),
        escalate_to=_parse_role(escalate_to),
    )


def _parse_calendar(text: str | None, span: IsoDuration) -> Calendar:
    if text is None or not text.strip():
        days_only = span.days and not (span.years or span.months or span.weeks)
        return "business" if days_only and not span.has_time_part else "calendar"
    match text.strip().lower():
        case "business":
            return "business"
        case "calendar":
            return "calendar"
    raise SlaError(f"calendar must be 'business' or 'calendar', got {reprlib.repr(text)}")


def _parse_warn_at(text: str | None) -> float:
    if text is None or not text.strip():
        return DEFAULT_WARN_AT
    try:
        return float(text)
    except ValueError:
        raise SlaError(
            f"warnAt must be a number between 0 and 1, got {reprlib.repr(text)}"
        ) from None


def _parse_role(text: str | None) -> Role | None:
    if text is None or not text.strip():
        return None
    role = resolve_role(text)
    if role is None:
        raise SlaError(f"unknown role {reprlib.repr(text)} in escalateTo")
    return role
