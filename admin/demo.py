"""``habiflow demo-data``: fill a fresh database with the demo office and its staff.

Loads the places and people of ``workflows.demo.generate(seed)`` in one transaction. A database
that already holds places is left alone (the command says so and succeeds), so ``make run`` can
call it every time. Every demo account shares the documented password ``DEMO_PASSWORD``, hashed
once: scrypt is deliberately slow, and 500 hashes of one public password would protect nothing
more than one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import cast

import click
from sqlalchemy import Connection, Table, insert, select

from admin.wiring import context_for
from engine.config import Settings
from engine.db import write_connection
from engine.models import Person
from engine.passwords import hash_password
from engine.runtime import EngineContext
from engine.services.audit import record
from engine.services.places import PlaceCounts, count_places, load_places
from workflows.demo import DEFAULT_SEED, DEMO_PASSWORD, DemoData, StaffMember, generate
from workflows.roles import Role

PERSON = cast(Table, Person.__table__)


@dataclass(frozen=True)
class DemoLoad:
    """What ``load_demo`` wrote: place counts, and people added or already there."""

    places: PlaceCounts
    people_added: int
    people_skipped: int


def load_demo(ctx: EngineContext, data: DemoData, password_hash: str) -> DemoLoad | None:
    """Write ``data`` in one transaction; None (and nothing written) if places exist."""
    with write_connection(ctx.engine) as conn:
        if count_places(conn).territories:
            return None
        places = load_places(conn, data.places)
        added, skipped = _add_people(conn, data.staff, password_hash)
        record(
            conn,
            ctx.clock.now(),
            "system",
            "demo_data_loaded",
            seed=data.seed,
            dwellings=places.dwellings,
            people=added,
        )
    return DemoLoad(places, added, skipped)


def _add_people(
    conn: Connection, staff: tuple[StaffMember, ...], password_hash: str
) -> tuple[int, int]:
    """Insert the staff; an existing username is kept as it is (never overwritten)."""
    existing = set(conn.scalars(select(PERSON.c.username)))
    rows = [
        {
            "username": member.username,
            "display_name": member.display_name,
            "roles": member.role_keys,
            "territory": member.territory,
            "email": member.email,
            "password_hash": password_hash,
            "active": True,
        }
        for member in staff
        if member.username not in existing
    ]
    if rows:
        conn.execute(insert(PERSON), rows)
    return len(rows), len(staff) - len(rows)


@click.command("demo-data")
@click.option("--seed", default=DEFAULT_SEED, show_default=True, type=int)
def demo_data(seed: int) -> None:
    """Load the demo office (places and staff) into an empty database."""
    started = time.perf_counter()
    ctx = context_for(Settings.from_env(), migrate=True)
    try:
        data = generate(seed)
        loaded = load_demo(ctx, data, hash_password(DEMO_PASSWORD))
        if loaded is None:
            with ctx.engine.connect() as conn:
                held = count_places(conn)
            click.echo(
                f"places already loaded ({held.territories} territories, {held.dwellings} "
                "dwellings): demo data not loaded again"
            )
            return
        _report(data, loaded, time.perf_counter() - started)
    finally:
        ctx.engine.dispose()


def _report(data: DemoData, loaded: DemoLoad, seconds: float) -> None:
    places = loaded.places
    click.echo(
        f"demo data loaded (seed {data.seed}) in {seconds:.1f} s: "
        f"{places.territories} territories, {places.spots} spots, {len(data.communes)} "
        f"communes, {places.residences} residences, {places.buildings} buildings, "
        f"{places.dwellings} dwellings; {loaded.people_added} people"
        + (
            f" ({loaded.people_skipped} usernames already taken, kept)"
            if loaded.people_skipped
            else ""
        )
    )
    click.echo(f'every demo account logs in with the password "{DEMO_PASSWORD}", for example:')
    for role in Role:
        member = next((m for m in data.staff if role in m.roles), None)
        if member is not None:
            where = member.territory or "all territories"
            click.echo(f"  {role.label_fr:<28} {member.username:<26} ({where})")
