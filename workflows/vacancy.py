"""Rules of the vacancy turnaround (remise en état et relocation) that its BPMN scripts call.

Legal values carry their basis; the others are the office's internal defaults, kept here as
named constants so that a process owner changes them in one place. Dates arrive from forms as
ISO strings (``"2026-03-15"``): every helper accepts a ``date`` or such a string. Helpers whose
name ends in ``_at`` return an ISO 8601 instant (UTC) for a BPMN ``timeDate`` timer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from workflows.business_calendar import (
    PARIS,
    add_calendar_months,
    end_of_day,
    is_business_day,
)

# --- Legal values -------------------------------------------------------------------------
STANDARD_NOTICE_MONTHS = 3
"""Tenant's notice, unfurnished dwelling (loi n° 89-462 du 6 juillet 1989, art. 15-I)."""
REDUCED_NOTICE_MONTHS = 1
"""Reduced notice with a valid ground (same article): tight-market zone, first job, job
change or loss, RSA/AAH beneficiary, health, allocation of another social dwelling."""
REDUCED_NOTICE_GROUNDS = frozenset(
    {"tight_market_zone", "job_change", "social_benefits", "health", "social_housing_move"}
)
DEPOSIT_REFUND_MONTHS_MATCHING = 1
"""Deposit refund when the move-out inspection matches the move-in one (loi 1989, art. 22)."""
DEPOSIT_REFUND_MONTHS_OTHERWISE = 2
"""Deposit refund otherwise (loi 1989, art. 22)."""
DEPOSIT_LATE_PENALTY_RATE = Decimal("0.10")
"""Late refund: 10 % of the monthly rent (excluding charges) per started month late (art. 22)."""
OFFER_ANSWER_MIN_DAYS = 10
"""A candidate has at least 10 days to answer an offer; silence is a refusal (CCH R441-10)."""

# --- Internal defaults (configurable) -------------------------------------------------------
ADVICE_VISIT_MONTHS_BEFORE = 1
"""The advice visit (pré-état des lieux) is planned about one month before the exit."""
WORKS_APPROVAL_THRESHOLD = Decimal("15000")
"""Make-ready works above this amount (EUR incl. VAT) need the responsable territorial."""
DEPOSIT_WARNING_DAYS = {DEPOSIT_REFUND_MONTHS_MATCHING: 25, DEPOSIT_REFUND_MONTHS_OTHERWISE: 55}
"""Warning before the refund deadline, in days after key return (day 25 / day 55)."""
VACANCY_FIRST_ALERT_DAYS = 30
"""Vacant over 30 days: the responsable territorial is alerted."""
VACANCY_SECOND_ALERT_MONTHS = 3
"""Vacant over 3 months: the direction is alerted."""

_CENT = Decimal("0.01")


def _as_date(value: date | str) -> date:
    """A form's ISO date string (or a date) as a date; a datetime is refused."""
    if isinstance(value, datetime):
        raise TypeError(f"expected a date, got the datetime {value.isoformat()}")
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _start_of_day(d: date) -> str:
    """00:00 Europe/Paris on day ``d``, as an ISO instant in UTC."""
    return datetime.combine(d, time(0), tzinfo=PARIS).astimezone(UTC).isoformat()


def _end_of_day(d: date) -> str:
    """24:00 Europe/Paris on day ``d``, as an ISO instant in UTC."""
    return end_of_day(d).isoformat()


def reduced_notice_applies(ground: str | None, proof_valid: bool) -> bool:
    """True when the tenant claims a legal ground for a 1-month notice and proved it."""
    return bool(proof_valid) and ground in REDUCED_NOTICE_GROUNDS


def notice_months(reduced: bool) -> int:
    """The notice length in months: 1 with a valid reduced-notice ground, else 3."""
    return REDUCED_NOTICE_MONTHS if reduced else STANDARD_NOTICE_MONTHS


def notice_end_date(received: date | str, months: int) -> date:
    """Last day of the notice: the receipt date ``months`` calendar months later.

    The notice runs from the day the landlord receives the letter (art. 15); a month without
    that day number ends on its last day (received 30 November, 3 months → 28/29 February).
    """
    if months not in (REDUCED_NOTICE_MONTHS, STANDARD_NOTICE_MONTHS):
        raise ValueError(f"a tenant's notice lasts 1 or 3 months, not {months}")
    return add_calendar_months(_as_date(received), months)


def advice_visit_at(notice_end: date | str) -> str:
    """When the advice visit is due: the start of the day one month before the exit."""
    return _start_of_day(add_calendar_months(_as_date(notice_end), -ADVICE_VISIT_MONTHS_BEFORE))


def move_out_at(notice_end: date | str) -> str:
    """When the move-out inspection is due: the start of the notice's last day."""
    return _start_of_day(_as_date(notice_end))


def works_need_approval(amount: Decimal | float | int) -> bool:
    """True when the works estimate exceeds the approval threshold (strictly above)."""
    return Decimal(str(amount)) > WORKS_APPROVAL_THRESHOLD


