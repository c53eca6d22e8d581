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

from django.conf import settings
from django.core import signing
from django.urls import reverse

from goodwill.reminders.models import Frequency, ReminderSettings

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


VERIFY_SALT = "goodwill.reminders.verify"

UNSUBSCRIBE_SALT = "goodwill.reminders.unsubscribe"


def site_link(path: str) -> str:
    """An absolute link on the configured site (GOODWILL_SITE_URL), never another host."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        path = "/"
    return settings.GOODWILL_SITE_URL + path


def verification_token(config: ReminderSettings) -> str:
    return signing.dumps({"u": config.owner_id, "e": config.email.lower()}, salt=VERIFY_SALT)


def owner_of_verification(token: str) -> int | None:
    """The account a verification link was made for (None if the link is bad)."""
    try:
        return signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE).get("u")
    except signing.BadSignature:
        return None


def unsubscribe_token(owner_id: int) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(owner_id))


def unsubscribe_link(owner_id: int) -> str:
    return site_link(reverse("reminders.unsubscribe", args=[unsubscribe_token(owner_id)]))


def owner_of_unsubscribe(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def feed_link(secret: str) -> str:
    return site_link(reverse("reminders.feed", args=[secret]))


VERIFY_MAX_AGE = dt.timedelta(days=3)


def email_enabled() -> bool:
    return bool(settings.GOODWILL_EMAIL_ENABLED)
