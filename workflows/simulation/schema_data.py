"""Valid form data from a form's JSON Schema: every required field filled, bounds respected.

``fill(schema, rng, now, answers)`` returns an object for ``schema``: the policy's ``answers``
as given, then every required property not answered (and those a matched ``if``/``then`` or
``else`` requires) generated from its schema: a choice for an ``enum`` / ``oneOf``, ``True`` for
a boolean (answers steer the branches that matter), a number within its bounds sized by the
field's name, today's date or the current instant for date formats, a plausible sentence for
free text, ``minItems`` items for arrays. Optional fields are left out: the engine records
them as None.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from workflows.business_calendar import local_date

TEXTS = (
    "Constat fait sur place avec le locataire.",
    "Dossier vérifié, pièces au dossier.",
    "Intervention réalisée selon le bon de commande.",
    "Rien à signaler.",
    "Échange téléphonique avec le locataire.",
)
_AMOUNT_WORDS = ("amount", "cost", "budget", "fees", "price", "estimate", "balance", "rent")
_COUNT_WORDS = ("count", "households", "respondents", "attendees", "leases", "offers")


def fill(
    schema: Mapping[str, Any],
    rng: random.Random,
    now: datetime,
    answers: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """An object valid for ``schema`` that holds ``answers``."""
    data = dict(answers or {})
    properties: Mapping[str, Any] = schema.get("properties", {})
    for name in schema.get("required", ()):
        if name not in data:
            data[name] = value_for(name, properties.get(name, {}), rng, now)
    # Conditionals see the data filled so far: a decision's "then" may require more.
    for part in (schema, *schema.get("allOf", ())):
        if "if" not in part:
            continue
        branch = part.get("then") if _matches(part["if"], data) else part.get("else")
        if not isinstance(branch, Mapping):
            continue
        extra: Mapping[str, Any] = branch.get("properties", {})
        required = list(branch.get("required", ()))
        for name in dict.fromkeys([*required, *extra]):  # ordered: draws stay deterministic
            spec = {**properties.get(name, {}), **extra.get(name, {})}
            missing = name not in data and name in required
            if missing or (name in data and _too_short(data[name], spec)):
                data[name] = value_for(name, spec, rng, now)
    return data


def _too_short(value: Any, spec: Mapping[str, Any]) -> bool:
    return isinstance(value, list) and len(value) < int(spec.get("minItems", 0))


def _matches(condition: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    """Whether ``data`` meets an ``if`` made of ``const`` / ``enum`` property tests."""
    for name in condition.get("required", ()):
        if name not in data:
            return False
    for name, test in condition.get("properties", {}).items():
        if name not in data:
            continue  # JSON Schema: a missing property meets its sub-schema
        value = data[name]
        if "const" in test and value != test["const"]:
            return False
        if "enum" in test and value not in test["enum"]:
            return False
    return True


def value_for(name: str, spec: Mapping[str, Any], rng: random.Random, now: datetime) -> Any:
    """A valid value for one property."""
    allowed = _allowed(spec)
    if allowed:
        return rng.choice(allowed)
    kind = spec.get("type")
    if kind == "boolean":
        return True
    if kind in ("number", "integer"):
        return _number(name, spec, rng, integer=kind == "integer")
    if kind == "array":
        items = spec.get("items", {})
        return [value_for(name, items, rng, now) for _ in range(int(spec.get("minItems", 0)))]
    if kind == "object":
        return fill(spec, rng, now)
    fmt = spec.get("format")
    if fmt == "date":
        return local_date(now).isoformat()
    if fmt == "date-time":
        return now.isoformat()
    if fmt == "uri-reference":
        return f"uploads/{name}-{rng.randrange(10_000, 99_999)}.pdf"
    if "pattern" in spec:
        return _matching(spec["pattern"], rng)
    return rng.choice(TEXTS)[: spec.get("maxLength", 200)]


def _matching(pattern: str, rng: random.Random) -> str:
    """A reference-like string the pattern accepts (codes, numbers), else a plain word."""
    number = rng.randrange(1_000, 9_999)
    for candidate in (f"REF-{number}", f"{number}", f"ref-{number}", f"ref{number}"):
        if re.search(pattern, candidate):
            return candidate
    return "reference"


def _allowed(spec: Mapping[str, Any]) -> list[Any]:
    if "enum" in spec:
        return list(spec["enum"])
    if "const" in spec:
        return [spec["const"]]
    options = spec.get("oneOf") or spec.get("anyOf") or ()
    return [o["const"] for o in options if isinstance(o, Mapping) and "const" in o]


def _number(name: str, spec: Mapping[str, Any], rng: random.Random, *, integer: bool) -> Any:
    low = spec.get("minimum", spec.get("exclusiveMinimum", 0))
    high = spec.get("maximum", spec.get("exclusiveMaximum"))
    if high is None:
        if any(word in name for word in _AMOUNT_WORDS):
            low, high = max(low, 100), max(low, 100) + 20_000
        elif any(word in name for word in _COUNT_WORDS):
            low, high = max(low, 1), max(low, 1) + 30
        else:
            high = low + 10
    if "exclusiveMinimum" in spec and "minimum" not in spec:
        low = low + 1
    if integer:
        return rng.randint(int(low), int(high))
    return round(rng.uniform(low, high), 2)
