"""Bearer tokens of the REST API: personal (log-in) and named integration tokens.

A token's secret is ``hf_`` + 32 random bytes; only its SHA-256 is stored, so a
leaked table gives no usable token. A personal token acts as its person, with the
roles and territory the directory gives them *now* (a deactivated person's tokens
stop working at once); an integration token acts with its scopes and territory.
Failed log-ins are counted per username and address in the database (every
server process sees them) and lock that pair out for a while.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import cast

from sqlalchemy import Connection, Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from engine.actors import Actor
from engine.db import read_session, write_session
from engine.errors import HabiflowError, NotFound, PermissionDenied
from engine.models import ApiToken, LoginThrottle, Person
from engine.passwords import hash_password, verify_password
from engine.runtime import EngineContext
from engine.services.audit import record

PREFIX = "hf_"
SCOPES = frozenset(
    {"cases:create", "cases:read", "cases:cancel", "tasks:read", "tasks:write", "tracking:read"}
)
PERSONAL_TTL = timedelta(hours=12)
INTEGRATION_TTL = timedelta(days=365)
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
TOKEN = cast(Table, ApiToken.__table__)
PERSON = cast(Table, Person.__table__)


class AuthenticationFailed(HabiflowError):
    """No valid credentials: wrong password, unknown, expired or revoked token."""


class LoginThrottled(HabiflowError):
    """Too many failed log-ins for this username from this address."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"too many failed log-ins; retry in {retry_after} s")


class InvalidToken(HabiflowError):
    """An integration token request names unknown scopes or a bad lifetime."""


@dataclass(frozen=True)
class Principal:
    """Who a request acts as: the actor the services check, and the token's scopes."""

    token_id: int
    actor: Actor
    scopes: frozenset[str]
    personal: bool

    def has(self, scope: str) -> bool:
        return scope in self.scopes


@dataclass(frozen=True)
class IssuedToken:
    """A new token; ``secret`` is shown to its owner once and never stored."""

    id: int
    secret: str
    name: str
    scopes: frozenset[str]
    territory: str | None
    expires_at: datetime


@dataclass(frozen=True)
class TokenInfo:
    id: int
    name: str
    username: str | None
    scopes: frozenset[str]
    territory: str | None
    created_by: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def verify_credentials(ctx: EngineContext, username: str, password: str, address: str) -> bool:
    """True when the password matches an active person; failures are counted and throttled.

    Shared by the API's token log-in and the web log-in, so both lock the same pair.
    """
    now = ctx.clock.now()
    _check_throttle(ctx, username, address, now)
    with read_session(ctx.sessions) as session:
        person = session.get(Person, username)
        stored = person.password_hash if person is not None and person.active else None
    if not verify_password(password, stored or _dummy_hash()) or stored is None:
        _count_failure(ctx, username, address, now)
        return False
    with write_session(ctx.sessions) as session:
        session.execute(
            delete(LoginThrottle).where(
                LoginThrottle.username == username, LoginThrottle.address == address
            )
        )
    return True


def log_in(ctx: EngineContext, username: str, password: str, address: str) -> IssuedToken:
    """A personal token for a person whose password matches, unless throttled."""
    if not verify_credentials(ctx, username, password, address):
        raise AuthenticationFailed("wrong username or password")
    now = ctx.clock.now()
    with write_session(ctx.sessions) as session:
        return _issue(
            session.connection(), now, "login", username, SCOPES, None, now + PERSONAL_TTL, username
        )


def create_integration_token(
    ctx: EngineContext,
    admin: Actor,
    name: str,
    scopes: Iterable[str],
    *,
    territory: str | None = None,
    lifetime: timedelta = INTEGRATION_TTL,
) -> IssuedToken:
    """A named token for another system (the tenant extranet, a call centre...)."""
    if not admin.is_admin:
        raise PermissionDenied("only an administrator may create an integration token")
    wanted = frozenset(scopes)
    unknown = sorted(wanted - SCOPES)
    if unknown or not wanted:
        raise InvalidToken(f"unknown or missing scopes: {', '.join(unknown) or 'none given'}")
    if lifetime <= timedelta(0):
        raise InvalidToken("a token's lifetime must be positive")
    now = ctx.clock.now()
    with write_session(ctx.sessions) as session:
        return _issue(
            session.connection(), now, name, None, wanted, territory, now + lifetime, admin.username
        )


def _issue(
    conn: Connection,
    now: datetime,
    name: str,
    username: str | None,
    scopes: frozenset[str],
    territory: str | None,
    expires_at: datetime,
    created_by: str,
) -> IssuedToken:
    secret = PREFIX + secrets.token_urlsafe(32)
    token_id = conn.execute(
        insert(TOKEN).returning(TOKEN.c.id),
        {
            "token_hash": digest(secret),
            "name": name,
            "username": username,
            "scopes": ",".join(sorted(scopes)),
            "territory": territory,
            "created_by": created_by,
            "created_at": now,
            "expires_at": expires_at,
            "revoked_at": None,
        },
    ).scalar_one()
    record(conn, now, created_by, "api_token_issued", token_id=token_id, name=name)
    return IssuedToken(token_id, secret, name, scopes, territory, expires_at)


