"""Issue 16, finding 4: the match index is never rebuilt in one long transaction, and a
page never rebuilds more than a little of it; the rest is the worker's job."""

from __future__ import annotations

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from goodwill.core.bulk import insert_rows
from goodwill.giving import services as giving
from goodwill.giving.matching import index as match_index
from goodwill.giving.matching.search import match_need
from goodwill.giving.models import MatchState, MatchTerm, Offer
from goodwill.people.models import Person


def _bulk_people(owner, when, n, title="Kubernetes admin"):
    """People written without any hook, as an import writes them."""
    insert_rows(
        Person,
        ["owner_id", "display_name", "title", "created_at", "updated_at"],
        [(owner.pk, f"Bulk {i:03}", title, when, when) for i in range(n)],
    )


@pytest.fixture
def small_steps(monkeypatch):
    """Steps of 3 people, and a page may do 5 people of work itself."""
    monkeypatch.setattr(match_index, "STEP", 3)
    monkeypatch.setattr(match_index, "INLINE", 5)
    sizes: list[tuple[int, bool]] = []
    real = match_index._replace_rows

    def spy(owner, ids, rows):
        sizes.append((len(ids), connection.in_atomic_block))
        return real(owner, ids, rows)

    monkeypatch.setattr(match_index, "_replace_rows", spy)
    return sizes


def _queued():
    return DBTaskResult.objects.filter(task_path__endswith="refresh_index").count()


def test_a_page_leaves_a_big_rebuild_to_the_worker_and_uses_the_index_as_it_is(
    alice, ana, frozen_now, small_steps
):
    need = giving.create_need(owner=alice, person=ana, text="Kubernetes help")
    assert match_need(alice, need) == []
    _bulk_people(alice, frozen_now(), 20)
    small_steps.clear()
    assert match_need(alice, need) == []  # read as it is: nothing rebuilt in the request
    assert match_need(alice, need) == []
    assert small_steps == []
    assert _queued() == 1  # asked once, not at every read
    assert match_index.is_refreshing(alice)

    match_index.refresh_index.call(alice.pk)  # what the worker runs

    assert len(match_need(alice, need)) == 10
    assert {n for n, _ in small_steps} == {3, 2}  # 20 people in steps of at most 3
    assert all(inside for _, inside in small_steps)
    assert not match_index.is_refreshing(alice)


def test_a_little_work_is_done_at_once_in_small_steps(alice, ana, frozen_now, small_steps):
    need = giving.create_need(owner=alice, person=ana, text="Kubernetes help")
    assert match_need(alice, need) == []
    _bulk_people(alice, frozen_now(), 4)
    small_steps.clear()
    assert len(match_need(alice, need)) == 4
    assert [n for n, _ in small_steps] == [3, 1]
    assert _queued() == 0


def test_the_worker_sweeps_deleted_people_and_rebuilds_after_offers_written_in_bulk(
    alice, ana, frozen_now, small_steps
):
    _bulk_people(alice, frozen_now(), 8)
    match_index.refresh(alice)
    assert MatchTerm.objects.filter(owner=alice, term="kubernet").count() == 8
    Person.objects.filter(owner=alice, display_name__in=["Bulk 000", "Bulk 005"])._raw_delete(
        "default"
    )  # no signals: only the counts tell
    victim = Person.objects.get(owner=alice, display_name="Bulk 003")
    insert_rows(  # an offer written without a hook: the whole index again, by steps
        Offer,
        [
            "owner_id",
            "person_id",
            "text",
            "details",
            "active",
            "offered_on",
            "created_at",
            "updated_at",
        ],
        [
            (
                alice.pk,
                victim.pk,
                "Sourdough lessons",
                "",
                True,
                frozen_now().date(),
                frozen_now(),
                frozen_now(),
            )
        ],
    )
    small_steps.clear()
    match_index.refresh(alice)
    assert MatchTerm.objects.filter(owner=alice, term="kubernet").count() == 6
    assert MatchTerm.objects.filter(owner=alice, person_id=victim.pk, term="sourdough").exists()
    assert max(n for n, _ in small_steps) == 3
    state = MatchState.objects.get(owner=alice)
    live, dirty, known, token = match_index._live_and_known(alice)
    assert (live, dirty, known) == (live, 0, live) and token == state.token
    assert not state.sweep
    assert match_index.refresh(alice) == 0  # fresh: nothing more to do
