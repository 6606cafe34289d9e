"""Roles of the landlord: who works in a process lane or is offered a task.

Each role has a stable English key (stored in models, settings and data), a French label for
staff and an English label. ``resolve_role`` maps the free text modellers write in lane names,
lane ids and candidate groups ("Gardien", "Lane_CGL", "chargée de clientèle") to a role.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """A role of the landlord; the value is the stable key."""

    CARETAKER = "caretaker"
    CUSTOMER_OFFICER = "customer_officer"
    LETTING_OFFICER = "letting_officer"
    ASSET_TECHNICIAN = "asset_technician"
    PROJECT_MANAGER = "project_manager"
    TERRITORIAL_MANAGER = "territorial_manager"
    DIRECTOR = "director"
    COMMISSION = "commission"
    CONTRACTOR = "contractor"
    TENANT = "tenant"
    ADMIN = "admin"
    PROCESS_OWNER = "process_owner"
    MANAGER = "manager"

    @property
    def label_fr(self) -> str:
        """The name staff see, in French."""
        return _DETAILS[self].label_fr

    @property
    def label_en(self) -> str:
        """The name in English."""
        return _DETAILS[self].label_en

    @property
    def is_system(self) -> bool:
        """True for roles of the application itself rather than of a housing process."""
        return _DETAILS[self].system


@dataclass(frozen=True)
class _Details:
    label_fr: str
    label_en: str
    aliases: tuple[str, ...] = ()
    system: bool = False


_DETAILS: dict[Role, _Details] = {
    Role.CARETAKER: _Details(
        "Gardien", "Caretaker", ("gardienne", "gardiens", "gardien d'immeuble", "concierge")
    ),
    Role.CUSTOMER_OFFICER: _Details(
        "Chargé de clientèle",
        "Customer officer",
        (
            "chargée de clientèle",
            "chargés de clientèle",
            "chargé clientèle",
            "conseiller clientèle",
            "conseillère clientèle",
        ),
    ),
    Role.LETTING_OFFICER: _Details(
        "Chargé de gestion locative",
        "Letting officer",
        (
            "CGL",
            "chargée de gestion locative",
            "chargés de gestion locative",
            "gestionnaire locatif",
            "gestionnaire locative",
        ),
    ),
    Role.ASSET_TECHNICIAN: _Details(
        "Technicien patrimoine",
        "Asset technician",
        (
            "technicienne patrimoine",
            "techniciens patrimoine",
            "technicien de patrimoine",
            "technicien du patrimoine",
            "technicien",
            "technicienne",
        ),
    ),
    Role.PROJECT_MANAGER: _Details(
        "Conducteur d'opération",
        "Project manager",
        ("conductrice d'opération", "conducteur d'opérations", "conductrice d'opérations"),
    ),
    Role.TERRITORIAL_MANAGER: _Details(
        "Responsable territorial",
        "Territorial manager",
        ("responsable territoriale", "responsable de territoire", "RT"),
    ),
    Role.DIRECTOR: _Details(
        "Directeur",
        "Director",
        (
            "directrice",
            "direction",
            "directeur territorial",
            "directrice territoriale",
            "directeur de la maîtrise d'ouvrage",
            "directeur maîtrise d'ouvrage",
            "directeur de la construction",
        ),
    ),
    Role.COMMISSION: _Details(
        "Commission",
        "Commission",
        (
            "CALEOL",
            "CAL",
            "CAO",
            "commission d'attribution",
            "commission d'attribution des logements",
            "commission d'attribution des logements et d'examen de l'occupation des logements",
            "commission d'appel d'offres",
            "allocation commission",
            "tender committee",
        ),
    ),
    Role.CONTRACTOR: _Details(
        "Entreprise", "Contractor", ("entreprises", "prestataire", "prestataires", "contractors")
    ),
    Role.TENANT: _Details("Locataire", "Tenant", ("locataires", "tenants")),
    Role.ADMIN: _Details("Administrateur", "Administrator", ("administratrice",), system=True),
    Role.PROCESS_OWNER: _Details(
        "Pilote de processus",
        "Process owner",
        ("pilote", "propriétaire de processus", "responsable de processus"),
        system=True,
    ),
    Role.MANAGER: _Details("Manager", "Manager", ("encadrant", "encadrante"), system=True),
}

# Lane ids drawn in a modeler read like "Lane_Gardien"; candidate groups like "role:caretaker".
_PREFIXES = ("lane", "role")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def _normalise(text: str) -> str:
    """Lower case ASCII letters and digits only: accents, spaces and punctuation dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_ALPHANUMERIC.sub("", bare.casefold())


def _build_index() -> dict[str, Role]:
    index: dict[str, Role] = {}
    for role, details in _DETAILS.items():
        for name in (role.value, details.label_fr, details.label_en, *details.aliases):
            key = _normalise(name)
            if index.setdefault(key, role) is not role:
                raise ValueError(f"role alias {name!r} names both {index[key]} and {role}")
    return index


_INDEX = _build_index()


def resolve_role(text: str) -> Role | None:
    """The role a lane name, lane id or candidate group names, or None if it names none.

    Matching ignores case, accents, spaces, underscores and punctuation, and accepts the key,
    both labels and the usual aliases, optionally behind a "Lane_" or "role:" prefix.
    """
    key = _normalise(text)
    role = _INDEX.get(key)
    if role is not None:
        return role
    for prefix in _PREFIXES:
        if key.startswith(prefix) and (role := _INDEX.get(key[len(prefix) :])) is not None:
            return role
    return None
