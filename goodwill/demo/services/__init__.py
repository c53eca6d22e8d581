"""Fill an account with realistic fake data, for screenshots, trying things out and benchmarks.

``fill_demo`` plans everything in Python (goodwill.demo.services.plan), then writes it
with bulk inserts in one transaction. The derived columns the services normally keep
(Person.search_text, last_contact_at, next_due_on; Participation.occurred_at) are
computed here with the same functions the services use, so the result is exactly what
creating the same data one call at a time would give — only much faster.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from goodwill.core.bulk import adapters, chunks, insert_rows, update_column
from goodwill.core.maintenance import optimize_database
from goodwill.core.rules import field_error
from goodwill.demo.services import coach as demo_coach
from goodwill.demo.services import giving as demo_giving
from goodwill.demo.services import words
from goodwill.demo.services.plan import ME, Plan, Planner
from goodwill.giving.matching import index as match_index
from goodwill.interactions.models import AskNext, Interaction, Participation
from goodwill.network.models import Relationship, inverse_kind
from goodwill.people.models import (
    Organization,
    Person,
    PersonEmail,
    PersonPhone,
    Tag,
    sort_key_for,
)
from goodwill.people.rules import region_of, search_text_for
from goodwill.people.services import cadence, ensure_me

MAX_PEOPLE = 100_000
BATCH = 2000

Progress = Callable[[int, int], None]


def fill_demo(*, owner, people: int, seed: int = 0, progress: Progress | None = None) -> dict:
    """Add ``people`` fake people, with their history, to ``owner``'s account.

    Adds to what is there (nothing is deleted; the owner's own record is left alone).
    The same seed gives the same data. ``progress(done, total)`` is called as rows are
    written (units: rows). Returns how many of each thing were created.
    """
    if isinstance(people, bool) or not isinstance(people, int) or not 1 <= people <= MAX_PEOPLE:
        raise field_error("people", f"Choose between 1 and {MAX_PEOPLE:,} people.")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise field_error("seed", "The seed is a whole number.")
    now = timezone.now()
    plan = Planner(people=people, seed=seed, now=now, region=region_of(owner)).plan()
    with transaction.atomic():
        counts = _Writer(owner, plan, progress, now).write()
    optimize_database(full=True)  # a bulk load changes what the planner should know
    # The matcher's index, now: a page would leave thousands of new people to the worker.
    match_index.refresh(owner, pause=0)
    return counts


class _Writer:
    def __init__(self, owner, plan: Plan, progress: Progress | None, now: dt.datetime):
        self.db_time, self.db_date = adapters()
        self.owner, self.plan, self.now = owner, plan, self.db_time(now)
        self.progress = progress or (lambda done, total: None)
        p = plan.people
        self.total = (
            len(p)
            + sum(len(x.emails) + len(x.phones) + len(x.tags) for x in p)
            + len(plan.interactions)
            + sum(len(i.people) for i in plan.interactions)
            + 2 * len(plan.edges)
            + len(plan.asks)
        )
        self.done = 0

    def step(self, rows: int) -> None:
        self.done += rows
        self.progress(self.done, self.total)

    def insert(self, model, fields, rows, *, returning=False, owned=True) -> list[int]:
        if owned:  # the columns every Owned row has, which raw inserts must fill in
            fields = ["owner_id", "created_at", "updated_at", *fields]
            stamp = (self.owner.pk, self.now, self.now)
            rows = (stamp + tuple(row) for row in rows)
        return insert_rows(model, fields, rows, returning=returning, on_batch=self.step)

    def write(self) -> dict:
        plan = self.plan
        self.progress(0, self.total)
        self.me = ensure_me(owner=self.owner)
        tags, tags_created = self.tags()
        orgs, orgs_created = self.organizations()
        pks = self.people(tags, orgs)
        self.contacts(pks, tags)
        ipks = self.interactions(pks)
        self.relationships(pks, ipks)
        self.asks(pks, ipks)
        self.giving = demo_giving.write(self, pks)  # needs, offers, gives (giving area)
        self.coach = demo_coach.write(self, pks)  # leads, events, outreach (coach area)
        return {
            "people": len(plan.people),
            "organizations": orgs_created,
            "interactions": len(plan.interactions),
            "relationships": len(plan.edges),
            "ask_next": len(plan.asks),
            "tags": tags_created,
            **self.giving,
            **self.coach,
            "rows": self.total,
        }

    # ------------------------------------------------------------ reference data

    def tags(self) -> tuple[list[Tag], int]:
        existing = {
            t.lname: t
            for t in Tag.objects.annotate(lname=Lower("name")).filter(
                owner=self.owner, lname__in=[name.lower() for name, *_ in words.TAGS]
            )
        }
        missing = [
            Tag(owner=self.owner, name=name, cadence_days=days)
            for name, days, _w in words.TAGS
            if name.lower() not in existing
        ]
        made = {t.name.lower(): t for t in Tag.objects.bulk_create(missing)}
        return [existing.get(n.lower()) or made[n.lower()] for n, *_ in words.TAGS], len(made)

    def organizations(self) -> tuple[list[Organization], int]:
        names = self.plan.org_names
        existing: dict[str, Organization] = {}
        for start in range(0, len(names), 500):
            lowered = [n.lower() for n in names[start : start + 500]]
            for org in Organization.objects.annotate(lname=Lower("name")).filter(
                owner=self.owner, lname__in=lowered
            ):
                existing[org.lname] = org
        missing = [
            Organization(owner=self.owner, name=n) for n in names if n.lower() not in existing
        ]
        made: dict[str, Organization] = {}
        for chunk in chunks(missing, BATCH):
            made.update((o.name.lower(), o) for o in Organization.objects.bulk_create(chunk))
        return [existing.get(n.lower()) or made[n.lower()] for n in names], len(made)

    # ------------------------------------------------------------ people

    def person(self, p, tags: list[Tag], orgs: list[Organization]) -> tuple:
        org = orgs[p.org] if p.org is not None else None
        year, month, day = p.birthday or (None, None, None)
        display_name = f"{p.given} {p.family}"
        names = SimpleNamespace(
            display_name=display_name, given_name=p.given, family_name=p.family, nickname=""
        )
        search_text = search_text_for(
            names,
            [address for _label, address in p.emails],
            sorted(tags[t].name for t in p.tags),  # as reindex orders them
            org.name if org else "",
        )
        created_at = _when(min(p.added_at, p.first_at or p.added_at))
        last_contact_at = _when(p.last_at)
        tag_days = [tags[t].cadence_days for t in p.tags if tags[t].cadence_days]
        next_due_on = cadence.due_date(
            interval=p.cadence_days or min(tag_days, default=None),
            last_contact_at=last_contact_at,
            created_at=created_at,
            snoozed_until=p.snoozed_until,
        )
        t, d = self.db_time, self.db_date
        return (
            *(self.owner.pk, t(created_at), self.now, display_name, p.given, p.family),
            *(org.pk if org else None, p.title, p.location, p.linkedin_url),
            *(year, month, day, p.met_how, d(p.met_on), p.about, p.archived, p.cadence_days),
            *(d(p.snoozed_until), t(last_contact_at), d(next_due_on), search_text),
            sort_key_for(display_name),
        )

    def people(self, tags: list[Tag], orgs: list[Organization]) -> list[int]:
        planned = self.plan.people
        fields = [
            *("owner_id", "created_at", "updated_at", "display_name", "given_name"),
            *("family_name", "organization_id", "title", "location", "linkedin_url"),
            *("birthday_year", "birthday_month", "birthday_day", "met_how", "met_on", "about"),
            *("archived", "cadence_days", "snoozed_until", "last_contact_at", "next_due_on"),
            "search_text",
            "sort_key",
        ]
        rows = (self.person(p, tags, orgs) for p in planned)
        pks = insert_rows(Person, fields, rows, returning=True, on_batch=self.step)
        update_column(
            Person,
            "introduced_by",
            [
                (pks[p.introducer], pk)
                for pk, p in zip(pks, planned, strict=True)
                if p.introducer is not None
            ],
        )
        return pks

    def contacts(self, pks: list[int], tags: list[Tag]) -> None:
        planned = self.plan.people
        self.insert(
            PersonEmail,
            ["person_id", "label", "address", "position"],
            (
                (pk, label, address, n)
                for pk, p in zip(pks, planned, strict=True)
                for n, (label, address) in enumerate(p.emails)
            ),
        )
        self.insert(
            PersonPhone,
            ["person_id", "label", "number", "normalized", "position"],
            (
                (pk, label, number, norm, n)
                for pk, p in zip(pks, planned, strict=True)
                for n, (label, number, norm) in enumerate(p.phones)
            ),
        )
        self.insert(
            Person.tags.through,
            ["person_id", "tag_id"],
            ((pk, tags[t].pk) for pk, p in zip(pks, planned, strict=True) for t in p.tags),
            owned=False,
        )

    # ------------------------------------------------------------ history and network

    def interactions(self, pks: list[int]) -> list[int]:
        me, planned = self.me.pk, self.plan.interactions
        self.times = [self.db_time(_when(it.at)) for it in planned]

        def initiator(i):
            return None if i is None else me if i == ME else pks[i]

        ipks = self.insert(
            Interaction,
            ["occurred_at", "kind", "summary", "notes", "initiated_by_id"],
            (
                (at, it.kind, it.summary, it.notes, initiator(it.initiator))
                for at, it in zip(self.times, planned, strict=True)
            ),
            returning=True,
        )
        self.insert(
            Participation,
            ["interaction_id", "person_id", "occurred_at"],
            (
                (ipk, pks[pid], at)
                for ipk, at, it in zip(ipks, self.times, planned, strict=True)
                for pid in it.people
            ),
            owned=False,
        )
        return ipks

    def relationships(self, pks: list[int], ipks: list[int]) -> None:
        def rows():
            for (a, b), (kind, strength, since, source, k) in self.plan.edges.items():
                day = self.db_date(since)
                via = ipks[k] if k is not None else None
                yield (pks[a], pks[b], kind, strength, day, source, via)
                yield (pks[b], pks[a], inverse_kind(kind), strength, day, source, via)

        fields = [
            "src_id",
            "dst_id",
            "kind",
            "strength",
            "since",
            "source",
            "source_interaction_id",
        ]
        self.insert(Relationship, fields, rows())

    def asks(self, pks: list[int], ipks: list[int]) -> None:
        times = self.times
        self.insert(
            AskNext,
            ["person_id", "text", "source_id", "done_at", "done_in_id"],
            (
                (
                    pks[pid],
                    text,
                    ipks[k],
                    times[done] if done is not None else None,
                    ipks[done] if done is not None else None,
                )
                for pid, text, k, done in self.plan.asks
            ),
        )


def _when(ts: float | None) -> dt.datetime | None:
    return None if ts is None else dt.datetime.fromtimestamp(ts, dt.UTC)
