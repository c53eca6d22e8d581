"""Promises ("I'll send her the case studies"): captured while logging or on the person
page, due in three days unless said, closed when kept; and any touch (a give, a promise
kept, an intro step, a lead, an ask) resets the keep-in-touch clock like an interaction."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from goodwill.accounts import services as accounts
from goodwill.coach.services import outreach as outreach_service
from goodwill.exchange.services.exports import dump_account, load_account_json
from goodwill.giving import services as giving
from goodwill.giving.services import intros
from goodwill.interactions import queries
from goodwill.interactions import services as interactions
from goodwill.interactions.models import Promise
from goodwill.leads import services as leads
from goodwill.people.models import Person
from goodwill.people.services import cadence
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

TODAY = NOW.date()


def test_a_promise_made_while_logging_is_due_in_three_days(alice, ana, frozen_now):
    interactions.log_interaction(
        owner=alice, participants=[ana.pk], promised=["send her the case studies", "  "]
    )
    (item,) = queries.open_promises(alice, TODAY)
    assert (item.person, item.text) == (ana, "send her the case studies")
    assert item.due_on == TODAY + dt.timedelta(days=3) and item.days_left == 3
    assert item.source is not None


def test_a_promise_past_its_day_is_overdue_and_closes_when_done(alice, ana, frozen_now):
    item = interactions.add_promise(owner=alice, person=ana, text="intro to Lea")
    frozen_now(days=5)
    (late,) = queries.open_promises(alice, TODAY + dt.timedelta(days=5))
    assert late.days_left == -2
    interactions.set_promise_done(owner=alice, item=item)
    assert queries.open_promises(alice, TODAY + dt.timedelta(days=5)) == []


def test_a_bad_promise_names_the_field_and_saves_nothing(alice, ana, frozen_now):
    with pytest.raises(ValidationError) as exc:
        interactions.add_promise(owner=alice, person=ana, text=" ")
    assert set(exc.value.message_dict) == {"text"}
    with pytest.raises(ValidationError) as exc:
        interactions.add_promise(owner=alice, person=ana, text="x", due_on="2026-06-01")
    assert set(exc.value.message_dict) == {"due_on"}
    with pytest.raises(ValidationError) as exc:
        interactions.log_interaction(
            owner=alice, participants=[ana.pk], promised=[{"text": "x" * 301}]
        )
    assert set(exc.value.message_dict) == {"promised"}
    assert not Promise.objects.exists() and not ana.interactions.exists()


def test_log_form_and_person_page_capture_and_close_promises(alice_client, ana, frozen_now):
    response = alice_client.post(
        reverse("interactions.log"),
        {"kind": "coffee", "participants": [ana.pk], "promised": "send the deck"},
    )
    assert response.status_code == 302
    page = alice_client.get(reverse("people.detail", args=[ana.pk])).content.decode()
    assert "What you promised" in page and "send the deck" in page
    # its field has its own id: the "things to ask" form on the same page has "text" too
    assert page.count('id="id_text"') == 1 and 'for="promise_text"' in page
    response = alice_client.post(reverse("promises.add", args=[ana.pk]), {"text": "", "due_on": ""})
    assert response.status_code == 422
    alice_client.post(reverse("promises.add", args=[ana.pk]), {"text": "book a table"})
    item = Promise.objects.get(text="book a table")
    assert item.due_on == TODAY + dt.timedelta(days=3)
    alice_client.post(reverse("promises.toggle", args=[item.pk]))
    item.refresh_from_db()
    assert item.done_at is not None


def test_promises_through_the_api(api, ana, frozen_now):
    response = api.post(
        f"/people/{ana.pk}/promises", {"text": "send the deck", "due_on": "2026-06-20"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["days_left"] == 5 and body["person"]["id"] == ana.pk
    response = api.patch(f"/promises/{body['id']}", {"done": True})
    assert response.status_code == 200 and response.json()["done_at"]
    response = api.post(f"/people/{ana.pk}/promises", {"text": ""})
    assert response.status_code == 422 and "text" in response.content.decode()


def test_promises_through_the_cli(run, alice, ana, frozen_now):
    result = run("promise", "add", "Ana Ruiz", "send the deck")
    assert result.exit_code == 0, result.output
    listed = json.loads(run("promise", "list", "--json").output)
    assert [(p["text"], p["due_on"]) for p in listed] == [("send the deck", "2026-06-18")]
    assert run("promise", "done", str(listed[0]["id"])).exit_code == 0
    assert json.loads(run("promise", "list", "--json").output) == []
    assert run("promise", "done", "99999").exit_code != 0


# ---------------------------------------------------------------- any touch counts


def _weekly(person):
    cadence.set_cadence(owner=person.owner, person=person, days=30)


def test_a_give_resets_the_clock_like_an_interaction(alice, ana, frozen_now):
    frozen_now(NOW - dt.timedelta(days=151))
    interactions.log_interaction(owner=alice, participants=[ana.pk])
    _weekly(ana)
    frozen_now(NOW)
    giving.record_give(owner=alice, receiver=ana, summary="45 minutes on her pitch deck")
    ana.refresh_from_db()
    assert ana.last_contact_at.date() == TODAY
    assert ana.next_due_on == TODAY + dt.timedelta(days=30)
    # Re-deriving from scratch keeps it: the touch is stored, not only cached.
    cadence.refresh(owner=alice, person_ids=[ana.pk])
    ana.refresh_from_db()
    assert ana.last_contact_at.date() == TODAY


def test_an_older_touch_does_not_move_a_later_contact_back(alice, ana, frozen_now):
    interactions.log_interaction(owner=alice, participants=[ana.pk])
    giving.record_give(owner=alice, receiver=ana, summary="a tip", given_on="2026-05-01")
    ana.refresh_from_db()
    assert ana.last_contact_at == NOW


def test_intro_steps_promises_leads_and_asks_count_as_contact(alice, ana, ben, frozen_now):
    for person in (ana, ben):
        _weekly(person)
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana)
    frozen_now(days=1)
    intros.advance_intro(owner=alice, intro=intro, action="ask_a")
    assert Person.objects.get(pk=ben.pk).last_contact_at == NOW + dt.timedelta(days=1)
    assert Person.objects.get(pk=ana.pk).last_contact_at is None
    frozen_now(days=1)
    item = interactions.add_promise(owner=alice, person=ana, text="the deck")
    assert Person.objects.get(pk=ana.pk).last_contact_at is None  # a promise is not contact
    interactions.set_promise_done(owner=alice, item=item)
    assert Person.objects.get(pk=ana.pk).last_contact_at == NOW + dt.timedelta(days=2)
    frozen_now(days=1)
    leads.create_lead(owner=alice, referrer=ben, opportunity="A shop", prospect_name="Lea")
    assert Person.objects.get(pk=ben.pk).last_contact_at == NOW + dt.timedelta(days=3)
    frozen_now(days=1)
    outreach_service.record_outreach(owner=alice, person=ana)
    ana = Person.objects.get(pk=ana.pk)
    assert ana.last_contact_at.date() == TODAY + dt.timedelta(days=4)
    assert ana.next_due_on == TODAY + dt.timedelta(days=34)


def test_a_touch_ignores_other_accounts(alice, bob, ana, frozen_now):
    cadence.touch(owner=bob, person_ids=[ana.pk])
    assert Person.objects.get(pk=ana.pk).last_touch_at is None


def test_touches_and_promises_survive_an_export_and_a_load(alice, ana, frozen_now):
    giving.record_give(owner=alice, receiver=ana, summary="a tip")
    interactions.add_promise(owner=alice, person=ana, text="the deck")
    data = json.loads(json.dumps(dump_account(alice)))
    carol = accounts.create_account(username="carol", email="", password="a long password 123")
    load_account_json(owner=carol, data=data)
    loaded = Person.objects.get(owner=carol, display_name="Ana Ruiz")
    assert loaded.last_contact_at == NOW  # the give still counts as contact
    assert [p.text for p in queries.open_promises(carol, TODAY)] == ["the deck"]
