"""The notification outbox: written with its cause, read in-app, delivered by email.

A notification is inserted in the same transaction as what caused it (an SLA
warning, a breach), under a unique ``dedupe_key``: a re-run inserts nothing, so
the in-app copy is exactly-once. Email is a second, asynchronous delivery of
the same row, at-least-once: a worker that crashes after the SMTP server took
a message but before recording it sends that message again on the retry. The
deterministic Message-ID lets mail clients fold such a duplicate.

Delivery never holds a database transaction across the network: a short
transaction claims due rows (row locks with SKIP LOCKED on PostgreSQL, so
several workers share the outbox) by counting the attempt and pushing
``email_next_at`` out by a lease; the messages go out; a second transaction
records each outcome. A claimed row whose worker died is taken again when its
lease runs out.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, String, Table, bindparam, literal_column, or_, select, update

from engine.actors import Actor
from engine.bulk import insert_rows
from engine.db import write_connection
from engine.errors import NotFound, PermissionDenied
from engine.mailer import build_message, smtp_session
from engine.models import EmailStatus, Notification, Person
from engine.runtime import EngineContext

NOTE = cast(Table, Notification.__table__)
PERSON = cast(Table, Person.__table__)

MAX_ATTEMPTS = 8
RETRY_UNIT = timedelta(seconds=30)  # the n-th failure waits 30 s x 2^n, at most an hour
LONGEST_RETRY = timedelta(hours=1)
LEASE = timedelta(minutes=15)
_ERROR_CHARS = 2000


@dataclass(frozen=True)
class NotificationDraft:
    """A message to write; ``dedupe_key`` names its cause and recipient, once and for all."""

    dedupe_key: str
    recipient: str
    kind: str
    instance_id: int | None
    task_id: int | None
    subject: str
    body: str


@dataclass(frozen=True)
class NotificationView:
    """A notification as its recipient sees it."""

    id: int
    kind: str
    subject: str
    body: str
    instance_id: int | None
    task_id: int | None
    created_at: datetime
    read_at: datetime | None
    email_status: EmailStatus


_ROLE_LISTED = (
    literal_column("','", String) + PERSON.c.roles + literal_column("','", String)
).like(bindparam("pattern"), escape="/")
_HOLDERS_ANYWHERE = (
    select(PERSON.c.username, PERSON.c.email)
    .where(PERSON.c.active.is_(True), _ROLE_LISTED)
    .order_by(PERSON.c.username)
)
_HOLDERS_SERVING = _HOLDERS_ANYWHERE.where(
    or_(PERSON.c.territory == bindparam("territory"), PERSON.c.territory.is_(None))
)
_EMAILS = select(PERSON.c.username, PERSON.c.email).where(
    PERSON.c.active.is_(True), PERSON.c.username.in_(bindparam("names", expanding=True))
)
_DUE_EMAILS = (
    select(NOTE.c.id)
    .where(
        NOTE.c.email_status == EmailStatus.PENDING,
        or_(NOTE.c.email_next_at.is_(None), NOTE.c.email_next_at <= bindparam("now")),
    )
    .order_by(NOTE.c.id)
    .limit(bindparam("limit"))
    .with_for_update(skip_locked=True, key_share=True)
)
_CLAIM_EMAILS = (
    update(NOTE)
    .where(NOTE.c.id.in_(_DUE_EMAILS.scalar_subquery()))
    .values(email_attempts=NOTE.c.email_attempts + 1, email_next_at=bindparam("lease_until"))
    .returning(NOTE.c.id, NOTE.c.recipient, NOTE.c.subject, NOTE.c.body, NOTE.c.email_attempts)
)
_RECORD_OUTCOME = (
    update(NOTE)
    .where(
        NOTE.c.id == bindparam("b_id"),
        NOTE.c.email_status == EmailStatus.PENDING,
        NOTE.c.email_attempts == bindparam("b_attempts"),
    )
    .values(
        email_status=bindparam("b_status"),
        email_next_at=bindparam("b_next_at"),
        email_error=bindparam("b_error"),
        sent_at=bindparam("b_sent_at"),
    )
)
_INBOX = (
    select(
        NOTE.c.id,
        NOTE.c.kind,
        NOTE.c.subject,
        NOTE.c.body,
        NOTE.c.instance_id,
        NOTE.c.task_id,
        NOTE.c.created_at,
        NOTE.c.read_at,
        NOTE.c.email_status,
    )
    .where(NOTE.c.recipient == bindparam("recipient"))
    .order_by(NOTE.c.id.desc())
    .limit(bindparam("limit"))
)
_UNREAD_INBOX = _INBOX.where(NOTE.c.read_at.is_(None))
_RECIPIENT = select(NOTE.c.recipient).where(NOTE.c.id == bindparam("note_id"))
_MARK_READ = (
    update(NOTE)
    .where(NOTE.c.id == bindparam("note_id"), NOTE.c.read_at.is_(None))
    .values(read_at=bindparam("now"))
)


def enqueue(
    conn: Connection,
    drafts: Iterable[NotificationDraft],
    now: datetime,
    *,
    email_for: Mapping[str, str | None],
) -> int:
    """Insert the drafts not written before; return how many were new.

    ``email_for`` maps recipients to their address when email delivery is on
    (pass an empty mapping when it is off): those with one get a PENDING email.
    """
    rows: dict[str, dict[str, Any]] = {}
    for draft in drafts:
        rows.setdefault(
            draft.dedupe_key,
            {
                "dedupe_key": draft.dedupe_key,
                "recipient": draft.recipient,
                "kind": draft.kind,
                "instance_id": draft.instance_id,
                "task_id": draft.task_id,
                "subject": draft.subject,
                "body": draft.body,
                "created_at": now,
                "read_at": None,
                "email_status": (
                    EmailStatus.PENDING if email_for.get(draft.recipient) else EmailStatus.NONE
                ),
                "email_attempts": 0,
                "email_next_at": None,
                "email_error": None,
                "sent_at": None,
            },
        )
    return insert_rows(conn, NOTE, list(rows.values()), skip_existing="dedupe_key")


def people_with_role(
    conn: Connection, role: str, territory: str | None
) -> list[tuple[str, str | None]]:
    """Active people holding ``role`` who serve ``territory``: (username, email).

    People of that territory and office-wide people (territory None) serve a
    case; a case without a territory is served by everyone, as in the inbox.
    """
    escaped = role.replace("/", "//").replace("%", "/%").replace("_", "/_")
    params = {"pattern": f"%,{escaped},%", "territory": territory}
    statement = _HOLDERS_ANYWHERE if territory is None else _HOLDERS_SERVING
    return [(name, email) for name, email in conn.execute(statement, params)]


class PeopleCache:
    """Role holders and addresses, looked up once per sweep (never kept across sweeps)."""

    def __init__(self) -> None:
        self._holders: dict[tuple[str, str | None], list[str]] = {}
        self._emails: dict[str, str | None] = {}

    def holders(self, conn: Connection, role: str | None, territory: str | None) -> list[str]:
        if role is None:
            return []
        key = (role, territory)
        if key not in self._holders:
            people = people_with_role(conn, role, territory)
            self._emails.update(people)
            self._holders[key] = [name for name, _ in people]
        return self._holders[key]

    def emails(self, conn: Connection, usernames: Iterable[str]) -> dict[str, str | None]:
        wanted = set(usernames)
        missing = sorted(wanted - self._emails.keys())
        if missing:
            found = {name: email for name, email in conn.execute(_EMAILS, {"names": missing})}
            self._emails.update({name: found.get(name) for name in missing})
        return {name: self._emails[name] for name in wanted}


@dataclass(frozen=True)
class _Claimed:
    id: int
    recipient: str
    subject: str
    body: str
    attempts: int


def deliver_emails(ctx: EngineContext, *, limit: int = 100) -> int:
    """Send due PENDING emails over ``ctx.smtp_url``; return how many the server accepted."""
    if ctx.smtp_url is None:
        return 0
    now = ctx.clock.now()
    with write_connection(ctx.engine) as conn:
        claimed = [
            _Claimed(*row)
            for row in conn.execute(
                _CLAIM_EMAILS, {"now": now, "limit": limit, "lease_until": now + LEASE}
            )
        ]
        if not claimed:
            return 0
        names = sorted({c.recipient for c in claimed})
        addresses = {name: email for name, email in conn.execute(_EMAILS, {"names": names})}
    errors = _send(ctx.smtp_url, claimed, addresses, now)
    done = ctx.clock.now()
    with write_connection(ctx.engine) as conn:
        conn.execute(_RECORD_OUTCOME, [_outcome(c, errors.get(c.id), done) for c in claimed])
    return sum(1 for c in claimed if c.id not in errors)


def _send(
    url: str, claimed: Sequence[_Claimed], addresses: Mapping[str, str | None], now: datetime
) -> dict[int, str]:
    """Send what has an address; return the error of each message that did not go."""
    errors = {c.id: "no active person with an email address" for c in claimed}
    sendable = [c for c in claimed if addresses.get(c.recipient)]
    if not sendable:
        return errors
    try:
        with smtp_session(url) as client:
            for note in sendable:
                message = build_message(
                    to=str(addresses[note.recipient]),
                    subject=note.subject,
                    body=f"{note.body}\n\n-- \nhabiflow : message automatique, ne pas répondre.\n",
                    sent_at=now,
                    message_id=f"habiflow.notification.{note.id}",
                )
                try:
                    client.send_message(message)
                except (smtplib.SMTPException, OSError, ValueError) as exc:
                    errors[note.id] = _describe(exc)
                else:
                    del errors[note.id]
    except (smtplib.SMTPException, OSError) as exc:
        for note in sendable:
            if note.id in errors:
                errors[note.id] = _describe(exc)
    return errors


def _outcome(note: _Claimed, error: str | None, now: datetime) -> dict[str, Any]:
    outcome: dict[str, Any] = {"b_id": note.id, "b_attempts": note.attempts, "b_error": error}
    if error is None:
        return {**outcome, "b_status": EmailStatus.SENT, "b_next_at": None, "b_sent_at": now}
    retry = min(RETRY_UNIT * 2**note.attempts, LONGEST_RETRY)
    gave_up = note.attempts >= MAX_ATTEMPTS
    return {
        **outcome,
        "b_status": EmailStatus.FAILED if gave_up else EmailStatus.PENDING,
        "b_next_at": None if gave_up else now + retry,
        "b_sent_at": None,
    }


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:_ERROR_CHARS]


def list_notifications(
    ctx: EngineContext, actor: Actor, *, unread_only: bool = False, limit: int = 50
) -> list[NotificationView]:
    """The actor's notifications, newest first."""
    statement = _UNREAD_INBOX if unread_only else _INBOX
    with ctx.engine.connect() as conn:
        rows = conn.execute(statement, {"recipient": actor.username, "limit": limit})
        return [NotificationView(*row) for row in rows]


def mark_read(ctx: EngineContext, notification_id: int, actor: Actor) -> None:
    """Mark one of the actor's own notifications read (the first reading time stays)."""
    with write_connection(ctx.engine) as conn:
        recipient = conn.execute(_RECIPIENT, {"note_id": notification_id}).scalar()
        if recipient is None:
            raise NotFound(f"notification {notification_id} does not exist")
        if recipient != actor.username:
            raise PermissionDenied(f"notification {notification_id} is not for {actor.username}")
        conn.execute(_MARK_READ, {"note_id": notification_id, "now": ctx.clock.now()})
