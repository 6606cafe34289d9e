"""The French business calendar (jours ouvrés) and the deadline arithmetic built on it.

A business day is Monday to Friday except the French national public holidays (jours fériés);
Seine-et-Marne adds none. Deadlines follow the usual French counting (as in articles 641 and
642 of the Code de procédure civile): the day of the event does not count and a deadline ends
at the end, 24:00 Europe/Paris, of its last day.

- ``n`` business days after day D: the n-th business day strictly after D, whatever D is.
- ``n`` months after day D: the same day number n months later, or that month's last day.

Instants are timezone-aware datetimes, returned in UTC; days are counted in Europe/Paris.
The end of a day is returned as 00:00 local of the next day, an exclusive bound: a clock is
breached when ``now >= deadline``. Calendar deadlines are not moved off weekends or holidays.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

PARIS = ZoneInfo("Europe/Paris")
_DAY = timedelta(days=1)


@lru_cache(maxsize=128)
def public_holidays(year: int) -> frozenset[date]:
    """The French national public holidays (jours fériés) of ``year``."""
    return frozenset(holidays.country_holidays("FR", years=year))


def _require_date(d: date) -> None:
    # A datetime is a date, but never equal to one: it would miss every holiday silently.
    if isinstance(d, datetime):
        raise TypeError(f"expected a date, got the datetime {d.isoformat()}")


def is_business_day(d: date) -> bool:
    """True when ``d`` is a Monday to Friday that is not a public holiday."""
    _require_date(d)
    return d.weekday() < 5 and d not in public_holidays(d.year)


def add_business_days(d: date, n: int) -> date:
    """The n-th business day strictly after ``d`` (n > 0) or strictly before it (n < 0).

    ``d`` itself may be any day; ``n == 0`` returns ``d`` unchanged.
    """
    _require_date(d)
    step = _DAY if n > 0 else -_DAY
    remaining = abs(n)
    while remaining:
        d += step
        if is_business_day(d):
            remaining -= 1
    return d


def _business_days_in(first: date, last: date) -> int:
    """Business days from ``first`` to ``last``, both included."""
    if last < first:
        return 0
    weeks, extra = divmod((last - first).days + 1, 7)
    weekdays = 5 * weeks + sum((first.weekday() + i) % 7 < 5 for i in range(extra))
    closed = sum(
        first <= holiday <= last and holiday.weekday() < 5
        for year in range(first.year, last.year + 1)
        for holiday in public_holidays(year)
    )
    return weekdays - closed


def business_days_between(start: date, end: date) -> int:
    """Business days passed going from ``start`` to ``end``: ``start`` excluded, ``end`` included.

    Negative when ``end`` is before ``start``. The inverse of ``add_business_days``:
    ``business_days_between(d, add_business_days(d, n)) == n`` for every d and n.
    """
    _require_date(start)
    _require_date(end)
    if end >= start:
        return _business_days_in(start + _DAY, end)
    return -_business_days_in(end, start - _DAY)


def add_calendar_months(d: date, months: int) -> date:
    """``d`` moved by whole calendar months, clamped to the month end (31 Jan + 1 → 28/29 Feb)."""
    _require_date(d)
    year, month_index = divmod(d.year * 12 + d.month - 1 + months, 12)
    month = month_index + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def as_utc(instant: datetime) -> datetime:
    """The same instant in UTC; a naive datetime is refused, it names no instant."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got {instant.isoformat()}")
    return instant.astimezone(UTC)


def local_date(instant: datetime) -> date:
    """The day in Europe/Paris on which ``instant`` falls."""
    return as_utc(instant).astimezone(PARIS).date()


def end_of_day(d: date) -> datetime:
    """The end of day ``d`` in Europe/Paris, in UTC: the next day's local midnight."""
    _require_date(d)
    return datetime.combine(d + _DAY, time(0), tzinfo=PARIS).astimezone(UTC)


def add_business_duration(start: datetime, days: int) -> datetime:
    """Deadline of ``days`` business days from the event at ``start``.

    The end of the days-th business day after the event's local day; ``days == 0`` is the end
    of the event's own day. An event on a weekend or holiday thus starts counting at the next
    business day: Saturday + 1 business day ends on Monday at 24:00.
    """
    if days < 0:
        raise ValueError(f"a deadline cannot be a negative number of days, got {days}")
    return end_of_day(add_business_days(local_date(start), days))


def add_calendar_duration(start: datetime, *, months: int = 0, days: int = 0) -> datetime:
    """Deadline of ``months`` calendar months then ``days`` calendar days from ``start``.

    The end of the local day reached from the event's local day: 15 Jan + 1 month ends on
    15 Feb at 24:00, 31 Jan + 1 month on the last day of February.
    """
    if months < 0 or days < 0:
        raise ValueError(f"a deadline cannot be negative, got {months} months and {days} days")
    target = add_calendar_months(local_date(start), months) + timedelta(days=days)
    return end_of_day(target)
