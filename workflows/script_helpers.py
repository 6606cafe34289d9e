"""Functions BPMN scripts may call, by the name scripts use.

Only what is listed here is reachable from a process owner's script; the
engine's restricted environment refuses everything else. Each process's
module contributes its own rules (``HELPERS``); a name may be defined once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from workflows import complaints, construction, refurbishment, vacancy
from workflows.business_calendar import (
    add_business_days,
    add_calendar_months,
    business_days_between,
    is_business_day,
)

_CALENDAR: Mapping[str, Callable[..., object]] = {
    "add_business_days": add_business_days,
    "add_calendar_months": add_calendar_months,
    "business_days_between": business_days_between,
    "is_business_day": is_business_day,
}


def _merge(*sources: Mapping[str, Callable[..., object]]) -> dict[str, Callable[..., object]]:
    merged: dict[str, Callable[..., object]] = {}
    for source in sources:
        clash = set(merged) & set(source)
        if clash:
            raise ValueError(f"script helpers defined twice: {sorted(clash)}")
        merged.update(source)
    return merged


SCRIPT_HELPERS: Mapping[str, Callable[..., object]] = _merge(
    _CALENDAR, vacancy.HELPERS, refurbishment.HELPERS, construction.HELPERS, complaints.HELPERS
)
