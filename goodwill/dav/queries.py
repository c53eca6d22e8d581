"""What the address book reads: who is in it, what their cards are written from, their
cards, and what changed since a version.

Both reads here are made for thousands of people at a time: ``fingerprints`` reads
plain values (no model objects) to tell which cards may have changed, and
``people_for_cards`` loads only the people whose card must be written, with their
e-mails, phones and tags attached in three queries, as light rows."""

from __future__ import annotations

import hashlib
import inspect
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from goodwill.dav.models import AddressBook, BookCard
from goodwill.exchange.services.exports import vcard
from goodwill.people.models import Person, PersonEmail, PersonPhone

# How many people are read at a time.
CHUNK = 1000

# Person columns a card is never written from and that change often on their own (the
# keep-in-touch clock, the search column): left out of the fingerprint so that logging
# a coffee does not send the card to every phone again. Every other column counts, so a
# field the vCard writer starts to read is covered without an edit here.
NOT_ON_THE_CARD = {
    "last_contact_at",
    "next_due_on",
    "snoozed_until",
    "last_touch_at",
    "first_due_on",
    "cadence_days",
    "search_text",
    "import_batch",
}
# The writer's own text is part of every fingerprint: a new Goodwill that writes cards
# differently sends every card again.
WRITER = hashlib.sha256(inspect.getsource(vcard).encode()).hexdigest()[:16]


def book_people(owner) -> QuerySet[Person]:
    """The people the address book shows: everyone but the archived and your own record."""
    return Person.objects.filter(owner=owner, archived=False, is_me=False)


def _card_columns() -> list[str]:
    return [
        f.attname
        for f in Person._meta.concrete_fields
        if f.name not in NOT_ON_THE_CARD and f.attname not in NOT_ON_THE_CARD
    ]


@dataclass(slots=True)
class Labelled:
    """An e-mail or phone as the writer reads it (a light stand-in for the model row)."""

    label: str
    address: str = ""
    number: str = ""


@dataclass(slots=True)
class Named:
    name: str


def _contacts(owner, ids: list[int]):
    emails, phones, tags = defaultdict(list), defaultdict(list), defaultdict(list)
    for pid, label, address in (
        PersonEmail.objects.filter(owner=owner, person_id__in=ids)
        .order_by("person_id", "position", "id")
        .values_list("person_id", "label", "address")
    ):
        emails[pid].append(Labelled(label, address=address))
    for pid, label, number in (
        PersonPhone.objects.filter(owner=owner, person_id__in=ids)
        .order_by("person_id", "position", "id")
        .values_list("person_id", "label", "number")
    ):
        phones[pid].append(Labelled(label, number=number))
    for pid, name in (
        Person.tags.through.objects.filter(person_id__in=ids)
        .order_by("person_id", "tag__name")
        .values_list("person_id", "tag__name")
    ):
        tags[pid].append(Named(name))
    return emails, phones, tags


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def book_ids(owner) -> list[int]:
    return list(book_people(owner).order_by("id").values_list("id", flat=True))


def fingerprints(owner, *, notes: bool) -> dict[int, str]:
    """person id → a hash of everything their card is written from, for the whole book."""
    columns = _card_columns()
    if not notes:
        columns.remove("about")
    out = {}
    for part in _chunks(book_ids(owner)):
        emails, phones, tags = _contacts(owner, part)
        rows = (
            book_people(owner).filter(id__in=part).values_list("id", "organization__name", *columns)
        )
        for row in rows:
            pid = row[0]
            source = repr(
                (
                    WRITER,
                    notes,
                    row,
                    [(e.label, e.address) for e in emails[pid]],
                    [(p.label, p.number) for p in phones[pid]],
                    [t.name for t in tags[pid]],
                )
            )
            out[pid] = hashlib.sha256(source.encode()).hexdigest()[:32]
    return out


def people_for_cards(owner, ids: Iterable[int]) -> Iterator[Person]:
    """These people (those still in the book), ready for the vCard writer, CHUNK at a time:
    their organization joined, their e-mails, phones and tags attached as light rows."""
    for part in _chunks(sorted(set(ids))):
        emails, phones, tags = _contacts(owner, part)
        people = book_people(owner).filter(id__in=part).select_related("organization")
        for person in people.order_by("id"):
            person._prefetched_objects_cache = {
                "emails": emails[person.pk],
                "phones": phones[person.pk],
                "tags": tags[person.pk],
            }
            yield person


def one_person(owner, person_id: int) -> Person | None:
    return next(iter(people_for_cards(owner, [person_id])), None)


def book_for(owner) -> AddressBook | None:
    return AddressBook.objects.filter(owner=owner).first()


def members(owner) -> QuerySet[BookCard]:
    """The cards in the book now (tombstones left out), in id order."""
    return BookCard.objects.filter(owner=owner, gone=False).order_by("person_id")


def changed_since(owner, version: int) -> QuerySet[BookCard]:
    """Cards added, changed or gone after ``version``."""
    return BookCard.objects.filter(owner=owner, version__gt=version).order_by("person_id")


def stored_cards(owner, ids: Iterable[int], *, text: bool) -> dict[int, tuple[str, str]]:
    """person id → (etag digest, 3.0 text or "") of the cards kept for these people."""
    out = {}
    for part in _chunks(sorted(set(ids))):
        rows = BookCard.objects.filter(owner=owner, gone=False, person_id__in=part)
        if text:
            out.update((pid, (d, t)) for pid, d, t in rows.values_list("person_id", "etag", "text"))
        else:
            out.update((pid, (d, "")) for pid, d in rows.values_list("person_id", "etag"))
    return out
