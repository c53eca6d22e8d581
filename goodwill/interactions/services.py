"""Logging touchpoints, and the things to ask about next time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from goodwill.core.rules import (
    UNSET,
    clean_instance,
    field_error,
    resolve_owned,
    resolve_owned_many,
)
from goodwill.interactions.models import AskNext, Interaction, Kind, Participation
from goodwill.network.services import link_participants
from goodwill.people import services as people
from goodwill.people.models import Person


def _occurred(value) -> dt.datetime:
    if value is None or value == "":
        return timezone.now()
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(12, 0))
    else:
        raise field_error("occurred_at", f"{value!r} is not a date and time.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now() + dt.timedelta(days=1):
        raise field_error(
            "occurred_at", "An interaction that has happened cannot be in the future."
        )
    return moment


def _participants(owner, participants, new_people: Iterable[str]) -> list[Person]:
    found = resolve_owned_many(Person, owner, participants or [], "participants")
    if any(p.is_me for p in found):
        raise field_error("participants", "You take part in every interaction; name the others.")
    for name in new_people or []:
        name = " ".join(name.split())
        if name:
            found.append(people.create_person(owner=owner, display_name=name))
    if not found:
        raise field_error("participants", "Name at least one person who took part.")
    return found


def _initiator(owner, value, participants: list[Person]):
    if value in (None, ""):
        return None
    if value == "me":
        return people.ensure_me(owner=owner)
    if value == "them":
        return participants[0]
    person = resolve_owned(Person, owner, value, "initiated_by")
    if not person.is_me and person.pk not in {p.pk for p in participants}:
        raise field_error("initiated_by", "Whoever started it must have taken part.")
    return person


def _add_asks(owner, interaction, participants: list[Person], asks) -> list[AskNext]:
    created = []
    by_id = {p.pk: p for p in participants}
    for item in asks or []:
        if isinstance(item, str):
            text, person = item, participants[0]
        else:
            text = item.get("text", "")
            person = by_id.get(int(item.get("person") or participants[0].pk))
            if person is None:
                raise field_error("ask_next", "A thing to ask next time belongs to a participant.")
        text = " ".join((text or "").split())
        if not text:
            continue
        if len(text) > 300:
            raise field_error("ask_next", "Keep each thing to ask next time under 300 characters.")
        created.append(AskNext(owner=owner, person=person, text=text, source=interaction))
    return AskNext.objects.bulk_create(created)


def _tick(owner, interaction, asked, participant_ids: set[int]) -> None:
    items = resolve_owned_many(AskNext, owner, asked or [], "asked")
    for item in items:
        if item.person_id not in participant_ids:
            raise field_error("asked", f"{item.text!r} belongs to someone who was not there.")
    AskNext.objects.filter(pk__in=[i.pk for i in items], done_at__isnull=True).update(
        done_at=interaction.occurred_at, done_in=interaction
    )


@transaction.atomic
def log_interaction(
    *,
    owner,
    participants=(),
    kind: str = Kind.COFFEE,
    occurred_at=None,
    summary: str = "",
    notes: str = "",
    initiated_by=None,
    ask_next=(),
    asked=(),
    new_people: Iterable[str] = (),
) -> Interaction:
    """Record a touchpoint. Any interaction resets each participant's cadence clock."""
    if kind not in Kind.values:
        raise field_error("kind", f"{kind!r} is not one of {', '.join(Kind.values)}.")
    moment = _occurred(occurred_at)
    who = _participants(owner, participants, new_people)
    interaction = Interaction(
        owner=owner,
        occurred_at=moment,
        kind=kind,
        summary=(summary or "").strip(),
        notes=(notes or "").strip(),
    )
    interaction.initiated_by = _initiator(owner, initiated_by, who)
    clean_instance(interaction, exclude=["owner", "initiated_by"])
    interaction.save()
    Participation.objects.bulk_create(
        Participation(interaction=interaction, person=p, occurred_at=moment) for p in who
    )
    _add_asks(owner, interaction, who, ask_next)
    _tick(owner, interaction, asked, {p.pk for p in who})
    # A new conversation ends any snooze: the clock starts again from today.
    Person.objects.filter(pk__in=[p.pk for p in who]).update(snoozed_until=None)
    refresh(owner=owner, person_ids=[p.pk for p in who])
    link_participants(owner=owner, interaction=interaction, people=who)
    return interaction


