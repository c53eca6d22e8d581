"""Pure rules for mail: who is automated, which thread a message is in, and the parts of
a forwarded message (the original correspondents, the note the user typed on top)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from email.utils import getaddresses, parsedate_to_datetime

from goodwill.capture.rules.seen import Address

NO_REPLY = re.compile(
    r"^(no-?reply|do-?not-?reply|donotreply|mailer-daemon|postmaster|bounces?|notifications?"
    r"|newsletter|news|info-noreply|automated|auto-?confirm)([+.\-_].*)?@",
    re.IGNORECASE,
)
BULK_PRECEDENCE = {"bulk", "list", "junk"}
FIRST_LINES = 3
FIRST_LINES_MAX = 300

# The line mail programs put above a forwarded message.
FORWARD_MARKERS = re.compile(
    r"^\s*(-+\s*(forwarded message|original message|message transféré|weitergeleitete nachricht)"
    r"\s*-*|begin forwarded message:)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
HEADER_LINE = re.compile(r"^\s*\*?(from|to|cc|date|sent|subject)\*?\s*:\s*(.*)$", re.IGNORECASE)


def clean_email(value: str) -> str:
    return (value or "").strip().strip("<>").strip().lower()


def is_no_reply(email: str) -> bool:
    return bool(NO_REPLY.match(email or ""))


def is_automated(headers: dict[str, tuple[str, ...]], sender: str) -> bool:
    """A list, a newsletter, an auto-reply or a no-reply sender: not a relationship."""

    def first(name: str) -> str:
        values = headers.get(name) or ()
        return (values[0] if values else "").strip().lower()

    if first("list-id") or first("list-unsubscribe"):
        return True
    auto = first("auto-submitted")
    if auto and auto != "no":
        return True
    if first("precedence") in BULK_PRECEDENCE:
        return True
    return is_no_reply(sender)


def thread_of(message_id: str, in_reply_to: str, references: str) -> str:
    """The thread's root: the first Message-ID in References, else In-Reply-To, else its own."""
    refs = re.findall(r"<[^<>\s]+>", references or "")
    if refs:
        return refs[0].lower()
    parent = re.findall(r"<[^<>\s]+>", in_reply_to or "")
    if parent:
        return parent[0].lower()
    return (message_id or "").strip().lower()


def first_lines(text: str) -> str:
    """The first few lines the writer typed: no quotes, no signature, at most 300 characters."""
    kept = []
    for line in (text or "").splitlines():
        stripped = line.strip()
        if stripped.startswith(">") or FORWARD_MARKERS.match(line):
            break
        if stripped in ("--", "-- ") or re.match(r"^on .+ wrote:$", stripped, re.IGNORECASE):
            break
        if stripped:
            kept.append(stripped)
        if len(kept) >= FIRST_LINES:
            break
    return " ".join(kept)[:FIRST_LINES_MAX]


def addresses(values: list[str]) -> list[Address]:
    found: list[Address] = []
    for value in values:
        found += _addresses_in(str(value or ""))
    return found


@functools.lru_cache(maxsize=4096)
def _addresses_in(value: str) -> tuple[Address, ...]:
    """One header's addresses. The same From and To come back message after message in a
    mailbox, so each distinct header is parsed once (a first sync reads thousands)."""
    found = []
    for name, email in getaddresses([value]):
        email = clean_email(email)
        if "@" in email:
            found.append(Address(email=email, name=(name or "").strip()))
    return tuple(found)


def split_forward(text: str) -> tuple[str, dict[str, str]] | None:
    """The note typed above a forwarded message, and the forwarded header block
    (from, to, cc, date, subject), or None when the text holds no forwarded message."""
    match = FORWARD_MARKERS.search(text or "")
    if match is None:
        return None
    note = text[: match.start()].strip()
    block: dict[str, str] = {}
    last = ""
    for line in text[match.end() :].splitlines():
        if not line.strip():
            if block:
                break
            continue
        header = HEADER_LINE.match(line)
        if header:
            last = header.group(1).lower()
            if last == "sent":
                last = "date"
            block.setdefault(last, header.group(2).strip())
        elif last and line[:1].isspace():
            block[last] += " " + line.strip()
        elif block:
            break
    if not block.get("from"):
        return None
    return note, block


def forwarded_date(value: str) -> dt.datetime | None:
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None or moment.tzinfo is None:
        return None
    return moment.astimezone(dt.UTC)


def note_from(text: str) -> str:
    """The note the user typed, in a few lines: signatures and quotes left out."""
    kept = []
    for line in (text or "").splitlines():
        stripped = line.strip()
        if stripped in ("--", "-- "):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()[:2000]
