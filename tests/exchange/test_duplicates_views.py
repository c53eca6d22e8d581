"""The Duplicates page, the merge confirmation and "not the same", on the web and the API."""

from __future__ import annotations

import pytest

from goodwill.exchange.models import NotDuplicate
from goodwill.interactions.models import Interaction
from goodwill.people import services as people
from goodwill.people.models import Person
from tests.api_support import api_for, assert_error

pytestmark = pytest.mark.django_db


def test_it_links_to_duplicates_and_export_from_the_people_list(alice_client, ana):
    body = alice_client.get("/people/").content.decode()
    assert 'href="/people/duplicates/"' in body and 'href="/export/"' in body


def test_it_lists_pairs_with_reason_score_and_actions(alice_client, ana, twin):
    response = alice_client.get("/people/duplicates/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Same email ana@ruiz.example, same name" in body
    assert f"/people/{ana.pk}/merge/{twin.pk}/" in body
    assert f"/people/{ana.pk}/not-duplicate/{twin.pk}/" in body


def test_it_says_so_when_there_are_no_duplicates(alice_client, ana):
    assert "No likely duplicates" in alice_client.get("/people/duplicates/").content.decode()


def test_it_shows_what_will_move_then_merges_into_the_chosen_one(alice_client, ana, twin, coffee):
    page = alice_client.get(f"/people/{ana.pk}/merge/{twin.pk}/")
    assert page.status_code == 200
    assert "1 interactions" in page.content.decode()  # what moves if twin is kept
    response = alice_client.post(f"/people/{ana.pk}/merge/{twin.pk}/", {"keep": twin.pk})
    assert response.status_code == 302 and response.url == f"/people/{twin.pk}/"
    assert not Person.objects.filter(pk=ana.pk).exists()
    assert Interaction.objects.get(pk=coffee.pk).participants.get() == twin


def test_it_marks_a_pair_as_not_the_same(alice_client, ana, twin):
    response = alice_client.post(f"/people/{twin.pk}/not-duplicate/{ana.pk}/")
    assert response.status_code == 302 and response.url == "/people/duplicates/"
    assert NotDuplicate.objects.filter(a=ana, b=twin).exists()
    assert alice_client.get(f"/people/{twin.pk}/not-duplicate/{ana.pk}/").status_code == 405


def test_it_404s_bob_on_alices_merge_and_dismiss(bob_client, alice, ana, twin):
    for url in (f"/people/{ana.pk}/merge/{twin.pk}/", f"/people/{ana.pk}/not-duplicate/{twin.pk}/"):
        assert bob_client.get(url).status_code == 404
        assert bob_client.post(url, {"keep": ana.pk}).status_code == 404
    assert Person.objects.filter(pk__in=[ana.pk, twin.pk]).count() == 2
    assert not NotDuplicate.objects.exists()
    assert "Ana Ruiz" not in bob_client.get("/people/duplicates/").content.decode()


def test_it_lists_merges_and_dismisses_over_the_api(client, alice, ana, twin, coffee):
    api = api_for(client, alice)
    pairs = api.get("/duplicates").json()
    assert pairs[0]["a"] == {"id": ana.pk, "display_name": "Ana Ruiz"}
    assert pairs[0]["score"] >= 90 and pairs[0]["reasons"][0] == "same email ana@ruiz.example"
    third = people.create_person(owner=alice, display_name="Ana Ruiz")
    dismissed = api.post("/duplicates/dismiss", {"a": third.pk, "b": ana.pk})
    assert dismissed.json() == {"a": ana.pk, "b": third.pk}
    merged = api.post("/duplicates/merge", {"keep": ana.pk, "merge": twin.pk})
    assert merged.status_code == 200, merged.content
    assert merged.json()["kept"] == ana.pk
    assert merged.json()["moved"] == {"emails already there": 1}
    assert not Person.objects.filter(pk=twin.pk).exists()


def test_it_names_the_field_of_a_foreign_id_over_the_api(client, alice, bob, ana):
    bobs = people.create_person(owner=bob, display_name="Ana Ruiz")
    api = api_for(client, alice)
    assert_error(api.post("/duplicates/merge", {"keep": ana.pk, "merge": bobs.pk}), 422,
                 "validation_error", "merge")  # fmt: skip
    assert_error(api.post("/duplicates/dismiss", {"a": bobs.pk, "b": ana.pk}), 422,
                 "validation_error", "a")  # fmt: skip
    assert Person.objects.filter(pk=bobs.pk).exists()
