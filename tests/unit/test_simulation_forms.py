"""Every form the office's processes use gets valid data from the simulator's policies."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

import pytest

from engine.config import PROJECT_ROOT
from forms.catalog import FormCatalog
from workflows.simulation.answers import Situation, answer, known_forms
from workflows.simulation.schema_data import fill

CATALOG = FormCatalog.from_directory(PROJECT_ROOT / "forms")
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
# What earlier steps of a case typically said, so answers that build on them are exercised.
MEMORY: dict[str, Any] = {
    "_place_ref": "D-00042",
    "_place": {"kind": "dwelling", "typology": "T3", "rent": 512.4, "dwellings": 24},
    "_business_key": "OP-2026-07",
    "_started_at": "2026-03-02T08:00:00+00:00",
    "category": "leak",
    "urgency": "U2",
    "received_at": "2026-03-02T08:00:00+00:00",
    "candidates": [{"name": "Mme Alves"}, {"name": "M. Benali"}, {"name": "Mme Costa"}],
    "works_level": "standard",
    "works_amount": 8000,
    "start_order_date": "2026-01-05",
    "works_duration_months": 18,
    "contract_amount": 3_800_000,
}


def test_every_process_form_has_an_answer_policy() -> None:
    prefixes = ("complaint_", "vacancy_", "refurb_", "construction_")
    form_keys = CATALOG.keys()
    process_forms = {key for key in form_keys if key.startswith(prefixes)}
    assert process_forms - known_forms() == set()
    assert known_forms() - CATALOG.keys() == set()


@pytest.mark.parametrize("form_key", sorted(known_forms()))
def test_answers_filled_from_the_schema_are_valid(form_key: str) -> None:
    schema = CATALOG.schema(form_key)
    for seed in range(25):
        rng = random.Random(seed)
        for memory in (MEMORY, {}):
            decided = answer(form_key, Situation(rng, NOW, memory))
            data = fill(schema, rng, NOW, decided)
            assert CATALOG.validate(form_key, data) == {}, (seed, data)


@pytest.mark.parametrize("form_key", sorted(CATALOG.keys()))
def test_schema_alone_gives_valid_data(form_key: str) -> None:
    """Even without a policy, required fields and conditionals are filled within bounds."""
    schema = CATALOG.schema(form_key)
    for seed in range(10):
        data = fill(schema, random.Random(seed), NOW)
        assert CATALOG.validate(form_key, data) == {}, data


def test_answers_are_deterministic_for_a_seed() -> None:
    def draw(seed: int) -> list[dict[str, Any]]:
        rng = random.Random(seed)
        return [answer(key, Situation(rng, NOW, MEMORY)) for key in sorted(known_forms())]

    assert draw(3) == draw(3)
    assert draw(3) != draw(4)
