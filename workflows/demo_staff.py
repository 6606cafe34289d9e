"""Demo staff: someone for every role in every territory, with readable usernames.

- caretakers (gardiens): one per group of buildings, named after the commune,
  ``gardien.meaux.1``; the places generator already wrote them on the buildings;
- per spot (agence de proximité): customer officers ``clientele.meaux.1`` and letting officers
  ``cgl.meaux.1``, named after the agency's town;
- per direction: asset technicians ``technicien.nord.1``, project managers
  ``conducteur.nord.1``, territorial managers ``responsable.nord.1``, the territorial director
  ``directeur.nord``, commission members ``commission.nord.1``, contractors
  ``entreprise.nord.1``, tenants ``locataire.nord.1`` and a manager ``manager.nord``;
- office-wide: the director of maîtrise d'ouvrage ``directeur.mo``, the process owner
  ``pilote.processus``, the head-office manager ``manager.siege`` and ``admin.demo``.

Every account's email is ``<username>@demo.habiflow.fr``; every password is ``DEMO_PASSWORD``.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from workflows.demo_names import CONTRACTORS, FIRST_NAMES, SURNAMES
from workflows.places import Directory
from workflows.roles import Role

DEMO_PASSWORD = "habiflow-demo"
EMAIL_DOMAIN = "demo.habiflow.fr"


@dataclass(frozen=True)
class StaffMember:
    """A demo account: one person, their roles, and where they work.

    ``territory`` None means office-wide; ``spot`` is set for the people of one agency.
    """

    username: str
    display_name: str
    roles: tuple[Role, ...]
    territory: str | None
    spot: str | None = None

    @property
    def email(self) -> str:
        return f"{self.username}@{EMAIL_DOMAIN}"

    @property
    def role_keys(self) -> str:
        """Role keys as the person table stores them: sorted, comma-separated."""
        return ",".join(sorted(role.value for role in self.roles))


def slug(text: str) -> str:
    """ASCII, lower case, words joined by hyphens: "Saâcy-sur-Marne" → "saacy-sur-marne"."""
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")


def generate_staff(
    rng: random.Random, places: Directory, agency_towns: Mapping[str, str]
) -> tuple[StaffMember, ...]:
    """Everyone of the demo office; ``agency_towns`` names each spot's town by spot code."""

    def person(
        username: str,
        role: Role,
        territory: str | None,
        spot: str | None = None,
        name: str | None = None,
    ) -> StaffMember:
        name = name or f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        return StaffMember(username, name, (role,), territory, spot)

    staff = list(_caretakers(places, person))
    for spot in places.spots:
        town = slug(agency_towns[spot.code])
        for number in (1, 2):
            staff.append(
                person(
                    f"clientele.{town}.{number}", Role.CUSTOMER_OFFICER, spot.territory, spot.code
                )
            )
            staff.append(
                person(f"cgl.{town}.{number}", Role.LETTING_OFFICER, spot.territory, spot.code)
            )
    for territory in places.territories:
        spots = sum(1 for spot in places.spots if spot.territory == territory.code)
        staff.extend(_direction(rng, territory.code, math.ceil(spots / 2), person))
    staff += [
        person("directeur.mo", Role.DIRECTOR, None),
        person("pilote.processus", Role.PROCESS_OWNER, None),
        person("manager.siege", Role.MANAGER, None),
        person("admin.demo", Role.ADMIN, None),
    ]
    return tuple(staff)


class _Person(Protocol):
    """Signature of the ``person`` factory ``generate_staff`` hands to its helpers."""

    def __call__(
        self,
        username: str,
        role: Role,
        territory: str | None,
        spot: str | None = None,
        name: str | None = None,
    ) -> StaffMember: ...


def _caretakers(places: Directory, person: _Person) -> Iterator[StaffMember]:
    seen: set[str] = set()
    for building in places.buildings:
        if building.caretaker and building.caretaker not in seen:
            seen.add(building.caretaker)
            chain = places.chain(building.code)
            assert chain is not None and chain.spot is not None
            yield person(building.caretaker, Role.CARETAKER, chain.territory.code, chain.spot.code)


def _direction(
    rng: random.Random, territory: str, technicians: int, person: _Person
) -> Iterator[StaffMember]:
    for role, prefix, count in (
        (Role.ASSET_TECHNICIAN, "technicien", technicians),
        (Role.PROJECT_MANAGER, "conducteur", 3),
        (Role.TERRITORIAL_MANAGER, "responsable", 2),
        (Role.COMMISSION, "commission", 3),
        (Role.TENANT, "locataire", 3),
    ):
        for number in range(1, count + 1):
            yield person(f"{prefix}.{territory}.{number}", role, territory)
    for number, company in enumerate(rng.sample(CONTRACTORS, 3), start=1):
        yield person(f"entreprise.{territory}.{number}", Role.CONTRACTOR, territory, name=company)
    yield person(f"directeur.{territory}", Role.DIRECTOR, territory)
    yield person(f"manager.{territory}", Role.MANAGER, territory)
