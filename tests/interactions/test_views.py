import datetime as dt

import pytest

from goodwill.interactions.models import AskNext, Interaction
from goodwill.people import services as people
from goodwill.people.models import Person
from tests.support import HTMX

pytestmark = pytest.mark.django_db


def test_it_shows_big_kind_buttons_and_preselects_a_person(alice_client, ana, coffee):
    page = alice_client.get("/log/", {"person": ana.pk})
    text = page.content.decode()
    for kind in ["coffee", "meal", "meeting", "call", "video", "message", "email", "event"]:
        assert f'id="kind-{kind}"' in text
    assert f'name="participants" value="{ana.pk}" checked' in text
    ask = ana.ask_next.get()
    assert f'name="asked" value="{ask.pk}"' in text and "How did the marathon go?" in text


def test_it_ignores_someone_elses_person_in_the_preselection(alice_client, bob):
    stranger = people.create_person(owner=bob, display_name="Bob's Friend")
    page = alice_client.get("/log/", {"person": stranger.pk})
    assert page.status_code == 200 and b"Bob's Friend" not in page.content


def test_it_logs_a_coffee_with_an_existing_person(frozen_now, alice_client, alice, ana):
    response = alice_client.post(
        "/log/",
        {
            "kind": "coffee",
            "participants": [ana.pk],
            "occurred_on": "2026-06-15",
            "summary": "Coffee near her studio",
            "notes": "Moving to Lisbon in autumn.",
            "ask_next": "How is the move going?\n\nDid the Lisbon flat work out?",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/people/{ana.pk}/"
    interaction = Interaction.objects.get(owner=alice)
    assert interaction.kind == "coffee" and interaction.summary == "Coffee near her studio"
    assert interaction.occurred_at == frozen_now()  # "today" means now
    assert list(ana.ask_next.order_by("id").values_list("text", flat=True)) == [
        "How is the move going?",
        "Did the Lisbon flat work out?",
    ]
    ana.refresh_from_db()
    assert ana.last_contact_at == frozen_now()
    page = alice_client.get(response["Location"])
    assert b"Logged. Nice work keeping in touch with Ana Ruiz." in page.content
    assert b"Coffee near her studio" in page.content


def test_it_logs_an_earlier_day(frozen_now, alice_client, alice, ana):
    alice_client.post(
        "/log/", {"kind": "call", "participants": [ana.pk], "occurred_on": "2026-06-10"}
    )
    interaction = Interaction.objects.get(owner=alice)
    assert interaction.occurred_at.date() == dt.date(2026, 6, 10)
    assert interaction.kind == "call"


def test_it_adds_a_new_person_on_the_spot(alice_client, alice):
    response = alice_client.post("/log/", {"kind": "event", "new_people": "Dana Wu"})
    dana = Person.objects.get(owner=alice, display_name="Dana Wu")
    assert response["Location"] == f"/people/{dana.pk}/"
    assert Interaction.objects.get(owner=alice).participants.get() == dana


def test_it_goes_home_after_a_group_interaction(alice_client, alice, ana):
    response = alice_client.post(
        "/log/", {"kind": "meal", "participants": [ana.pk], "new_people": "Eli, Fay"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    names = sorted(
        Interaction.objects.get(owner=alice).participants.values_list("display_name", flat=True)
    )
    assert names == ["Ana Ruiz", "Eli", "Fay"]


def test_it_ticks_off_things_asked(alice_client, alice, ana, coffee):
    ask = ana.ask_next.get()
    alice_client.post("/log/", {"kind": "message", "participants": [ana.pk], "asked": [ask.pk]})
    ask.refresh_from_db()
    assert ask.done_at is not None and ask.done_in.kind == "message"


def test_it_needs_someone_and_saves_nothing(alice_client, alice):
    response = alice_client.post("/log/", {"kind": "coffee", "summary": "with whom?"})
    assert response.status_code == 422
    assert b"Name at least one person who took part." in response.content
    assert b'value="with whom?"' in response.content  # nothing typed is lost
    assert not Interaction.objects.exists()


def test_it_refuses_another_accounts_person_and_saves_nothing(alice_client, alice, bob):
    stranger = people.create_person(owner=bob, display_name="Bob's Friend")
    response = alice_client.post("/log/", {"kind": "coffee", "participants": [stranger.pk]})
    assert response.status_code == 422
    assert "participants" in response.context["form"].errors
    assert not Interaction.objects.exists()
    assert b"Bob&#x27;s Friend" not in response.content


def test_it_refuses_a_future_date_naming_the_field(frozen_now, alice_client, ana):
    response = alice_client.post(
        "/log/", {"kind": "coffee", "participants": [ana.pk], "occurred_on": "2026-07-01"}
    )
    assert response.status_code == 422
    assert "occurred_on" in response.context["form"].errors
    assert not Interaction.objects.exists()


def test_it_refreshes_the_open_asks_as_an_htmx_partial(alice_client, ana, coffee):
    headers = {**HTMX, "HX-Target": "log-asks"}
    partial = alice_client.get("/log/", {"participants": [ana.pk]}, headers=headers)
    assert partial.status_code == 200
    assert b"<html" not in partial.content and b"How did the marathon go?" in partial.content
    full = alice_client.get("/log/", {"participants": [ana.pk]})
    assert b"<html" in full.content


def test_it_keeps_typed_values_when_finding_people_without_javascript(alice_client, ana):
    page = alice_client.get("/log/", {"find": "1", "q": "ruiz", "summary": "Lunch", "kind": "meal"})
    text = page.content.decode()
    assert f'name="participants" value="{ana.pk}"' in text
    assert 'value="Lunch"' in text and 'id="kind-meal" value="meal" checked' in text


def test_it_edits_an_interaction(alice_client, alice, ana, coffee):
    ben = people.create_person(owner=alice, display_name="Ben Ito")
    url = f"/interactions/{coffee.pk}/edit/?next=/people/{ana.pk}/"
    assert alice_client.get(url).status_code == 200
    response = alice_client.post(
        url,
        {
            "kind": "meal",
            "participants": [ana.pk, ben.pk],
            "occurred_on": coffee.occurred_at.date().isoformat(),
            "summary": "Lunch, actually",
            "notes": "",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/people/{ana.pk}/"
    coffee.refresh_from_db()
    assert coffee.kind == "meal" and coffee.summary == "Lunch, actually"
    assert sorted(coffee.participants.values_list("pk", flat=True)) == sorted([ana.pk, ben.pk])


def test_it_confirms_then_deletes_an_interaction(alice_client, ana, coffee):
    confirm = alice_client.get(f"/interactions/{coffee.pk}/delete/")
    assert confirm.status_code == 200 and b"Ana Ruiz" in confirm.content
    assert Interaction.objects.filter(pk=coffee.pk).exists()
    alice_client.post(f"/interactions/{coffee.pk}/delete/")
    assert not Interaction.objects.filter(pk=coffee.pk).exists()
    ana.refresh_from_db()
    assert ana.last_contact_at is None


def test_it_adds_ticks_and_deletes_things_to_ask(alice_client, ana):
    response = alice_client.post(f"/people/{ana.pk}/asks/", {"text": "Her new studio"})
    assert response.status_code == 302
    ask = AskNext.objects.get(person=ana)
    assert alice_client.post(f"/asks/{ask.pk}/toggle/").status_code == 302
    ask.refresh_from_db()
    assert ask.done_at is not None
    alice_client.post(f"/asks/{ask.pk}/toggle/")
    ask.refresh_from_db()
    assert ask.done_at is None
    alice_client.post(f"/asks/{ask.pk}/delete/")
    assert not AskNext.objects.filter(pk=ask.pk).exists()


def test_it_answers_htmx_ask_changes_with_the_asks_partial(alice_client, ana):
    response = alice_client.post(f"/people/{ana.pk}/asks/", {"text": "Her dog"}, headers=HTMX)
    assert response.status_code == 200
    assert b"<html" not in response.content and b"Her dog" in response.content
    assert b"Timeline" not in response.content
    empty = alice_client.post(f"/people/{ana.pk}/asks/", {"text": "  "}, headers=HTMX)
    assert empty.status_code == 422 and b"<html" not in empty.content
    assert AskNext.objects.filter(person=ana).count() == 1


def test_it_refuses_get_on_post_only_ask_routes(alice_client, ana, coffee):
    ask = ana.ask_next.get()
    assert alice_client.get(f"/asks/{ask.pk}/toggle/").status_code == 405
    ask.refresh_from_db()
    assert ask.done_at is None


def test_it_moves_the_due_list_on_home_after_logging(frozen_now, alice_client, alice):
    due = people.create_person(owner=alice, display_name="Gil Due", cadence_days=7)
    frozen_now(days=8)
    assert b"Say hello to Gil Due" in alice_client.get("/").content
    logged = alice_client.post("/log/", {"participants": [due.pk], "kind": "call", "summary": "hi"})
    assert logged.status_code == 302
    home = alice_client.get("/").content.decode()
    assert "Say hello to Gil Due" not in home  # caught up: no longer one of Today's actions
