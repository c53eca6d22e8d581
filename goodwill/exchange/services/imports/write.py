"""Writing a matched import: new people, filled-in fields, and the batch's record.

Called inside the commit's transaction. Rows go in with multi-row INSERTs
(core.bulk) rather than one service call per person: a 30,000-row file would
otherwise take minutes. The derived columns are computed with the functions the people
services use (search_text_for, cadence.due_date) for new people, and refreshed with
people.reindex / cadence.refresh for the people an import changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from goodwill.core.bulk import adapters, chunks, insert_rows, update_column
from goodwill.exchange.models import ImportedPerson
from goodwill.exchange.services.imports.clean import Candidate
from goodwill.exchange.services.imports.match import Existing, Matched
from goodwill.people.models import (
    SEARCH_TEXT_MAX,
    Organization,
    Person,
    PersonEmail,
    PersonPhone,
    Tag,
    sort_key_for,
)
from goodwill.people.rules import search_text_for
from goodwill.people.services import cadence
from goodwill.people.services.search import reindex

Progress = Callable[[int, int], None]
CHUNK = 500
NEW_COLUMNS = [
    *("owner_id", "created_at", "updated_at", "display_name", "given_name", "family_name"),
    *("nickname", "organization_id", "title", "location", "linkedin_url", "website"),
    *("birthday_year", "birthday_month", "birthday_day", "met_how", "met_on", "about"),
    *("photo", "next_due_on", "search_text", "import_batch_id"),
    # Never set by an import, listed so that each row is one tuple (see bulk.insert_rows).
    *("is_me", "archived", "cadence_days", "snoozed_until", "last_contact_at"),
    "introduced_by_id",
    "sort_key",
]


class Writer:
    def __init__(self, owner, batch, existing: Existing, progress: Progress | None = None):
        self.owner, self.batch, self.existing = owner, batch, existing
        self.now = timezone.now()
        self.db_time, self.db_date = adapters()
        self.stamp = (owner.pk, self.db_time(self.now), self.db_time(self.now))
        self.progress = progress or (lambda done, total: None)
        self.done = self.total = 0
        self.saved_files: list[str] = []  # deleted again if the transaction fails
        # People written archived, so that nothing shows them before the last step of a
        # large import (imports.steps) un-archives them all.
        self.hidden = False

    def step(self, rows: int) -> None:
        self.done += rows
        self.progress(self.done, self.total)

    def insert(self, model, fields, rows, *, returning=False, owned=True) -> list[int]:
        if owned:
            fields = ["owner_id", "created_at", "updated_at", *fields]
            rows = (self.stamp + tuple(row) for row in rows)
        return insert_rows(model, fields, rows, returning=returning, on_batch=self.step)

    # ------------------------------------------------------------ reference data

    def organizations(self, names: set[str]) -> dict[str, int]:
        """lower(name) -> id for every name, creating the missing organizations."""
        known = {
            name.lower(): pk
            for pk, name in Organization.objects.filter(owner=self.owner).values_list("pk", "name")
        }
        missing = list({n.lower(): n for n in names if n.lower() not in known}.values())
        ids = self.insert(Organization, ["name"], ((n,) for n in missing), returning=True)
        self.created_orgs = ids
        known.update((n.lower(), pk) for n, pk in zip(missing, ids, strict=True))
        return known

    def tags(self, names: set[str]) -> dict[str, tuple[int, int | None, str]]:
        """lower(name) -> (id, cadence_days, name), creating the missing tags."""
        known = {
            name.lower(): (pk, days, name)
            for pk, name, days in Tag.objects.filter(owner=self.owner).values_list(
                "pk", "name", "cadence_days"
            )
        }
        missing = list({n.lower(): n for n in names if n.lower() not in known}.values())
        ids = self.insert(Tag, ["name"], ((n,) for n in missing), returning=True)
        self.created_tags = ids
        known.update((n.lower(), (pk, None, n)) for n, pk in zip(missing, ids, strict=True))
        return known

    def save_photo(self, data: bytes, extension: str) -> str:
        field = Person._meta.get_field("photo")
        name = field.generate_filename(None, f"import-{uuid.uuid4().hex[:12]}.{extension}")
        name = field.storage.save(name, ContentFile(data))
        self.saved_files.append(name)
        return name

    def discard_files(self) -> None:
        storage = Person._meta.get_field("photo").storage
        for name in self.saved_files:
            storage.delete(name)

    # ------------------------------------------------------------ the whole write

    def write(self, matched: Matched) -> dict:
        new, updates = matched.new, matched.updates
        org_names, tag_names, contacts = set(), set(), 0
        for c in (*new, *updates):  # one pass over a file's worth of candidates
            if c.organization:
                org_names.add(c.organization)
            if c.tags:
                tag_names.update(c.tags)
            if c.emails or c.phones or c.tags:
                contacts += len(c.emails) + len(c.phones) + len(c.tags)
        self.total = (
            len(new)
            + contacts
            + len(updates)
            + sum(1 for u in updates if u.fields_filled)  # their ImportedPerson rows
        )
        self.progress(0, self.total)
        orgs = self.organizations(org_names)
        tags = self.tags(tag_names)
        self.create_people(new, orgs, tags)
        self.record(self.update_people(updates, orgs, tags))
        return {
            "organizations_created": self.created_orgs,
            "tags_created": self.created_tags,
        }

    def create_people(self, new: list[Candidate], orgs, tags) -> list[int]:
        """Insert the new people, each marked with the batch (its undo record); their ids."""
        return self.insert_people(*self.people_rows(new, orgs, tags))

    def people_rows(self, new: list[Candidate], orgs, tags) -> tuple[list, list]:
        """The new people's rows and contacts, computed and not yet written (a large
        import computes them before taking the write lock).

        One tight loop: the person row and its search text are computed once per
        candidate, from plain values (no model instances)."""
        rows, contacts = [], []
        (owner_id, created_at, updated_at), db_date = self.stamp, self.db_date
        now, batch_id, hidden = self.now, self.batch.pk, self.hidden
        for c in new:
            f = c.fields
            name, given, family, nickname = (
                c.display_name, f["given_name"], f["family_name"], f["nickname"]
            )  # fmt: skip
            org_id = orgs[c.organization.lower()] if c.organization else None
            addresses = [a for _, a in c.emails] if c.emails else ()
            due, tag_ids, tag_names = None, (), ()
            own_days = f.get("cadence_days")
            if c.tags:
                tag_rows = [tags[t.lower()] for t in c.tags]
                tag_ids = [pk for pk, _, _ in tag_rows]
                tag_names = sorted(n for _, _, n in tag_rows)
            if own_days or c.tags:
                interval = own_days or min(
                    (days for _, days, _ in tag_rows if days) if c.tags else (), default=None
                )
                if interval:
                    due = cadence.due_date(
                        interval=interval, last_contact_at=None, created_at=now, snoozed_until=None
                    )
            parts = (name, given, family, nickname, c.organization)
            if addresses or tag_names:
                parts = (*parts, *addresses, *tag_names)
            text = " ".join(filter(None, parts))
            if text.isascii():  # what search_text_for returns then, without transliterating
                search = text.lower()[:SEARCH_TEXT_MAX]
            else:
                names = SimpleNamespace(
                    display_name=name, given_name=given, family_name=family, nickname=nickname
                )
                search = search_text_for(names, addresses, tag_names, c.organization)
            year, month, day = c.birthday or (None, None, None)
            title, location, linkedin, website = (
                f["title"], f["location"], f["linkedin_url"], f["website"]
            )  # fmt: skip
            met_how, met_on, about = f["met_how"], f["met_on"], f["about"]
            photo = self.save_photo(*c.photo) if c.photo else ""
            rows.append(
                (  # NEW_COLUMNS; the last six are UNSET's, spelt out (one tuple, built once)
                    owner_id, created_at, updated_at, name, given, family, nickname, org_id,
                    title, location, linkedin, website, year, month, day, met_how,
                    db_date(met_on), about, photo, db_date(due) if due else None, search,
                    batch_id, False, hidden, own_days, None, None, None, sort_key_for(name),
                )
            )  # fmt: skip
            if c.emails or c.phones or tag_ids:
                contacts.append((len(rows) - 1, c.emails, c.phones, tag_ids, 0, 0))
        return rows, contacts

    def insert_people(self, rows: list, contacts: list) -> list[int]:
        pks = insert_rows(Person, NEW_COLUMNS, rows, returning=True, on_batch=self.step)
        self.add_contacts([(pks[at], *row) for at, *row in contacts])
        return pks

    def add_contacts(self, rows: list[tuple]) -> None:
        """rows: (person_id, emails, phones, tag_ids, first email position, first phone)."""
        self.insert(
            PersonEmail,
            ["person_id", "label", "address", "position"],
            (
                (pk, label, address, start + n)
                for pk, emails, _, _, start, _ in rows
                for n, (label, address) in enumerate(emails)
            ),
        )
        self.insert(
            PersonPhone,
            ["person_id", "label", "number", "normalized", "position"],
            (
                (pk, label, number, norm, start + n)
                for pk, _, phones, _, _, start in rows
                for n, (label, number, norm) in enumerate(phones)
            ),
        )
        self.insert(
            Person.tags.through,
            ["person_id", "tag_id"],
            ((pk, tag_id) for pk, _, _, tag_ids, _, _ in rows for tag_id in tag_ids),
            owned=False,
        )

    def update_people(self, updates, orgs, tags) -> list[tuple]:
        """Fill only what is empty; add emails, phones and tags the person lacks."""
        changed = [u for u in updates if u.fields_filled]
        columns: dict[str, list[tuple]] = {}

        def put(column: str, value, pk: int) -> None:
            columns.setdefault(column, []).append((value, pk))

        for u in changed:
            for name, value in u.fill.items():
                put(name, self.db_date(value) if name == "met_on" else value, u.person_id)
            if u.organization:
                put("organization", orgs[u.organization.lower()], u.person_id)
            if u.birthday:
                for column, value in zip(("year", "month", "day"), u.birthday, strict=True):
                    put(f"birthday_{column}", value, u.person_id)
            if u.photo:
                put("photo", self.save_photo(*u.photo), u.person_id)
            put("updated_at", self.db_time(self.now), u.person_id)
        for column, pairs in columns.items():
            update_column(Person, column, pairs)
        positions = self.existing.positions
        self.add_contacts(
            [
                (
                    u.person_id,
                    u.emails,
                    u.phones,
                    [tags[t.lower()][0] for t in u.tags],
                    *positions.get(u.person_id, (0, 0)),
                )
                for u in changed
            ]
        )
        self.step(len(updates))
        ids = [u.person_id for u in changed]
        for chunk in chunks(ids, CHUNK):
            reindex(chunk)
        cadence.refresh(
            owner=self.owner,
            person_ids=[u.person_id for u in changed if u.tags or "cadence_days" in u.fill],
        )
        return [(u.person_id, False, u.matched_on, u.fields_filled, "") for u in changed]

    def record(self, records: list[tuple]) -> None:
        """ImportedPerson rows for the people the import changed (not those it created:
        their record is Person.import_batch)."""
        json_list = ImportedPerson._meta.get_field("fields_filled")
        nothing = json_list.get_db_prep_save([], connection)
        when = self.db_time(self.now)
        insert_rows(
            ImportedPerson,
            [
                *("batch_id", "person_id", "created", "matched_on", "fields_filled"),
                *("fingerprint", "updated_at"),
            ],
            (
                (
                    *(self.batch.pk, pk, created, on),
                    *(
                        json_list.get_db_prep_save(filled, connection) if filled else nothing,
                        mark,
                        when,
                    ),
                )
                for pk, created, on, filled, mark in records
            ),
            on_batch=self.step,
        )
