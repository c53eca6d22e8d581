"""What the address book reads: who is in it, their cards, what changed since a version."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet

from goodwill.dav.models import AddressBook, BookCard
from goodwill.people.models import Person, Tag

# How many people are loaded (with their emails, phones and tags) at a time.
CHUNK = 1000


def book_people(owner) -> QuerySet[Person]:
    """The people the address book shows: everyone but the archived and your own record."""
    return Person.objects.filter(owner=owner, archived=False, is_me=False)


def with_card_data(people: QuerySet[Person]) -> QuerySet[Person]:
    """What the vCard writer reads, loaded in a few queries per chunk."""
    return people.select_related("organization").prefetch_related(
        "emails", "phones", Prefetch("tags", queryset=Tag.objects.order_by("name"))
    )


def people_in_chunks(owner, ids: Iterable[int] | None = None) -> Iterator[Person]:
    """The book's people (or those of ``ids`` still in it), ready to write, CHUNK at a time."""
    people = book_people(owner).order_by("id")
    if ids is not None:
        wanted = sorted(set(ids))
        for start in range(0, len(wanted), CHUNK):
            part = wanted[start : start + CHUNK]
            yield from with_card_data(people.filter(id__in=part))
        return
    last = 0
    while True:
        batch = list(with_card_data(people.filter(id__gt=last))[:CHUNK])
        yield from batch
        if len(batch) < CHUNK:
            return
        last = batch[-1].pk


def one_person(owner, person_id: int) -> Person | None:
    return with_card_data(book_people(owner).filter(pk=person_id)).first()


def book_for(owner) -> AddressBook | None:
    return AddressBook.objects.filter(owner=owner).first()


def members(owner) -> QuerySet[BookCard]:
    """The cards in the book now (tombstones left out), in id order."""
    return BookCard.objects.filter(owner=owner, gone=False).order_by("person_id")


def changed_since(owner, version: int) -> QuerySet[BookCard]:
    """Cards added, changed or gone after ``version``."""
    return BookCard.objects.filter(owner=owner, version__gt=version).order_by("person_id")
