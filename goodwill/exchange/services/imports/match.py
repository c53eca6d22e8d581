"""Matching candidates against the owner's people, in a fixed number of queries.

The owner's people, emails, phones and tag names are read once (four queries whatever
the size of the file), then every candidate is matched in memory: by email
(case-insensitive), LinkedIn URL (normalised), phone (people.rules.phone_key, in the
account's region: the duplicate finder's rule too), then name at the same organization
(case- and accent-insensitive). A match never crosses accounts: every query is filtered
by the owner.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from goodwill.exchange.services.imports.clean import (
    KEY_NAMES,
    TEXT_FIELDS,
    Candidate,
    fold,
    linkedin_key,
    weak,
)
from goodwill.people.models import Person, PersonEmail, PersonPhone
from goodwill.people.rules import phone_match_key

FILLABLE = [*TEXT_FIELDS, "met_on", "about", "cadence_days"]
EXISTING_COLUMNS = [
    *("pk", "display_name", "organization_id", "organization__name", "photo", "is_me"),
    *("birthday_year", "birthday_month", "birthday_day", *FILLABLE),
]


@dataclass
class Existing:
    """What the owner already has, indexed by every matching key."""

    people: dict[int, dict]
    by_key: dict[str, int]
    emails: dict[int, set[str]]
    phones: dict[int, set[str]]
    tags: dict[int, set[str]]
    positions: dict[int, tuple[int, int]]  # next free email / phone position

    def profile(self, pk: int, link: str) -> bool:
        """Does person ``pk`` have a LinkedIn profile other than ``link``?"""
        theirs = linkedin_key(self.people[pk]["linkedin_url"])
        return bool(link and theirs and link != theirs)


def load_existing(owner) -> Existing:
    people = {
        row["pk"]: row for row in Person.objects.filter(owner=owner).values(*EXISTING_COLUMNS)
    }
    by_key: dict[str, int] = {}

    def index(key: str, pk: int) -> None:
        if key not in by_key or pk < by_key[key]:  # the oldest person wins a shared key
            by_key[key] = pk

    emails: dict[int, set[str]] = defaultdict(set)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    # Lower-cased here, not in SQL: SQLite's lower() leaves non-ASCII letters alone.
    for pk, address in PersonEmail.objects.filter(owner=owner).values_list("person_id", "address"):
        address = address.lower()
        emails[pk].add(address)
        counts[pk][0] += 1
        index(f"e:{address}", pk)
    phones: dict[int, set[str]] = defaultdict(set)
    for pk, norm in PersonPhone.objects.filter(owner=owner).values_list("person_id", "normalized"):
        phones[pk].add(norm)
        counts[pk][1] += 1
        if key := phone_match_key(norm):
            index(f"p:{key}", pk)
    tags: dict[int, set[str]] = defaultdict(set)
    for pk, name in Person.tags.through.objects.filter(person__owner=owner).values_list(
        "person_id", "tag__name"
    ):
        tags[pk].add(name.lower())
    for pk, row in people.items():
        if link := linkedin_key(row["linkedin_url"]):
            index(f"l:{link}", pk)
        if row["organization__name"]:
            index(f"n:{fold(row['display_name'])}|{fold(row['organization__name'])}", pk)
        elif not (link or pk in counts or row["is_me"]):
            index(f"b:{fold(row['display_name'])}", pk)  # a name and nothing else
    positions = {pk: (e, p) for pk, (e, p) in counts.items()}
    return Existing(people, by_key, emails, phones, tags, positions)


@dataclass
class Update:
    """A candidate matched to an existing person, and what it would add to them."""

    person_id: int
    matched_on: str
    candidate: Candidate
    fill: dict = field(default_factory=dict)  # person columns that are empty now
    organization: str = ""  # to set when the person has none
    birthday: tuple | None = None
    photo: tuple[bytes, str] | None = None
    emails: list[tuple[str, str]] = field(default_factory=list)
    phones: list[tuple[str, str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @property
    def fields_filled(self) -> list[str]:
        names = list(self.fill)
        for name in ("organization", "birthday", "photo", "emails", "phones", "tags"):
            if getattr(self, name):
                names.append(name)
        return names


@dataclass
class Matched:
    new: list[Candidate]
    updates: list[Update]


def _what_to_fill(existing: Existing, pk: int, matched_on: str, c: Candidate) -> Update:
    row = existing.people[pk]
    update = Update(pk, matched_on, c)
    for name in FILLABLE:
        value = c.fields.get(name)
        if value and not row[name]:
            update.fill[name] = value
    if c.organization and not row["organization_id"]:
        update.organization = c.organization
    if c.birthday and not row["birthday_month"]:
        update.birthday = c.birthday
    if c.photo and not row["photo"]:
        update.photo = c.photo
    has = existing.emails.get(pk, set())
    update.emails = [e for e in c.emails if e[1].lower() not in has]
    numbers = existing.phones.get(pk, set())
    update.phones = [p for p in c.phones if p[2] not in numbers]
    names = existing.tags.get(pk, set())
    update.tags = [t for t in c.tags if t.lower() not in names]
    return update


def match(candidates: list[Candidate], existing: Existing) -> Matched:
    """Split candidates into new people and updates; two candidates that match the
    same person are merged first."""
    targets: dict[int, tuple[str, Candidate]] = {}
    new: list[Candidate] = []
    for c in candidates:
        found = next(
            (
                (k, existing.by_key[k])
                for k in c.match_keys()
                if k in existing.by_key
                and not (weak(k) and existing.profile(existing.by_key[k], c.linkedin))
            ),
            None,
        )
        if found is None:
            new.append(c)
            continue
        key, pk = found
        if pk in targets:
            targets[pk][1].absorb(c)
        else:
            targets[pk] = (KEY_NAMES[key[0]], c)
    updates = [_what_to_fill(existing, pk, on, c) for pk, (on, c) in targets.items()]
    return Matched(new, updates)