def works_late_at(planned_end: date | str) -> str:
    """When a contractor is late: the end of the planned completion day."""
    return _end_of_day(_as_date(planned_end))


def next_candidate(ranking: Iterable[str], refused: Iterable[str]) -> str | None:
    """The best-ranked candidate who has not refused yet, or None when the list is exhausted."""
    declined = set(refused)
    return next((name for name in ranking if name not in declined), None)


def offer_answer_deadline(offer: date | str, days: int = OFFER_ANSWER_MIN_DAYS) -> date:
    """Last day for the candidate to answer an offer made on ``offer``.

    At least 10 days (CCH R441-10). Like any deadline in days (Code de procédure civile,
    art. 642), one ending on a Saturday, Sunday or public holiday runs to the next business
    day: silence counts as a refusal, so the candidate gets the benefit of the doubt.
    """
    if days < OFFER_ANSWER_MIN_DAYS:
        raise ValueError(
            f"a candidate has at least {OFFER_ANSWER_MIN_DAYS} days to answer, not {days}"
        )
    last = _as_date(offer) + timedelta(days=days)
    while not is_business_day(last):
        last += timedelta(days=1)
    return last


def offer_answer_deadline_at(offer: date | str, days: int = OFFER_ANSWER_MIN_DAYS) -> str:
    """The instant silence becomes a refusal: the end of the answer deadline's last day."""
    return _end_of_day(offer_answer_deadline(offer, days))


def deposit_refund_months(matches_move_in: bool) -> int:
    """The refund period: 1 month if the move-out inspection matches the move-in, else 2."""
    return DEPOSIT_REFUND_MONTHS_MATCHING if matches_move_in else DEPOSIT_REFUND_MONTHS_OTHERWISE


def deposit_refund_due(keys_returned: date | str, months: int) -> date:
    """Last day to refund the deposit: ``months`` calendar months after the keys came back."""
    if months not in DEPOSIT_WARNING_DAYS:
        raise ValueError(f"a deposit is refunded within 1 or 2 months, not {months}")
    return add_calendar_months(_as_date(keys_returned), months)


def deposit_warning_at(keys_returned: date | str, months: int) -> str:
    """When to warn that the refund is nearly due: the end of day 25 (1 month) or 55 (2)."""
    if months not in DEPOSIT_WARNING_DAYS:
        raise ValueError(f"a deposit is refunded within 1 or 2 months, not {months}")
    return _end_of_day(_as_date(keys_returned) + timedelta(days=DEPOSIT_WARNING_DAYS[months]))


def deposit_months_late(due: date | str, paid: date | str) -> int:
    """Started months of delay between the refund deadline ``due`` and the payment day."""
    last_day, payment = _as_date(due), _as_date(paid)
    months = 0
    while add_calendar_months(last_day, months) < payment:
        months += 1
    return months


def deposit_late_penalty(
    monthly_rent: Decimal | float | int, due: date | str, paid: date | str
) -> Decimal:
    """The late-refund penalty: 10 % of the monthly rent per started month late, in euros."""
    rent = Decimal(str(monthly_rent))
    if rent < 0:
        raise ValueError(f"a rent cannot be negative, got {rent}")
    penalty = rent * DEPOSIT_LATE_PENALTY_RATE * deposit_months_late(due, paid)
    return penalty.quantize(_CENT, rounding=ROUND_HALF_UP)


def vacancy_first_alert_at(keys_returned: date | str) -> str:
    """End of the 30th day of vacancy: the responsable territorial is alerted."""
    return _end_of_day(_as_date(keys_returned) + timedelta(days=VACANCY_FIRST_ALERT_DAYS))


def vacancy_second_alert_at(keys_returned: date | str) -> str:
    """End of the 3rd month of vacancy: the direction is alerted."""
    return _end_of_day(add_calendar_months(_as_date(keys_returned), VACANCY_SECOND_ALERT_MONTHS))


HELPERS: Mapping[str, Callable[..., object]] = {
    "vacancy_reduced_notice_applies": reduced_notice_applies,
    "vacancy_notice_months": notice_months,
    "vacancy_notice_end_date": notice_end_date,
    "vacancy_advice_visit_at": advice_visit_at,
    "vacancy_move_out_at": move_out_at,
    "vacancy_works_need_approval": works_need_approval,
    "vacancy_works_late_at": works_late_at,
    "vacancy_next_candidate": next_candidate,
    "vacancy_offer_answer_deadline": offer_answer_deadline,
    "vacancy_offer_answer_deadline_at": offer_answer_deadline_at,
    "vacancy_deposit_refund_months": deposit_refund_months,
    "vacancy_deposit_refund_due": deposit_refund_due,
    "vacancy_deposit_warning_at": deposit_warning_at,
    "vacancy_deposit_late_penalty": deposit_late_penalty,
    "vacancy_first_alert_at": vacancy_first_alert_at,
    "vacancy_second_alert_at": vacancy_second_alert_at,
}
"""Functions BPMN scripts may call, by the name scripts use (all prefixed ``vacancy_``)."""
