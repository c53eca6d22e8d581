"""One iCalendar file -> the occurrences the user spent with other people, as `Seen`.

The rules, in the order they are applied to each occurrence:

- Repeating events are expanded by recurring-ical-events (RRULE, RDATE, EXDATE, and
  RECURRENCE-ID overrides, which may move, change or cancel one occurrence).
- An occurrence counts once it has happened: it ended at or before `now` and started at
  or after `since`.
- Cancelled ones are not interactions (STATUS:CANCELLED on the event or the occurrence,
  or a file sent as a cancellation, METHOD:CANCEL), nor events the user declined.
- The people are the organizer and the attendees, less the user (`own`), rooms and
  resources, and anyone who declined. None left: not an interaction. More than
  `max_attendees` others asked: a meeting, not relationships, so skipped.
- The time is the start, in UTC. A time with no zone (floating) is read in the calendar's
  X-WR-TIMEZONE, else in UTC. An all-day event is placed at noon of its day there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zoneinfo

import icalendar
import recurring_ical_events

from goodwill.capture.rules.seen import Address, Direction, Seen, SourceError

# Without `since`, occurrences are read from here on: a rule may start in year 1.
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# A series repeating more often than this is a reminder, not time spent with people; and
# expanding "every minute" for years would take the worker hours.
SUB_DAILY = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})
MAX_PER_DAY = 4
# CUTYPE values that are not a person one knows: meeting rooms, projectors, lists.
NOT_PEOPLE = frozenset({"ROOM", "RESOURCE", "GROUP"})
# Properties whose mere presence says the event has a video link.
VIDEO_PROPERTIES = (
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
)
VIDEO_LINK = re.compile(
    r"zoom\.(?:us|com)/|zoomgov\.com/|meet\.google\.com/|teams\.microsoft\.com/"
    r"|teams\.live\.com/|meet\.jit\.si/|jitsi|whereby\.com/|webex\.com/",
    re.IGNORECASE,
)
CALL_WORDS = re.compile(r"\b(?:call|calls|calling|called|phone|phoned|phoning)\b", re.I)
PHONE_NUMBER = re.compile(r"\+?[\d\s().\-/]+")
MARGIN = dt.timedelta(days=2)  # wider than any zone's offset: floating times are exact later


def read_ics(
    data: bytes,
    *,
    own: set[str],
    now: dt.datetime,
    since: dt.datetime | None = None,
    max_attendees: int = 8,
) -> list[Seen]:
    """Every occurrence in `data` (one iCalendar file, or a CalDAV object) that the user
    spent with other people and that has happened, oldest first.

    `own` holds the user's addresses, lower-case. Raises SourceError when `data` is not
    a calendar."""
    now = _utc(now)
    since = _utc(since) if since is not None else None
    own = {address.strip().lower() for address in own}
    found: dict[str, Seen] = {}
    for calendar in _calendars(data):
        if str(calendar.get("METHOD", "")).upper() == "CANCEL":
            continue
        zone = _zone(calendar)
        for occurrence in _occurrences(calendar, zone, since, now, own, max_attendees):
            seen = _seen(occurrence, zone, own, now, since, max_attendees)
            if seen is not None and seen.key not in found:
                found[seen.key] = seen
    return sorted(found.values(), key=lambda seen: (seen.occurred_at, seen.key))


def _calendars(data: bytes) -> list[icalendar.Calendar]:
    if isinstance(data, str):
        data = data.encode("utf-8")
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
    if not head.startswith(b"BEGIN:VCALENDAR"):
        raise _unreadable("it does not start like an .ics file (BEGIN:VCALENDAR)")
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as exc:  # the parser's many ways to refuse
        raise _unreadable(_short(exc)) from None
    calendars = [c for c in calendars if c.name == "VCALENDAR"]
    if not calendars:
        raise _unreadable("no calendar was found in it")
    return calendars


def _occurrences(calendar, zone, since, now, own, max_attendees):
    """Each occurrence that may have happened between `since` and `now`."""
    _keep_what_may_count(calendar, own, max_attendees)
    earliest = (since - MARGIN) if since else EARLIEST
    try:
        query = recurring_ical_events.of(calendar, skip_bad_series=True)
        return query.between(earliest.replace(tzinfo=None), (now + MARGIN).replace(tzinfo=None))
    except Exception as exc:  # a rule or a date the expansion cannot follow
        raise _unreadable(_short(exc)) from None


def _keep_what_may_count(calendar, own, max_attendees) -> None:
    """Leave out, before the costly expansion, the events that cannot become interactions:
    one without a readable start; a series (all its parts, by UID) spent with no one else,
    repeating more than a few times a day (a reminder, not a meeting), or begun before
    1970 (a birthday typed in by hand; its expansion would start in year 1)."""
    events: dict[str, list] = {}
    for component in calendar.subcomponents:
        if component.name == "VEVENT" and _first_start(component) is not None:
            events.setdefault(str(component.get("UID", "")), []).append(component)
    keep = {
        id(part)
        for parts in events.values()
        if not any(_too_often(part) or _too_old(part) for part in parts)
        and any(_may_count(part, own, max_attendees) for part in parts)
        for part in parts
    }
    calendar.subcomponents = [
        c for c in calendar.subcomponents if c.name != "VEVENT" or id(c) in keep
    ]


def _may_count(event, own, max_attendees) -> bool:
    people = _people(event, own)
    return people is not None and bool(people[0]) and people[1] <= max_attendees


def _first_start(event) -> dt.date | None:
    try:
        start = event.decoded("DTSTART")
    except Exception:  # missing, or a value no one can read
        return None
    return start if isinstance(start, dt.date) else None


def _too_old(event) -> bool:
    return _first_start(event).year < EARLIEST.year


def _too_often(event) -> bool:
    try:
        rules = event.get("RRULE", [])
        for rule in rules if isinstance(rules, list) else [rules]:
            if str((rule.get("FREQ") or [""])[0]).upper() in SUB_DAILY:
                return True
            per_day = 1
            for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):
                per_day *= max(1, len(rule.get(part) or []))
            if per_day > MAX_PER_DAY:
                return True
    except Exception:  # a rule no one can read cannot be followed either
        return True
    return False


def _seen(event, zone, own, now, since, max_attendees) -> Seen | None:
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    try:
        begin = event.decoded("DTSTART")
        end = _end(event, begin)
    except (KeyError, ValueError, TypeError):
        return None
    if not isinstance(begin, dt.date) or not isinstance(end, dt.date):
        return None
    occurred_at, ended_at = _start(begin, zone), _bound(end, zone)
    if ended_at > now or (since is not None and occurred_at < since):
        return None
    people = _people(event, own)
    if people is None:  # the user declined
        return None
    counterparts, asked = people
    if not counterparts or asked > max_attendees:
        return None
    uid = str(event.get("UID", "")).strip() or _made_up_uid(event, begin)
    all_day = not isinstance(begin, dt.datetime)
    return Seen(
        key=f"{uid}|{_ident(event, begin, zone)}",
        kind=_kind(event),
        occurred_at=occurred_at,
        direction=Direction.MET,
        counterparts=counterparts,
        subject=str(event.get("SUMMARY", "")).strip(),
        thread=f"{uid}|{_ident(event, begin, zone)}",
        source="calendar",
        extra={"uid": uid, "ends_at": ended_at.isoformat(), "all_day": all_day},
    )


def _people(event, own) -> tuple[tuple[Address, ...], int] | None:
    """(the others who took part, how many others were asked), or None if the user
    declined. The organizer counts as one of them."""
    organizer = event.get("ORGANIZER")
    attendees = event.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    names: dict[str, str] = {}
    declined: set[str] = set()
    for prop in ([organizer] if organizer is not None else []) + attendees:
        params = getattr(prop, "params", {})
        if str(params.get("CUTYPE", "")).upper() in NOT_PEOPLE:
            continue
        email = _email(prop)
        if not email:
            continue
        said_no = str(params.get("PARTSTAT", "")).upper() == "DECLINED"
        if email in own:
            if said_no:
                return None
            continue
        if said_no:
            declined.add(email)
        name = str(params.get("CN", "")).strip().strip('"').strip()
        if not names.get(email):
            names[email] = name
    counterparts = tuple(
        Address(email=email, name=names[email]) for email in sorted(names) if email not in declined
    )
    return counterparts, len(names)


def _email(prop) -> str:
    value = str(prop).strip()
    if value[:7].lower() == "mailto:":
        value = value[7:]
    elif ":" in value:  # urn:uuid:…, a URL: the address may be in EMAIL=
        value = str(getattr(prop, "params", {}).get("EMAIL", ""))
    value = value.strip().strip("<>").lower()
    return value if "@" in value and " " not in value else ""


def _kind(event) -> str:
    if any(name in event for name in VIDEO_PROPERTIES):
        return "video"
    texts = [str(event.get(name, "")) for name in ("LOCATION", "DESCRIPTION", "URL")]
    conference = event.get("CONFERENCE", [])
    texts += [str(c) for c in (conference if isinstance(conference, list) else [conference])]
    if any(VIDEO_LINK.search(text) for text in texts):
        return "video"
    location = str(event.get("LOCATION", "")).strip()
    if _is_phone(location) or CALL_WORDS.search(str(event.get("SUMMARY", ""))):
        return "call"
    return "meeting"


def _is_phone(location: str) -> bool:
    if location[:4].lower() == "tel:":
        return True
    digits = sum(ch.isdigit() for ch in location)
    return digits >= 7 and PHONE_NUMBER.fullmatch(location) is not None


def _end(event, begin):
    if "DTEND" in event:
        return event.decoded("DTEND")
    if "DURATION" in event:
        return begin + event.decoded("DURATION")
    if isinstance(begin, dt.datetime):
        return begin
    return begin + dt.timedelta(days=1)


def _start(value, zone) -> dt.datetime:
    """When an occurrence starting at `value` took place, in UTC: a day at its noon."""
    if isinstance(value, dt.datetime):
        return _utc(value, zone)
    return dt.datetime.combine(value, dt.time(12), zone).astimezone(dt.UTC)


def _bound(value, zone) -> dt.datetime:
    """An end in UTC: a day (an all-day event's DTEND, itself excluded) at its midnight."""
    if isinstance(value, dt.datetime):
        return _utc(value, zone)
    return dt.datetime.combine(value, dt.time(0), zone).astimezone(dt.UTC)


def _ident(event, begin, zone) -> str:
    """Which occurrence this is: its RECURRENCE-ID (its place in the series, kept when it
    is moved), else its start; in UTC, or the day for an all-day event."""
    rid = event.get("RECURRENCE-ID")
    value = rid.dt if rid is not None else begin
    if isinstance(value, dt.datetime):
        return _utc(value, zone).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _made_up_uid(event, begin) -> str:
    # A file without UIDs (hand-made exports): the summary and first start stand in.
    seed = f"{event.get('SUMMARY', '')}|{begin.isoformat()}"
    return "no-uid-" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]


def _zone(calendar) -> dt.tzinfo:
    name = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    if name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return dt.UTC


def _utc(value: dt.datetime, zone: dt.tzinfo = dt.UTC) -> dt.datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(dt.UTC)


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "…"


def _unreadable(reason: str) -> SourceError:
    return SourceError(f"this file is not a calendar we can read: {reason}")
