"""Rules of the construction project supervision process (maîtrise d'ouvrage).

Every deadline is a named constant here (or a timer/SLA in the model), never a literal buried
in a script. Legal or contractual values carry their basis; the others are internal defaults
the landlord configures.

Legal / contractual:

- ``PRE_RECEPTION_DAYS`` = 20: pre-reception inspection (opérations préalables à la réception)
  at most 20 days after the contractor's completion notice, CCAG Travaux art. 41.1;
- ``RECEPTION_DECISION_DAYS`` = 30: the owner decides within 30 days of the pre-reception
  minutes; without a decision the project manager's proposal is deemed accepted, art. 41.3;
- ``RESERVATIONS_LIFT_MONTHS`` = 3: reservations lifted within 3 months at most (art. 41.6
  lets the owner fix the deadline; the landlord's contracts cap it at 3 months);
- ``CONTRACT_DEADLINE_EXTENDED`` : a contractual deadline whose last day is a Saturday, a
  Sunday or a public holiday runs to the end of the next business day (CCAG Travaux art. 3.2);
- guarantees from the reception date: completion 1 year (Code civil art. 1792-6), equipment
  2 years (art. 1792-3), structural 10 years (art. 1792-4-1);
- retention money at most 5 % of the contract (loi n° 71-584 du 16 juillet 1971, art. 1),
  released one year after reception unless the owner lodged a reasoned objection (art. 2);
- ``FORMAL_NOTICE_MIN_DAYS`` = 15: a formal notice leaves the contractor at least 15 days
  save urgency before works are carried out at its cost (CCAG Travaux, coercive measures);
- public procurement thresholds above which the tender committee (CAO) awards the contract
  (formal procedure): EU thresholds, revised every two years, so configured here.

Internal defaults: the design phase list (since loi ELAN the MOP phases are a contractual
convention), the envelope tolerance, the cost and schedule drift alert levels.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from workflows.business_calendar import add_calendar_months, end_of_day, is_business_day
from workflows.procurement import EU_THRESHOLDS_EXCL_TAX

DateLike = date | str
Amount = int | float | Decimal | str

DESIGN_PHASES: tuple[str, ...] = ("ESQ", "APS", "APD", "PC", "PRO", "DCE")
"""Internal default: the usual MOP sequence, a contractual convention since loi ELAN (2018)."""

PRE_RECEPTION_DAYS = 20
RECEPTION_DECISION_DAYS = 30
RESERVATIONS_LIFT_MONTHS = 3
COMPLETION_GUARANTEE_MONTHS = 12
EQUIPMENT_GUARANTEE_MONTHS = 24
STRUCTURAL_GUARANTEE_MONTHS = 120
RETENTION_MAX_RATE = Decimal("0.05")
FORMAL_NOTICE_MIN_DAYS = 15

CAO_THRESHOLDS_EXCL_TAX: Mapping[str, Decimal] = EU_THRESHOLDS_EXCL_TAX
"""Legal but revised every two years: see workflows.procurement."""

ENVELOPE_TOLERANCE_RATE = Decimal("0")
"""Internal default: any estimate above the approved envelope goes to the director."""

COST_DRIFT_ALERT_RATE = Decimal("0.05")
"""Internal default: forecast cost 5 % above the contract (or the last accepted drift)."""

SCHEDULE_DRIFT_ALERT_DAYS = 30
"""Internal default: forecast completion a month later than planned (or last accepted)."""


def _as_date(value: DateLike) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _as_decimal(value: Amount) -> Decimal:
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


def design_phases(skipped: Sequence[str] = ()) -> list[str]:
    """The design phases to run, in order, without the ones the operation's contract skips.

    An unknown phase name is refused rather than silently ignored.
    """
    unknown = sorted(set(skipped) - set(DESIGN_PHASES))
    if unknown:
        raise ValueError(f"unknown design phases {unknown}: known are {list(DESIGN_PHASES)}")
    return [phase for phase in DESIGN_PHASES if phase not in skipped]


def estimate_over_envelope(
    estimate: Amount, envelope: Amount, tolerance_rate: Amount = ENVELOPE_TOLERANCE_RATE
) -> bool:
    """True when a phase's estimate exceeds the approved envelope (plus the tolerance)."""
    ceiling = _as_decimal(envelope) * (1 + _as_decimal(tolerance_rate))
    return _as_decimal(estimate) > ceiling


def needs_tender_committee(amount_excl_tax: Amount, kind: str) -> bool:
    """True when a contract of ``kind`` ("works" or "services") reaches the formal threshold."""
    if kind not in CAO_THRESHOLDS_EXCL_TAX:
        raise ValueError(f"unknown contract kind {kind!r}: {sorted(CAO_THRESHOLDS_EXCL_TAX)}")
    return _as_decimal(amount_excl_tax) >= CAO_THRESHOLDS_EXCL_TAX[kind]


