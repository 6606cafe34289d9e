"""The notification outbox: in-app once, email to a real local SMTP server, retried."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import insert, select, update

from engine.actors import Actor
from engine.clock import ManualClock
from engine.db import write_connection
from engine.errors import NotFound, PermissionDenied
from engine.mailer import SmtpSettings
from engine.models import EmailStatus, Notification, Person
from engine.runtime import EngineContext
from engine.services import instances
from engine.services.notifications import (
    MAX_ATTEMPTS,
    NotificationDraft,
    deliver_emails,
    enqueue,
    list_notifications,
    mark_read,
    people_with_role,
)
from engine.services.people import add_person
from engine.services.sla_sweep import sweep_sla
from tests.conftest import deploy_fixture

CARETAKER = Actor("gardien.nord", frozenset({"caretaker"}), "nord")
COLLEAGUE = Actor("gardienne.nord", frozenset({"caretaker"}), "nord")
ADDRESS = "gardien.nord@office.example"


class Mailbox:
    """An aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def mailbox() -> Iterator[tuple[str, Mailbox]]:
    """A real SMTP server on a free local port, and what it received."""
    handler = Mailbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{controller.port}", handler
    finally:
        controller.stop()


@pytest.fixture
def ctx(ctx: EngineContext) -> EngineContext:
    """The engine with a small office in territory nord; only gardien.nord has an address."""
    ctx.territory_of = lambda place: place.split("/")[0] if place else None
    add_person(ctx, "gardien.nord", ["caretaker"], territory="nord")
    add_person(ctx, "gardienne.nord", ["caretaker"], territory="nord")
    add_person(ctx, "rt.nord", ["territorial_manager"], territory="nord")
    with ctx.engine.begin() as conn:
        conn.execute(
            update(Person.__table__).where(Person.username == "gardien.nord").values(email=ADDRESS)
        )
    deploy_fixture(ctx, "repair_request")
    return ctx


def warn_cases(ctx: EngineContext, clock: ManualClock, count: int = 1) -> None:
    """Start ``count`` repair requests and sweep at their warning time."""
    for n in range(1, count + 1):
        instances.start_instance(
            ctx, "repair_request", CARETAKER, business_key=f"REC-{n}", place_ref=f"nord/r{n}"
        )
    clock.advance(timedelta(days=1, hours=8))  # Tuesday 16:00 UTC: past the P2D warning at 50 %
    assert sweep_sla(ctx).warned == count


def outbox(ctx: EngineContext, recipient: str = "gardien.nord") -> list[Any]:
    with ctx.engine.connect() as conn:
        return list(
            conn.execute(
                select(Notification.__table__)
                .where(Notification.recipient == recipient)
                .order_by(Notification.id)
            )
        )


