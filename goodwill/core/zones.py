"""The account's own time zone: a time the user types is read in it, kept in UTC, shown in it.

Each account keeps its zone (today in its reminder settings: `digest settings --tz`, the
Reminders page, `PATCH /api/v1/reminders/settings`); an account that never chose one has
the server's (`GOODWILL_TIME_ZONE`). The area that keeps it offers it here
(`offer_zone_source`, connected in goodwill/wiring.py), so every way in can read it
without knowing where it lives:

- the web and the API activate it for the request (`goodwill.middleware.ZoneMiddleware`,
  `goodwill.api.auth` for a token), the CLI for the command (`cli.common.current_user`);
  then Django's `timezone.localdate()`, `localtime()`, the templates and the forms all
  use it;
- a typed time with no zone is read by `aware()` in the active zone; one with an explicit
  offset (`2026-12-15T09:00-05:00`, `…Z`) keeps it.

Daylight saving: a wall time that does not exist (the clocks jump from 02:00 to 03:00 in
New York on 8 March 2026) is refused with a message naming it; a wall time that happens
twice (01:30 on 1 November 2026 in New York) is the first of the two, before the clocks
go back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import timezone

from goodwill.core.rules import field_error

_CACHE = "_goodwill_zone"
_source: list[Callable[[object], str | None]] = []


def offer_zone_source(source: Callable[[object], str | None]) -> None:
    """Where the account's zone is kept: ``source(user)`` returns its name, or None."""
    _source[:] = [source]


def zone_name(user) -> str:
    """The account's zone name, else the server's. Kept on the user object once read."""
    if user is None or not getattr(user, "pk", None):
        return settings.TIME_ZONE
    cached = getattr(user, _CACHE, None)
    if cached:
        return cached
    name = (_source[0](user) if _source else None) or settings.TIME_ZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        name = settings.TIME_ZONE
    setattr(user, _CACHE, name)
    return name


def forget(user) -> None:
    """Read the zone afresh next time (after the account changed it)."""
    if user is not None and hasattr(user, _CACHE):
        delattr(user, _CACHE)


def zone_of(user) -> ZoneInfo:
    return ZoneInfo(zone_name(user))


def activate_for(user) -> ZoneInfo:
    """Make the account's zone the current one (until ``timezone.deactivate()``)."""
    zone = zone_of(user)
    timezone.activate(zone)
    return zone


def aware(value: dt.datetime, field: str, zone: dt.tzinfo | None = None) -> dt.datetime:
    """A typed datetime as an aware one: kept as it is when it names its offset, else read
    in ``zone`` (default: the active zone, the account's). A wall time the clocks skip is
    refused naming the field; one that happens twice is the first."""
    if timezone.is_aware(value):
        return value
    zone = zone or timezone.get_current_timezone()
    local = value.replace(tzinfo=zone, fold=0)
    if local.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != value:
        name = getattr(zone, "key", str(zone))
        raise field_error(
            field,
            f"{value:%Y-%m-%d %H:%M} does not exist in {name}: the clocks jump forward "
            "that night. Pick a time an hour later or earlier.",
        )
    return local
