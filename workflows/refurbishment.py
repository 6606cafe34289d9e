"""Rules of the refurbishment process (réhabilitation / entretien du patrimoine).

Pure functions called by the scripts and gateway conditions of ``bpmn/refurbishment.bpmn``.
Dates arrive from forms as ISO strings ("2026-03-02"); every function also takes ``date``.
Amounts are euros, as numbers or ``Decimal``.

Values with a legal basis:

- energy-rating letting bans (loi n° 2021-1104 « Climat et résilience », art. 160, amending
  loi n° 89-462 art. 6): class G dwellings from 1 January 2025, F from 2028, E from 2034;
- tenant consultation before works changing rents or charges (loi n° 86-1290 du
  23 décembre 1986, art. 44 quater);
- rent reduction when works in a let dwelling last more than 21 days (Code civil art. 1724);
- works in an occupied dwelling only on working days unless the tenant expressly agrees
  (loi n° 89-462 art. 7 e);
- completion guarantee (garantie de parfait achèvement) of one year from reception
  (Code civil art. 1792-6);
- formal tender procedure, hence the tender committee (CAO), from the European works
  threshold (Code de la commande publique art. R2124-1; the European Commission revises the
  threshold every two years: update ``FORMAL_PROCEDURE_THRESHOLD``).

Internal defaults (the landlord's policy, configurable here): ``COST_DRIFT_THRESHOLD`` and
``TENANT_NOTICE_MIN_DAYS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from workflows.business_calendar import add_calendar_months, end_of_day, is_business_day
from workflows.procurement import EU_THRESHOLDS_EXCL_TAX

Amount = int | float | Decimal | str
DateLike = date | str

LETTING_BAN_FROM: Mapping[str, int] = {"G": 2025, "F": 2028, "E": 2034}
"""First year (from 1 January) a dwelling of this energy class may no longer be let (legal)."""

ENERGY_CLASSES = ("A", "B", "C", "D", "E", "F", "G")

COST_DRIFT_THRESHOLD = Decimal("0.10")
"""Internal default: a contract more than 10 % above the voted budget goes to the
commitment committee (comité d'engagement)."""

TENANT_NOTICE_MIN_DAYS = 15
"""Internal default: calendar days between the individual notice and the first access day."""

RENT_REDUCTION_AFTER_DAYS = 21
"""Code civil art. 1724: works lasting more than 21 days reduce the rent."""

COMPLETION_GUARANTEE_MONTHS = 12
"""Code civil art. 1792-6: the completion guarantee lasts one year from reception."""

FORMAL_PROCEDURE_THRESHOLD = EU_THRESHOLDS_EXCL_TAX["works"]
"""European threshold for works contracts (workflows.procurement): at or above it, a formal
procedure and the CAO."""

TenderProcedure = Literal["formal", "adapted"]


def _as_date(value: DateLike) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _as_decimal(value: Amount) -> Decimal:
    amount = Decimal(str(value))
    if not amount.is_finite():
        raise ValueError(f"an amount must be a finite number, got {value!r}")
    return amount


def consultation_required(changes_rent: bool, changes_charges: bool) -> bool:
    """True when the works change rents or charges: tenant consultation is then mandatory
    (loi du 23 décembre 1986 art. 44 quater); otherwise tenants are only informed."""
    return bool(changes_rent) or bool(changes_charges)


def letting_ban_year(energy_rating: str) -> int | None:
    """The year from which a dwelling of ``energy_rating`` may no longer be let, or None."""
    rating = energy_rating.strip().upper()
    if rating not in ENERGY_CLASSES:
        raise ValueError(f"unknown energy rating {energy_rating!r} (expected A to G)")
    return LETTING_BAN_FROM.get(rating)


def letting_banned(energy_rating: str, on: DateLike) -> bool:
    """True when a dwelling of ``energy_rating`` may not be let on day ``on``."""
    year = letting_ban_year(energy_rating)
    return year is not None and _as_date(on) >= date(year, 1, 1)


def cost_drift_rate(budget: Amount, cost: Amount) -> float:
    """How far ``cost`` is above (positive) or below (negative) ``budget``, as a fraction."""
    voted = _as_decimal(budget)
    if voted <= 0:
        raise ValueError(f"the voted budget must be positive, got {budget!r}")
    return float(round((_as_decimal(cost) - voted) / voted, 4))


def cost_drift_exceeds(
    budget: Amount, cost: Amount, threshold: Amount = COST_DRIFT_THRESHOLD
) -> bool:
    """True when ``cost`` is strictly more than ``threshold`` above ``budget``.

    Exactly at the threshold (a 10 % drift with the default) stays within the budget line.
    """
    voted = _as_decimal(budget)
    if voted <= 0:
        raise ValueError(f"the voted budget must be positive, got {budget!r}")
    return _as_decimal(cost) > voted * (1 + _as_decimal(threshold))


def tender_procedure(
    estimated_amount_excl_tax: Amount, threshold: Amount = FORMAL_PROCEDURE_THRESHOLD
) -> TenderProcedure:
    """The procedure: "formal" (tender committee) at or above the threshold, else "adapted"."""
    amount = _as_decimal(estimated_amount_excl_tax)
    if amount < 0:
        raise ValueError(f"an estimate cannot be negative, got {estimated_amount_excl_tax!r}")
    return "formal" if amount >= _as_decimal(threshold) else "adapted"


def earliest_access(notice_date: DateLike, min_days: int = TENANT_NOTICE_MIN_DAYS) -> date:
    """The first day the contractor may enter a dwelling after the individual notice."""
    return _as_date(notice_date) + timedelta(days=min_days)


def access_day_allowed(day: DateLike) -> bool:
    """Works in an occupied dwelling happen on working days only (loi 1989 art. 7 e):
    not on Saturdays, Sundays or public holidays without the tenant's express agreement."""
    return is_business_day(_as_date(day))


def notice_valid(
    notice_date: DateLike,
    access_start: DateLike,
    access_end: DateLike,
    min_days: int = TENANT_NOTICE_MIN_DAYS,
) -> bool:
    """True when the notice leaves ``min_days`` before access and the access period is
    well formed, starting and ending on working days."""
    start, end = _as_date(access_start), _as_date(access_end)
    return (
        start >= earliest_access(notice_date, min_days)
        and end >= start
        and access_day_allowed(start)
        and access_day_allowed(end)
    )


def works_days(access_start: DateLike, access_end: DateLike) -> int:
    """Calendar days the works last in a dwelling, first and last day included."""
    return (_as_date(access_end) - _as_date(access_start)).days + 1


def rent_reduction_due(access_start: DateLike, access_end: DateLike) -> bool:
    """Works lasting more than 21 days reduce the rent (Code civil art. 1724)."""
    return works_days(access_start, access_end) > RENT_REDUCTION_AFTER_DAYS


def rent_adjustment_needed(changes_rent: bool, changes_charges: bool, reduction_due: bool) -> bool:
    """The letting officer updates rents or charges after works, or grants the reduction."""
    return bool(changes_rent) or bool(changes_charges) or bool(reduction_due)


def guarantee_end(reception_date: DateLike) -> date:
    """Last day of the one-year completion guarantee (Code civil art. 1792-6).

    The same day one year later, or the month's last day (29 February → 28 February); a
    calendar deadline, not moved off weekends or public holidays.
    """
    return add_calendar_months(_as_date(reception_date), COMPLETION_GUARANTEE_MONTHS)


def guarantee_end_instant(reception_date: DateLike) -> str:
    """When the guarantee has run out: the end of its last day (Europe/Paris), ISO in UTC.

    A BPMN timeDate timer waits for this instant.
    """
    return end_of_day(guarantee_end(reception_date)).isoformat()


def _guarantee_end_iso(reception_date: DateLike) -> str:
    return guarantee_end(reception_date).isoformat()


def _earliest_access_iso(notice_date: DateLike) -> str:
    return earliest_access(notice_date).isoformat()


HELPERS: Mapping[str, Callable[..., object]] = {
    "refurb_consultation_required": consultation_required,
    "refurb_letting_ban_year": letting_ban_year,
    "refurb_letting_banned": letting_banned,
    "refurb_cost_drift_rate": cost_drift_rate,
    "refurb_cost_drift_exceeds": cost_drift_exceeds,
    "refurb_tender_procedure": tender_procedure,
    "refurb_earliest_access": _earliest_access_iso,
    "refurb_notice_valid": notice_valid,
    "refurb_works_days": works_days,
    "refurb_rent_reduction_due": rent_reduction_due,
    "refurb_rent_adjustment_needed": rent_adjustment_needed,
    "refurb_guarantee_end": _guarantee_end_iso,
    "refurb_guarantee_end_instant": guarantee_end_instant,
}
"""Names scripts use; every one is prefixed ``refurb_`` to stay unique across processes."""
