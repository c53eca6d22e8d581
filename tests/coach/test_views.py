"""The coach's pages: Today, check-in, plan, asks, guide, brief and events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goodwill.coach.models import ActionState, Assessment, Event, EventContact, LaunchStep, Outreach
from goodwill.coach.rules import content
from goodwill.coach.services import events, outreach
from goodwill.people import services as people
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
ALL_FOURS = {s["key"]: "4" for s in content.statements()}


def test_it_sends_a_new_account_to_the_welcome_then_the_check_in(client, db):
    response = client.post(
        "/setup/",
        {
            "display_name": "Sam Rivera",
            "username": "sam",
            "password": "a calm walk in the park",
            "password2": "a calm walk in the park",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/coach/welcome/"
    page = client.get("/coach/welcome/")
    assert b"Start the check-in" in page.content and b"Skip for now" in page.content


def test_it_scores_the_check_in_and_builds_the_plan(alice_client, alice, frozen_now):
    answers = {**ALL_FOURS, "follow_thanks": "2", "talk_listen": "2"}
    response = alice_client.post("/coach/assess/", answers)
    assert response.status_code == 302 and response["Location"] == "/coach/results/"
    page = alice_client.get("/coach/results/").content.decode()
    assert "Fear of rejection" in page and "75 out of 100" in page
    assert LaunchStep.objects.filter(owner=alice).count() == content.max_launch_steps()
    plan = alice_client.get("/coach/plan/").content.decode()
    assert "Book one coffee to listen" in plan


def test_it_names_the_unrated_statement_and_saves_nothing(alice_client, alice):
    answers = dict(ALL_FOURS)
    del answers["need_only"]
    response = alice_client.post("/coach/assess/", answers)
    assert response.status_code == 422
    assert "Choose how much this sounds like you" in response.content.decode()
    assert not Assessment.objects.exists() and not LaunchStep.objects.exists()


def test_it_shows_todays_first_action_with_its_draft_and_hides_it_when_done(
    alice_client, alice, frozen_now
):
    alice_client.post("/coach/assess/", ALL_FOURS)
    page = alice_client.get("/").content.decode()
    step = LaunchStep.objects.filter(owner=alice).first()
    assert step.title in page and "Done" in page
    response = alice_client.post("/coach/act/", {"key": f"launch:{step.pk}", "choice": "done"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.done_at is not None
    htmx = alice_client.post(
        "/coach/act/", {"key": "catch_up:1", "choice": "skipped"}, HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 200 and b"<html" not in htmx.content
    assert ActionState.objects.filter(owner=alice).count() == 2


def test_it_answers_today_with_the_same_queries_whatever_the_data(alice_client, alice, frozen_now):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get("/").status_code == 200
        return len(queries)

    ana = people.create_person(owner=alice, display_name="Ana Ruiz")
    outreach.record_outreach(owner=alice, person=ana, asked_on=NOW.date() - dt.timedelta(9))
    count()  # the first request of a session does a little more
    few = count()
    for i in range(10):
        p = people.create_person(owner=alice, display_name=f"P{i}", cadence_days=1)
        outreach.record_outreach(owner=alice, person=p, asked_on=NOW.date() - dt.timedelta(9))
    count()  # the matcher (giving area) refreshes its index once after people change
    assert count() == few


def test_it_records_an_ask_and_after_a_no_suggests_whom_to_ask_next(
    alice_client, alice, frozen_now
):
    ana = people.create_person(owner=alice, display_name="Ana Ruiz", tags=["design"])
    cleo = people.create_person(owner=alice, display_name="Cleo Park", tags=["design"])
    response = alice_client.post(
        "/coach/outreach/", {"person": "Ana Ruiz", "kind": "coffee", "answer": "pending"}
    )
    item = Outreach.objects.get(owner=alice)
    assert response["Location"] == f"/coach/outreach/{item.pk}/" and item.person == ana
    alice_client.post(f"/coach/outreach/{item.pk}/", {"answer": "no"})
    page = alice_client.get(f"/coach/outreach/{item.pk}/").content.decode()
    assert "Who to ask next" in page and cleo.display_name in page
    stats = alice_client.get("/coach/outreach/").content.decode()
    assert "0% said yes" in stats


def test_it_refuses_an_ask_to_nobody_and_saves_nothing(alice_client, alice):
    response = alice_client.post("/coach/outreach/", {"person": "Nobody Here", "kind": "coffee"})
    assert response.status_code == 422 and b"Nobody called" in response.content
    assert not Outreach.objects.exists()


def test_it_lists_asks_with_the_same_queries_whatever_their_number(alice_client, alice):
    ana = people.create_person(owner=alice, display_name="Ana Ruiz")

    def count():
        with CaptureQueriesContext(connection) as queries:
            alice_client.get("/coach/outreach/")
        return len(queries)

    outreach.record_outreach(owner=alice, person=ana)
    count()  # the first request of a session does a little more
    few = count()
    for _ in range(8):
        outreach.record_outreach(owner=alice, person=ana, answer="yes")
    assert count() == few


def test_it_shows_a_printable_brief_before_a_meeting(alice_client, alice, ana, coffee):
    page = alice_client.get(f"/people/{ana.pk}/brief/").content.decode()
    assert "Before you meet Ana Ruiz" in page
    assert "How did the marathon go?" in page and "Coffee at Lavazza" in page
    assert "Keep them talking about themselves" in page


def test_it_shows_openers_for_each_situation(alice_client):
    for key, situation in content.situations().items():
        page = alice_client.get(f"/coach/prep/?situation={key}").content.decode()
        assert situation["questions"][0].replace("'", "&#x27;") in page


def test_it_captures_people_at_an_event_and_debriefs_them(alice_client, alice, frozen_now):
    response = alice_client.post(
        "/coach/events/", {"name": "Design Meetup", "starts_at": "2026-06-14T19:00", "goal": ""}
    )
    event = Event.objects.get(owner=alice)
    assert response["Location"] == f"/coach/events/{event.pk}/"
    alice_client.post(
        f"/coach/events/{event.pk}/capture/",
        {"text": "Eva Lind - runs a print shop\nTom Hale: moving to Lisbon"},
    )
    assert list(EventContact.objects.values_list("name", "line")) == [
        ("Eva Lind", "runs a print shop"),
        ("Tom Hale", "moving to Lisbon"),
    ]
    tom = EventContact.objects.get(name="Tom Hale")
    alice_client.post(f"/coach/events/{event.pk}/debrief/", {"drop": [tom.pk]})
    event.refresh_from_db()
    assert event.debriefed_at is not None
    assert [p.display_name for p in event.people.all()] == ["Eva Lind"]
    assert "Follow up with Eva Lind" in alice_client.get("/").content.decode()


def test_it_refuses_an_empty_capture(alice_client, alice):
    event = events.create_event(owner=alice, name="Meetup", starts_at=NOW)
    response = alice_client.post(f"/coach/events/{event.pk}/capture/", {"text": "  "})
    assert response.status_code == 422 and not EventContact.objects.exists()


def test_it_edits_an_event_and_who_from_the_network_will_be_there(alice_client, alice, ana):
    event = events.create_event(owner=alice, name="Meetup", starts_at=NOW)
    page = alice_client.get(f"/coach/events/{event.pk}/edit/")
    assert (
        page.status_code == 200 and "Who from your network will be there" in page.content.decode()
    )
    response = alice_client.post(
        f"/coach/events/{event.pk}/edit/",
        {"name": "Design Meetup", "starts_at": "2026-06-20T19:00", "people": "Ana Ruiz\n\n"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.name == "Design Meetup" and list(event.people.all()) == [ana]
    assert "Ana Ruiz" in alice_client.get(f"/coach/events/{event.pk}/").content.decode()


def test_it_refuses_an_unknown_attendee_and_changes_nothing(alice_client, alice, ana, bob):
    event = events.create_event(owner=alice, name="Meetup", starts_at=NOW)
    bobs = people.create_person(owner=bob, display_name="Zara Bobsfriend")
    for text in ("Nobody Known", f"#{bobs.pk}"):
        response = alice_client.post(
            f"/coach/events/{event.pk}/edit/",
            {"name": "Changed", "starts_at": "2026-06-20T19:00", "people": text},
        )
        assert response.status_code == 422
    event.refresh_from_db()
    assert event.name == "Meetup" and not event.people.exists()
