"""How dates look in the terminal: in words, relative to today."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def days(n: int) -> str:
    return f"{n} day" if abs(n) == 1 else f"{n} days"


def due_phrase(next_due_on: dt.date | None) -> str:
    if next_due_on is None:
        return ""
    delta = (next_due_on - timezone.localdate()).days
    if delta < 0:
        return f"overdue by {days(-delta)}"
    if delta == 0:
        return "due today"
    return f"due in {days(delta)}"


def ago(moment: dt.datetime | None) -> str:
    if moment is None:
        return "never"
    delta = (timezone.localdate() - timezone.localdate(moment)).days
    if delta <= 0:
        return "today"
    if delta == 1:
        return "yesterday"
    return f"{days(delta)} ago"


def local_date(moment: dt.datetime | None) -> str:
    return timezone.localdate(moment).isoformat() if moment else ""
