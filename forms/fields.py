"""From a form's JSON Schema to the fields of an HTML form, and back from what it submits.

``fields_of(schema)`` lists one ``Field`` per property, in schema order, with what a template
needs: French label (``title``), help (``description``), widget kind, choices, HTML bounds.
``coerce(schema, raw)`` turns the submitted strings into typed JSON values before jsonschema
validation. It never raises: a value it cannot read stays a string, so validation names the
field ("type attendu : number") instead of the page failing.

Widgets, from the schema:

- ``x-widget`` wins when set: ``photos``, ``attachments`` (file references), ``textarea``,
  ``radio``, ``select``;
- a closed choice (``enum`` with ``x-enum-labels``, or ``oneOf`` of ``const``/``title``) is a
  ``radio`` up to ``RADIO_MAX`` choices, else a ``select``; an array of choices is a group of
  ``checkbox`` es (``multiple``);
- a boolean is a ``checkbox``, unless it is required: then an explicit Oui / Non ``radio``, so
  that "not ticked" never silently answers "no" to a question the process branches on;
- strings: ``date``, ``datetime``, ``email`` by ``format``; ``textarea`` beyond
  ``TEXTAREA_FROM`` characters; an array of free strings is a ``textarea``, one item per line;
- an object, or an array of objects (rows of an estimate), is a ``group`` whose ``fields``
  are the sub-fields. Their inputs are named ``<group>.<sub>`` and ``<group>.<row>.<sub>``
  (rows numbered from 0; empty rows are dropped).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

FieldKind = Literal[
    "text",
    "textarea",
    "number",
    "integer",
    "date",
    "datetime",
    "select",
    "radio",
    "checkbox",
    "photos",
    "attachments",
    "email",
    "group",
]
RADIO_MAX = 4
TEXTAREA_FROM = 256
PARIS = ZoneInfo("Europe/Paris")
YES_NO = (("true", "Oui"), ("false", "Non"))
_TRUE = frozenset({"true", "on", "1", "oui", "yes"})
_FALSE = frozenset({"false", "off", "0", "non", "no"})
_SPACES = re.compile(r"[\s\u00a0\u202f]")


@dataclass(frozen=True)
class Field:
    """One input (or group of inputs) of a task form."""

    name: str
    label: str
    help: str | None
    kind: FieldKind
    required: bool
    choices: tuple[tuple[str, str], ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    pattern: str | None = None
    multiple: bool = False
    fields: tuple[Field, ...] = ()


def fields_of(schema: Mapping[str, Any]) -> list[Field]:
    """The fields of an object schema, in the order its properties are written."""
    required = set(schema.get("required", ()))
    return [
        _field(name, spec, name in required)
        for name, spec in schema.get("properties", {}).items()
        if isinstance(spec, Mapping)
    ]


def coerce(schema: Mapping[str, Any], raw: Mapping[str, str | list[str]]) -> dict[str, Any]:
    """Typed JSON data from submitted form values; empty optional inputs are left out."""
    return _coerce_object(schema, raw, "")


def _field(name: str, spec: Mapping[str, Any], required: bool) -> Field:
    label = str(spec.get("title") or name.replace("_", " ").capitalize())
    help_text = spec.get("description")
    kind, attributes = _shape(spec, required)
    return Field(name, label, str(help_text) if help_text else None, kind, required, **attributes)


def _shape(spec: Mapping[str, Any], required: bool) -> tuple[FieldKind, dict[str, Any]]:
    """The widget kind of a property and the attributes that go with it."""
    widget = spec.get("x-widget")
    kind_of_type = spec.get("type")
    if kind_of_type == "array":
        return _array_shape(spec, widget)
    if kind_of_type == "object":
        return "group", {"fields": tuple(fields_of(spec))}
    choices = _choices(spec)
    if kind_of_type == "boolean":
        if widget == "checkbox" or (not required and widget != "radio"):
            return "checkbox", {}
        return "radio", {"choices": YES_NO}
    if choices:
        if widget in ("radio", "select"):
            return widget, {"choices": choices}
        return ("radio" if len(choices) <= RADIO_MAX else "select"), {"choices": choices}
    if kind_of_type in ("number", "integer"):
        minimum = spec.get("minimum", spec.get("exclusiveMinimum"))
        maximum = spec.get("maximum", spec.get("exclusiveMaximum"))
        return kind_of_type, {"minimum": minimum, "maximum": maximum}
    text: dict[str, Any] = {"max_length": spec.get("maxLength"), "pattern": spec.get("pattern")}
    formats: dict[str, FieldKind] = {"date": "date", "date-time": "datetime", "email": "email"}
    if spec.get("format") in formats:
        return formats[spec["format"]], text
    long_text = (spec.get("maxLength") or 0) >= TEXTAREA_FROM
    return ("textarea" if widget == "textarea" or long_text else "text"), text


def _array_shape(spec: Mapping[str, Any], widget: Any) -> tuple[FieldKind, dict[str, Any]]:
    items = spec.get("items", {})
    if widget in ("photos", "attachments"):
        return widget, {"multiple": True}
    if items.get("type") == "object":
        return "group", {"multiple": True, "fields": tuple(fields_of(items))}
    choices = _choices(items, spec.get("x-enum-labels"))
    if choices:
        return "checkbox", {"multiple": True, "choices": choices}
    return "textarea", {"multiple": True, "max_length": items.get("maxLength")}


def _choices(spec: Mapping[str, Any], labels: Any = None) -> tuple[tuple[str, str], ...]:
    """(value, label) pairs from ``enum`` + ``x-enum-labels``, or from ``oneOf`` consts."""
    labels = spec.get("x-enum-labels") or labels or {}
    if "enum" in spec:
        return tuple((_html(value), str(labels.get(_html(value), value))) for value in spec["enum"])
    options = spec.get("oneOf") or spec.get("anyOf") or ()
    if options and all(isinstance(o, Mapping) and "const" in o for o in options):
        return tuple(
            (_html(o["const"]), str(o.get("title") or labels.get(_html(o["const"]), o["const"])))
            for o in options
        )
    return ()


def _allowed(spec: Mapping[str, Any]) -> list[Any]:
    if "enum" in spec:
        return list(spec["enum"])
    return [o["const"] for o in spec.get("oneOf") or spec.get("anyOf") or () if "const" in o]


def _html(value: Any) -> str:
    """How a JSON value is written in an HTML ``value`` attribute."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _values(raw: Mapping[str, str | list[str]], key: str) -> list[str]:
    value = raw.get(key)
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _first(raw: Mapping[str, str | list[str]], key: str) -> str | None:
    for value in _values(raw, key):
        if value.strip():
            return value.replace("\r\n", "\n").strip()
    return None