def contract_deadline(start: DateLike, *, days: int = 0, months: int = 0) -> date:
    """Last day of a contractual deadline counted from ``start`` (CCAG Travaux art. 3.2).

    Calendar months (clamped to the month end) then calendar days; a last day falling on a
    Saturday, a Sunday or a public holiday moves to the next business day.
    """
    if days < 0 or months < 0:
        raise ValueError("a contractual deadline cannot be negative")
    last = add_calendar_months(_as_date(start), months) + timedelta(days=days)
    while not is_business_day(last):
        last += timedelta(days=1)
    return last


def deadline_instant(last_day: DateLike) -> str:
    """The instant a timer fires for a deadline whose last day is ``last_day`` (ISO, UTC).

    The end of that day in Europe/Paris: the day itself still counts.
    """
    return end_of_day(_as_date(last_day)).isoformat()


def pre_reception_deadline(completion_notice: DateLike) -> date:
    """Last day for the pre-reception inspection after the completion notice (art. 41.1)."""
    return contract_deadline(completion_notice, days=PRE_RECEPTION_DAYS)


def reception_decision_deadline(minutes: DateLike) -> date:
    """Last day for the owner's reception decision after the inspection minutes (art. 41.3)."""
    return contract_deadline(minutes, days=RECEPTION_DECISION_DAYS)


def reservations_deadline(reception: DateLike, fixed: DateLike | None = None) -> date:
    """Last day to lift the reservations: the owner's date, capped at 3 months after reception."""
    cap = contract_deadline(reception, months=RESERVATIONS_LIFT_MONTHS)
    if fixed is None or fixed == "":
        return cap
    return min(_as_date(fixed), cap)


def guarantee_expiries(reception: DateLike) -> dict[str, str]:
    """Last day of each statutory guarantee, by kind, as ISO dates.

    Anniversaries of the reception, clamped to the month end (29 February → 28 February).
    """
    start = _as_date(reception)
    months = {
        "completion": COMPLETION_GUARANTEE_MONTHS,
        "equipment": EQUIPMENT_GUARANTEE_MONTHS,
        "structural": STRUCTURAL_GUARANTEE_MONTHS,
    }
    return {kind: add_calendar_months(start, n).isoformat() for kind, n in months.items()}


def retention_amount(contract_amount: Amount, rate_percent: Amount) -> float:
    """Retention money held on a contract: the rate asked, refused above 5 %."""
    rate = _as_decimal(rate_percent) / 100
    if rate < 0 or rate > RETENTION_MAX_RATE:
        ceiling = RETENTION_MAX_RATE * 100
        raise ValueError(f"retention rate {rate_percent} % is outside 0 to {ceiling:.0f} %")
    amount = (_as_decimal(contract_amount) * rate).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return float(amount)


def retention_release_date(reception: DateLike, objection_lodged: bool) -> str | None:
    """When retention money is released: one year after reception, unless objected (None)."""
    if objection_lodged:
        return None
    return add_calendar_months(_as_date(reception), COMPLETION_GUARANTEE_MONTHS).isoformat()


def cost_drift_rate(contract_amount: Amount, forecast_amount: Amount) -> float:
    """How far the forecast final cost is above (or below) the contract, as a rate."""
    contract = _as_decimal(contract_amount)
    if contract <= 0:
        raise ValueError("the contract amount must be positive to measure a drift")
    return float(((_as_decimal(forecast_amount) - contract) / contract).quantize(Decimal("0.0001")))


def schedule_drift_days(planned_completion: DateLike, forecast_completion: DateLike) -> int:
    """Days between the planned and the forecast completion (positive when late)."""
    return (_as_date(forecast_completion) - _as_date(planned_completion)).days


def drift_alert(
    cost_rate: Amount,
    schedule_days: int,
    accepted_cost_rate: Amount = 0,
    accepted_schedule_days: int = 0,
) -> bool:
    """True when cost or schedule drifted past the alert level beyond what was last accepted.

    The director's arbitration sets a new baseline, so one drift is not escalated twice.
    """
    cost_gap = _as_decimal(cost_rate) - _as_decimal(accepted_cost_rate)
    return (
        cost_gap > COST_DRIFT_ALERT_RATE
        or schedule_days - accepted_schedule_days > SCHEDULE_DRIFT_ALERT_DAYS
    )


def planned_completion(start_order: DateLike, duration_months: int) -> str:
    """Contractual completion date: the start order plus the works duration (ISO date)."""
    return add_calendar_months(_as_date(start_order), duration_months).isoformat()


HELPERS: Mapping[str, Callable[..., object]] = {
    "construction_design_phases": design_phases,
    "construction_estimate_over_envelope": estimate_over_envelope,
    "construction_needs_cao": needs_tender_committee,
    "construction_contract_deadline": contract_deadline,
    "construction_deadline_instant": deadline_instant,
    "construction_pre_reception_deadline": pre_reception_deadline,
    "construction_reception_decision_deadline": reception_decision_deadline,
    "construction_reservations_deadline": reservations_deadline,
    "construction_guarantee_expiries": guarantee_expiries,
    "construction_retention_amount": retention_amount,
    "construction_retention_release_date": retention_release_date,
    "construction_cost_drift": cost_drift_rate,
    "construction_schedule_drift": schedule_drift_days,
    "construction_drift_alert": drift_alert,
    "construction_planned_completion": planned_completion,
}
