"""The iCalendar feed a calendar app subscribes to.

What it carries: catch-ups due (all-day, on the due day or today when overdue), lead
deadlines and report-backs (all-day), and events (timed, in the account's time zone
with its VTIMEZONE). Titles name people and the lead's opportunity; notes, lead details
and event goals are in it only when the owner opted in (``feed_include_notes``).
Nothing in it depends on a request: links use GOODWILL_SITE_URL.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse

from goodwill.coach.models import Event
from goodwill.leads.queries import due_actions
from goodwill.people.models import Person
from goodwill.reminders import rules as schedule
from goodwill.reminders.models import ReminderSettings
from goodwill.reminders.rules import site_link

HORIZON_DAYS = 120
PAST_EVENT_DAYS = 30
LIMIT = 500


def _uid(kind: str, pk) -> str:
    host = urlsplit(settings.GOODWILL_SITE_URL).hostname or "goodwill.invalid"
    return f"{kind}-{pk}@{host}"


def _all_day(kind: str, pk, summary: str, on: dt.date, url: str, stamp, description=""):
    event = icalendar.Event()
    event.add("uid", _uid(kind, pk))
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", on)
    event.add("dtend", on + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("url", url)
    event.add("description", (description + "\n\n" if description else "") + url)
    return event


def _catch_ups(owner, today: dt.date, stamp):
    people = (
        Person.objects.filter(
            owner=owner,
            archived=False,
            is_me=False,
            next_due_on__lte=today + dt.timedelta(days=HORIZON_DAYS),
        )
        .order_by("next_due_on", "id")
        .only("pk", "display_name", "next_due_on")[:LIMIT]
    )
    for person in people:
        url = site_link(reverse("people.detail", args=[person.pk]))
        on = max(person.next_due_on, today)
        yield _all_day("catchup", person.pk, f"Catch up with {person.display_name}", on, url, stamp)


def _leads(owner, today: dt.date, stamp, notes: bool):
    for action in due_actions(owner, today=today)[:LIMIT]:
        obj = action.lead or action.referral
        kind = "lead" if action.lead is not None else "referral"
        path = (
            reverse("leads.detail", args=[obj.pk]) if kind == "lead" else reverse("referrals.list")
        )
        details = getattr(obj, "details", "") if notes else ""
        yield _all_day(
            f"{kind}-{action.kind}",
            obj.pk,
            action.reason,
            max(action.due_on, today),
            site_link(path),
            stamp,
            description=details,
        )


def _events(owner, now: dt.datetime, tz, stamp, notes: bool):

    events = Event.objects.filter(
        owner=owner,
        starts_at__gte=now - dt.timedelta(days=PAST_EVENT_DAYS),
        starts_at__lt=now + dt.timedelta(days=HORIZON_DAYS),
    ).order_by("starts_at", "id")[:LIMIT]
    for item in events:
        event = icalendar.Event()
        event.add("uid", _uid("event", item.pk))
        event.add("dtstamp", stamp)
        event.add("summary", item.name)
        start = item.starts_at.astimezone(tz)
        event.add("dtstart", start)
        end = item.ends_at.astimezone(tz) if item.ends_at else start + dt.timedelta(hours=1)
        event.add("dtend", end)
        if item.place:
            event.add("location", item.place)
        if notes:
            text = "\n\n".join(t for t in (item.goal, item.notes) if t)
            if text:
                event.add("description", text)
        yield event


def build_feed(config: ReminderSettings, *, now: dt.datetime) -> bytes:
    owner = config.owner
    tz = schedule.zone(config.time_zone)
    today = now.astimezone(tz).date()
    stamp = now.astimezone(dt.UTC)
    notes = config.feed_include_notes
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Goodwill//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Goodwill")
    calendar.add("x-wr-timezone", config.time_zone)
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for part in (
        _catch_ups(owner, today, stamp),
        _leads(owner, today, stamp, notes),
        _events(owner, now, tz, stamp, notes),
    ):
        for event in part:
            calendar.add_component(event)
    calendar.add_missing_timezones(
        first_date=today - dt.timedelta(days=PAST_EVENT_DAYS + 1),
        last_date=today + dt.timedelta(days=HORIZON_DAYS + 1),
    )
    return calendar.to_ical()
