"""What a notification says, and the lists the pages show.

A notification is short and carries names only: never a note, a need, or what was said.
The morning summary is the people Today suggests, with a link; a lead's clock says whose
lead and whom to contact; an event says its name and time. Every link is on
GOODWILL_SITE_URL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from goodwill.coach.models import Event
from goodwill.coach.queries.planner import today_actions
from goodwill.leads.models import Lead, LeadStatus
from goodwill.notify import rules
from goodwill.notify.models import (
    Channel,
    NotifySettings,
    PushDevice,
    QuickLog,
    QuickLogStatus,
    Topic,
)
from goodwill.people.models import Person
from goodwill.people.queries import find_people


@dataclass
class Draft:
    """One notification before it goes into the outbox."""

    topic: str
    key: str
    title: str
    body: str
    url: str
    expires_at: dt.datetime


def settings_of(owner) -> NotifySettings:
    """The account's settings (unsaved defaults when it has none yet)."""
    return NotifySettings.objects.filter(owner=owner).first() or NotifySettings(owner=owner)


def today_summary(owner, local_day: dt.date, expires_at: dt.datetime) -> Draft | None:
    """The morning summary: who Today suggests, by name, and a link. None if no one."""
    ids = []
    for action in today_actions(owner):
        if action.person_id and action.person_id not in ids:
            ids.append(action.person_id)
    names = dict(Person.objects.filter(owner=owner, pk__in=ids).values_list("pk", "display_name"))
    shown = [names[i] for i in ids if i in names][: rules.MAX_NAMES]
    if not shown:
        return None
    more = len([i for i in ids if i in names]) - len(shown)
    line = rules.names_line(shown) + (f", and {more} more" if more else "")
    who = "one person" if len(shown) + more == 1 else f"{len(shown) + more} people"
    return Draft(
        topic=Topic.TODAY,
        key=f"today:{local_day.isoformat()}",
        title=f"Today: {who} to reach",
        body=f"{line}. Your list with a draft for each is ready.",
        url=rules.site_link(reverse("home")),
        expires_at=expires_at,
    )


def leads_running_out(owner, local_day: dt.date, tz) -> list[Draft]:
    """Leads not yet contacted whose day to contact the prospect is today or tomorrow."""
    leads = Lead.objects.filter(
        owner=owner,
        status=LeadStatus.NEW,
        contact_due_on__gte=local_day,
        contact_due_on__lte=local_day + dt.timedelta(days=1),
    ).select_related("prospect", "referrer")
    found = []
    for lead in leads.order_by("contact_due_on", "id")[:10]:
        when = "today" if lead.contact_due_on == local_day else "tomorrow"
        end = dt.datetime.combine(lead.contact_due_on + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        found.append(
            Draft(
                topic=Topic.LEAD,
                key=f"lead:{lead.pk}:{lead.contact_due_on.isoformat()}",
                title=f"A lead to follow up {when}",
                body=(
                    f"{lead.referrer.display_name} passed you a lead: reach "
                    f"{lead.prospect.display_name} by {when}. A short hello is enough."
                ),
                url=rules.site_link(reverse("leads.detail", args=[lead.pk])),
                expires_at=end.astimezone(dt.UTC),
            )
        )
    return found


def events_tomorrow(owner, local_day: dt.date, tz) -> list[Draft]:
    start = dt.datetime.combine(local_day + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    end = start + dt.timedelta(days=1)
    found = []
    events = Event.objects.filter(owner=owner, starts_at__gte=start, starts_at__lt=end)
    for event in events.order_by("starts_at", "id")[:5]:
        at = event.starts_at.astimezone(tz)
        found.append(
            Draft(
                topic=Topic.EVENT,
                key=f"event:{event.pk}:{at.date().isoformat()}",
                title=f"Tomorrow at {at:%H:%M}: {event.name}"[:200],
                body="Your guide for it is ready: a goal, and openers to start with.",
                url=rules.site_link(reverse("coach.event", args=[event.pk])),
                expires_at=event.starts_at,
            )
        )
    return found


def channels(owner) -> list[Channel]:
    return list(Channel.objects.filter(owner=owner).order_by("name", "id"))


def devices(owner) -> list[PushDevice]:
    return list(PushDevice.objects.filter(owner=owner).order_by("created_at", "id"))


def waiting_logs(owner):
    """The "finish these" list: quick logs whose names need a word from the user."""
    return QuickLog.objects.filter(owner=owner, status=QuickLogStatus.WAITING).order_by(
        "occurred_at", "id"
    )


@dataclass
class NameChoice:
    name: str
    candidates: list[Person]


def name_choices(owner, item: QuickLog) -> list[NameChoice]:
    """For each name typed: everyone it could mean (none, one or several)."""
    return [NameChoice(name, find_people(owner, name)) for name in item.name_list()]
