"""The demo office: deterministic, shaped like the landlord, every role staffed; its passwords."""

from __future__ import annotations

import base64
import re
from collections import Counter

import pytest

from engine.passwords import hash_password, needs_rehash, verify_password
from workflows.demo import DEMO_PASSWORD, DemoData, generate
from workflows.places import Typology
from workflows.roles import Role


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate(77)


def test_the_same_seed_gives_the_same_office(demo: DemoData) -> None:
    assert generate(77).fingerprint() == demo.fingerprint()
    assert generate(78).fingerprint() != demo.fingerprint()


def test_two_directions_25_spots_100_communes_of_seine_et_marne(demo: DemoData) -> None:
    places = demo.places
    assert [t.code for t in places.territories] == ["nord", "sud"]
    assert len(places.spots) == 25
    per_direction = Counter(spot.territory for spot in places.spots)
    assert min(per_direction.values()) >= 10
    assert len({commune.name for commune in demo.communes}) == 100
    assert all(re.fullmatch(r"77\d{3}", commune.postcode) for commune in demo.communes)
    assert {("Meaux", "77100"), ("Melun", "77000"), ("Chelles", "77500")} <= {
        (commune.name, commune.postcode) for commune in demo.communes
    }
    spot_territory = {spot.code: spot.territory for spot in places.spots}
    assert all(spot_territory[c.spot] == c.territory for c in demo.communes)
    assert {c.name for c in demo.communes if c.territory == "nord"} >= {"Meaux", "Chelles", "Torcy"}
    assert {c.name for c in demo.communes if c.territory == "sud"} >= {"Melun", "Fontainebleau"}


def test_residences_buildings_and_18000_dwellings(demo: DemoData) -> None:
    places = demo.places
    assert len(places.residences) == 300
    assert {r.commune for r in places.residences} == {c.name for c in demo.communes}
    assert 800 <= len(places.buildings) <= 1000
    assert len(places.dwellings) == 18_000
    assert places.dwellings[-1].code == "D-18000"
    typologies = Counter(d.typology for d in places.dwellings)
    assert set(typologies) == set(Typology)
    assert typologies.most_common(1)[0][0] is Typology.T3
    assert all(20 < d.surface_m2 < 120 and 0 < d.rent_cents < 150_000 for d in places.dwellings)
    assert all(building.caretaker for building in places.buildings)


def test_every_role_is_staffed_in_every_territory(demo: DemoData) -> None:
    for territory in ("nord", "sud"):
        for role in Role:
            people = [m for m in demo.staff if role in m.roles]
            if role.is_system:
                assert any(m.territory in (None, territory) for m in people), (role, territory)
            else:
                assert any(m.territory == territory for m in people), (role, territory)


def test_caretakers_are_people_of_the_buildings_territory(demo: DemoData) -> None:
    caretakers = {m.username: m for m in demo.staff if Role.CARETAKER in m.roles}
    for building in demo.places.buildings:
        assert building.caretaker is not None
        member = caretakers[building.caretaker]
        assert member.territory == demo.places.territory_of(building.code)
    assert demo.places.caretaker_for("D-00001") == "gardien.meaux.1"


def test_accounts_are_readable_and_unique(demo: DemoData) -> None:
    usernames = [m.username for m in demo.staff]
    assert len(usernames) == len(set(usernames))
    assert all(re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", name) for name in usernames)
    assert {"gardien.meaux.1", "clientele.melun.1", "cgl.chelles.2", "responsable.sud.1"} <= set(
        usernames
    )
    assert all(m.email == f"{m.username}@demo.habiflow.fr" for m in demo.staff)
    assert all(m.display_name and m.role_keys for m in demo.staff)
    spot_people = [m for m in demo.staff if Role.CUSTOMER_OFFICER in m.roles]
    assert len(spot_people) == 2 * 25 and all(m.spot for m in spot_people)


def test_a_password_hash_verifies_only_its_password() -> None:
    encoded = hash_password(DEMO_PASSWORD)
    scheme, n, r, p, salt, digest = encoded.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert (len(base64.b64decode(salt)), len(base64.b64decode(digest))) == (16, 32)
    assert verify_password(DEMO_PASSWORD, encoded)
    assert not verify_password("habiflow-demo ", encoded)
    assert not verify_password("", encoded)
    assert hash_password(DEMO_PASSWORD) != encoded  # a fresh salt every time
    assert not needs_rehash(encoded)


@pytest.mark.parametrize(
    "encoded",
    [
        None,
        "",
        "habiflow-demo",
        "bcrypt$12$abc",
        "scrypt$16384$8$1$not base64!$AAAA",
        "scrypt$16385$8$1$c2FsdA==$" + "A" * 44,
        "scrypt$1073741824$8$1$c2FsdA==$" + "A" * 44,
        "scrypt$16384$8$1$$" + "A" * 44,
    ],
)
def test_malformed_hashes_reject_every_password(encoded: str | None) -> None:
    assert not verify_password(DEMO_PASSWORD, encoded)


def test_cheaper_old_hashes_still_verify_and_ask_for_a_rehash() -> None:
    old = hash_password("secret", n=2**10)
    assert verify_password("secret", old)
    assert needs_rehash(old)
