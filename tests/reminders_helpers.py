"""Helpers the reminders tests share: a real SMTP server on loopback, and set-up."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller

from goodwill.reminders.models import ReminderSettings

SITE = "https://goodwill.example.org"  # GOODWILL_SITE_URL in the tests of links in emails


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps every accepted message, parsed.

    ``hold_at=n`` makes the n-th DATA wait until ``release`` is set (``arrived`` tells
    the test it is waiting); the held message is then refused (451), as a server would
    when its client died before the end of the transaction.
    """

    def __init__(self, hold_at: int | None = None):
        self.messages: list[email.message.EmailMessage] = []
        self.seen = 0
        self.hold_at = hold_at
        self.arrived = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.seen += 1
        if self.hold_at is not None and self.seen == self.hold_at:
            self.arrived.set()
            self.release.wait(timeout=60)
            return "451 4.3.0 Client went away, message not accepted"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ",".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


class SmtpServer:
    def __init__(self, inbox: Inbox):
        self.inbox = inbox
        self.port = free_port()
        self.controller = Controller(inbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.inbox.release.set()
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


def use_smtp(settings, port: int) -> None:
    settings.GOODWILL_EMAIL_ENABLED = True
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 20},
        }
    }


def subscribe(owner, *, tz="UTC", at=dt.time(8, 0), frequency="daily", weekday=0, email=None):
    """Digest on and the address verified (as if the owner followed the link)."""
    address = email or owner.email or f"{owner.username}@example.org"
    config, _ = ReminderSettings.objects.update_or_create(
        owner=owner,
        defaults={
            "digest_enabled": True,
            "frequency": frequency,
            "weekday": weekday,
            "send_time": at,
            "time_zone": tz,
            "email": address,
            "verified_email": address,
            "verified_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        },
    )
    return config


def html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()
