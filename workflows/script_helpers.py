"""Functions BPMN scripts may call, by the name scripts use.

Only what is listed here is reachable from a process owner's script; the
engine's restricted environment refuses everything else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from workflows.business_calendar import (
    add_business_days,
    add_calendar_months,
    business_days_between,
    is_business_day,
)

SCRIPT_HELPERS: Mapping[str, Callable[..., object]] = {
    "add_business_days": add_business_days,
    "add_calendar_months": add_calendar_months,
    "business_days_between": business_days_between,
    "is_business_day": is_business_day,
}
