"""The search column of people: recomputed after anything it is made of changes (names,
emails, organization, tags); the matcher hears of it through people_reindexed."""

from __future__ import annotations

from collections.abc import Iterable

from goodwill.people.models import (
    Person,
    people_reindexed,
    sort_key_for,
)
from goodwill.people.rules import search_text_for


def reindex(person_ids: Iterable[int]) -> None:
    """Recompute the search column of these people."""
    people = list(
        Person.objects.filter(pk__in=list(person_ids))
        .select_related("organization")
        .prefetch_related("emails", "tags")
    )
    for p in people:
        p.search_text = search_text_for(
            p,
            [e.address for e in p.emails.all()],
            [t.name for t in p.tags.all()],
            p.organization.name if p.organization else "",
        )
        p.sort_key = sort_key_for(p.display_name)
    Person.objects.bulk_update(people, ["search_text", "sort_key"], batch_size=500)
    people_reindexed.send(sender=Person, people=people)
