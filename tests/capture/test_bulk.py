"""A page of captured mail is written in bulk: it must leave exactly what reading the same
items one at a time leaves (interactions, participations, the keep-in-touch clocks, the
"from mail" marks, the links to the items, the network edges and the review list)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goodwill.accounts import services as accounts
from goodwill.capture.models import Captured, CaptureMark, ReviewEntry
from goodwill.capture.rules.seen import Address, Seen
from goodwill.capture.services import connectors, record
from goodwill.interactions.models import Interaction, Participation
from goodwill.network.models import Relationship
from goodwill.people import services as people
from goodwill.people.models import Person
from goodwill.people.services import cadence


def _account(name: str):
    owner = accounts.create_account(
        username=name, email=f"{name}@example.org", password="a-long-password-123"
    )
    box = connectors.add_mailbox(
        owner=owner,
        name="Work mail",
        host="imap.example.org",
        username=f"{name}@example.org",
        password="app-password-1234",
        own_addresses=["me@work.example"],
    )
    people.create_person(owner=owner, display_name="Ana Ruiz", emails=["ana@ruiz.example"])
    people.create_person(
        owner=owner, display_name="Ben Ode", emails=["ben@ode.example"], cadence_days=30
    )
    cara = people.create_person(
        owner=owner, display_name="Cara Lind", emails=["Cara@Lind.example"], cadence_days=14
    )
    cadence.snooze(owner=owner, person=cara, days=40)
    people.create_person(owner=owner, display_name="Dev Rao", emails=["dev@rao.example"])
    return owner, box


def _items() -> list[Seen]:
    now = timezone.now().replace(microsecond=0)
    day = (now - dt.timedelta(days=3)).replace(hour=12, minute=0)  # hours either side: one day

    def mail(key, who, *, direction="received", at=day, thread=None, subject="", names=()):
        names = dict(names)
        return Seen(
            key=key,
            kind="email",
            occurred_at=at,
            direction=direction,
            counterparts=tuple(Address(w, names.get(w, "")) for w in who),
            subject=subject or f"About {key}",
            thread=thread or key,
        )

    return [
        # A thread with Ana on one day: three messages, one interaction.
        mail("<a1@x>", ["ana@ruiz.example"], at=day, subject="Lunch?"),
        mail("<a2@x>", ["ana@ruiz.example"], direction="sent", at=day + dt.timedelta(hours=1),
             thread="<a1@x>", subject="Re: Lunch?"),
        # The earliest message of Ana's thread comes later in the page (Sent after INBOX).
        mail("<a0@x>", ["ana@ruiz.example"], direction="sent", at=day - dt.timedelta(hours=1),
             thread="<a1@x>", subject="Lunch"),
        # The same thread the next day: another interaction.
        mail("<a3@x>", ["ana@ruiz.example"], at=day + dt.timedelta(days=1), thread="<a1@x>"),
        # Ben and Cara in one message (a network edge), then Ben alone later.
        mail("<b1@x>", ["ben@ode.example", "cara@lind.example"], direction="sent",
             at=day - dt.timedelta(days=5)),
        mail("<b2@x>", ["ben@ode.example"], at=day + dt.timedelta(hours=5)),
        # Someone new joins a known thread: they join the interaction and the review list.
        mail("<c1@x>", ["cara@lind.example", "new@stranger.example"], at=day,
             names=[("new@stranger.example", "New Stranger")]),
        mail("<c2@x>", ["cara@lind.example"], direction="sent", at=day + dt.timedelta(hours=2),
             thread="<c1@x>"),
        # Unknown people only: the review list counts them.
        mail("<u1@x>", ["zed@unknown.example"], direction="sent",
             names=[("zed@unknown.example", "Zed")]),
        mail("<u2@x>", ["zed@unknown.example"], names=[("zed@unknown.example", "Zed Q")]),
        mail("<u3@x>", ["zed@unknown.example", "yan@unknown.example"], direction="sent",
             at=day - dt.timedelta(days=2)),
        # Filtered: a newsletter, the user's own address only, a no-reply sender.
        Seen(key="<n1@x>", kind="email", occurred_at=day, direction="received",
             counterparts=(Address("news@letters.example"),), automated=True),
        mail("<o1@x>", ["me@work.example"]),
        mail("<r1@x>", ["no-reply@shop.example"]),
        # Dev: an old message, and the same key twice in the page.
        mail("<d1@x>", ["dev@rao.example"], at=now - dt.timedelta(days=200)),
        mail("<d1@x>", ["dev@rao.example"], at=now - dt.timedelta(days=200)),
    ]  # fmt: skip


def _snapshot(owner) -> dict:
    names = {
        pk: "me" if is_me else name
        for pk, name, is_me in Person.objects.filter(owner=owner).values_list(
            "pk", "display_name", "is_me"
        )
    }
    captured = {
        c.key: c.interaction_id for c in Captured.objects.filter(owner=owner).order_by("key")
    }
    interactions = {}
    for i in Interaction.objects.filter(owner=owner).order_by("occurred_at", "summary"):
        mark = CaptureMark.objects.get(interaction=i)
        interactions[i.pk] = (
            i.kind,
            i.occurred_at,
            i.summary,
            i.notes,
            names.get(i.initiated_by_id),
            sorted(
                (names[p.person_id], p.occurred_at)
                for p in Participation.objects.filter(interaction=i)
            ),
            (mark.source, mark.thread, mark.day, mark.direction),
            sorted(k for k, v in captured.items() if v == i.pk),
        )
    return {
        "interactions": sorted(interactions.values()),
        "unlinked": sorted(k for k, v in captured.items() if v is None),
        "people": sorted(
            (p.display_name, p.last_contact_at, p.next_due_on, p.snoozed_until)
            for p in Person.objects.filter(owner=owner, is_me=False)
        ),
        "edges": sorted(
            (names[r.src_id], names[r.dst_id], r.kind, r.source, r.since)
            for r in Relationship.objects.filter(owner=owner)
        ),
        "review": sorted(
            ReviewEntry.objects.filter(owner=owner).values_list(
                "email", "names", "sent_count", "received_count", "met_count", "last_seen_at"
            )
        ),
    }


def test_a_page_in_bulk_gives_what_the_items_one_by_one_give(db):
    one, one_box = _account("one")
    page, page_box = _account("page")
    items = _items()  # once: both accounts read the very same moments
    singles = record.Recorded()
    for item in items:
        singles.add(record.record_seen(owner=one, connector=one_box, items=[item]))
    bulk = record.record_seen(owner=page, connector=page_box, items=items)

    expected = _snapshot(one)
    assert _snapshot(page) == expected
    assert len(expected["interactions"]) == 6
    assert [e[0] for e in expected["review"]] == [
        "new@stranger.example",
        "yan@unknown.example",
        "zed@unknown.example",
    ]
    assert expected["edges"]  # Ben and Cara met in one message
    assert (bulk.new, bulk.logged, bulk.filtered, bulk.review) == (
        singles.new,
        singles.logged,
        singles.filtered,
        singles.review,
    )
    assert singles.repeated == 1  # the same key twice in one page is read once either way
    cara = Person.objects.get(owner=page, display_name="Cara Lind")
    assert cara.snoozed_until is None  # a conversation ends a snooze


def test_a_second_page_continues_the_threads_and_counts_of_the_first(db):
    one, one_box = _account("one")
    page, page_box = _account("page")
    items = _items()
    for item in items:
        record.record_seen(owner=one, connector=one_box, items=[item])
    record.record_seen(owner=page, connector=page_box, items=items[:5])
    record.record_seen(owner=page, connector=page_box, items=items[5:])
    assert _snapshot(page) == _snapshot(one)


def test_a_page_costs_the_same_few_queries_whatever_its_size(db):
    def cost(name: str, size: int) -> int:
        owner, box = _account(name)
        base = timezone.now() - dt.timedelta(days=2)
        known = [
            people.create_person(
                owner=owner, display_name=f"Friend {n}", emails=[f"f{n}@known.example"]
            )
            for n in range(size)
        ]
        items = [
            Seen(
                key=f"<m{n}@x>",
                kind="email",
                occurred_at=base + dt.timedelta(minutes=n),
                direction="received" if n % 2 else "sent",
                counterparts=(
                    Address(f"f{n}@known.example"),
                    Address(f"stranger{n}@unknown.example", f"Stranger {n}"),
                ),
                subject=f"Hello {n}",
            )
            for n in range(len(known))
        ]
        with CaptureQueriesContext(connection) as queries:
            record.record_seen(owner=owner, connector=box, items=items)
        assert Interaction.objects.filter(owner=owner).count() == size
        assert ReviewEntry.objects.filter(owner=owner).count() == size
        return len(queries)

    assert cost("small", 5) == cost("large", 60)
