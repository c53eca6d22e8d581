from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from goodwill.interactions.models import AskNext, Interaction, Participation, Promise
from goodwill.people.models import Person
from goodwill.people.queries import today
from goodwill.people.queries import today as current_day


def due(owner, *, on: dt.date | None = None) -> QuerySet[Person]:
    """People whose catch-up is due on or before a day (default: today), most overdue first."""
    return (
        Person.objects.filter(
            owner=owner, archived=False, is_me=False, next_due_on__lte=on or today()
        )
        .select_related("organization")
        .order_by("next_due_on", "display_name", "id")
    )


def due_page(owner, *, on: dt.date | None = None, limit: int = 50) -> tuple[list[Person], int]:
    """The first `limit` people due (0: all), and how many more are due after them."""
    qs = due(owner, on=on)
    people = list(qs[:limit] if limit else qs)
    more = qs.count() - len(people) if limit and len(people) == limit else 0
    return people, more


def recent_interactions(owner, *, limit: int = 10) -> QuerySet[Interaction]:
    return (
        Interaction.objects.filter(owner=owner)
        .prefetch_related(
            Prefetch("participants", queryset=Person.objects.only("pk", "display_name", "owner_id"))
        )
        .order_by("-occurred_at", "-id")[:limit]
    )


def open_asks(owner, *, limit: int = 10) -> QuerySet[AskNext]:
    """Things still to ask, oldest first, of people who are not archived."""
    return (
        AskNext.objects.filter(owner=owner, done_at__isnull=True, person__archived=False)
        .select_related("person")
        .order_by("created_at", "id")[:limit]
    )


def open_asks_of(owner, person_ids) -> list[AskNext]:
    """Open things to ask of these people (for ticking them off while logging)."""
    ids = [int(i) for i in person_ids]
    if not ids:
        return []
    return list(
        AskNext.objects.filter(owner=owner, person_id__in=ids, done_at__isnull=True)
        .select_related("person")
        .order_by("person__display_name", "created_at", "id")
    )


def open_promises(
    owner, today: dt.date | None = None, *, person=None, limit: int | None = None
) -> list[Promise]:
    """Promises not kept yet, of people who are not archived, soonest due first (overdue
    ones lead). Each carries ``days_left`` from ``today`` (negative: overdue by that many
    days) for Today's planner and the pages."""
    on = today or current_day()
    qs = (
        Promise.objects.filter(owner=owner, done_at__isnull=True, person__archived=False)
        .select_related("person")
        .order_by("due_on", "id")
    )
    if person is not None:
        qs = qs.filter(person=person)
    items = list(qs[:limit] if limit else qs)
    for item in items:
        item.days_left = (item.due_on - on).days
    return items


def person_timeline(owner, person, *, timeline_limit: int) -> dict:
    """The person page's history: the latest interactions (and whether there are more)
    and the things to ask them, in four queries."""
    interaction_ids = list(
        Participation.objects.filter(person=person)
        .order_by("-occurred_at", "-interaction_id")
        .values_list("interaction_id", flat=True)[: timeline_limit + 1]
    )
    more_timeline = len(interaction_ids) > timeline_limit
    interaction_ids = interaction_ids[:timeline_limit]
    timeline = list(
        Interaction.objects.filter(pk__in=interaction_ids)
        .select_related("initiated_by")
        .prefetch_related(
            Prefetch("participants", queryset=Person.objects.only("pk", "display_name", "owner_id"))
        )
        .order_by("-occurred_at", "-id")
    )
    asks = list(AskNext.objects.filter(person=person).order_by("done_at", "created_at", "id"))
    return {
        "promises": open_promises(owner, person=person),
        "timeline": timeline,
        "more_timeline": more_timeline,
        "open_asks": [a for a in asks if a.done_at is None],
        "done_asks": [a for a in asks if a.done_at is not None][-10:],
    }
