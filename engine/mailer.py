"""Sending email over SMTP, configured by one URL (``HABIFLOW_SMTP_URL``).

``smtp://[user:password@]host[:port][?starttls=1]`` speaks plain SMTP (port 25
by default), upgraded with STARTTLS when asked; ``smtps://`` uses implicit TLS
(port 465 by default). The sender is ``HABIFLOW_MAIL_FROM`` (default
``habiflow@localhost``). Nothing here knows about notifications: the outbox
(engine.services.notifications) decides what to send and records the outcome.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import parse_qs, unquote, urlsplit

MAIL_FROM_ENV = "HABIFLOW_MAIL_FROM"
DEFAULT_FROM = "habiflow@localhost"
TIMEOUT_SECONDS = 10.0
_TRUE = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to connect, parsed from the SMTP URL."""

    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    username: str | None
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> SmtpSettings:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError(f"SMTP URL must start with smtp:// or smtps://, not {url!r}")
        if not parts.hostname:
            raise ValueError(f"SMTP URL {url!r} names no host")
        implicit_tls = parts.scheme == "smtps"
        query = parse_qs(parts.query)
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if implicit_tls else 25),
            implicit_tls=implicit_tls,
            starttls=query.get("starttls", ["0"])[-1].lower() in _TRUE,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )


def mail_from() -> str:
    return os.environ.get(MAIL_FROM_ENV) or DEFAULT_FROM


def build_message(
    *, to: str, subject: str, body: str, sent_at: datetime, message_id: str
) -> EmailMessage:
    """A plain-text UTF-8 message; ``message_id`` lets clients fold a re-sent duplicate."""
    sender = mail_from()
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(sent_at)
    message["Message-ID"] = f"<{message_id}@{sender.rpartition('@')[2] or 'localhost'}>"
    message.set_content(body)
    return message


@contextmanager
def smtp_session(url: str) -> Iterator[smtplib.SMTP]:
    """One connection, logged in if the URL carries credentials; closed on exit."""
    settings = SmtpSettings.from_url(url)
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if settings.implicit_tls:
        client = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=TIMEOUT_SECONDS, context=context
        )
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
    try:
        if settings.starttls:
            client.starttls(context=context)
        if settings.username is not None:
            client.login(settings.username, settings.password or "")
        yield client
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()
