"""Pure rules for connectors: the back-off after a failure, and which addresses are the user's."""

from __future__ import annotations

import datetime as dt
import re

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
BACKOFF_FIRST = dt.timedelta(minutes=5)
BACKOFF_MAX = dt.timedelta(hours=6)
DEFAULT_EVERY = 15  # minutes between two runs of a connector
LEASE = dt.timedelta(minutes=30)  # a run holds its connector at most this long
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
HOST = re.compile(r"^[A-Za-z0-9.\-:\[\]]+$")


def backoff(failures: int) -> dt.timedelta:
    """How long to wait after ``failures`` failed runs in a row: 5, 10, 20 minutes… at most 6 h."""
    wait = BACKOFF_FIRST * (2 ** max(0, failures - 1))
    return min(wait, BACKOFF_MAX)


def address_lines(text: str) -> list[str]:
    """Addresses from a box the user typed (one a line, or separated by commas or spaces)."""
    found = []
    for part in re.split(r"[\s,;]+", text or ""):
        part = part.strip().strip("<>").lower()
        if part and part not in found:
            found.append(part)
    return found


def bad_addresses(values: list[str]) -> list[str]:
    return [v for v in values if not EMAIL.match(v)]


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower() if "@" in email else ""


def url_hint(url: str) -> str:
    """What may be shown of a private calendar address: the server, never the path."""
    match = re.match(r"^(\w+)://([^/@]*@)?([^/]+)", url or "")
    return f"{match.group(1)}://{match.group(3)}/…" if match else "…"
