"""The matcher: who could meet a need, with true reasons, never across accounts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from goodwill.core.bulk import insert_rows
from goodwill.exchange.services import duplicates
from goodwill.giving import services as giving
from goodwill.giving.matching import search as matching
from goodwill.giving.matching.search import (
    match_need,
    match_text,
    needs_person_can_meet,
    open_needs_with_helpers,
)
from goodwill.giving.models import MatchTerm
from goodwill.people import services as people
from goodwill.people.models import Person
from goodwill.people.services import organizations
from tests.support import make_ben


def names(matches):
    return [m.name for m in matches]


@pytest.fixture
def ben(alice, frozen_now):
    # Overrides the shared ben (conftest.py): a title, a tag and an offer to match on.
    ben = make_ben(alice, title="React developer", tags=["frontend"])
    giving.create_offer(
        owner=alice, person=ben, text="Mentoring junior developers", offered_on="2026-03-04"
    )
    return ben


@pytest.fixture
def react_need(alice, ana, frozen_now):
    return giving.create_need(
        owner=alice, person=ana, text="A React developer to mentor our junior team"
    )


def test_it_finds_the_helper_with_reasons_taken_from_their_record(alice, ben, react_need):
    found = match_need(alice, react_need)
    assert names(found) == ["Ben Ortega"]
    assert found[0].reasons == [
        "React developer (title)",
        "offered “Mentoring junior developers” in March 2026",
        "tagged frontend",
    ]
    assert found[0].summary.startswith("Ben Ortega — React developer (title); offered")
    assert found[0].score > 0


def test_it_matches_through_synonyms(alice, ben, ana):
    need = giving.create_need(owner=alice, person=ana, text="Someone for our front-end in Vue")
    assert names(match_need(alice, need)) == ["Ben Ortega"]
    assert names(match_text(alice, "reactjs help")) == ["Ben Ortega"]


def test_it_never_suggests_the_person_whose_need_it_is(alice, ben):
    need = giving.create_need(owner=alice, person=ben, text="Another React developer")
    assert match_need(alice, need) == []


def test_it_includes_your_own_record(alice, ana, frozen_now):
    me = people.ensure_me(owner=alice)
    people.update_person(owner=alice, person=me, title="Django developer")
    need = giving.create_need(owner=alice, person=ana, text="Help with Django")
    [found] = match_need(alice, need)
    assert found.is_me and found.person_id == me.pk
    assert found.reasons[0] == "You could help: Django developer (title)"


def test_it_never_crosses_accounts(alice, bob, ben, react_need, frozen_now):
    bobs_star = people.create_person(
        owner=bob, display_name="Perfect Match", title="React developer mentor junior team"
    )
    giving.create_offer(owner=bob, person=bobs_star, text="React mentoring for junior teams")
    assert "Perfect Match" not in names(match_need(alice, react_need))
    assert "Perfect Match" not in names(match_text(alice, "React developer"))
    assert names(match_text(bob, "React developer")) == ["Perfect Match"]
    with pytest.raises(Http404):
        match_need(bob, react_need)  # alice's need, asked for by bob
    with pytest.raises(Http404):
        needs_person_can_meet(bob, ben)
    assert needs_person_can_meet(bob, bobs_star) == []  # alice's needs stay hers
    assert all(m.name != "Perfect Match" for _, ms in open_needs_with_helpers(alice) for m in ms)
    assert open_needs_with_helpers(bob) == []


def test_it_leaves_archived_people_out(alice, ben, react_need):
    people.set_archived(owner=alice, person=ben, archived=True)
    assert match_need(alice, react_need) == []
    assert open_needs_with_helpers(alice) == []


def test_it_keeps_near_misses_apart(alice, ana, frozen_now):
    people.create_person(owner=alice, display_name="Dmitri", title="React Native developer")
    people.create_person(owner=alice, display_name="Frank", location="Berlin, NH")
    people.create_person(owner=alice, display_name="Chloe", location="Berlin, Germany")
    web = giving.create_need(owner=alice, person=ana, text="Fix our React web app")
    assert "Dmitri" not in names(match_need(alice, web))
    moving = giving.create_need(owner=alice, person=ana, text="Moving to Berlin in May")
    assert names(match_need(alice, moving)) == ["Chloe"]


def test_it_does_not_offer_someone_who_is_looking_for_the_same_thing(alice, ana, frozen_now):
    seeker = people.create_person(
        owner=alice, display_name="Cleo", title="Designer", about="Looking for a designer job."
    )
    giving.create_need(owner=alice, person=seeker, text="A designer job at an agency")
    people.create_person(owner=alice, display_name="Yasmin", title="Recruiter for designers")
    need = giving.create_need(owner=alice, person=ana, text="A designer job")
    assert names(match_need(alice, need)) == ["Yasmin"]


def test_it_lists_the_needs_a_person_could_meet(alice, ana, ben, react_need):
    other = people.create_person(owner=alice, display_name="Dora")
    giving.create_need(owner=alice, person=other, text="Learn to bake bread")
    giving.create_need(owner=alice, person=ben, text="A React developer")  # his own
    [found] = needs_person_can_meet(alice, ben)
    assert (found.need_id, found.person_id, found.name) == (react_need.pk, ana.pk, "Ana Ruiz")
    assert found.text == react_need.text
    assert "React developer (title)" in found.reasons


def test_it_pairs_open_needs_with_helpers_but_not_met_or_moot_ones(alice, ana, ben, react_need):
    [(need, helpers)] = open_needs_with_helpers(alice)
    assert need == react_need and names(helpers) == ["Ben Ortega"]
    giving.set_need_status(owner=alice, need=react_need, status="met")
    assert open_needs_with_helpers(alice) == []
    again = giving.create_need(owner=alice, person=ana, text="React developer")
    giving.set_need_status(owner=alice, need=again, status="moot")
    assert open_needs_with_helpers(alice) == []


def test_it_answers_open_needs_in_a_fixed_number_of_queries(alice, ana, ben, react_need):
    def count():
        open_needs_with_helpers(alice)  # brings the index up to date first
        with CaptureQueriesContext(connection) as ctx:
            result = open_needs_with_helpers(alice, limit=10)
        return len(ctx.captured_queries), result

    few, _ = count()
    for i in range(6):
        helper = people.create_person(
            owner=alice, display_name=f"Helper {i}", title=f"Plumber {i}", tags=["react"]
        )
        giving.create_need(owner=alice, person=ana, text=f"A plumber {i}")
        giving.create_offer(owner=alice, person=helper, text="Fixing leaks")
    many, result = count()
    assert len(result) == 7
    assert many == few


# ---------------------------------------------------------------- the index stays fresh


def test_it_sees_a_new_title_a_new_offer_and_new_tags(alice, ana, frozen_now):
    cleo = people.create_person(owner=alice, display_name="Cleo Vidal")
    need = giving.create_need(owner=alice, person=ana, text="Kubernetes on AWS")
    assert match_need(alice, need) == []
    people.update_person(owner=alice, person=cleo, title="DevOps engineer")
    assert names(match_need(alice, need)) == ["Cleo Vidal"]
    people.update_person(owner=alice, person=cleo, title="Baker")
    assert match_need(alice, need) == []
    offer = giving.create_offer(owner=alice, person=cleo, text="Kubernetes clinics")
    assert names(match_need(alice, need)) == ["Cleo Vidal"]
    giving.update_offer(owner=alice, offer=offer, active=False)
    assert match_need(alice, need) == []
    people.update_person(owner=alice, person=cleo, tags=["aws"])
    assert names(match_need(alice, need)) == ["Cleo Vidal"]


def test_it_sees_a_tag_renamed_and_a_person_deleted(alice, ana, frozen_now):
    cleo = people.create_person(owner=alice, display_name="Cleo Vidal", tags=["baking"])
    need = giving.create_need(owner=alice, person=ana, text="Help with Kubernetes")
    assert match_need(alice, need) == []
    tag = cleo.tags.get()
    organizations.update_tag(owner=alice, tag=tag, name="kubernetes")
    assert names(match_need(alice, need)) == ["Cleo Vidal"]
    people.delete_person(owner=alice, person=cleo)
    assert match_need(alice, need) == []
    assert not MatchTerm.objects.filter(owner=alice, person_id=cleo.pk).exists()


def test_it_follows_a_merge(alice, ana, frozen_now):
    keep = people.create_person(owner=alice, display_name="Cleo Vidal")
    dupe = people.create_person(owner=alice, display_name="Cleo V.")
    giving.create_offer(owner=alice, person=dupe, text="Kubernetes clinics")
    need = giving.create_need(owner=alice, person=ana, text="Help with Kubernetes")
    assert names(match_need(alice, need)) == ["Cleo V."]
    duplicates.merge_people(owner=alice, keep=keep, merge=dupe)
    assert names(match_need(alice, need)) == ["Cleo Vidal"]


def test_it_notices_people_written_in_bulk_without_any_hook(alice, ana, frozen_now):
    need = giving.create_need(owner=alice, person=ana, text="Kubernetes help")
    assert match_need(alice, need) == []
    insert_rows(
        Person,
        ["owner_id", "display_name", "title", "created_at", "updated_at"],
        [(alice.pk, "Bulk Person", "Kubernetes admin", frozen_now(), frozen_now())],
    )
    assert names(match_need(alice, need)) == ["Bulk Person"]


def test_it_answers_from_the_index_in_one_query_when_nothing_changed(alice, ben, react_need):
    from goodwill.giving.matching.index import ensure_fresh

    ensure_fresh(alice)
    with CaptureQueriesContext(connection) as ctx:
        people_count = ensure_fresh(alice)
    assert len(ctx.captured_queries) == 1
    assert people_count == Person.objects.filter(owner=alice).count()


def test_it_returns_nothing_for_a_need_without_words_that_mean_anything(alice, ben, ana):
    need = giving.create_need(owner=alice, person=ana, text="Looking for someone who can help")
    assert match_need(alice, need) == []
    assert match_text(alice, "") == []
    assert matching.query_terms("the and of") == {}
