"""Interactions and the things to ask next time, over the API."""

import datetime as dt

import pytest

from goodwill.interactions import services as interactions
from goodwill.interactions.models import AskNext, Interaction, Participation
from goodwill.people import services as people
from goodwill.people.models import Person
from tests.api_support import assert_error, count_queries


def test_it_logs_an_interaction_with_asks(frozen_now, api, alice, ana, ben, coffee):
    old_ask = AskNext.objects.get(person=ana)
    response = api.post(
        "/interactions",
        {
            "participants": [ana.pk, ben.pk],
            "kind": "meal",
            "occurred_at": "2026-06-14T19:00:00Z",
            "summary": "Dinner",
            "notes": "Ben is moving to Lisbon.",
            "initiated_by": "me",
            "ask_next": ["her new studio", {"person": ben.pk, "text": "the move"}],
            "asked": [old_ask.pk],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "meal" and body["summary"] == "Dinner"
    assert {p["id"] for p in body["participants"]} == {ana.pk, ben.pk}
    assert body["initiated_by"]["id"] == Person.objects.get(owner=alice, is_me=True).pk
    interaction = Interaction.objects.get(pk=body["id"], owner=alice)
    assert interaction.occurred_at == dt.datetime(2026, 6, 14, 19, tzinfo=dt.UTC)
    assert ben.ask_next.get().text == "the move"
    assert ana.ask_next.filter(done_at__isnull=True).get().text == "her new studio"
    old_ask.refresh_from_db()
    assert old_ask.done_in == interaction
    ben.refresh_from_db()
    assert ben.last_contact_at == interaction.occurred_at


def test_it_takes_a_participant_as_initiator(api, ana):
    body = api.post("/interactions", {"participants": [ana.pk], "initiated_by": ana.pk}).json()
    assert body["initiated_by"] == {"id": ana.pk, "display_name": "Ana Ruiz"}


def test_it_treats_a_bare_date_as_that_day(api, ana):
    body = api.post("/interactions", {"participants": [ana.pk], "occurred_at": "2026-01-05"}).json()
    assert body["occurred_at"].startswith("2026-01-05")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "party"}, "kind"),
        ({"occurred_at": "2999-01-01T00:00:00Z"}, "occurred_at"),
        ({"occurred_at": "soon"}, "occurred_at"),
        ({"initiated_by": "you"}, "initiated_by"),
        ({"participants": []}, "participants"),
        ({"participants": ["ana"]}, "participants.0"),
        ({"ask_next": [{"txt": "x"}]}, "ask_next.0.txt"),
        ({"summray": "typo"}, "summray"),
    ],
)
def test_it_rejects_a_bad_interaction_naming_the_field_and_saves_nothing(api, ana, body, field):
    body = {"participants": [ana.pk], **body}
    before = (Interaction.objects.count(), AskNext.objects.count())
    assert_error(api.post("/interactions", body), 422, "validation_error", field)
    assert (Interaction.objects.count(), AskNext.objects.count()) == before
    ana.refresh_from_db()
    assert ana.last_contact_at is None


def test_it_refuses_another_accounts_people_and_asks(api, alice, bob, ana):
    bobs = people.create_person(owner=bob, display_name="Bob's friend")
    bobs_ask = interactions.add_ask_next(owner=bob, person=bobs, text="secret")
    assert_error(
        api.post("/interactions", {"participants": [ana.pk, bobs.pk]}),
        422,
        "validation_error",
        "participants",
    )
    assert_error(
        api.post("/interactions", {"participants": [ana.pk], "initiated_by": bobs.pk}),
        422,
        "validation_error",
        "initiated_by",
    )
    assert_error(
        api.post("/interactions", {"participants": [ana.pk], "asked": [bobs_ask.pk]}),
        422,
        "validation_error",
        "asked",
    )
    assert not Interaction.objects.filter(owner=alice).exists()
    assert not Participation.objects.filter(person=bobs).exists()
    bobs_ask.refresh_from_db()
    assert bobs_ask.done_at is None


def test_it_reads_changes_and_deletes_an_interaction(api, alice, ana, ben, coffee):
    assert api.get(f"/interactions/{coffee.pk}").json()["summary"] == "Coffee at Lavazza"
    response = api.patch(
        f"/interactions/{coffee.pk}",
        {"participants": [ana.pk, ben.pk], "kind": "call", "summary": "Long call"},
    )
    assert response.status_code == 200, response.content
    coffee.refresh_from_db()
    assert coffee.kind == "call" and coffee.summary == "Long call"
    assert coffee.notes == "She is training for the Valencia marathon."
    assert set(coffee.participants.values_list("pk", flat=True)) == {ana.pk, ben.pk}
    assert api.delete(f"/interactions/{coffee.pk}").status_code == 204
    assert not Interaction.objects.filter(pk=coffee.pk).exists()
    ana.refresh_from_db()
    assert ana.last_contact_at is None


def test_it_names_the_field_on_a_bad_patch_and_changes_nothing(api, coffee):
    assert_error(
        api.patch(f"/interactions/{coffee.pk}", {"summary": "x", "kind": "party"}),
        422,
        "validation_error",
        "kind",
    )
    coffee.refresh_from_db()
    assert coffee.summary == "Coffee at Lavazza"


