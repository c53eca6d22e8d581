"""Who knows whom: every relationship is two directed rows, written together."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from goodwill.core.rules import field_error, resolve_owned
from goodwill.network.models import Relationship, RelKind, RelSource, inverse_kind
from goodwill.people.models import Person
from goodwill.people.rules import resolve_two_people


@transaction.atomic
def connect_people(
    *,
    owner,
    a,
    b,
    kind: str = RelKind.KNOWS,
    strength: int = 3,
    since: dt.date | None = None,
    source: str = RelSource.MANUAL,
    source_interaction=None,
) -> Relationship:
    """Record (or update) that b is a's <kind>; the reverse row is written with it."""
    a, b = resolve_two_people(owner, a, b, same="A relationship needs two different people.")
    if kind not in RelKind.values:
        raise field_error("kind", f"{kind!r} is not one of {', '.join(RelKind.values)}.")
    try:
        strength = int(strength)
    except (TypeError, ValueError):
        raise field_error("strength", "Strength is a number from 1 to 5.") from None
    if not 1 <= strength <= 5:
        raise field_error("strength", "Strength is a number from 1 to 5.")
    if source not in RelSource.values:
        raise field_error("source", f"{source!r} is not a relationship source.")
    rows = {}
    for src, dst, k in ((a, b, kind), (b, a, inverse_kind(kind))):
        rel, _ = Relationship.objects.update_or_create(
            src=src,
            dst=dst,
            defaults={
                "owner": owner,
                "kind": k,
                "strength": strength,
                "since": since,
                "source": source,
                "source_interaction": source_interaction,
            },
        )
        rows[src.pk] = rel
    return rows[a.pk]


@transaction.atomic
def disconnect_people(*, owner, a, b) -> int:
    a = resolve_owned(Person, owner, a, "a")
    b = resolve_owned(Person, owner, b, "b")
    deleted, _ = Relationship.objects.filter(
        Q(src=a, dst=b) | Q(src=b, dst=a), owner=owner
    ).delete()
    return deleted // 2


def link_participants(*, owner, interaction, people: list[Person], limit: int = 20) -> int:
    """People who met at the same interaction know each other: add missing edges.

    Large events are skipped beyond ``limit`` participants: sharing a conference hall
    is not knowing someone.
    """
    return _link_together(
        owner,
        people,
        limit,
        since=interaction.occurred_at.date(),
        source=RelSource.INTERACTION,
        source_interaction=interaction,
    )


def link_participants_many(*, owner, links: list[tuple], limit: int = 20) -> int:
    """``link_participants`` for many interactions at once: ``links`` holds (interaction,
    people) pairs. The edges are those the interactions one by one would add (the first
    interaction that brings two people together is the edge's source), in two queries."""
    wanted: dict[tuple[int, int], object] = {}
    for interaction, people in links:
        ids = [p.pk for p in people if not p.is_me]
        if not 2 <= len(ids) <= limit:
            continue
        for s in ids:
            for d in ids:
                if s != d:
                    wanted.setdefault((s, d), interaction)
    if not wanted:
        return 0
    ids = {s for s, _ in wanted}
    existing = set(
        Relationship.objects.filter(src_id__in=ids, dst_id__in=ids).values_list("src_id", "dst_id")
    )
    new = [
        Relationship(
            owner=owner,
            src_id=s,
            dst_id=d,
            kind=RelKind.KNOWS,
            strength=1,
            since=interaction.occurred_at.date(),
            source=RelSource.INTERACTION,
            source_interaction=interaction,
        )
        for (s, d), interaction in wanted.items()
        if (s, d) not in existing
    ]
    Relationship.objects.bulk_create(new, ignore_conflicts=True)
    return len(new) // 2


def link_event_people(*, owner, event, people: list[Person], limit: int = 20) -> int:
    """People at the same event (the ones you met there and those from your network who
    came) get a weak "knows" link, so introduction paths can go through the event."""
    return _link_together(
        owner,
        people,
        limit,
        since=timezone.localdate(event.starts_at),
        source=RelSource.EVENT,
        source_event=event,
    )


def _link_together(owner, people: list[Person], limit: int, **fields) -> int:
    people = [p for p in people if not p.is_me]
    if not 2 <= len(people) <= limit:
        return 0
    ids = [p.pk for p in people]
    existing = set(
        Relationship.objects.filter(src_id__in=ids, dst_id__in=ids).values_list("src_id", "dst_id")
    )
    new = [
        Relationship(owner=owner, src_id=s, dst_id=d, kind=RelKind.KNOWS, strength=1, **fields)
        for s in ids
        for d in ids
        if s != d and (s, d) not in existing
    ]
    Relationship.objects.bulk_create(new, ignore_conflicts=True)
    return len(new) // 2


def on_person_introduced(sender, *, owner, person, **kwargs) -> None:
    """An introduction means the introducer knows the person: record that edge.

    Connected to people's person_introduced signal at start-up (goodwill/apps.py)."""
    introducer = person.introduced_by
    if introducer is None or Relationship.objects.filter(src=introducer, dst=person).exists():
        return
    connect_people(
        owner=owner,
        a=introducer,
        b=person,
        kind=RelKind.KNOWS,
        source=RelSource.INTRODUCED_BY,
        since=person.met_on,
    )