def test_emails_reach_a_real_smtp_server_once(
    ctx: EngineContext,
    clock: ManualClock,
    mailbox: tuple[str, Mailbox],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HABIFLOW_MAIL_FROM", "gestion@office.example")
    ctx.smtp_url, received = mailbox
    warn_cases(ctx, clock)
    [note] = outbox(ctx)
    assert note.email_status is EmailStatus.PENDING
    [no_address] = outbox(ctx, "gardienne.nord")
    assert no_address.email_status is EmailStatus.NONE

    assert deliver_emails(ctx) == 1
    [message] = received.messages
    assert received.recipients == [[ADDRESS]]
    assert message["To"] == ADDRESS
    assert message["From"] == "gestion@office.example"
    assert message["Subject"] == "Échéance proche : Signaler le désordre - dossier REC-1"
    assert message["Message-ID"] == f"<habiflow.notification.{note.id}@office.example>"
    body = message.get_content()
    assert "« Signaler le désordre »" in body and "dossier REC-1" in body
    [note] = outbox(ctx)
    assert (note.email_status, note.sent_at, note.email_attempts) == (
        EmailStatus.SENT,
        clock.now(),
        1,
    )

    assert deliver_emails(ctx) == 0
    clock.advance(timedelta(days=1))
    assert deliver_emails(ctx) == 0
    assert len(received.messages) == 1


def test_smtp_down_retries_with_backoff_then_gives_up(
    ctx: EngineContext, clock: ManualClock
) -> None:
    ctx.smtp_url = f"smtp://127.0.0.1:{free_port()}"  # nobody listens there
    warn_cases(ctx, clock)
    assert deliver_emails(ctx) == 0
    [note] = outbox(ctx)
    assert (note.email_status, note.email_attempts) == (EmailStatus.PENDING, 1)
    assert "ConnectionRefusedError" in note.email_error
    assert note.email_next_at == clock.now() + timedelta(seconds=60)
    assert deliver_emails(ctx) == 0
    assert outbox(ctx)[0].email_attempts == 1  # not due yet: not tried again

    waits = []
    for _ in range(2, MAX_ATTEMPTS + 1):
        note = outbox(ctx)[0]
        waits.append(note.email_next_at - clock.now())
        clock.set(note.email_next_at)
        assert deliver_emails(ctx) == 0
    assert waits == [timedelta(seconds=30 * 2**n) for n in range(1, 7)] + [timedelta(hours=1)]
    [note] = outbox(ctx)
    assert (note.email_status, note.email_attempts, note.email_next_at) == (
        EmailStatus.FAILED,
        MAX_ATTEMPTS,
        None,
    )
    clock.advance(timedelta(days=2))
    assert deliver_emails(ctx) == 0
    assert outbox(ctx)[0].email_attempts == MAX_ATTEMPTS


def test_a_retry_goes_through_once_the_server_is_back(
    ctx: EngineContext, clock: ManualClock, mailbox: tuple[str, Mailbox]
) -> None:
    ctx.smtp_url = f"smtp://127.0.0.1:{free_port()}"
    warn_cases(ctx, clock)
    assert deliver_emails(ctx) == 0
    ctx.smtp_url, received = mailbox
    clock.advance(timedelta(seconds=60))
    assert deliver_emails(ctx) == 1
    [note] = outbox(ctx)
    assert (note.email_status, note.email_attempts, note.email_error) == (
        EmailStatus.SENT,
        2,
        None,
    )
    assert len(received.messages) == 1


def test_two_workers_deliver_each_email_once(
    ctx: EngineContext, clock: ManualClock, mailbox: tuple[str, Mailbox]
) -> None:
    ctx.smtp_url, received = mailbox
    warn_cases(ctx, clock, count=6)
    barrier = threading.Barrier(2)
    totals: list[int] = []

    def worker() -> None:
        barrier.wait()
        total = 0
        while sent := deliver_emails(ctx, limit=2):
            total += sent
        totals.append(total)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(totals) == len(received.messages) == 6
    assert sorted(m["Subject"][-5:] for m in received.messages) == [f"REC-{n}" for n in range(1, 7)]
    assert {n.email_status for n in outbox(ctx)} == {EmailStatus.SENT}


def test_without_smtp_notifications_stay_in_app(ctx: EngineContext, clock: ManualClock) -> None:
    warn_cases(ctx, clock)
    assert [n.email_status for n in outbox(ctx)] == [EmailStatus.NONE]
    assert deliver_emails(ctx) == 0


def draft(key: str, recipient: str = "gardien.nord") -> NotificationDraft:
    return NotificationDraft(key, recipient, "test", None, None, "Sujet", "Corps")


def test_enqueue_writes_a_key_once(ctx: EngineContext) -> None:
    now = ctx.clock.now()
    with write_connection(ctx.engine) as conn:
        assert enqueue(conn, [draft("a"), draft("a"), draft("b")], now, email_for={}) == 2
    with write_connection(ctx.engine) as conn:
        written = enqueue(conn, [draft("a"), draft("c")], now, email_for={"gardien.nord": ADDRESS})
        assert written == 1
    statuses = {n.dedupe_key: n.email_status for n in outbox(ctx)}
    assert statuses == {"a": EmailStatus.NONE, "b": EmailStatus.NONE, "c": EmailStatus.PENDING}


def test_only_the_recipient_reads_a_notification(ctx: EngineContext, clock: ManualClock) -> None:
    with write_connection(ctx.engine) as conn:
        enqueue(conn, [draft("first"), draft("second")], clock.now(), email_for={})
    listed = list_notifications(ctx, CARETAKER)
    assert [n.subject for n in listed] == ["Sujet", "Sujet"]
    newest, oldest = listed
    assert newest.id > oldest.id
    assert list_notifications(ctx, COLLEAGUE) == []
    with pytest.raises(PermissionDenied):
        mark_read(ctx, oldest.id, COLLEAGUE)
    with pytest.raises(NotFound):
        mark_read(ctx, 999_999, CARETAKER)

    mark_read(ctx, oldest.id, CARETAKER)
    read_at = clock.now()
    clock.advance(timedelta(hours=1))
    mark_read(ctx, oldest.id, CARETAKER)
    assert [n.id for n in list_notifications(ctx, CARETAKER, unread_only=True)] == [newest.id]
    assert list_notifications(ctx, CARETAKER)[1].read_at == read_at
    assert len(list_notifications(ctx, CARETAKER, limit=1)) == 1


def test_people_with_role_match_whole_role_keys_where_they_serve(ctx: EngineContext) -> None:
    people = [
        ("multi", "caretaker,territorial_manager", "nord", True),
        ("office", "territorial_manager", None, True),
        ("south", "territorial_manager", "sud", True),
        ("gone", "territorial_manager", "nord", False),
        ("lookalike", "territorialXmanager,manager", "nord", True),
    ]
    with ctx.engine.begin() as conn:
        conn.execute(
            insert(Person.__table__),
            [
                {"username": u, "display_name": u, "roles": r, "territory": t, "active": a}
                for u, r, t, a in people
            ],
        )
    with ctx.engine.connect() as conn:
        names = [name for name, _ in people_with_role(conn, "territorial_manager", "nord")]
        assert names == ["multi", "office", "rt.nord"]
        anywhere = people_with_role(conn, "territorial_manager", None)
        assert [name for name, _ in anywhere] == ["multi", "office", "rt.nord", "south"]
        assert people_with_role(conn, "manager", "nord") == [("lookalike", None)]
        assert people_with_role(conn, "caretaker", "nord")[0] == ("gardien.nord", ADDRESS)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.local", SmtpSettings("mail.local", 25, False, False, None, None)),
        (
            "smtps://u%40x:p%3Aw@mail.local",
            SmtpSettings("mail.local", 465, True, False, "u@x", "p:w"),
        ),
        (
            "smtp://mail.local:587?starttls=1",
            SmtpSettings("mail.local", 587, False, True, None, None),
        ),
    ],
)
def test_smtp_url(url: str, expected: SmtpSettings) -> None:
    assert SmtpSettings.from_url(url) == expected


def test_smtp_url_must_name_a_host_and_scheme() -> None:
    with pytest.raises(ValueError, match="smtp://"):
        SmtpSettings.from_url("http://mail.local")
    with pytest.raises(ValueError, match="no host"):
        SmtpSettings.from_url("smtp://")
