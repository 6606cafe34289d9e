"""Roles of the landlord and how lane names and candidate groups resolve to them."""

from __future__ import annotations

import pytest

from workflows.roles import Role, resolve_role


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Gardien", Role.CARETAKER),
        ("gardien", Role.CARETAKER),
        ("GARDIENNE", Role.CARETAKER),
        ("Gardiens", Role.CARETAKER),
        ("Lane_Gardien", Role.CARETAKER),
        ("lane_caretaker", Role.CARETAKER),
        ("Lane-Caretaker", Role.CARETAKER),
        ("caretaker", Role.CARETAKER),
        ("role:caretaker", Role.CARETAKER),
        ("Chargé de clientèle", Role.CUSTOMER_OFFICER),
        ("chargé de clientèle", Role.CUSTOMER_OFFICER),
        ("chargee de clientele", Role.CUSTOMER_OFFICER),
        ("Chargée de clientèle", Role.CUSTOMER_OFFICER),
        ("customer_officer", Role.CUSTOMER_OFFICER),
        ("Customer officer", Role.CUSTOMER_OFFICER),
        ("CGL", Role.LETTING_OFFICER),
        ("cgl", Role.LETTING_OFFICER),
        ("Lane_CGL", Role.LETTING_OFFICER),
        ("Chargé de gestion locative", Role.LETTING_OFFICER),
        ("CHARGE_DE_GESTION_LOCATIVE", Role.LETTING_OFFICER),
        ("Gestionnaire locatif", Role.LETTING_OFFICER),
        ("letting_officer", Role.LETTING_OFFICER),
        ("Technicien patrimoine", Role.ASSET_TECHNICIAN),
        ("Technicien", Role.ASSET_TECHNICIAN),
        ("technicien de patrimoine", Role.ASSET_TECHNICIAN),
        ("Asset technician", Role.ASSET_TECHNICIAN),
        ("Conducteur d'opération", Role.PROJECT_MANAGER),
        ("conducteur d\u2019opération", Role.PROJECT_MANAGER),
        ("Conductrice d'opérations", Role.PROJECT_MANAGER),
        ("project_manager", Role.PROJECT_MANAGER),
        ("Responsable territorial", Role.TERRITORIAL_MANAGER),
        ("responsable territoriale", Role.TERRITORIAL_MANAGER),
        ("RT", Role.TERRITORIAL_MANAGER),
        ("territorial_manager", Role.TERRITORIAL_MANAGER),
        ("Directeur", Role.DIRECTOR),
        ("Directrice", Role.DIRECTOR),
        ("Direction", Role.DIRECTOR),
        ("Directeur territorial", Role.DIRECTOR),
        ("Directeur de la maîtrise d'ouvrage", Role.DIRECTOR),
        ("Commission", Role.COMMISSION),
        ("CALEOL", Role.COMMISSION),
        ("Caleol", Role.COMMISSION),
        ("CAO", Role.COMMISSION),
        ("CAL", Role.COMMISSION),
        ("Commission d'attribution des logements", Role.COMMISSION),
        ("Commission d'appel d'offres", Role.COMMISSION),
        ("Entreprise", Role.CONTRACTOR),
        ("entreprises", Role.CONTRACTOR),
        ("Prestataire", Role.CONTRACTOR),
        ("contractor", Role.CONTRACTOR),
        ("Locataire", Role.TENANT),
        ("Lane_Locataire", Role.TENANT),
        ("tenant", Role.TENANT),
        ("admin", Role.ADMIN),
        ("Administrateur", Role.ADMIN),
        ("process_owner", Role.PROCESS_OWNER),
        ("Process owner", Role.PROCESS_OWNER),
        ("Pilote de processus", Role.PROCESS_OWNER),
        ("manager", Role.MANAGER),
        ("Encadrante", Role.MANAGER),
        ("  Gardien  ", Role.CARETAKER),
    ],
)
def test_resolve_role_matches_keys_labels_and_aliases(text: str, role: Role) -> None:
    assert resolve_role(text) is role


@pytest.mark.parametrize(
    "text",
    ["", "   ", "___", "foo", "Lane_0x7f3a", "Lane_", "lane", "gardien2", "direction territoriale"],
)
def test_resolve_role_returns_none_for_unknown_text(text: str) -> None:
    assert resolve_role(text) is None


def test_resolve_role_survives_a_very_long_string() -> None:
    assert resolve_role("gardien" * 10_000) is None


@pytest.mark.parametrize("role", list(Role))
def test_every_role_resolves_from_its_key_and_both_labels(role: Role) -> None:
    for text in (role.value, role.label_fr, role.label_en, role.label_fr.upper()):
        assert resolve_role(text) is role


def test_keys_are_stable_snake_case_strings() -> None:
    assert [role.value for role in Role] == [
        "caretaker",
        "customer_officer",
        "letting_officer",
        "asset_technician",
        "project_manager",
        "territorial_manager",
        "director",
        "commission",
        "contractor",
        "tenant",
        "admin",
        "process_owner",
        "manager",
    ]
    assert Role("letting_officer") is Role.LETTING_OFFICER
    assert str(Role.CARETAKER) == "caretaker"


def test_labels_are_french_for_staff_and_english() -> None:
    assert Role.CARETAKER.label_fr == "Gardien"
    assert Role.LETTING_OFFICER.label_fr == "Chargé de gestion locative"
    assert Role.ASSET_TECHNICIAN.label_en == "Asset technician"
    assert Role.TENANT.label_fr == "Locataire"


def test_only_application_roles_are_system_roles() -> None:
    assert {role for role in Role if role.is_system} == {
        Role.ADMIN,
        Role.PROCESS_OWNER,
        Role.MANAGER,
    }
