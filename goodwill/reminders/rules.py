"""When a digest is due: local periods in the account's own time zone.

A daily digest's period is the local date; a weekly one's is the local date of the
chosen weekday. A period is due from its local send time (see ``due_at`` for the
times a DST change skips or repeats; either way the period, a date, is sent once)
until ``GRACE`` after it: a worker that was down for longer skips that period rather
than sending a stale digest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from goodwill.reminders.models import Frequency

GRACE = dt.timedelta(hours=6)


@dataclass(frozen=True)
class Period:
    key: str  # the local date, e.g. "2026-06-15"
    due_at: dt.datetime  # UTC


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def due_at(on: dt.date, at: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The first instant, in UTC, at or after local ``at`` on ``on`` (DST-gap safe)."""
    local = dt.datetime.combine(on, at, tzinfo=tz)
    # A wall time a spring-forward change skips (02:30 in New York on that Sunday) is
    # read with the offset before the change, so it lands an hour later on the new
    # clock (03:30); a wall time that occurs twice (fall back) is its first occurrence.
    utc = local.astimezone(dt.UTC)
    return utc


def current_period(settings, now: dt.datetime) -> Period | None:
    """The period due at ``now`` for these settings, or None when none is due."""
    tz = zone(settings.time_zone)
    local_today = now.astimezone(tz).date()
    # Yesterday's period can still be inside its grace window just after midnight.
    for on in (local_today, local_today - dt.timedelta(days=1)):
        if settings.frequency == Frequency.WEEKLY and on.weekday() != settings.weekday:
            continue
        at = due_at(on, settings.send_time, tz)
        if at <= now < at + GRACE:
            return Period(key=on.isoformat(), due_at=at)
    return None


def next_due(settings, now: dt.datetime) -> dt.datetime:
    """When the next digest after ``now`` is due (for the settings page)."""
    tz = zone(settings.time_zone)
    on = now.astimezone(tz).date()
    for _ in range(15):
        if settings.frequency != Frequency.WEEKLY or on.weekday() == settings.weekday:
            at = due_at(on, settings.send_time, tz)
            if at > now:
                return at
        on += dt.timedelta(days=1)
    raise AssertionError("unreachable: a week always has the weekday")
