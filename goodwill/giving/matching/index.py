"""Keeps the matcher's term index (goodwill.giving.models) in step with the network.

The one place that writes MatchTerm rows is ``reindex_people``. Three things make sure
it runs when it must, so the index cannot go stale silently:

* signals mark a person dirty when they, their tags, an offer or a need of theirs is
  saved through the ORM (``mark_dirty``);
* bulk writers that bypass signals (imports, merges, tag and organization renames,
  backup restore) all call ``people.services.search.reindex``, which calls ``mark_dirty``;
* every read first calls ``ensure_fresh``: one query compares the live row counts of
  people, offers and needs with those the index was built from and counts the dirty
  marks; dirty people are rebuilt, new people are indexed, deleted ones swept, and an
  unexplained change in offers or needs rebuilds the owner's whole index.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from goodwill.core.bulk import chunks, insert_rows
from goodwill.giving.matching.text import location_terms, split_wanting, terms
from goodwill.giving.models import MatchDirty, MatchState, MatchTerm, Need, NeedStatus, Offer
from goodwill.people.models import Organization, Person

# How much each field says about what a person can do for others.
WEIGHTS = {
    "offer": 3.0,
    "title": 2.0,
    "tag": 1.5,
    "organization": 1.0,
    "about": 0.8,
    "location": 1.0,
    "wants": -1.0,  # "looking for a design job" in their notes: they need it too
    "need": -1.2,  # an open need of theirs: a fellow seeker, not a helper
}
EXTRA_SOURCE = 0.25  # each further field naming the same term adds a quarter of its weight
CHUNK = 2000
ANALYZE_AFTER = 5000  # people: a full rebuild this big refreshes the planner's statistics


def offer_recency(offered_on: dt.date | None, today: dt.date) -> float:
    """Recent offers count fully; older ones fade but never vanish."""
    if offered_on is None:
        return 0.85
    age = (today - offered_on).days
    return 1.0 if age <= 183 else 0.85 if age <= 730 else 0.7


def person_weights(person, tags, org, offers, needs, today) -> dict[str, float]:
    """term → combined weight for one person (what is stored in MatchTerm)."""
    found: dict[str, list[float]] = defaultdict(list)

    def add(found_terms, weight):
        for term in found_terms:
            found[term].append(weight)

    add(terms(person.title), WEIGHTS["title"])
    for tag in tags:
        add(terms(tag), WEIGHTS["tag"])
    if org:
        add(terms(org), WEIGHTS["organization"])
    about, wanted = split_wanting(person.about)
    add(terms(about), WEIGHTS["about"])
    add(terms(wanted), WEIGHTS["wants"])
    add(location_terms(person.location), WEIGHTS["location"])
    for text, offered_on in offers:
        add(terms(text), WEIGHTS["offer"] * offer_recency(offered_on, today))
    for text in needs:
        add(terms(text), WEIGHTS["need"])
    combined = {}
    for term, weights in found.items():
        plus = sorted((w for w in weights if w > 0), reverse=True)
        minus = sum(w for w in weights if w < 0)
        total = (plus[0] + EXTRA_SOURCE * sum(plus[1:]) if plus else 0.0) + minus
        if abs(total) > 1e-6:
            combined[term] = round(total, 3)
    return combined


def reindex_people(owner, person_ids: Iterable[int]) -> int:
    """Rebuild the index rows of these people (any of them may no longer exist)."""
    ids = sorted(set(person_ids))
    written = 0
    today = timezone.localdate()
    for chunk in chunks(ids, CHUNK):
        with transaction.atomic():
            written += _reindex_chunk(owner, chunk, today)
    return written


def _reindex_chunk(owner, ids: list[int], today: dt.date) -> int:
    people = list(
        Person.objects.filter(owner=owner, pk__in=ids).only(
            "pk", "title", "about", "location", "organization_id"
        )
    )
    org_ids = {p.organization_id for p in people if p.organization_id}
    orgs = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    tags: dict[int, list[str]] = defaultdict(list)
    through = Person.tags.through.objects.filter(person_id__in=ids)
    for pid, name in through.values_list("person_id", "tag__name"):
        tags[pid].append(name)
    offers: dict[int, list[tuple]] = defaultdict(list)
    rows = Offer.objects.filter(owner=owner, person_id__in=ids, active=True)
    for pid, text, details, on in rows.values_list("person_id", "text", "details", "offered_on"):
        offers[pid].append((f"{text}. {details}", on))
    needs: dict[int, list[str]] = defaultdict(list)
    rows = Need.objects.filter(owner=owner, person_id__in=ids, status=NeedStatus.OPEN)
    for pid, text in rows.values_list("person_id", "text"):
        needs[pid].append(text)
    MatchTerm.objects.filter(owner=owner, person_id__in=ids).delete()
    new_rows = [
        (owner.pk, p.pk, term, weight)
        for p in people
        for term, weight in person_weights(
            p, tags[p.pk], orgs.get(p.organization_id), offers[p.pk], needs[p.pk], today
        ).items()
    ]
    insert_rows(MatchTerm, ["owner_id", "person_id", "term", "weight"], new_rows)
    return len(new_rows)


def reindex(owner) -> int:
    """Rebuild the owner's whole index."""
    with transaction.atomic():
        MatchTerm.objects.filter(owner=owner).delete()
        MatchDirty.objects.filter(owner=owner).delete()
        ids = list(Person.objects.filter(owner=owner).values_list("pk", flat=True))
    written = reindex_people(owner, ids)
    if len(ids) >= ANALYZE_AFTER:
        _analyze(MatchTerm, Person)
    _save_state(owner, _live_and_known(owner)[0])
    return written


