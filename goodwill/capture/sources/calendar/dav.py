"""A CalDAV account (Fastmail, iCloud, Nextcloud, Radicale, …) -> each event's ICS bytes.

The address may be the server's, the user's (a principal: every calendar of theirs is
read) or one calendar's (only that one is read). The `caldav` library is used under its
Apache-2.0 licence option.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import caldav
from caldav.elements import dav
from caldav.lib import error

from goodwill.capture.rules.seen import SourceError

TIMEOUT = 30  # seconds for each request
CALENDAR_TYPE = "{urn:ietf:params:xml:ns:caldav}calendar"


def fetch_caldav(
    url: str, username: str, password: str, *, since: dt.datetime | None = None
) -> list[bytes]:
    """Each event object (one ICS file per UID, its exceptions with it) of the calendars
    at `url`; only those with an occurrence from `since` on, when given.

    Raises SourceError naming the host: login refused, unreachable, no calendar there."""
    host = _host(url)
    try:
        with caldav.DAVClient(
            url=url.strip(), username=username, password=password, timeout=TIMEOUT
        ) as client:
            calendars = _calendars(client, url.strip())
            if not calendars:
                raise SourceError(f"{host} has no calendar for this account at this address")
            found: list[bytes] = []
            for calendar in calendars:
                found += [_bytes(obj) for obj in _events(calendar, since)]
    except SourceError:
        raise
    except error.AuthorizationError as exc:
        if getattr(exc, "status", None) == 403:  # logged in, but not allowed there
            message = f"{host} does not let this account read the calendar at this address"
            raise SourceError(message) from None
        raise SourceError(f"login refused by {host}; check the user name and password") from None
    except error.NotFoundError:
        raise SourceError(f"{host} has no calendar at this address; check the address") from None
    except error.DAVError:
        message = f"{host} did not answer like a calendar server; check the address"
        raise SourceError(message) from None
    except Exception as exc:  # the HTTP layer's errors: refused, timed out, broken TLS
        raise SourceError(_network_problem(exc, host)) from None
    return [data for data in found if data]


def _calendars(client: caldav.DAVClient, url: str) -> list:
    """The one calendar at `url` if it is a calendar, else every calendar of the user."""
    here = client.calendar(url=url)
    kinds = here.get_properties([dav.ResourceType()]).get(dav.ResourceType.tag)
    if kinds is not None and CALENDAR_TYPE in str(kinds):
        return [here]
    return [c for c in client.principal().calendars() if _holds_events(c)]


def _holds_events(calendar) -> bool:
    try:
        return "VEVENT" in calendar.get_supported_components()
    except Exception:  # a server that does not say: try it
        return True


def _events(calendar, since: dt.datetime | None) -> list:
    if since is None:
        return calendar.events()
    start = since if since.tzinfo else since.replace(tzinfo=dt.UTC)
    far = start + dt.timedelta(days=365 * 50)
    return calendar.search(event=True, start=start, end=far, expand=False)


def _bytes(obj) -> bytes:
    data = obj.data
    return data.encode("utf-8") if isinstance(data, str) else bytes(data or b"")


def _host(url: str) -> str:
    try:
        parts = urlsplit(str(url).strip())
        host = parts.hostname
    except ValueError:
        host = None
    if not host or parts.scheme.lower() not in ("http", "https"):
        raise SourceError("this is not a CalDAV address we can use; it should start with https://")
    return host


def _network_problem(exc: Exception, host: str) -> str:
    name = type(exc).__name__.lower()
    if "timeout" in name:
        return f"{host} did not answer in time; we will try again later"
    if "ssl" in name or "certificate" in name:
        return f"the secure connection to {host} failed; check the address"
    return f"cannot reach {host}; check the address, or try again later"
