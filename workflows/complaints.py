"""Rules of the tenant complaints process (réclamations) that its BPMN scripts call.

Every deadline of the process lives either in the model (``hf:sla``, timer expressions) or here
as a named constant, so a landlord changes a value in one place. What is law and what is an
internal default is said next to each value. Instants travel through task data as ISO 8601
strings (forms give ``date-time`` strings); the functions below parse them and answer in UTC.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta

from workflows.business_calendar import (
    PARIS,
    add_business_duration,
    add_calendar_months,
    as_utc,
    end_of_day,
    is_business_day,
    local_date,
)

ACKNOWLEDGEMENT_DELAY = timedelta(hours=48)
"""First answer to the tenant within 48 h: quality-label commitment (internal, not law)."""

URGENT_DELAYS: Mapping[str, timedelta] = {"U1": timedelta(hours=4), "U2": timedelta(hours=24)}
"""U1 (gas leak, total power loss, major leak, blocked front door) and U2: elapsed time, 24/7
(internal commitments of the landlord's service charter)."""

U3_BUSINESS_DAYS = 5
"""U3: within 5 business days (jours ouvrés) of receipt (internal)."""

URGENCIES = ("U1", "U2", "U3")

OFFICE_OPENS = time(8, 30)
OFFICE_CLOSES = time(17, 30)
"""Office hours, Europe/Paris, on business days (internal): outside them a U1 goes on call."""

REPEAT_DEFECT_MONTHS = 3
"""The same defect reported twice within 3 calendar months calls for a diagnosis (internal)."""

WRITTEN_REPLY_MAX_DAYS = 15
"""Written reply to a written complaint within 15 calendar days at the latest (internal; the
target of 8 days is the reply task's ``hf:sla`` in the model)."""

WRITTEN_CHANNELS = frozenset({"letter", "extranet"})
"""Channels through which a complaint arrives in writing and calls for a written reply."""

LOW_SATISFACTION_BELOW = 3
"""A satisfaction score (1 to 5) below 3 is low: the case is reopened or escalated (internal)."""

MAX_REOPENINGS = 1
"""How many times a low score reopens a case before it goes to the responsable territorial
(internal)."""

TECHNICAL_CATEGORIES = frozenset({"plumbing", "heating", "lift", "electrical", "leak"})
ADMINISTRATIVE_CATEGORIES = frozenset({"charges", "rent_benefit", "neighbours", "cleanliness"})

CONTRACT_CATEGORIES = frozenset({"lift", "heating"})
"""Equipment under a maintenance contract (lift, collective heating and boilers)."""

TENANT_REPAIR_ITEMS = frozenset(
    {
        "tap_washer",
        "toilet_flush",
        "sink_trap",
        "light_bulb",
        "socket_or_switch",
        "fuse",
        "door_handle",
        "lock_cylinder",
        "shower_hose",
        "ventilation_grille",
        "window_seal",
    }
)
"""Small repairs the tenant owes under décret n° 87-712 du 26 août 1987 (liste des réparations
locatives, annex): taps' washers and seals, flush mechanism, siphons, bulbs, sockets and
switches, fuses, handles and lock cylinders, shower hoses, cleaning of ventilation grilles,
window seals. The list is legal; the item keys are ours."""


def _instant(text: str) -> datetime:
    """An ISO 8601 date-time from a form, in UTC; one without offset is Paris local time."""
    instant = datetime.fromisoformat(text)
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=PARIS)
    return as_utc(instant)


def _check_urgency(urgency: str) -> None:
    if urgency not in URGENCIES:
        raise ValueError(f"unknown urgency {urgency!r}: expected one of {', '.join(URGENCIES)}")


def complaint_family_of(category: str) -> str:
    """Which team handles a complaint of ``category``: "technical" or "administrative"."""
    if category in TECHNICAL_CATEGORIES:
        return "technical"
    if category in ADMINISTRATIVE_CATEGORIES:
        return "administrative"
    raise ValueError(f"unknown complaint category {category!r}")


def complaint_is_written(channel: str) -> bool:
    """True when the complaint came in writing (letter, extranet): it needs a written reply."""
    return channel in WRITTEN_CHANNELS


def complaint_acknowledgement_due(received_at: str) -> str:
    """When the first answer to the tenant is due: 48 h after receipt, in UTC (ISO 8601)."""
    return (_instant(received_at) + ACKNOWLEDGEMENT_DELAY).isoformat()


