"""The giving API: CRUD for needs, offers and gives, the introduction steps, matches,
the balance; errors naming the field; bob's 404s and foreign ids in bodies."""

from __future__ import annotations

import pytest

from goodwill.giving import services as giving
from goodwill.giving.matching import search as matching
from goodwill.giving.matching.search import Match
from goodwill.giving.models import Give, Introduction, Need, Offer
from goodwill.giving.services import intros
from goodwill.people import services as people
from tests.api_support import api_for, assert_error, count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob_api(client, bob):
    return api_for(client, bob)


def test_it_creates_reads_updates_and_deletes_a_need(api, ana, frozen_now):
    response = api.post("/needs", {"person": ana.pk, "text": "Moving to Berlin"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["person"] == {"id": ana.pk, "display_name": "Ana Ruiz"}
    assert body["status"] == "open" and body["heard_on"] == "2026-06-15"
    pk = body["id"]
    assert api.get(f"/needs/{pk}").json()["text"] == "Moving to Berlin"
    assert api.patch(f"/needs/{pk}", {"status": "moot"}).json()["status"] == "moot"
    assert api.get("/needs", status="moot").json()["count"] == 1
    assert api.delete(f"/needs/{pk}").status_code == 204 and not Need.objects.exists()


def test_it_names_the_field_of_a_bad_need_and_writes_nothing(api, ana):
    assert_error(
        api.post("/needs", {"person": ana.pk, "text": ""}), 422, "validation_error", "text"
    )
    assert_error(api.post("/needs", {"text": "x"}), 422, "validation_error", "person")
    assert_error(api.post("/needs", {"person": ana.pk, "txt": "x"}), 422, "validation_error", "txt")
    assert not Need.objects.exists()


def test_it_creates_offers_including_your_own(api, ana):
    mine = api.post("/offers", {"person": "me", "text": "Code reviews"}).json()
    theirs = api.post("/offers", {"person": ana.pk, "text": "Figma"}).json()
    assert mine["person"]["display_name"] == "alice" and theirs["active"] is True
    assert api.patch(f"/offers/{theirs['id']}", {"active": False}).json()["active"] is False
    assert api.get("/offers", person="me").json()["count"] == 1
    assert [o["text"] for o in api.get("/offers", active=True).json()["items"]] == ["Code reviews"]


def test_it_records_a_give_and_meets_the_need_only_when_asked(api, need):
    give = api.post("/gives", {"need": need.pk, "summary": "Two names", "kind": "referral"})
    assert give.status_code == 201 and give.json()["receiver"]["id"] == need.person_id
    assert Need.objects.get().status == "open"
    api.post("/gives", {"need": need.pk, "summary": "An intro", "meets_need": True})
    assert Need.objects.get().status == "met"
    assert api.get("/gives").json()["count"] == 2


def test_it_refuses_a_bad_give_kind_naming_it(api, ana):
    response = api.post("/gives", {"receiver": ana.pk, "summary": "x", "kind": "bribe"})
    assert_error(response, 422, "validation_error", "kind")
    assert not Give.objects.exists()


def test_it_walks_an_introduction_through_the_step_routes(api, alice, ana, ben, need):
    created = api.post("/intros", {"a": ben.pk, "b": ana.pk, "need": need.pk})
    assert created.status_code == 201
    body = created.json()
    assert body["actions"] == ["ask_a", "decline"] and body["next_draft"]["kind"] == "ask_a"
    pk = body["id"]
    body = api.post(f"/intros/{pk}/ask-a", {"message": "Hi Ben"}).json()
    assert body["status"] == "asked_a" and body["steps"][-1]["message"] == "Hi Ben"
    assert body["next_draft"]["to_name"] == "Ana Ruiz"
    api.post(f"/intros/{pk}/ask-b", {})
    body = api.post(f"/intros/{pk}/made", {"meets_need": True}).json()
    assert body["status"] == "made" and body["next_draft"] is None
    assert Need.objects.get().status == "met"
    body = api.post(f"/intros/{pk}/outcome", {"outcome": "Ben is building it"}).json()
    assert body["outcome"] == "Ben is building it" and body["actions"] == ["outcome"]
    assert api.get("/intros", state="made").json()["count"] == 1


def test_it_refuses_a_step_out_of_order_with_a_422_naming_action(api, alice, ana, ben):
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana)
    assert_error(api.post(f"/intros/{intro.pk}/made", {}), 422, "validation_error", "action")
    response = api.post(f"/intros/{intro.pk}/decline", {"declined_by": "b"})
    assert_error(response, 422, "validation_error", "declined_by")
    assert Introduction.objects.get().status == "suggested"
    body = api.post(f"/intros/{intro.pk}/decline", {}).json()
    assert body["status"] == "declined" and body["declined_by"] == "me"


def test_it_lists_the_matches_of_a_need(api, alice, ana, ben, need, monkeypatch):
    found = [Match(ben.pk, "Ben Ortega", 0.8, ["React development (offer)"])]
    monkeypatch.setattr(matching, "match_need", lambda owner, n, limit=10: found)
    assert api.get(f"/needs/{need.pk}/matches").json() == [
        {
            "person_id": ben.pk,
            "name": "Ben Ortega",
            "score": 0.8,
            "reasons": ["React development (offer)"],
        }
    ]


def test_it_reports_the_balance(api, alice, ana, frozen_now):
    giving.record_give(owner=alice, receiver=ana, summary="Advice")
    body = api.get("/giving/balance").json()
    assert body["given"] == 1 and body["received"] == 0 and body["leading"] is True
    assert len(body["months"]) == 12 and body["people"][0]["person"]["id"] == ana.pk


@pytest.mark.parametrize("path", ["/needs", "/offers", "/gives", "/intros"])
def test_it_adds_no_queries_for_more_rows_in_lists(api, alice, path, frozen_now):
    def add(n):
        for i in range(n):
            p = people.create_person(owner=alice, display_name=f"P{i}")
            q = people.create_person(owner=alice, display_name=f"Q{i}")
            giving.create_need(owner=alice, person=p, text=f"Need {i}")
            giving.create_offer(owner=alice, person=p, text=f"Offer {i}")
            giving.record_give(owner=alice, receiver=p, summary=f"Help {i}")
            intros.suggest_intro(owner=alice, a=p, b=q)

    add(2)
    api.get(path)  # the first request of a token also records its use
    few = count_queries(lambda: api.get(path))
    add(5)
    assert count_queries(lambda: api.get(path)) == few


def test_it_gives_bob_404_on_alices_objects_and_rejects_her_ids_in_bodies(
    bob_api, bob, alice, ana, ben, need
):
    offer = giving.create_offer(owner=alice, person=ana, text="Figma")
    give = giving.record_give(owner=alice, receiver=ana, summary="Advice")
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana)
    for path in (
        f"/needs/{need.pk}",
        f"/needs/{need.pk}/matches",
        f"/offers/{offer.pk}",
        f"/gives/{give.pk}",
        f"/intros/{intro.pk}",
    ):
        assert_error(bob_api.get(path), 404, "not_found")
    assert_error(bob_api.post(f"/intros/{intro.pk}/ask-a", {}), 404, "not_found")
    assert_error(bob_api.patch(f"/needs/{need.pk}", {"status": "met"}), 404, "not_found")
    assert_error(
        bob_api.post("/needs", {"person": ana.pk, "text": "x"}), 422, "validation_error", "person"
    )
    bobs = people.create_person(owner=bob, display_name="Bob's friend")
    response = bob_api.post("/gives", {"receiver": bobs.pk, "summary": "x", "need": need.pk})
    assert_error(response, 422, "validation_error", "need")
    response = bob_api.post("/intros", {"a": bobs.pk, "b": ana.pk})
    assert_error(response, 422, "validation_error", "b")
    assert bob_api.get("/needs").json()["count"] == 0
    assert Need.objects.get().status == "open" and Introduction.objects.count() == 1
    assert Offer.objects.filter(owner=bob).count() == 0
