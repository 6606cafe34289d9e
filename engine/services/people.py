"""The directory of people: who exists, with which roles and territory."""

from __future__ import annotations

from collections.abc import Iterable

from engine.actors import Actor
from engine.db import read_session, write_session
from engine.errors import NotFound
from engine.models import Person
from engine.runtime import EngineContext
from engine.services.audit import record
from workflows.roles import Role, resolve_role


def add_person(
    ctx: EngineContext,
    username: str,
    roles: Iterable[str],
    *,
    display_name: str | None = None,
    territory: str | None = None,
    actor: str = "system",
) -> Actor:
    """Create or update a person; role names are resolved like BPMN lanes."""
    keys = sorted({_role_key(name) for name in roles})
    with write_session(ctx.sessions) as session:
        person = session.get(Person, username)
        if person is None:
            person = Person(username=username, active=True)
            session.add(person)
        person.display_name = display_name or username
        person.roles = ",".join(keys)
        person.territory = territory
        record(
            session.connection(),
            ctx.clock.now(),
            actor,
            "person_saved",
            username=username,
            roles=keys,
            territory=territory,
        )
    return Actor(username, frozenset(keys), territory)


def get_actor(ctx: EngineContext, username: str) -> Actor:
    with read_session(ctx.sessions) as session:
        person = session.get(Person, username)
        if person is None or not person.active:
            raise NotFound(f"unknown user {username!r}")
        roles = frozenset(r for r in person.roles.split(",") if r)
        return Actor(person.username, roles, person.territory)


def _role_key(name: str) -> str:
    role: Role | None = resolve_role(name)
    if role is None:
        raise NotFound(f"unknown role {name!r}")
    return role.value
