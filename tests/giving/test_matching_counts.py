"""How common each term is: counted only up to where it stops mattering, and kept while the
index does not change (its token), so a steady Today does not count the same terms again."""

from __future__ import annotations

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goodwill.core.bulk import insert_rows
from goodwill.giving import services as giving
from goodwill.giving.matching import search as matching
from goodwill.giving.matching.index import fresh_index
from goodwill.giving.matching.search import match_need, open_needs_with_helpers
from goodwill.giving.models import MatchState, MatchTerm
from goodwill.people import services as people
from goodwill.people.models import Person

pytestmark = pytest.mark.django_db


def counting(queries) -> int:
    """How many of the captured queries count people per term."""
    return sum("COUNT" in q["sql"] and "matchterm" in q["sql"].lower() for q in queries)


def fresh_answer(owner, fn):
    """The answer with nothing kept from before."""
    matching._term_counts.by_owner.clear()
    return fn()


@pytest.fixture
def designers(alice, ana, frozen_now):
    for i in range(6):
        people.create_person(owner=alice, display_name=f"Designer {i}", title="Product designer")
    people.create_person(owner=alice, display_name="Ilse", title="Illustrator and designer")
    giving.create_need(owner=alice, person=ana, text="A product designer or an illustrator")
    return ana


def test_it_counts_terms_once_while_the_index_stays_the_same(alice, designers):
    open_needs_with_helpers(alice)
    with CaptureQueriesContext(connection) as again:
        open_needs_with_helpers(alice)
    assert counting(again) == 0
    people.create_person(owner=alice, display_name="Dora", title="Product designer")
    with CaptureQueriesContext(connection) as changed:
        after = open_needs_with_helpers(alice)
    assert counting(changed) == 1
    assert after == fresh_answer(alice, lambda: open_needs_with_helpers(alice))


def test_it_sees_a_change_made_while_the_clock_stands_still(alice, designers):
    """The token is new at every rebuild, not a timestamp: frozen time cannot fool it."""
    need = giving.create_need(owner=alice, person=designers, text="An illustrator")
    before = match_need(alice, need)
    token = MatchState.objects.get(owner=alice).token
    ilse = Person.objects.get(owner=alice, display_name="Ilse")
    people.update_person(owner=alice, person=ilse, title="Accountant")
    for i in range(3):
        people.create_person(owner=alice, display_name=f"Ill {i}", title="Illustrator")
    after = match_need(alice, need)
    assert MatchState.objects.get(owner=alice).token != token
    assert [m.name for m in after] != [m.name for m in before]
    assert after == fresh_answer(alice, lambda: match_need(alice, need))


def test_it_sees_people_inserted_in_bulk(alice, designers, frozen_now):
    need = giving.create_need(owner=alice, person=designers, text="An illustrator")
    assert [m.name for m in match_need(alice, need)] == ["Ilse"]
    insert_rows(
        Person,
        ["owner_id", "display_name", "title", "created_at", "updated_at"],
        [(alice.pk, f"Bulk {i}", "Illustrator", frozen_now(), frozen_now()) for i in range(2)],
    )
    after = match_need(alice, need)
    assert [m.name for m in after] == ["Ilse", "Bulk 0", "Bulk 1"]
    assert after == fresh_answer(alice, lambda: match_need(alice, need))


@pytest.mark.parametrize("capped", [0, 10_000])
def test_it_drops_the_same_too_common_terms_counting_either_way(
    alice, designers, monkeypatch, capped
):
    """With the floor lowered to 3, "design" (on 8 people) is too common and "illustr"
    (Ilse, and Ana who needs one) is not; counting one term at a time up to the cap, or
    all at once, agrees with counting the rows."""
    monkeypatch.setattr(matching, "MAX_DF_FLOOR", 3)
    monkeypatch.setattr(matching, "CAPPED_TERMS", capped)
    matching._term_counts.by_owner.clear()
    people_count, _ = built = fresh_index(alice)
    rarity = matching._rarity(alice, [{"design": 1, "illustr": 1, "nothing": 1}], built)
    df = MatchTerm.objects.filter(owner=alice, term="illustr").count()
    assert df == 2
    assert rarity == {"illustr": math.log(1 + people_count / df) / math.log(1 + people_count)}


def test_it_keeps_what_it_counted_for_a_few_owners_only(alice, bob, designers, monkeypatch):
    monkeypatch.setattr(matching._TermCounts, "OWNERS", 1)
    open_needs_with_helpers(alice)
    dan = people.create_person(owner=bob, display_name="Dan", title="Designer")
    giving.create_need(owner=bob, person=dan, text="A designer")
    open_needs_with_helpers(bob)
    assert list(matching._term_counts.by_owner) == [bob.pk]


def test_it_refreshes_the_planner_statistics_after_a_big_rebuild(alice, designers, monkeypatch):
    from goodwill.giving.matching import index as matching_index

    monkeypatch.setattr(matching_index, "ANALYZE_AFTER", 5)
    with CaptureQueriesContext(connection) as big:
        matching_index.reindex(alice)
    monkeypatch.setattr(matching_index, "ANALYZE_AFTER", 10_000)
    with CaptureQueriesContext(connection) as small:
        matching_index.reindex(alice)
    analyzed = [q["sql"] for q in big if q["sql"].startswith("ANALYZE")]
    assert len(analyzed) == 2 and "matchterm" in analyzed[0]
    assert not any(q["sql"].startswith("ANALYZE") for q in small)
