"""Load ``<form_key>.schema.json`` files and validate submitted task data.

Validation returns field-level messages in French (the staff's language),
keyed by the field's JSON path ("" for the form as a whole).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

SUFFIX = ".schema.json"


class FormCatalogError(Exception):
    """A schema file is unreadable or not a valid JSON Schema."""


class FormCatalog:
    """The forms available to BPMN user tasks, by key."""

    def __init__(self, schemas: Mapping[str, dict[str, Any]]) -> None:
        self._validators = {
            key: Draft202012Validator(schema, format_checker=FormatChecker())
            for key, schema in schemas.items()
        }
        self._schemas = dict(schemas)

    @classmethod
    def from_directory(cls, directory: Path) -> FormCatalog:
        schemas: dict[str, dict[str, Any]] = {}
        if directory.is_dir():
            for path in sorted(directory.glob(f"*{SUFFIX}")):
                key = path.name[: -len(SUFFIX)]
                try:
                    schema = json.loads(path.read_text(encoding="utf-8"))
                    Draft202012Validator.check_schema(schema)
                except (ValueError, OSError) as exc:
                    raise FormCatalogError(f"{path.name}: {exc}") from exc
                except Exception as exc:  # jsonschema's SchemaError and friends
                    raise FormCatalogError(f"{path.name}: invalid JSON Schema: {exc}") from exc
                schemas[key] = schema
        return cls(schemas)

    def keys(self) -> frozenset[str]:
        return frozenset(self._schemas)

    def schema(self, key: str) -> dict[str, Any]:
        return self._schemas[key]

    def field_names(self, key: str) -> list[str]:
        """The form's top-level fields, so a step can record the ones left empty."""
        properties = self._schemas.get(key, {}).get("properties", {})
        return list(properties) if isinstance(properties, dict) else []

    def validate(self, key: str, data: Mapping[str, Any]) -> dict[str, list[str]]:
        """Field errors for ``data`` against form ``key``; empty when valid."""
        validator = self._validators.get(key)
        if validator is None:
            return {"": [f"formulaire inconnu : {key}"]}
        errors: dict[str, list[str]] = {}
        for error in sorted(validator.iter_errors(dict(data)), key=lambda e: list(e.path)):
            errors.setdefault(_field(error), []).append(_message(error))
        return errors


def _field(error: ValidationError) -> str:
    path = [str(p) for p in error.absolute_path]
    if error.validator == "required" and isinstance(error.instance, dict):
        # jsonschema reports each missing property as its own error, named
        # only in the message ("'amount' is a required property").
        for name in _as_list(error.validator_value):
            if name not in error.instance and error.message.startswith(repr(name)):
                path.append(str(name))
                break
    return ".".join(path)


def _message(error: ValidationError) -> str:
    kind = error.validator
    if kind == "required":
        return "ce champ est obligatoire"
    if kind == "type":
        return f"type attendu : {error.validator_value}"
    if kind == "enum":
        choices = ", ".join(str(v) for v in _as_list(error.validator_value))
        return f"valeur non autorisée (choix possibles : {choices})"
    if kind == "minimum":
        return f"doit être supérieur ou égal à {error.validator_value}"
    if kind == "maximum":
        return f"doit être inférieur ou égal à {error.validator_value}"
    if kind == "minLength":
        return f"doit contenir au moins {error.validator_value} caractère(s)"
    if kind == "maxLength":
        return f"doit contenir au plus {error.validator_value} caractère(s)"
    if kind == "format":
        return f"format invalide (attendu : {error.validator_value})"
    if kind == "pattern":
        return "format invalide"
    if kind == "additionalProperties":
        return "champ non prévu par le formulaire"
    return f"valeur invalide ({kind})"


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]