def _coerce_object(
    schema: Mapping[str, Any], raw: Mapping[str, str | list[str]], prefix: str
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    properties: Mapping[str, Any] = schema.get("properties", {})
    for field in fields_of(schema):
        value = _coerce_field(field, properties[field.name], raw, prefix + field.name)
        if value is not None:
            data[field.name] = value
    return data


def _coerce_field(
    field: Field, spec: Mapping[str, Any], raw: Mapping[str, str | list[str]], key: str
) -> Any:
    """The typed value of one field, or None to leave it out."""
    if field.kind == "group":
        return _coerce_group(field, spec, raw, key)
    if field.multiple:
        values = _values(raw, key)
        if field.kind == "textarea":
            values = [line for value in values for line in value.splitlines()]
        items = spec.get("items", {})
        typed = [_scalar(items, value.strip()) for value in values if value.strip()]
        return typed or None
    if field.kind == "checkbox":
        return any(value.strip().lower() in _TRUE for value in _values(raw, key))
    text = _first(raw, key)
    if text is None:
        return None
    return _scalar(spec, text)


def _coerce_group(
    field: Field, spec: Mapping[str, Any], raw: Mapping[str, str | list[str]], key: str
) -> Any:
    if not field.multiple:
        if not (field.required or _has_input(raw, key + ".")):
            return None
        return _coerce_object(spec, raw, key + ".")
    items = spec.get("items", {})
    rows = [
        _coerce_object(items, raw, prefix)
        for prefix in _row_prefixes(raw, key)
        if _has_input(raw, prefix)
    ]
    return rows or None


def _row_prefixes(raw: Mapping[str, str | list[str]], key: str) -> list[str]:
    """``key.0.``, ``key.1.``… for the rows present, in row order."""
    pattern = re.compile(re.escape(key) + r"\.(\d+)\.")
    numbers = sorted({int(m.group(1)) for name in raw if (m := pattern.match(name))})
    return [f"{key}.{number}." for number in numbers]


def _has_input(raw: Mapping[str, str | list[str]], prefix: str) -> bool:
    """True when something was typed or ticked in an input named ``prefix…``.

    A spare blank row (an unticked checkbox reads as "no") is no row at all.
    """
    return any(
        value.strip() for name in raw if name.startswith(prefix) for value in _values(raw, name)
    )


def _scalar(spec: Mapping[str, Any], text: str) -> Any:
    allowed = _allowed(spec)
    if allowed:
        return next((value for value in allowed if _html(value) == text), text)
    kind = spec.get("type")
    if kind == "boolean":
        lowered = text.lower()
        if lowered in _TRUE or lowered in _FALSE:
            return lowered in _TRUE
        return text
    if kind in ("number", "integer"):
        return _number(text, integer=kind == "integer")
    if kind == "string" and spec.get("format") == "date":
        return _iso_date(text)
    if kind == "string" and spec.get("format") == "date-time":
        return _iso_datetime(text)
    return text


def _number(text: str, *, integer: bool) -> Any:
    """``1 234,50`` or ``1234.5``; an integer field also takes ``12,0``."""
    cleaned = _SPACES.sub("", text).replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return text
    if not math.isfinite(number):
        return text
    if number.is_integer() and (integer or not re.search(r"[.eE]", cleaned)):
        return int(number)
    return text if integer else number


def _iso_date(text: str) -> str:
    """ISO dates pass through; ``02/03/2026`` (French order) becomes ``2026-03-02``."""
    try:
        return datetime.strptime(text, "%d/%m/%Y").date().isoformat()
    except ValueError:
        return text


def _iso_datetime(text: str) -> str:
    """A local ``datetime-local`` value gets the Paris offset: ``2026-03-02T08:30:00+01:00``.

    ``02/03/2026 08:30`` (French order) is read too; an offset already given is kept.
    """
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.strptime(text, "%d/%m/%Y %H:%M")
        except ValueError:
            return text
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=PARIS)
    return parsed.isoformat()
