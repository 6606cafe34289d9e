"""What the office answers in each form: the choices that steer the models' branches.

``answer(form_key, situation)`` returns the fields a person would decide (the rest is built
from the form's schema by ``schema_data.fill``); ``stays_silent(form_key, rng)`` says whether
nobody ever answers (a tenant ignoring a survey, a candidate letting an offer lapse) and the
model's own timer takes over. Shares are the office's plausible habits, not law; each
process's answers live in a module of their own, gathered here.
"""

from __future__ import annotations

import random
from typing import Any

from workflows.simulation import complaints, construction, refurbishment, vacancy
from workflows.simulation.situation import Answer, Situation

_ANSWERS: dict[str, Answer] = {}
_SILENCE: dict[str, float] = {}
for _module in (complaints, vacancy, refurbishment, construction):
    _ANSWERS.update(_module.ANSWERS)
    _SILENCE.update(_module.SILENCE)


def answer(form_key: str, situation: Situation) -> dict[str, Any]:
    """The decided fields of form ``form_key`` (empty for a form without a policy)."""
    policy = _ANSWERS.get(form_key)
    return policy(situation) if policy else {}


def stays_silent(form_key: str, rng: random.Random, *, share: float = 1.0) -> bool:
    """True when this task will never be answered (scaled by ``share``)."""
    probability = _SILENCE.get(form_key, 0.0) * share
    return probability > 0 and rng.random() < probability


def known_forms() -> frozenset[str]:
    """Forms with an answer policy."""
    return frozenset(_ANSWERS)