def test_it_404s_on_another_accounts_interaction(api, bob):
    friend = people.create_person(owner=bob, display_name="Friend")
    theirs = interactions.log_interaction(owner=bob, participants=[friend.pk], summary="Bob's")
    assert_error(api.get(f"/interactions/{theirs.pk}"), 404, "not_found")
    assert_error(api.patch(f"/interactions/{theirs.pk}", {"summary": "Mine"}), 404, "not_found")
    assert_error(api.delete(f"/interactions/{theirs.pk}"), 404, "not_found")
    theirs.refresh_from_db()
    assert theirs.summary == "Bob's"


def test_it_filters_and_paginates_interactions(api, alice, ana, ben, coffee):
    interactions.log_interaction(
        owner=alice, participants=[ben.pk], kind="call", occurred_at=dt.date(2026, 1, 10)
    )
    page = api.get("/interactions").json()
    assert page["count"] == 2
    assert [i["id"] for i in api.get("/interactions", person=ana.pk).json()["items"]] == [coffee.pk]
    assert api.get("/interactions", kind="call").json()["count"] == 1
    assert api.get("/interactions", before="2026-02-01").json()["count"] == 1
    assert api.get("/interactions", since="2026-02-01").json()["count"] == 1
    assert len(api.get("/interactions", limit=1).json()["items"]) == 1


def test_it_lists_interactions_in_a_constant_number_of_queries(api, alice, ana, ben, coffee):
    api.get("/interactions")
    few = count_queries(lambda: api.get("/interactions"))
    for i in range(8):
        extra = people.create_person(owner=alice, display_name=f"Guest {i}")
        interactions.log_interaction(
            owner=alice, participants=[ana.pk, ben.pk, extra.pk], initiated_by=ana.pk
        )
    assert api.get("/interactions").json()["count"] == 9
    assert count_queries(lambda: api.get("/interactions")) == few


# ---------------------------------------------------------------- things to ask next time


def test_it_adds_lists_ticks_and_deletes_asks(api, ana, coffee):
    created = api.post(f"/people/{ana.pk}/ask-next", {"text": "  her  sister's wedding "})
    assert created.status_code == 201
    item = created.json()
    assert item["text"] == "her sister's wedding" and item["done_at"] is None
    listed = api.get(f"/people/{ana.pk}/ask-next").json()
    assert listed["count"] == 2
    done = api.patch(f"/ask-next/{item['id']}", {"done": True}).json()
    assert done["done_at"] is not None
    assert api.get(f"/people/{ana.pk}/ask-next", done="false").json()["count"] == 1
    assert api.get(f"/people/{ana.pk}/ask-next", done="true").json()["count"] == 1
    assert api.patch(f"/ask-next/{item['id']}", {"done": False}).json()["done_at"] is None
    assert api.get(f"/ask-next/{item['id']}").json()["person_id"] == ana.pk
    assert api.delete(f"/ask-next/{item['id']}").status_code == 204
    assert not AskNext.objects.filter(pk=item["id"]).exists()


def test_it_rejects_an_empty_or_misnamed_ask(api, ana):
    before = AskNext.objects.count()
    assert_error(
        api.post(f"/people/{ana.pk}/ask-next", {"text": " "}), 422, "validation_error", "text"
    )
    assert_error(
        api.post(f"/people/{ana.pk}/ask-next", {"txt": "x"}), 422, "validation_error", "txt"
    )
    assert_error(api.patch(f"/ask-next/{ana.pk}", {"done": "maybe"}), 404, "not_found")
    assert AskNext.objects.count() == before


def test_it_404s_on_another_accounts_asks(api, bob):
    friend = people.create_person(owner=bob, display_name="Friend")
    theirs = interactions.add_ask_next(owner=bob, person=friend, text="secret")
    assert_error(api.get(f"/people/{friend.pk}/ask-next"), 404, "not_found")
    assert_error(api.post(f"/people/{friend.pk}/ask-next", {"text": "x"}), 404, "not_found")
    assert_error(api.patch(f"/ask-next/{theirs.pk}", {"done": True}), 404, "not_found")
    assert_error(api.delete(f"/ask-next/{theirs.pk}"), 404, "not_found")
    theirs.refresh_from_db()
    assert theirs.done_at is None
    assert AskNext.objects.filter(owner=bob).count() == 1


def test_it_names_the_field_for_an_id_too_large_for_the_database(api, ana):
    # Regression: resolve_owned_many passed 2**70 to SQLite, which raised OverflowError (500).
    before = Interaction.objects.count()
    big = 2**70
    assert_error(
        api.post("/interactions", {"participants": [big]}), 422, "validation_error", "participants"
    )
    assert_error(
        api.post("/interactions", {"participants": [ana.pk], "asked": [big]}),
        422,
        "validation_error",
        "asked",
    )
    assert_error(api.get("/interactions", person=big), 422, "validation_error", "person")
    assert Interaction.objects.count() == before