@transaction.atomic
def update_interaction(
    *,
    owner,
    interaction,
    participants=None,
    kind=UNSET,
    occurred_at=UNSET,
    summary=UNSET,
    notes=UNSET,
    initiated_by=UNSET,
) -> Interaction:
    interaction = resolve_owned(Interaction, owner, interaction, "interaction")
    before = set(interaction.participants.values_list("pk", flat=True))
    if kind is not UNSET:
        if kind not in Kind.values:
            raise field_error("kind", f"{kind!r} is not one of {', '.join(Kind.values)}.")
        interaction.kind = kind
    if occurred_at is not UNSET:
        interaction.occurred_at = _occurred(occurred_at)
    if summary is not UNSET:
        interaction.summary = (summary or "").strip()
    if notes is not UNSET:
        interaction.notes = (notes or "").strip()
    if participants is not None:
        who = _participants(owner, participants, [])
    else:
        who = list(interaction.participants.all())
    if initiated_by is not UNSET:
        interaction.initiated_by = _initiator(owner, initiated_by, who)
    elif interaction.initiated_by_id and not (
        interaction.initiated_by.is_me or interaction.initiated_by_id in {p.pk for p in who}
    ):
        interaction.initiated_by = None
    clean_instance(interaction, exclude=["owner", "initiated_by"])
    interaction.save()
    after = {p.pk for p in who}
    if participants is not None:
        Participation.objects.filter(interaction=interaction).exclude(person_id__in=after).delete()
        Participation.objects.bulk_create(
            [
                Participation(
                    interaction=interaction, person=p, occurred_at=interaction.occurred_at
                )
                for p in who
                if p.pk not in before
            ]
        )
    Participation.objects.filter(interaction=interaction).update(
        occurred_at=interaction.occurred_at
    )
    refresh(owner=owner, person_ids=before | after)
    return interaction


@transaction.atomic
def delete_interaction(*, owner, interaction) -> None:
    interaction = resolve_owned(Interaction, owner, interaction, "interaction")
    ids = list(interaction.participants.values_list("pk", flat=True))
    interaction.delete()
    refresh(owner=owner, person_ids=ids)


@transaction.atomic
def add_ask_next(*, owner, person, text: str) -> AskNext:
    person = resolve_owned(Person, owner, person, "person")
    text = " ".join((text or "").split())
    if not text:
        raise field_error("text", "Write what to ask about.")
    item = AskNext(owner=owner, person=person, text=text)
    clean_instance(item, exclude=["owner", "person", "source", "done_in"])
    item.save()
    return item


@transaction.atomic
def set_ask_done(*, owner, item, done: bool = True) -> AskNext:
    item = resolve_owned(AskNext, owner, item, "item")
    item.done_at = timezone.now() if done else None
    if not done:
        item.done_in = None
    item.save(update_fields=["done_at", "done_in", "updated_at"])
    return item


@transaction.atomic
def delete_ask_next(*, owner, item) -> None:
    resolve_owned(AskNext, owner, item, "item").delete()


def today() -> dt.date:
    return timezone.localdate()


def due_date(
    *,
    interval: int | None,
    last_contact_at: dt.datetime | None,
    created_at: dt.datetime,
    snoozed_until: dt.date | None,
) -> dt.date | None:
    if not interval:
        return None
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
    """Recompute last contact and next due date for these people."""
    ids = list(set(person_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        last = dict(
            Participation.objects.filter(person_id__in=chunk)
            .values("person_id")
            .annotate(m=Max("occurred_at"))
            .values_list("person_id", "m")
        )
        intervals = effective_intervals(chunk)
        people = list(
            Person.objects.filter(owner=owner, pk__in=chunk).only(
                "pk", "is_me", "created_at", "snoozed_until", "last_contact_at", "next_due_on"
            )
        )
        changed = []
        for p in people:
            last_at = last.get(p.pk)
            nxt = (
                None
                if p.is_me
                else due_date(
                    interval=intervals.get(p.pk),
                    last_contact_at=last_at,
                    created_at=p.created_at,
                    snoozed_until=p.snoozed_until,
                )
            )
            if (p.last_contact_at, p.next_due_on) != (last_at, nxt):
                p.last_contact_at, p.next_due_on = last_at, nxt
                changed.append(p)
        Person.objects.bulk_update(changed, ["last_contact_at", "next_due_on"], batch_size=500)


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
