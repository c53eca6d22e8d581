"""What every capture source hands over: one message or one event occurrence, as seen.

Sources (sources/imap.py, sources/calendar.py) only read and turn what they read into
`Seen` items; the services decide who they are (known person, review list, ignored) and
what they become (interactions). This module is the contract between the two.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class Direction:
    SENT = "sent"  # the user wrote it
    RECEIVED = "received"  # someone wrote to the user
    MET = "met"  # a calendar event both attended


@dataclass(frozen=True)
class Address:
    email: str  # lower-cased, stripped
    name: str = ""  # the display name as given, may be empty


@dataclass(frozen=True)
class Seen:
    """One message, or one occurrence of an event that has happened."""

    # Unique and stable within one connector: the Message-ID (else "uid:<validity>:<uid>")
    # for mail; "<UID>|<RECURRENCE-ID or DTSTART in UTC>" for an event occurrence.
    key: str
    kind: str  # an interactions Kind value: "email", "meeting", "call", "video"
    occurred_at: dt.datetime  # aware, UTC
    direction: str  # a Direction value
    counterparts: tuple[Address, ...]  # the other people in it, never the user
    subject: str = ""
    thread: str = ""  # mail: the thread's root Message-ID (References/In-Reply-To), else key
    notes: str = ""  # a forwarded message's note on top; kept first lines when turned on
    automated: bool = False  # a list, newsletter, no-reply or auto-submitted message
    source: str = "mail"  # "mail" or "calendar": how the timeline marks it
    extra: dict = field(default_factory=dict, compare=False, hash=False)


class SourceError(Exception):
    """A source cannot be read. The message names the server and what went wrong,
    in words for the connector's status line ("login refused by mail.example.org")."""
