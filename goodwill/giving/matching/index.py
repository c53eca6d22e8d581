"""Keeps the matcher's term index (goodwill.giving.models) in step with the network.

The one place that writes MatchTerm rows is ``_step``: it reads and weighs at most STEP
people, then replaces their rows in one short transaction. Three things make sure it
runs when it must, so the index cannot go stale silently:

* signals mark a person dirty when they, their tags, an offer or a need of theirs is
  saved through the ORM (``mark_dirty``);
* bulk writers that bypass signals (imports, merges, tag and organization renames,
  backup restore) all call ``people.services.search.reindex``, which calls ``mark_dirty``;
* every read first calls ``fresh_index``: one query compares the live row counts of
  people, offers and needs with those the index was built from and counts the dirty
  marks; dirty people are rebuilt, new people (ids above the last indexed) are indexed,
  deleted ones swept, and an unexplained change in offers or needs rebuilds the owner's
  whole index.

No rebuild ever runs in one transaction (issue 16: a 99,000-person rebuild held
SQLite's write lock for 10-30 s and locked every other writer out). A read does at most
INLINE people of work itself; past that it queues ``refresh_index`` for the worker and
uses the index as it is meanwhile.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.tasks import task
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
# People indexed per step: read and weighed outside the lock, then their rows replaced
# in one transaction of a few tens of milliseconds on SQLite (issue 16).
STEP = 500
# A page brings the index up to date itself for at most this many people; more is
# the worker's job (refresh_index) and the page reads the index as it is.
INLINE = 2000  # as many as a synchronous import writes (imports.steps.SYNC_MAX)
QUEUED_FOR = dt.timedelta(minutes=10)  # a refresh asked for longer ago is asked again
ANALYSIS_LIMIT = 1000  # rows SQLite's ANALYZE samples per index
# Seconds between two steps of the worker: more than the 100 ms a waiting SQLite writer
# may sleep between two tries, so that each of them gets its turn.
PAUSE = 0.12
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


def _index_rows(owner, ids: list[int], today: dt.date) -> list[tuple]:
    """The MatchTerm rows of these people, read and weighed (no write: outside the lock)."""
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
    return [
        (owner.pk, p.pk, term, weight)
        for p in people
        for term, weight in person_weights(
            p, tags[p.pk], orgs.get(p.organization_id), offers[p.pk], needs[p.pk], today
        ).items()
    ]


def _replace_rows(owner, ids: list[int], rows: list[tuple]) -> None:
    """Inside the step's transaction: these people's rows, and only these."""
    MatchTerm.objects.filter(owner=owner, person_id__in=ids).delete()
    insert_rows(MatchTerm, ["owner_id", "person_id", "term", "weight"], rows)


def reindex(owner) -> int:
    """Rebuild the owner's whole index, in steps of STEP people (each its own short
    transaction); returns the number of people indexed."""
    state, _ = MatchState.objects.get_or_create(owner=owner, defaults={"sweep": True})
    MatchState.objects.filter(pk=state.pk).update(max_person=0, people=0, sweep=True)
    return refresh(owner)


def _analyze(*models) -> None:
    """Fresh planner statistics after a bulk (re)build. Without them PostgreSQL joined
    20,000 people against each candidate (800 ms instead of 40 for Today's matcher) until
    autovacuum came round; SQLite can pick the wrong index the same way. On SQLite the
    sample is capped (analysis_limit): a full ANALYZE of a million index rows held the
    write lock for seconds."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
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


def fresh_index(owner) -> tuple[int, str]:
    """(number of people, the index's token), after bringing the index up to date when
    that is little work: at most INLINE people, in steps of their own short transactions.
    More than that (a big import, a restore, a first build) is left to the worker
    (``refresh_index``, queued once) and the index is used as it is meanwhile, so no page
    ever holds the database's write lock for a rebuild. The token changes whenever the
    index rows do, so it may key what is derived from them ("" while none is kept)."""
    live, dirty, known, token = _live_and_known(owner)
    if known is not None and not dirty and live == known and token:
        return live[0], token
    if _pending_work(live, dirty, known) <= INLINE:
        refresh(owner, pause=0)  # a few short steps: a page does not sleep
    else:
        queue_refresh(owner)
    token = MatchState.objects.filter(owner=owner).values_list("token", flat=True).first()
    return live[0], token or ""


def ensure_fresh(owner) -> int:
    """``fresh_index`` without the token: the number of people (for term weights)."""
    return fresh_index(owner)[0]


def _pending_work(live: tuple, dirty: int, known: tuple | None) -> int:
    """About how many people a refresh must index (an estimate: it only picks the path)."""
    if known is None:
        return live[0]
    people, _, offers, needs = known
    if not dirty and (live[2], live[3]) != (offers, needs):
        return live[0]  # offers or needs written in bulk without a hook: everyone again
    return dirty + max(0, live[0] - people)


def refresh(owner, *, budget: int | None = None, pause: float | None = None) -> int:
    """Bring the owner's index up to date in steps; returns the people (or rows) handled.

    Each step is one transaction over at most STEP people, so the write lock is held for
    tens of milliseconds, never for the whole rebuild; steps from two processes may
    interleave (each re-reads where the index stands). Between steps it lets go of the
    lock for ``pause`` seconds (default PAUSE): SQLite's waiting writers poll for the
    lock up to every 100 ms, and back-to-back steps would starve them. ``budget`` stops
    early."""
    pause = PAUSE if pause is None else pause
    # Never built: everyone is "above" max_person 0, then any rows left over are swept.
    MatchState.objects.get_or_create(owner=owner, defaults={"sweep": True})
    done, cursor = 0, {"sweep_from": 0}
    while budget is None or done < budget:
        did = _step(owner, cursor)
        if not did:
            break
        done += did
        if pause and connection.vendor == "sqlite" and not connection.in_atomic_block:
            time.sleep(pause)
    if done >= ANALYZE_AFTER:
        _analyze(MatchTerm, Person)
    return done


def _step(owner, cursor: dict) -> int:
    """One step: reads and weighs outside any transaction, then writes in a short one
    (re-reading the state under the lock, and giving up the step if another process
    moved it meanwhile); returns the work done, 0 when the index is fresh."""
    today = timezone.localdate()
    seen = MatchState.objects.get(owner=owner)
    live = _live_and_known(owner)[0]
    ids = list(
        Person.objects.filter(owner=owner, pk__gt=seen.max_person)
        .order_by("pk")
        .values_list("pk", flat=True)[:STEP]
    )
    if ids:  # people not indexed yet (new, or a rebuild under way)
        rows = _index_rows(owner, ids, today)
        with transaction.atomic():
            state = MatchState.objects.select_for_update().get(owner=owner)
            if state.max_person != seen.max_person:
                return 1  # another process took this step (or began a rebuild): look again
            _replace_rows(owner, ids, rows)
            state.max_person, state.people = ids[-1], state.people + len(ids)
            return _saved(state, len(ids))
    marks = list(
        MatchDirty.objects.filter(owner=owner).order_by("pk").values_list("pk", "person_id")[:STEP]
    )
    if marks:  # read before the people: a later change leaves a later mark
        pids = sorted({pid for _, pid in marks})
        rows = _index_rows(owner, pids, today)
        with transaction.atomic():
            state = MatchState.objects.select_for_update().get(owner=owner)
            _replace_rows(owner, pids, rows)
            MatchDirty.objects.filter(pk__in=[pk for pk, _ in marks]).delete()
            state.offers, state.needs = live[2], live[3]
            return _saved(state, len(marks))
    sweeping = seen.sweep or live[0] < seen.people  # someone was deleted: their rows go
    gone = _orphans(owner, cursor["sweep_from"]) if sweeping else []  # a scan: no lock yet
    with transaction.atomic():
        state = MatchState.objects.select_for_update().get(owner=owner)
        if state.max_person != seen.max_person:
            return 1
        if gone:
            MatchTerm.objects.filter(owner=owner, person_id__in=gone).delete()
            cursor["sweep_from"] = gone[-1]
            return _saved(state, len(gone))
        if sweeping:
            state.sweep, state.people = False, live[0]
            return _saved(state, 1)
        if (live[2], live[3]) != (state.offers, state.needs):
            # Offers or needs written in bulk without any hook: everyone again, by steps.
            state.max_person, state.people, state.sweep = 0, 0, True
            state.offers, state.needs = live[2], live[3]
            return _saved(state, 1)
        if state.people != live[0] or state.max_person != live[1] or not state.token:
            state.people, state.max_person = live[0], live[1]
            return _saved(state, 1)
        return 0


def _orphans(owner, after: int) -> list[int]:
    """Up to STEP ids above ``after`` that have index rows but are no longer people."""
    qn = connection.ops.quote_name
    sql = (
        f"SELECT DISTINCT t.person_id FROM {qn(MatchTerm._meta.db_table)} t"  # noqa: S608
        " WHERE t.owner_id = %s AND t.person_id > %s AND NOT EXISTS"
        f" (SELECT 1 FROM {qn(Person._meta.db_table)} p WHERE p.id = t.person_id)"
        " ORDER BY t.person_id LIMIT %s"
    )
    with connection.cursor() as c:
        c.execute(sql, [owner.pk, after, STEP])
        return [row[0] for row in c.fetchall()]


def _saved(state, work: int) -> int:
    state.token = uuid.uuid4().hex
    state.save()
    return work


def queue_refresh(owner) -> bool:
    """Ask the worker to refresh the owner's index, unless it was asked in the last
    QUEUED_FOR; True when queued now."""
    from django.db.models import Q

    MatchState.objects.get_or_create(owner=owner, defaults={"sweep": True})
    now = timezone.now()
    claimed = (
        MatchState.objects.filter(owner=owner)
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - QUEUED_FOR))
        .update(queued_at=now)
    )
    if claimed:
        refresh_index.enqueue(owner.pk)
    return bool(claimed)


def is_refreshing(owner) -> bool:
    """True while the worker has a refresh of this owner's index to do."""
    return MatchState.objects.filter(owner=owner, queued_at__isnull=False).exists()


@task
def refresh_index(owner_id: int) -> int:
    """The worker's side of ``queue_refresh``: the whole refresh, step by step."""
    owner = get_user_model().objects.filter(pk=owner_id).first()
    if owner is None:
        return 0
    try:
        return refresh(owner)
    finally:
        MatchState.objects.filter(owner_id=owner_id).update(queued_at=None)


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
