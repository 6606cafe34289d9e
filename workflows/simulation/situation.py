"""What a person knows when filling a form, and the small drawing helpers answers share."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from workflows.business_calendar import local_date
from workflows.demo_names import CONTRACTORS, FIRST_NAMES, SURNAMES

T = TypeVar("T")


@dataclass(frozen=True)
class Situation:
    """What a person knows when filling a form: the case so far, the place, the time."""

    rng: random.Random
    now: datetime
    memory: Mapping[str, Any]
    """Everything this case's forms said so far, plus ``_place`` / ``_started_at`` / counts."""

    @property
    def today(self) -> date:
        return local_date(self.now)

    def day(self, offset_days: int = 0) -> str:
        """An ISO date ``offset_days`` from today (Paris)."""
        return (self.today + timedelta(days=offset_days)).isoformat()

    def count(self, form_key: str) -> int:
        """How many times this case's form ``form_key`` was filled before."""
        value = self.memory.get(f"_count:{form_key}", 0)
        return int(value)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.memory.get(name)
        return default if value is None else value


Answer = Callable[[Situation], dict[str, Any]]


def pick(rng: random.Random, weights: Mapping[T, float]) -> T:
    """One key of ``weights``, drawn with the given relative weights."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def chance(rng: random.Random, share: float) -> bool:
    return rng.random() < share


def person_name(rng: random.Random) -> str:
    title = rng.choice(("Mme", "M."))
    return f"{title} {rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def contractor(rng: random.Random) -> str:
    return rng.choice(CONTRACTORS)


def money(rng: random.Random, low: float, high: float) -> float:
    return round(rng.uniform(low, high), 2)