def complaint_is_office_hours(received_at: str) -> bool:
    """True when ``received_at`` falls in office hours of a business day, Europe/Paris."""
    local = _instant(received_at).astimezone(PARIS)
    opening = OFFICE_OPENS <= local.time().replace(tzinfo=None) < OFFICE_CLOSES
    return is_business_day(local.date()) and opening


def complaint_needs_on_call(urgency: str, received_at: str) -> bool:
    """True for a U1 emergency received outside office hours: the 24/7 on-call service acts."""
    _check_urgency(urgency)
    return urgency == "U1" and not complaint_is_office_hours(received_at)


def complaint_intervention_due(urgency: str, received_at: str) -> str:
    """The instant (UTC, ISO 8601) by which the intervention is due for ``urgency``.

    U1 and U2 count elapsed hours, nights and Sundays included; U3 ends at 24:00 Paris time of
    the 5th business day after the day of receipt (a complaint on a Saturday or a public holiday
    starts counting on the next business day).
    """
    _check_urgency(urgency)
    received = _instant(received_at)
    if urgency in URGENT_DELAYS:
        return (received + URGENT_DELAYS[urgency]).isoformat()
    return add_business_duration(received, U3_BUSINESS_DAYS).isoformat()


def complaint_written_reply_due(received_at: str) -> str:
    """The end (24:00 Paris, in UTC, ISO 8601) of the last day for the written reply."""
    last_day = local_date(_instant(received_at)) + timedelta(days=WRITTEN_REPLY_MAX_DAYS)
    return end_of_day(last_day).isoformat()


def complaint_is_repeat_defect(previous_report_on: str | None, received_at: str) -> bool:
    """True when the same defect was last reported at most 3 calendar months before this one.

    ``previous_report_on`` is an ISO date (or None when never reported). The window is clamped
    to month ends: a report on 31 May repeats one from 28 February (29 in a leap year).
    """
    if not previous_report_on:
        return False
    previous = date.fromisoformat(previous_report_on)
    received = local_date(_instant(received_at))
    if previous > received:
        raise ValueError(
            f"the previous report ({previous.isoformat()}) is after this one "
            f"({received.isoformat()})"
        )
    return previous >= add_calendar_months(received, -REPEAT_DEFECT_MONTHS)


def complaint_suggested_responsibility(category: str, defect_item: str | None) -> str:
    """Who should bear the repair, as a first suggestion the customer officer confirms.

    "tenant" for a repair of décret 87-712's list, "maintenance_contractor" for equipment
    under a maintenance contract (lift, heating), "recoverable_charge" for the cleanliness of
    common areas (a charge recovered from tenants), "landlord" otherwise.
    """
    complaint_family_of(category)  # refuses an unknown category
    if defect_item in TENANT_REPAIR_ITEMS:
        return "tenant"
    if category in CONTRACT_CATEGORIES:
        return "maintenance_contractor"
    if category == "cleanliness":
        return "recoverable_charge"
    return "landlord"


def complaint_is_low_satisfaction(score: int) -> bool:
    """True when a satisfaction score (1 to 5) is below the threshold."""
    if not 1 <= score <= 5:
        raise ValueError(f"a satisfaction score is between 1 and 5, got {score}")
    return score < LOW_SATISFACTION_BELOW


def complaint_satisfaction_outcome(score: int, reopen_count: int) -> str:
    """What a survey answer leads to: "satisfied", "reopen" or "escalate".

    A low score reopens the case while it has been reopened fewer than ``MAX_REOPENINGS``
    times, then escalates it to the responsable territorial.
    """
    if not complaint_is_low_satisfaction(score):
        return "satisfied"
    return "reopen" if reopen_count < MAX_REOPENINGS else "escalate"


HELPERS: Mapping[str, Callable[..., object]] = {
    "complaint_family_of": complaint_family_of,
    "complaint_is_written": complaint_is_written,
    "complaint_acknowledgement_due": complaint_acknowledgement_due,
    "complaint_is_office_hours": complaint_is_office_hours,
    "complaint_needs_on_call": complaint_needs_on_call,
    "complaint_intervention_due": complaint_intervention_due,
    "complaint_written_reply_due": complaint_written_reply_due,
    "complaint_is_repeat_defect": complaint_is_repeat_defect,
    "complaint_suggested_responsibility": complaint_suggested_responsibility,
    "complaint_is_low_satisfaction": complaint_is_low_satisfaction,
    "complaint_satisfaction_outcome": complaint_satisfaction_outcome,
}