def authenticate(ctx: EngineContext, secret: str) -> Principal:
    """The principal a bearer secret stands for, or AuthenticationFailed."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        raise AuthenticationFailed("malformed bearer token")
    query = (
        select(
            TOKEN.c.id,
            TOKEN.c.name,
            TOKEN.c.username,
            TOKEN.c.scopes,
            TOKEN.c.territory,
            TOKEN.c.expires_at,
            TOKEN.c.revoked_at,
            PERSON.c.roles,
            PERSON.c.territory.label("person_territory"),
            PERSON.c.active,
        )
        .select_from(TOKEN.outerjoin(PERSON, PERSON.c.username == TOKEN.c.username))
        .where(TOKEN.c.token_hash == digest(secret))
    )
    with ctx.engine.connect() as conn:
        row = conn.execute(query).first()
    now = ctx.clock.now()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise AuthenticationFailed("unknown, expired or revoked token")
    scopes = frozenset(s for s in row.scopes.split(",") if s)
    if row.username is None:
        actor = Actor(f"integration:{row.name}", frozenset(), row.territory)
        return Principal(row.id, actor, scopes, personal=False)
    if not row.active:
        raise AuthenticationFailed("this person's access is closed")
    roles = frozenset(r for r in (row.roles or "").split(",") if r)
    return Principal(row.id, Actor(row.username, roles, row.person_territory), scopes, True)


def revoke(ctx: EngineContext, token_id: int, actor: Actor) -> None:
    """Revoke a token: its owner may revoke a personal token, an admin any token."""
    now = ctx.clock.now()
    with write_session(ctx.sessions) as session:
        token = session.get(ApiToken, token_id)
        if token is None:
            raise NotFound(f"token {token_id} does not exist")
        if not (
            actor.is_admin or (token.username is not None and token.username == actor.username)
        ):
            raise PermissionDenied(f"{actor.username} may not revoke token {token_id}")
        if token.revoked_at is None:
            session.execute(update(TOKEN).where(TOKEN.c.id == token_id).values(revoked_at=now))
            record(
                session.connection(), now, actor.username, "api_token_revoked", token_id=token_id
            )


def revoke_presented(ctx: EngineContext, token_id: int) -> None:
    """Revoke the token a request presented (its bearer proved they hold it)."""
    now = ctx.clock.now()
    with write_session(ctx.sessions) as session:
        session.execute(
            update(TOKEN)
            .where(TOKEN.c.id == token_id, TOKEN.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        record(session.connection(), now, "api", "api_token_revoked", token_id=token_id)


def list_integration_tokens(ctx: EngineContext, actor: Actor) -> list[TokenInfo]:
    if not actor.is_admin:
        raise PermissionDenied("only an administrator may list integration tokens")
    with read_session(ctx.sessions) as session:
        rows = session.scalars(
            select(ApiToken).where(ApiToken.username.is_(None)).order_by(ApiToken.id)
        )
        return [
            TokenInfo(
                t.id,
                t.name,
                t.username,
                frozenset(s for s in t.scopes.split(",") if s),
                t.territory,
                t.created_by,
                t.created_at,
                t.expires_at,
                t.revoked_at,
            )
            for t in rows
        ]


@cache
def _dummy_hash() -> str:
    """Verified when the username is unknown, so a failure takes as long either way."""
    return hash_password(secrets.token_urlsafe(16))


def _check_throttle(ctx: EngineContext, username: str, address: str, now: datetime) -> None:
    with read_session(ctx.sessions) as session:
        row = session.get(LoginThrottle, (username, address))
        if row is not None and row.blocked_until is not None and row.blocked_until > now:
            raise LoginThrottled(max(1, int((row.blocked_until - now).total_seconds())))


def _count_failure(ctx: EngineContext, username: str, address: str, now: datetime) -> None:
    for _attempt in range(2):  # a concurrent first failure may insert the row first
        try:
            with write_session(ctx.sessions) as session:
                row = session.get(LoginThrottle, (username, address))
                if row is None:
                    session.add(
                        LoginThrottle(
                            username=username,
                            address=address,
                            failures=1,
                            window_start=now,
                            blocked_until=None,
                        )
                    )
                    return
                if now - row.window_start > FAILURE_WINDOW:
                    row.failures, row.window_start, row.blocked_until = 1, now, None
                else:
                    row.failures += 1
                    if row.failures >= MAX_FAILURES:
                        row.blocked_until = now + LOCKOUT
                return
        except IntegrityError:
            continue
