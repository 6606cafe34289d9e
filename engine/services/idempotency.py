"""Idempotency keys: a retried request gets the first answer instead of a second case.

The first request with a key claims it (a row with status 0) before doing the work,
so a concurrent retry sees it in progress (a conflict) rather than starting a
duplicate; the answer is stored once the work is done. A failed attempt releases
the key so the client may retry. Keys are per principal and live ``RETENTION``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from engine.db import write_session
from engine.errors import Conflict, HabiflowError
from engine.models import IdempotentRequest
from engine.runtime import EngineContext

RETENTION = timedelta(hours=24)
# A claim older than this belongs to a request that died: the key may be taken over.
STALE_CLAIM = timedelta(minutes=5)
IN_PROGRESS = 0


class KeyReused(HabiflowError):
    """The key was already used with a different request body."""


class RequestInProgress(Conflict):
    """The first request with this key has not finished yet."""


@dataclass(frozen=True)
class Replay:
    """The answer given to the first request with this key."""

    status: int
    response: str


def fingerprint(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def claim(ctx: EngineContext, principal: str, key: str, request_hash: str) -> Replay | None:
    """None when this request may proceed; the stored answer when it was already made."""
    now = ctx.clock.now()
    try:
        with write_session(ctx.sessions) as session:
            row = session.scalars(
                select(IdempotentRequest).where(
                    IdempotentRequest.principal == principal, IdempotentRequest.key == key
                )
            ).first()
            if row is not None and now - row.created_at > RETENTION:
                session.delete(row)
                session.flush()
                row = None
            if row is None:
                session.add(
                    IdempotentRequest(
                        principal=principal,
                        key=key,
                        request_hash=request_hash,
                        status=IN_PROGRESS,
                        response=None,
                        created_at=now,
                    )
                )
                return None
            if row.request_hash != request_hash:
                raise KeyReused(f"Idempotency-Key {key!r} was used with another request body")
            if row.status != IN_PROGRESS and row.response is not None:
                return Replay(row.status, row.response)
            if now - row.created_at <= STALE_CLAIM:
                raise RequestInProgress(f"a request with Idempotency-Key {key!r} is in progress")
            row.created_at = now
            return None
    except IntegrityError as exc:
        raise RequestInProgress(f"a request with Idempotency-Key {key!r} is in progress") from exc


def settle(ctx: EngineContext, principal: str, key: str, status: int, response: str) -> None:
    """Store the answer of a request that claimed ``key``."""
    with write_session(ctx.sessions) as session:
        session.execute(
            update(IdempotentRequest)
            .where(IdempotentRequest.principal == principal, IdempotentRequest.key == key)
            .values(status=status, response=response)
        )


def release(ctx: EngineContext, principal: str, key: str) -> None:
    """Forget a claim whose request failed, so that a retry runs again."""
    with write_session(ctx.sessions) as session:
        session.execute(
            delete(IdempotentRequest).where(
                IdempotentRequest.principal == principal,
                IdempotentRequest.key == key,
                IdempotentRequest.status == IN_PROGRESS,
            )
        )
