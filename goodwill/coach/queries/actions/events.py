"""Events coming up or just over, and people met at them."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from goodwill.coach.models import Event, EventContact
from goodwill.coach.queries.actions.common import (
    PER_KIND_FETCH,
    Action,
    _candidate,
)
from goodwill.coach.queries.prep import event_prep_text
from goodwill.coach.rules import drafts
from goodwill.coach.rules.owed import Owed
from goodwill.coach.rules.plan import LIMIT
from goodwill.people.models import PersonEmail

# ---------------------------------------------------------------- events


def hours_left(start: dt.datetime, now: dt.datetime) -> str:
    hours = 48 - int((now - start).total_seconds() // 3600)
    return f"{hours} hours left" if hours > 0 else "a little late is still fine"


def event_candidates(owner, now: dt.datetime, today: dt.date, me: str, hidden: set[str]):
    soon = timezone.localtime(now).replace(hour=23, minute=59) + dt.timedelta(days=1)
    recent = now - dt.timedelta(hours=72)
    events = list(
        Event.objects.filter(owner=owner, starts_at__gte=recent, starts_at__lte=soon).order_by(
            "starts_at", "id"
        )[:PER_KIND_FETCH]
    )
    found = []
    for event in events:
        day = timezone.localdate(event.starts_at)
        if event.starts_at > now - dt.timedelta(hours=1):
            when = "today" if day == today else "tomorrow"
            action = Action(
                key=f"event:{event.pk}:1",
                kind="event",
                title=f"Prepare for {event.name}",
                reason=f"It is {when}. Two openers and a goal make the first minute easy.",
                url=reverse("coach.event", args=[event.pk]),
                draft=event_prep_text(event),
                subject=f"Prep for {event.name}",
                extra={"event_id": event.pk, "step": "prep"},
            )
        elif event.debriefed_at is None:
            action = Action(
                key=f"event:{event.pk}:2",
                kind="event",
                title=f"Debrief {event.name}",
                reason="Write down who you met while you still remember: a name and a line each.",
                url=reverse("coach.event", args=[event.pk]),
                draft=drafts.write("event_debrief", event=event.name).body,
                days_overdue=(today - day).days,
                extra={"event_id": event.pk, "step": "debrief"},
            )
        else:
            continue
        if action.key not in hidden:
            found.append(_candidate(action))
    met = (
        EventContact.objects.filter(
            owner=owner,
            person__isnull=False,
            followed_up_at__isnull=True,
            event__starts_at__gte=recent,
            event__starts_at__lte=now,
        )
        .select_related("event", "person")
        .prefetch_related(Prefetch("person__emails", queryset=PersonEmail.objects.all()))
        .order_by("event__starts_at", "position", "id")[: LIMIT + 1]
    )
    for contact in met:
        key = f"met:{contact.pk}"
        if key in hidden:
            continue
        action = Action(
            key=key,
            kind="met",
            title=f"Follow up with {contact.person.display_name}",
            reason=(
                f"You met at {contact.event.name}. A short note within 48 hours "
                f"({hours_left(contact.event.starts_at, now)})."
            ),
            url=reverse("people.detail", args=[contact.person_id]),
            person_id=contact.person_id,
            days_overdue=(today - timezone.localdate(contact.event.starts_at)).days,
            to=contact.person,
            legacy=lambda c=contact: drafts.write(
                "met",
                to=c.person,
                seed=c.pk,
                me=me,
                event=c.event.name,
                line=c.line or "your work",
            ),
        )
        facts = {
            "event": contact.event.name,
            "event_on": timezone.localdate(contact.event.starts_at),
        }
        if contact.line:
            facts["line"] = contact.line
        found.append(_candidate(action, owed=[Owed("event_follow_up", key=key, facts=facts)]))
    return found
