"""Keep-in-touch cadences: next due = last interaction + interval.

The interval is the person's own, or else the shortest among their tags' defaults.
Any logged interaction resets the clock (and ends a snooze); so does any other touch
(a give, a report-back, an introduction step, a message sent, a promise kept), recorded
by ``touch`` in ``Person.last_touch_at``. A snooze pushes the due date out without
pretending a conversation happened. The last interaction is read
from the participations (people.queries.participations), so this module imports
nothing of the interactions area, which calls ``refresh`` after every change to the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from goodwill.core.rules import clean_instance, field_error, resolve_owned
from goodwill.people.models import CADENCE_MAX_DAYS, Person
from goodwill.people.queries import participations


def today() -> dt.date:
    return timezone.localdate()


def due_date(
    *,
    interval: int | None,
    last_contact_at: dt.datetime | None,
    created_at: dt.datetime,
    snoozed_until: dt.date | None,
    first_due_on: dt.date | None = None,
) -> dt.date | None:
    if not interval:
        return None
    if last_contact_at is None and first_due_on is not None:
        due = first_due_on  # picked to hear from: the first hello is due then, not later
    else:
        start = last_contact_at or created_at
        due = timezone.localdate(start) + dt.timedelta(days=interval)
    if snoozed_until and snoozed_until > due:
        return snoozed_until
    return due


def effective_intervals(person_ids: list[int]) -> dict[int, int]:
    """Each person's interval in days: their own, or the shortest of their tags'."""
    tag_min = dict(
        Person.tags.through.objects.filter(
            person_id__in=person_ids, tag__cadence_days__isnull=False
        )
        .values("person_id")
        .annotate(m=Min("tag__cadence_days"))
        .values_list("person_id", "m")
    )
    own = dict(
        Person.objects.filter(pk__in=person_ids, cadence_days__isnull=False).values_list(
            "pk", "cadence_days"
        )
    )
    return {**tag_min, **own}


def refresh(*, owner, person_ids: Iterable[int]) -> None:
    """Recompute last contact (the latest interaction or touch) and next due date."""
    ids = list(set(person_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        last = dict(
            participations()
            .filter(person_id__in=chunk)
            .values("person_id")
            .annotate(m=Max("occurred_at"))
            .values_list("person_id", "m")
        )
        intervals = effective_intervals(chunk)
        people = list(
            Person.objects.filter(owner=owner, pk__in=chunk).only(
                *("pk", "is_me", "created_at", "snoozed_until", "first_due_on"),
                *("last_contact_at", "next_due_on", "last_touch_at"),
            )
        )
        changed = []
        for p in people:
            last_at = max(
                (t for t in (last.get(p.pk), p.last_touch_at) if t is not None), default=None
            )
            nxt = (
                None
                if p.is_me
                else due_date(
                    interval=intervals.get(p.pk),
                    last_contact_at=last_at,
                    created_at=p.created_at,
                    snoozed_until=p.snoozed_until,
                    first_due_on=p.first_due_on,
                )
            )
            if (p.last_contact_at, p.next_due_on) != (last_at, nxt):
                p.last_contact_at, p.next_due_on = last_at, nxt
                changed.append(p)
        Person.objects.bulk_update(changed, ["last_contact_at", "next_due_on"], batch_size=500)


@transaction.atomic
def touch(*, owner, person_ids: Iterable[int], when: dt.datetime | None = None) -> None:
    """Something that is not an interaction happened with these people (a give, a
    report-back, an introduction step, a message, a promise kept): it counts as contact.
    Their clock restarts from ``when`` (default now) unless they were in touch later, and
    a snooze ends, as after a logged interaction. Ids of other accounts are ignored."""
    now = timezone.now()
    moment = when or now
    if not isinstance(moment, dt.datetime):  # a day: noon that day, but never in the future
        moment = timezone.make_aware(dt.datetime.combine(moment, dt.time(12, 0)))
    elif timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    moment = min(moment, now)
    ids = list(
        Person.objects.filter(owner=owner, pk__in=set(person_ids), is_me=False).values_list(
            "pk", flat=True
        )
    )
    if not ids:
        return
    people = Person.objects.filter(pk__in=ids)
    people.filter(Q(last_touch_at__isnull=True) | Q(last_touch_at__lt=moment)).update(
        last_touch_at=moment
    )
    people.update(snoozed_until=None)
    refresh(owner=owner, person_ids=ids)


@transaction.atomic
def set_cadence(*, owner, person: Person, days: int | None) -> Person:
    """Set a person's own keep-in-touch interval; None falls back to their tags."""
    person = resolve_owned(Person, owner, person, "person")
    if person.is_me:
        raise field_error("cadence_days", "You do not need to keep in touch with yourself.")
    person.cadence_days = days or None
    clean_instance(person, exclude=["owner", "organization", "introduced_by", "photo"])
    person.save(update_fields=["cadence_days", "updated_at"])
    refresh(owner=owner, person_ids=[person.pk])
    person.refresh_from_db()
    return person


@transaction.atomic
def snooze(
    *, owner, person: Person, until: dt.date | None = None, days: int | None = None
) -> Person:
    """Push the next catch-up out to a date (or by a number of days); None ends a snooze."""
    person = resolve_owned(Person, owner, person, "person")
    if days is not None:
        if not 1 <= days <= 365:
            raise field_error("days", "Snooze for 1 to 365 days.")
        until = today() + dt.timedelta(days=days)
    if until is not None and until <= today():
        raise field_error("until", "Snooze until a day after today.")
    person.snoozed_until = until
    person.save(update_fields=["snoozed_until", "updated_at"])
    refresh(owner=owner, person_ids=[person.pk])
    person.refresh_from_db()
    return person


@transaction.atomic
def set_rhythm(*, owner, person: Person, interval_days: int | None, due_now: bool = True) -> Person:
    """Keep in touch with this person every ``interval_days`` (None: no rhythm of their own).

    With ``due_now`` and nothing logged with them yet, the first catch-up is due today
    (a first hello), not one interval after they were added: that is what choosing
    someone "to hear from" means. Once anything is logged, the clock runs from that.
    None ("not now") removes their own rhythm and that first hello.
    """
    person = resolve_owned(Person, owner, person, "person")
    if person is None:
        raise field_error("person", "Choose a person.")
    if person.is_me:
        raise field_error("cadence_days", "You do not need to keep in touch with yourself.")
    if interval_days is not None and (
        isinstance(interval_days, bool)
        or not isinstance(interval_days, int)
        or not 1 <= interval_days <= CADENCE_MAX_DAYS
    ):
        raise field_error(
            "cadence_days", f"Choose a rhythm of 1 to {CADENCE_MAX_DAYS} days between catch-ups."
        )
    person.cadence_days = interval_days
    if interval_days is None:
        person.first_due_on = None
    elif due_now and person.last_contact_at is None:
        person.first_due_on = min(today(), person.first_due_on or today())
        person.snoozed_until = None
    person.save(update_fields=["cadence_days", "first_due_on", "snoozed_until", "updated_at"])
    refresh(owner=owner, person_ids=[person.pk])
    person.refresh_from_db()
    return person
