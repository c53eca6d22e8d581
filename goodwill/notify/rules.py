"""Pure rules of notifications: what a URL may show of itself, quiet hours, back-off.

Quiet hours are read in the account's own time zone (``core.zones``: the zone of the
digest settings, else the server's).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings

from goodwill.core import zones

RETRY_MINUTES = (1, 5, 30, 120, 360)  # wait before attempt 2, 3, 4...
LEASE = dt.timedelta(minutes=5)
GRACE = dt.timedelta(hours=6)  # a morning summary not sent within this is skipped
MAX_NAMES = 5  # names in the morning summary


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def zone_of(owner) -> ZoneInfo:
    return zones.zone_of(owner)


def url_hint(url: str) -> str:
    """What a sealed URL shows of itself: the scheme and the host, never the rest."""
    scheme, _, rest = url.partition("://")
    if not rest:
        return "…"
    host = urlsplit(f"x://{rest}").hostname or ""
    return f"{scheme.lower()}://{host}/…" if host else f"{scheme.lower()}://…"


def in_quiet(config, local: dt.time) -> bool:
    """Whether a local wall time falls inside the quiet hours (which may cross midnight)."""
    if config is None or not config.quiet_enabled or config.quiet_start == config.quiet_end:
        return False
    start, end = config.quiet_start, config.quiet_end
    if start < end:
        return start <= local < end
    return local >= start or local < end


def after_quiet(config, now: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """``now``, or the end of the quiet hours it falls in (in UTC)."""
    local = now.astimezone(tz)
    if not in_quiet(config, local.time()):
        return now
    day = local.date()
    if local.time() >= config.quiet_end:  # before midnight: the quiet ends tomorrow
        day += dt.timedelta(days=1)
    end = dt.datetime.combine(day, config.quiet_end, tzinfo=tz).astimezone(dt.UTC)
    return max(end, now)


def retry_after(attempts: int) -> dt.timedelta:
    index = min(max(attempts, 1), len(RETRY_MINUTES)) - 1
    return dt.timedelta(minutes=RETRY_MINUTES[index])


def site_link(path: str) -> str:
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        path = "/"
    return settings.GOODWILL_SITE_URL + path


def names_line(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def push_endpoint_problem(endpoint: str) -> str | None:
    """A push endpoint is the browser vendor's address: https only (loopback http is
    allowed when GOODWILL_PUSH_ALLOW_HTTP is set, for tests)."""
    parts = urlsplit(endpoint or "")
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and getattr(settings, "GOODWILL_PUSH_ALLOW_HTTP", False):
        return None
    return "A push address must start with https://."
