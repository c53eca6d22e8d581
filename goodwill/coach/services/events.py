"""Events: a modest goal, prep, quick capture of the people met, and a next-day debrief.

Capture is deliberately loose: one line per person, "Name - what they said" (a dash,
colon or comma separates the name from the line). The debrief turns each captured name
into a person of yours (or links an existing one), adds them to the event, and from then
on Today asks you to follow up with each within FOLLOW_UP_HOURS of the event.

Sharing a room is not knowing each other: the people met are linked to you (they are
your people, met at the event), not to each other, unless you say which of them know
each other (``together``); only those get a "knows" link, which paths and reach use.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone

from goodwill.coach.models import Event, EventContact
from goodwill.coach.services.launch import tick_launch_steps
from goodwill.core import zones
from goodwill.core.rules import (
    check_fields,
    clean_instance,
    field_error,
    resolve_owned,
    resolve_owned_many,
)
from goodwill.network import services as network
from goodwill.people import services as people_service
from goodwill.people.models import Person

FOLLOW_UP_HOURS = 48
DEFAULT_GOAL = "Meet three people and learn what each of them needs."
EVENT_FIELDS = ("name", "starts_at", "ends_at", "place", "goal", "notes")
SEPARATOR = re.compile(r"\s+[-\u2013\u2014:]\s+|\s*[,:]\s+|\s+[\u2013\u2014]\s*")
MAX_CAPTURE = 100


def _moment(value, field: str) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            raise field_error(
                field, f"{text!r} is not a date and time (YYYY-MM-DD HH:MM)."
            ) from None
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(18, 0))
    if not isinstance(value, dt.datetime):
        raise field_error(field, f"{value!r} is not a date and time.")
    value = zones.aware(value, field)  # a time without a zone is the account's
    try:  # in UTC: PostgreSQL refuses offsets beyond ±15:59 that Python accepts (±23:59)
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise field_error(field, f"{value.isoformat()} is out of range.") from None


def _apply(event: Event, fields: dict) -> None:
    check_fields(fields, EVENT_FIELDS)
    for name in ("name", "place", "goal", "notes"):
        if name in fields:
            text = fields[name] or ""
            setattr(event, name, text.strip() if name == "notes" else " ".join(text.split()))
    if "starts_at" in fields:
        event.starts_at = _moment(fields["starts_at"], "starts_at")
    if "ends_at" in fields:
        event.ends_at = _moment(fields["ends_at"], "ends_at")
    if not event.name:
        raise field_error("name", "Name the event.")
    if event.starts_at is None:
        raise field_error("starts_at", "Say when it starts.")
    if event.ends_at and event.ends_at < event.starts_at:
        raise field_error("ends_at", "It cannot end before it starts.")
    clean_instance(event, exclude=["owner", "people"])


@transaction.atomic
def create_event(*, owner, people=(), **fields) -> Event:
    fields.setdefault("goal", DEFAULT_GOAL)
    event = Event(owner=owner)
    _apply(event, fields)
    event.save()
    if people:
        event.people.set(resolve_owned_many(Person, owner, people, "people"))
    tick_launch_steps(owner=owner)
    return event


@transaction.atomic
def update_event(*, owner, event: Event, people=None, **fields) -> Event:
    event = resolve_owned(Event, owner, event, "event")
    _apply(event, fields)
    event.save()
    if people is not None:
        event.people.set(resolve_owned_many(Person, owner, people, "people"))
    return event


@transaction.atomic
def delete_event(*, owner, event: Event) -> None:
    resolve_owned(Event, owner, event, "event").delete()


def parse_capture(text: str) -> list[tuple[str, str]]:
    """ "Ana Ruiz - building a design studio" lines -> [(name, line)]."""
    found = []
    for raw in (text or "").splitlines():
        line = " ".join(raw.strip().lstrip("-*•").split())
        if not line:
            continue
        parts = SEPARATOR.split(line, maxsplit=1)
        name = parts[0].strip()
        rest = parts[1].strip() if len(parts) > 1 else ""
        found.append((name[:200], rest[:300]))
    return found


@transaction.atomic
def capture_people(*, owner, event: Event, text: str = "", entries=()) -> list[EventContact]:
    """Add the people met: ``text`` (one "Name - line" per line) or ``entries`` of
    (name, line) / {"name", "line"}. Names must be non-empty."""
    event = resolve_owned(Event, owner, event, "event")
    pairs = list(parse_capture(text))
    for entry in entries:
        name, line = (
            (entry.get("name"), entry.get("line", "")) if isinstance(entry, dict) else entry
        )
        pairs.append((" ".join((name or "").split())[:200], " ".join((line or "").split())[:300]))
    if not pairs:
        raise field_error("text", "Write one person per line: a name, then one line about them.")
    if len(pairs) > MAX_CAPTURE:
        raise field_error("text", f"Capture at most {MAX_CAPTURE} people at a time.")
    for index, (name, _line) in enumerate(pairs, 1):
        if not name:
            raise field_error("text", f"Line {index} has no name.")
    start = EventContact.objects.filter(event=event).count()
    return EventContact.objects.bulk_create(
        EventContact(owner=owner, event=event, name=name, line=line, position=start + i)
        for i, (name, line) in enumerate(pairs)
    )


@transaction.atomic
def debrief_event(*, owner, event: Event, drop=(), together=()) -> list[EventContact]:
    """Turn the captured names into people (matching an existing person by exact name),
    add them to the event, and mark the event debriefed. ``drop``: contact ids to forget;
    ``together``: contact ids of people who know each other (at least two), linked."""
    event = resolve_owned(Event, owner, event, "event")
    contacts = list(EventContact.objects.filter(event=event))
    dropped = {c.pk for c in resolve_owned_many(EventContact, owner, drop, "drop")}
    if any(pk not in {c.pk for c in contacts} for pk in dropped):
        raise field_error("drop", "Only people captured at this event can be dropped.")
    linked = {c.pk for c in resolve_owned_many(EventContact, owner, together, "together")}
    if any(pk not in {c.pk for c in contacts} for pk in linked):
        raise field_error("together", "Only people captured at this event can be linked.")
    if linked & dropped:
        raise field_error("together", "Someone forgotten cannot be linked to the others.")
    if len(linked) == 1:
        raise field_error("together", "Tick at least two people who know each other.")
    EventContact.objects.filter(pk__in=dropped).delete()
    kept = [c for c in contacts if c.pk not in dropped]
    met_on = timezone.localdate(event.starts_at)
    for contact in kept:
        if contact.person_id:
            continue
        existing = Person.objects.filter(
            owner=owner, display_name__iexact=contact.name, is_me=False
        ).first()
        contact.person = existing or people_service.create_person(
            owner=owner,
            display_name=contact.name,
            about=contact.line,
            met_how=f"Met at {event.name}"[:500],
            met_on=met_on,
        )
        contact.save(update_fields=["person", "updated_at"])
    event.people.add(*[c.person_id for c in kept])
    known = [c.person for c in kept if c.pk in linked]
    if len(known) >= 2:  # only those the user says know each other
        network.link_event_people(owner=owner, event=event, people=known, limit=len(known))
    event.debriefed_at = timezone.now()
    event.save(update_fields=["debriefed_at", "updated_at"])
    return kept
