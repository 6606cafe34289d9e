"""Form validation: field-level French messages, formats really checked."""

from __future__ import annotations

from forms.catalog import FormCatalog

SCHEMA = {
    "type": "object",
    "required": ["received_at", "amount"],
    "properties": {
        "received_at": {"type": "string", "format": "date-time"},
        "visit": {"type": "string", "format": "date"},
        "amount": {"type": "number", "minimum": 0},
        "channel": {"type": "string", "enum": ["gardien", "extranet"]},
    },
    "additionalProperties": False,
}


def test_formats_enums_and_bounds_are_checked_per_field() -> None:
    catalog = FormCatalog({"intake": SCHEMA})
    errors = catalog.validate(
        "intake",
        {
            "received_at": "pas une date",
            "visit": "2026-02-30",
            "amount": -1,
            "channel": "fax",
            "extra": 1,
        },
    )
    assert errors == {
        "": ["champ non prévu par le formulaire"],
        "amount": ["doit être supérieur ou égal à 0"],
        "channel": ["valeur non autorisée (choix possibles : gardien, extranet)"],
        "received_at": ["format invalide (attendu : date-time)"],
        "visit": ["format invalide (attendu : date)"],
    }
    assert (
        catalog.validate("intake", {"received_at": "2026-03-02T09:00:00+01:00", "amount": 0}) == {}
    )
    assert catalog.field_names("intake") == ["received_at", "visit", "amount", "channel"]
    assert catalog.validate("nope", {}) == {"": ["formulaire inconnu : nope"]}
