"""How many cases of each process open in a given hour of the office's life.

Yearly volumes are the orders of magnitude of shared/domain/PROCESSES.md for an office of
18,000 dwellings: 1,600 vacancy turnarounds (turnover 8-10 %), 30,000 complaints, 40
refurbishment operations, 8 construction operations. Cases open during office hours on
business days; complaints also arrive, far fewer, at night and on days off (the
emergencies the on-call contractor handles). ``scale`` multiplies every volume.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from datetime import datetime

from workflows.business_calendar import PARIS, is_business_day

YEARLY_VOLUMES: Mapping[str, int] = {
    "vacancy_turnaround": 1_600,
    "tenant_complaint": 30_000,
    "refurbishment": 40,
    "construction_supervision": 8,
}
OFFICE_HOURS = range(8, 18)  # arrivals start between 08:00 and 17:59 Paris time
BUSINESS_DAYS_A_YEAR = 252
OFF_HOURS_WEIGHT: Mapping[str, float] = {"tenant_complaint": 0.06}
"""Relative arrival rate outside office hours (1.0 = as busy as office hours)."""


def _nominal_weight(process: str) -> float:
    """Sum of hourly weights over a year: office hours weigh 1, the others less or nothing."""
    office = BUSINESS_DAYS_A_YEAR * len(OFFICE_HOURS)
    return office + (365 * 24 - office) * OFF_HOURS_WEIGHT.get(process, 0.0)


def hourly_rate(process: str, hour_start: datetime, scale: float = 1.0) -> float:
    """Expected new cases of ``process`` in the hour starting at ``hour_start`` (aware)."""
    local = hour_start.astimezone(PARIS)
    in_office = is_business_day(local.date()) and local.hour in OFFICE_HOURS
    weight = 1.0 if in_office else OFF_HOURS_WEIGHT.get(process, 0.0)
    if weight == 0.0:
        return 0.0
    return YEARLY_VOLUMES[process] * scale * weight / _nominal_weight(process)


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method for small means, a rounded normal for large ones)."""
    if mean <= 0:
        return 0
    if mean > 60:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count
