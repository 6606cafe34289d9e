"""An administrator manages the directory of people: create, edit, deactivate, set passwords.

Every change is audited with the administrator's username and the fields that changed; a
password is never written anywhere but as its scrypt hash, and the audit only says it was set.
Nobody is deleted (cases and audit entries keep their usernames): people are deactivated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from engine.actors import Actor
from engine.db import read_session, write_session
from engine.errors import Conflict, NotFound, PermissionDenied
from engine.models import Person, Territory
from engine.passwords import hash_password
from engine.runtime import EngineContext
from engine.services.audit import record
from workflows.roles import Role

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,99}$")
MIN_PASSWORD = 12


class InvalidPerson(Conflict):
    """The submitted person breaks a rule of the directory; nothing was changed."""


@dataclass(frozen=True)
class PersonChange:
    """What an administrator submits for one person (``password`` None: keep the current one)."""

    username: str
    display_name: str
    roles: frozenset[str]
    territory: str | None
    email: str | None
    active: bool
    password: str | None = None


def create_person(ctx: EngineContext, actor: Actor, change: PersonChange) -> None:
    """Add a person; the username must be new."""
    _check(actor, change)
    if not USERNAME.match(change.username):
        raise InvalidPerson(f"invalid username {change.username!r}")
    with write_session(ctx.sessions) as session:
        if session.get(Person, change.username) is not None:
            raise InvalidPerson(f"username {change.username!r} is taken")
        person = Person(username=change.username)
        session.add(person)
        fields = _apply(person, change)
        now = ctx.clock.now()
        conn = session.connection()
        record(conn, now, actor.username, "person_created", username=change.username, **fields)
        if change.password:
            record(conn, now, actor.username, "password_set", username=change.username)


def update_person(ctx: EngineContext, actor: Actor, change: PersonChange) -> None:
    """Change an existing person; an administrator cannot lock themselves out."""
    _check(actor, change)
    if change.username == actor.username and (
        not change.active or Role.ADMIN.value not in change.roles
    ):
        raise InvalidPerson("an administrator cannot deactivate or demote themselves")
    with write_session(ctx.sessions) as session:
        person = session.get(Person, change.username)
        if person is None:
            raise NotFound(f"unknown user {change.username!r}")
        before = _fields(person)
        after = _apply(person, change)
        changed = {k: {"old": before[k], "new": v} for k, v in after.items() if before[k] != v}
        now = ctx.clock.now()
        conn = session.connection()
        if changed:
            who = person.username
            record(conn, now, actor.username, "person_updated", username=who, changes=changed)
        if change.password:
            record(conn, now, actor.username, "password_set", username=person.username)


def set_password(ctx: EngineContext, actor: Actor, username: str, password: str) -> None:
    """Give a person a new password (stored as its scrypt hash; the audit says only that)."""
    if not actor.is_admin:
        raise PermissionDenied("only an administrator may set a password")
    _check_password(password)
    with write_session(ctx.sessions) as session:
        person = session.get(Person, username)
        if person is None:
            raise NotFound(f"unknown user {username!r}")
        person.password_hash = hash_password(password)
        record(
            session.connection(), ctx.clock.now(), actor.username, "password_set", username=username
        )


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidPerson(f"a password needs at least {MIN_PASSWORD} characters")


def _check(actor: Actor, change: PersonChange) -> None:
    if not actor.is_admin:
        raise PermissionDenied("only an administrator may manage people")
    unknown = change.roles - {role.value for role in Role}
    if unknown:
        raise InvalidPerson(f"unknown roles {sorted(unknown)}")
    if not change.roles:
        raise InvalidPerson("a person needs at least one role")
    if change.password is not None:
        _check_password(change.password)


def _apply(person: Person, change: PersonChange) -> dict[str, Any]:
    person.display_name = change.display_name.strip() or change.username
    person.roles = ",".join(sorted(change.roles))
    person.territory = change.territory or None
    person.email = (change.email or "").strip() or None
    person.active = change.active
    if change.password:
        person.password_hash = hash_password(change.password)
    return _fields(person)


def _fields(person: Person) -> dict[str, Any]:
    return {
        "display_name": person.display_name,
        "roles": person.roles,
        "territory": person.territory,
        "email": person.email,
        "active": bool(person.active),
    }


def territory_codes(ctx: EngineContext) -> list[str]:
    """Territories a person can be attached to: the places' ones and those already in use."""
    with read_session(ctx.sessions) as session:
        places = session.scalars(select(Territory.code))
        used = session.scalars(select(Person.territory).where(Person.territory.is_not(None)))
        return sorted({*places, *(code for code in used if code)})


def username_taken(ctx: EngineContext, username: str) -> bool:
    with read_session(ctx.sessions) as session:
        return session.get(Person, username) is not None
