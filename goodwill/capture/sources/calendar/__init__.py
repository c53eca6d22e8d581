"""Calendars as a capture source: events the user attended with other people, read from
an iCalendar file, a private ICS address or a CalDAV server, as `Seen` items.

    read_ics(data, own=..., now=...)            one .ics file -> [Seen]
    fetch_ics_url(url)                          a private ICS address -> the file's bytes
    fetch_caldav(url, username, password)       a CalDAV account -> each event's ICS bytes

Reading (read.py) never touches the network; fetching (web.py, dav.py) never parses
events. What is kept and what is not is told in docs/capture.md ("Calendars").
"""

from goodwill.capture.sources.calendar.dav import fetch_caldav
from goodwill.capture.sources.calendar.read import read_ics
from goodwill.capture.sources.calendar.web import fetch_ics_url

__all__ = ["fetch_caldav", "fetch_ics_url", "read_ics"]