def _analyze(*models) -> None:
    """Fresh planner statistics after a bulk (re)build. Without them PostgreSQL joined
    20,000 people against each candidate (800 ms instead of 40 for Today's matcher) until
    autovacuum came round; SQLite can pick the wrong index the same way."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


# ---------------------------------------------------------------- staying fresh


def mark_dirty(person_ids: Iterable[int], owner_id: int | None = None) -> None:
    """Queue these people for reindexing at the next read (``owner_id`` saves a query
    when the caller knows it; without it the people may belong to several owners)."""
    ids = sorted({int(i) for i in person_ids if i is not None})
    for chunk in chunks(ids, 900):
        if owner_id is not None:
            rows = [(owner_id, pk) for pk in chunk]
        else:
            rows = list(Person.objects.filter(pk__in=chunk).values_list("owner_id", "pk"))
        insert_rows(MatchDirty, ["owner_id", "person_id"], rows)


def mark_people_dirty(people: Iterable[Person]) -> None:
    """The hook for writers that bypass signals (people.services.search.reindex calls it)."""
    by_owner: dict[int, list[int]] = defaultdict(list)
    for person in people:
        by_owner[person.owner_id].append(person.pk)
    for owner_id, ids in by_owner.items():
        mark_dirty(ids, owner_id)


_COUNTS = """
SELECT (SELECT COUNT(*) FROM {person} WHERE owner_id = %s),
       (SELECT MAX(id) FROM {person} WHERE owner_id = %s),
       (SELECT COUNT(*) FROM {offer} WHERE owner_id = %s),
       (SELECT COUNT(*) FROM {need} WHERE owner_id = %s),
       (SELECT COUNT(*) FROM {dirty} WHERE owner_id = %s),
       (SELECT people FROM {state} WHERE owner_id = %s),
       (SELECT max_person FROM {state} WHERE owner_id = %s),
       (SELECT offers FROM {state} WHERE owner_id = %s),
       (SELECT needs FROM {state} WHERE owner_id = %s),
       (SELECT token FROM {state} WHERE owner_id = %s)
"""


def _live_and_known(owner) -> tuple[tuple, int, tuple | None, str]:
    """((people, max person id, offers, needs) now, dirty marks, the same as indexed,
    the index's token)."""
    qn = connection.ops.quote_name
    sql = _COUNTS.format(
        person=qn(Person._meta.db_table),
        offer=qn(Offer._meta.db_table),
        need=qn(Need._meta.db_table),
        dirty=qn(MatchDirty._meta.db_table),
        state=qn(MatchState._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [owner.pk] * 10)
        row = cursor.fetchone()
    live = (row[0], row[1] or 0, row[2], row[3])
    known = None if row[5] is None else tuple(row[5:9])
    return live, row[4], known, row[9] or ""


def _save_state(owner, live: tuple) -> None:
    people, max_person, offers, needs = live
    MatchState.objects.update_or_create(
        owner=owner,
        defaults={
            "people": people,
            "max_person": max_person,
            "offers": offers,
            "needs": needs,
            "token": uuid.uuid4().hex,
        },
    )


def ensure_fresh(owner) -> int:
    """Bring the owner's index up to date; returns the number of people (for term
    weights). One query when nothing changed."""
    return fresh_index(owner)[0]


def fresh_index(owner) -> tuple[int, str]:
    """``ensure_fresh``, returning (number of people, the index's token): the token
    changes whenever the index rows do, so it may key what is derived from them."""
    live, dirty, known, token = _live_and_known(owner)
    if known is None:
        reindex(owner)
    elif dirty or live != known:
        _refresh(owner, live, known)
    elif not token:  # an index built before tokens existed
        _save_state(owner, live)
    else:
        return live[0], token
    return live[0], MatchState.objects.filter(owner=owner).values_list("token", flat=True)[0]


def _refresh(owner, live: tuple, known: tuple) -> None:
    with transaction.atomic():
        list(MatchState.objects.select_for_update().filter(owner=owner).values_list("pk"))
        marks = list(MatchDirty.objects.filter(owner=owner).values_list("pk", "person_id"))
        ids = {pid for _, pid in marks}
        if marks:
            top = max(pk for pk, _ in marks)
            MatchDirty.objects.filter(owner=owner, pk__lte=top).delete()
        # People added without a signal (bulk inserts) have ids above the last indexed.
        new = set(Person.objects.filter(owner=owner, pk__gt=known[1]).values_list("pk", flat=True))
        ids |= new
        if live[0] < known[0] + len(new):  # someone was deleted: sweep their rows
            alive = Person.objects.filter(owner=owner).values("pk")
            MatchTerm.objects.filter(owner=owner).exclude(person_id__in=alive).delete()
        if not marks and live[2:] != known[2:]:
            reindex(owner)  # offers or needs written in bulk, without any hook
            return
        reindex_people(owner, ids)
        _save_state(owner, live)


# ---------------------------------------------------------------- what makes a person dirty
# Connected at start-up (goodwill/apps.py), so that no write through the ORM can miss them.


def on_person_saved(sender, instance, raw=False, **kwargs):
    mark_dirty([instance.pk], instance.owner_id)


def on_offer_or_need_changed(sender, instance, **kwargs):
    mark_dirty([instance.person_id], instance.owner_id)


def on_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:
        mark_dirty([instance.pk], instance.owner_id)
    elif action == "pre_clear":
        mark_dirty(instance.people.values_list("pk", flat=True), instance.owner_id)
    else:
        mark_dirty(pk_set or (), instance.owner_id)


def on_people_reindexed(sender, *, people, **kwargs):
    """Bulk updates send no post_save: the people area says which people changed."""
    mark_people_dirty(people)
