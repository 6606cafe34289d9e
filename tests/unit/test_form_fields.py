"""From JSON Schema to HTML form fields, and from submitted strings back to typed data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from forms.catalog import FormCatalog
from forms.fields import YES_NO, Field, coerce, fields_of

FORMS = Path(__file__).resolve().parents[2] / "forms"

INSPECTION: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "État des lieux de sortie",
    "type": "object",
    "required": ["inspected_on", "keys_count", "matches_move_in", "condition", "meters"],
    "properties": {
        "inspected_on": {"type": "string", "format": "date", "title": "Date de l'état des lieux"},
        "keys_at": {"type": "string", "format": "date-time", "title": "Remise des clés"},
        "keys_count": {"type": "integer", "minimum": 0, "maximum": 20, "title": "Clés rendues"},
        "charges": {
            "type": "number",
            "minimum": 0,
            "title": "Montant imputable (€)",
            "description": "Réparations locatives retenues sur le dépôt de garantie.",
        },
        "matches_move_in": {"type": "boolean", "title": "Conforme à l'entrée ?"},
        "tenant_present": {"type": "boolean", "title": "Locataire présent"},
        "condition": {
            "type": "string",
            "title": "État général",
            "enum": ["good", "worn", "damaged"],
            "x-enum-labels": {"good": "Bon", "worn": "Usé", "damaged": "Dégradé"},
        },
        "room": {
            "type": "string",
            "title": "Pièce",
            "oneOf": [
                {"const": "kitchen", "title": "Cuisine"},
                {"const": "bathroom", "title": "Salle de bains"},
                {"const": "living", "title": "Séjour"},
                {"const": "bedroom", "title": "Chambre"},
                {"const": "cellar", "title": "Cave"},
            ],
        },
        "rank": {"type": "integer", "title": "Rang", "enum": [1, 2, 3]},
        "equipment": {
            "type": "array",
            "title": "Équipements à remplacer",
            "uniqueItems": True,
            "items": {"type": "string", "enum": ["hob", "boiler"]},
            "x-enum-labels": {"hob": "Plaque de cuisson", "boiler": "Chaudière"},
        },
        "reservations": {
            "type": "array",
            "title": "Réserves",
            "items": {"type": "string", "minLength": 1, "maxLength": 500},
        },
        "tenant_email": {"type": "string", "format": "email", "title": "Courriel"},
        "lease_reference": {
            "type": "string",
            "title": "Bail",
            "maxLength": 20,
            "pattern": "^BX-[0-9]+$",
        },
        "remarks": {"type": "string", "title": "Observations", "maxLength": 2000},
        "photos": {
            "type": "array",
            "title": "Photos",
            "items": {"type": "string", "format": "uri-reference"},
            "x-widget": "photos",
        },
        "report": {
            "type": "array",
            "title": "Procès-verbal",
            "items": {"type": "string", "format": "uri-reference"},
            "x-widget": "attachments",
        },
        "meters": {
            "type": "object",
            "title": "Compteurs",
            "required": ["water_m3"],
            "properties": {
                "water_m3": {"type": "number", "minimum": 0, "title": "Eau (m³)"},
                "gas_m3": {"type": "number", "minimum": 0, "title": "Gaz (m³)"},
            },
            "additionalProperties": False,
        },
        "deductions": {
            "type": "array",
            "title": "Retenues",
            "items": {
                "type": "object",
                "required": ["label", "amount", "wear"],
                "properties": {
                    "label": {"type": "string", "title": "Motif", "minLength": 1},
                    "amount": {"type": "number", "minimum": 0, "title": "Montant (€)"},
                    "wear": {"type": "boolean", "title": "Vétusté"},
                    "proof": {"type": "boolean", "title": "Justificatif joint"},
                },
                "additionalProperties": False,
            },
        },
        "unlabelled_note": {"type": "string"},
    },
    "additionalProperties": False,
}


def by_name(fields: list[Field]) -> dict[str, Field]:
    return {field.name: field for field in fields}


def test_fields_follow_the_schema_order_with_french_labels_and_help() -> None:
    fields = fields_of(INSPECTION)
    assert [f.name for f in fields] == list(INSPECTION["properties"])
    charges = by_name(fields)["charges"]
    assert (charges.label, charges.help, charges.required) == (
        "Montant imputable (€)",
        "Réparations locatives retenues sur le dépôt de garantie.",
        False,
    )
    assert by_name(fields)["inspected_on"].required
    assert by_name(fields)["unlabelled_note"].label == "Unlabelled note"


def test_each_property_gets_its_widget() -> None:
    kinds = {f.name: (f.kind, f.multiple) for f in fields_of(INSPECTION)}
    assert kinds == {
        "inspected_on": ("date", False),
        "keys_at": ("datetime", False),
        "keys_count": ("integer", False),
        "charges": ("number", False),
        "matches_move_in": ("radio", False),
        "tenant_present": ("checkbox", False),
        "condition": ("radio", False),
        "room": ("select", False),
        "rank": ("radio", False),
        "equipment": ("checkbox", True),
        "reservations": ("textarea", True),
        "tenant_email": ("email", False),
        "lease_reference": ("text", False),
        "remarks": ("textarea", False),
        "photos": ("photos", True),
        "report": ("attachments", True),
        "meters": ("group", False),
        "deductions": ("group", True),
        "unlabelled_note": ("text", False),
    }


def test_choices_bounds_and_sub_fields() -> None:
    fields = by_name(fields_of(INSPECTION))
    assert fields["condition"].choices == (("good", "Bon"), ("worn", "Usé"), ("damaged", "Dégradé"))
    assert fields["room"].choices[:2] == (("kitchen", "Cuisine"), ("bathroom", "Salle de bains"))
    assert fields["rank"].choices == (("1", "1"), ("2", "2"), ("3", "3"))
    assert fields["equipment"].choices == (("hob", "Plaque de cuisson"), ("boiler", "Chaudière"))
    assert fields["matches_move_in"].choices == YES_NO
    assert (fields["keys_count"].minimum, fields["keys_count"].maximum) == (0, 20)
    assert (fields["lease_reference"].max_length, fields["lease_reference"].pattern) == (
        20,
        "^BX-[0-9]+$",
    )
    meters = fields["meters"].fields
    assert [(f.name, f.required) for f in meters] == [("water_m3", True), ("gas_m3", False)]
    row = by_name(list(fields["deductions"].fields))
    assert (row["wear"].kind, row["proof"].kind) == ("radio", "checkbox")


def test_coerce_types_what_a_browser_submits() -> None:
    raw: dict[str, str | list[str]] = {
        "inspected_on": "2026-03-02",
        "keys_at": "2026-03-02T09:30",
        "keys_count": "3",
        "charges": "1 234,50",
        "matches_move_in": "false",
        "tenant_present": "on",
        "condition": "worn",
        "room": "cellar",
        "rank": "2",
        "equipment": ["hob", "boiler"],
        "reservations": "Joint de douche\r\n\r\n  Porte de placard  ",
        "tenant_email": " locataire@example.fr ",
        "lease_reference": "",
        "remarks": "   ",
        "photos": ["uploads/1.jpg", ""],
        "meters.water_m3": "412",
        "meters.gas_m3": "",
        "deductions.0.label": "Peinture séjour",
        "deductions.0.amount": "180",
        "deductions.0.wear": "true",
        "deductions.2.label": "Serrure",
        "deductions.2.amount": "95.5",
        "deductions.2.wear": "false",
        "deductions.2.proof": "on",
        "deductions.5.label": "",
        "deductions.5.amount": "",
        "csrf_token": "ignored",
    }
    assert coerce(INSPECTION, raw) == {
        "inspected_on": "2026-03-02",
        "keys_at": "2026-03-02T09:30:00+01:00",
        "keys_count": 3,
        "charges": 1234.5,
        "matches_move_in": False,
        "tenant_present": True,
        "condition": "worn",
        "room": "cellar",
        "rank": 2,
        "equipment": ["hob", "boiler"],
        "reservations": ["Joint de douche", "Porte de placard"],
        "tenant_email": "locataire@example.fr",
        "photos": ["uploads/1.jpg"],
        "meters": {"water_m3": 412},
        "deductions": [
            {"label": "Peinture séjour", "amount": 180, "wear": True, "proof": False},
            {"label": "Serrure", "amount": 95.5, "wear": False, "proof": True},
        ],
    }


def test_empty_optional_inputs_are_left_out_and_checkboxes_read_no() -> None:
    assert coerce(INSPECTION, {"meters.water_m3": "1"}) == {
        "tenant_present": False,
        "meters": {"water_m3": 1},
    }
    # A required group with nothing typed stays, so validation names its own missing fields.
    assert coerce(INSPECTION, {})["meters"] == {}


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("inspected_on", "02/03/2026", "2026-03-02"),
        ("keys_at", "02/07/2026 14:00", "2026-07-02T14:00:00+02:00"),
        ("keys_at", "2026-03-02T09:30:00Z", "2026-03-02T09:30:00+00:00"),
        ("keys_count", "12,0", 12),
        ("charges", "12", 12),
        ("charges", "1e3", 1000.0),
        ("charges", "-0,5", -0.5),
    ],
)
def test_french_and_iso_spellings(name: str, text: str, value: Any) -> None:
    assert coerce(INSPECTION, {name: text})[name] == value


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("keys_count", "trois", "type attendu : integer"),
        ("keys_count", "2.5", "type attendu : integer"),
        ("charges", "nan", "type attendu : number"),
        ("condition", "excellent", "valeur non autorisée"),
        ("matches_move_in", "peut-être", "type attendu : boolean"),
        ("inspected_on", "2 mars", "format invalide"),
    ],
)
def test_what_cannot_be_read_stays_a_string_for_validation_to_name(
    name: str, text: str, message: str
) -> None:
    catalog = FormCatalog({"inspection": INSPECTION})
    data = coerce(INSPECTION, {name: text})
    assert data[name] == text
    assert any(m.startswith(message) for m in catalog.validate("inspection", data)[name])


def test_coerced_data_passes_validation_and_required_fields_are_named() -> None:
    catalog = FormCatalog({"inspection": INSPECTION})
    complete = {
        "inspected_on": "2026-03-02",
        "keys_count": "2",
        "matches_move_in": "true",
        "condition": "good",
        "meters.water_m3": "10",
    }
    assert catalog.validate("inspection", coerce(INSPECTION, complete)) == {}
    errors = catalog.validate("inspection", coerce(INSPECTION, {}))
    assert set(errors) >= {"inspected_on", "keys_count", "matches_move_in", "meters.water_m3"}


@pytest.mark.parametrize("path", sorted(FORMS.glob("*.schema.json")), ids=lambda p: p.name)
def test_every_form_of_the_office_maps_to_labelled_fields(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    fields = fields_of(schema)
    assert fields
    assert all(
        f.label and f.label != f.name for f in fields if "title" in schema["properties"][f.name]
    )
    assert all(f.choices for f in fields if f.kind in ("radio", "select"))
    assert isinstance(coerce(schema, {}), dict)
