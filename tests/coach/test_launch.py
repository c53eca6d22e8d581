"""The launch plan: steps tick themselves from what the user really does, each step has
ready words for one named person, the fearful start with a no-ask hello, and the plan
page leads on to Today."""

from __future__ import annotations

import json

import pytest

from goodwill.coach import queries
from goodwill.coach.models import LaunchStep
from goodwill.coach.rules import content
from goodwill.coach.rules.launch import is_no_ask
from goodwill.coach.services import assessment
from goodwill.coach.services import outreach as outreach_service
from goodwill.interactions import services as interactions
from goodwill.people import services as people
from goodwill.people.services import cadence

pytestmark = pytest.mark.django_db
KEYS = [s["key"] for s in content.statements()]
CAUSE = {s["key"]: s["cause"] for s in content.statements()}


def answers(**by_cause) -> dict:
    """Rate every statement 1 except those of the named causes (5: very much like me)."""
    return {k: by_cause.get(CAUSE[k], 1) for k in KEYS}


def plan(owner) -> dict:
    return {s.step.key: s for s in queries.launch_plan(owner)}


@pytest.mark.parametrize(
    ("kind", "summary", "notes", "expected"),
    [
        ("message", "A no-ask hello", "", True),
        ("email", "Happy birthday!", "Hope the new flat is great", True),
        ("email", "My CV", "Attached my CV for the role", False),
        ("email", "Quick question", "Could you introduce me to Lea?", False),
        ("message", "Are you hiring?", "", False),
        ("message", "", "", False),  # no words: the app cannot tell, so it does not count
        ("coffee", "Said hi", "", False),  # not a message
    ],
)
def test_it_tells_a_no_ask_hello_from_an_ask(kind, summary, notes, expected):
    assert is_no_ask(kind, summary, notes) is expected


def test_fear_of_rejection_starts_with_a_no_ask_hello_to_one_named_person(
    alice, ana, ben, frozen_now
):
    interactions.log_interaction(owner=alice, participants=[ben.pk], kind="call")
    assessment.take_assessment(owner=alice, answers=answers(rejection=5))
    first = queries.launch_plan(alice)[0]
    assert first.step.key == "no_ask_hello"
    assert first.person == ben  # the most recently in touch
    assert first.title == "Send one no-ask hello to Ben Ortega"
    assert first.words.startswith("Hi Ben,") and "?" in first.words
    assert "kind=message" in first.log_query and f"person={ben.pk}" in first.log_query
    step = queries.next_launch_step(alice)
    assert step.plan.words == first.words and step.plan.person == ben


def test_a_logged_coffee_ticks_book_a_coffee_and_a_cv_email_does_not_tick_the_hello(
    alice, ana, frozen_now
):
    assessment.take_assessment(owner=alice, answers=answers(rejection=5))
    frozen_now(hours=1)
    interactions.log_interaction(
        owner=alice, participants=[ana.pk], kind="email", summary="My CV for the opening"
    )
    steps = plan(alice)
    assert not steps["no_ask_hello"].done and not steps["coffee_listen"].done
    interactions.log_interaction(owner=alice, participants=[ana.pk], kind="coffee")
    steps = plan(alice)
    assert steps["coffee_listen"].done and steps["coffee_listen"].by_itself
    assert not steps["no_ask_hello"].done
    interactions.log_interaction(
        owner=alice, participants=[ana.pk], kind="message", summary="A no-ask hello"
    )
    step = LaunchStep.objects.get(owner=alice, key="no_ask_hello")
    assert step.done_at is not None and step.done_by_app


def test_things_done_before_the_step_joined_the_plan_do_not_count(alice, ana, frozen_now):
    interactions.log_interaction(owner=alice, participants=[ana.pk], kind="coffee")
    frozen_now(days=1)
    assessment.take_assessment(owner=alice, answers=answers(rejection=5))
    assert not plan(alice)["coffee_listen"].done


def test_three_rhythms_and_three_answers_tick_their_steps(alice, frozen_now):
    assessment.take_assessment(owner=alice, answers=answers(rejection=5, desperation=5))
    folks = [people.create_person(owner=alice, display_name=f"P{i}") for i in range(3)]
    for person in folks[:2]:
        cadence.set_cadence(owner=alice, person=person, days=60)
    assert not plan(alice)["set_rhythm"].done
    cadence.set_cadence(owner=alice, person=folks[2], days=90)
    assert LaunchStep.objects.get(owner=alice, key="set_rhythm").done_by_app
    for i, person in enumerate(folks):
        ask = outreach_service.record_outreach(owner=alice, person=person)
        assert plan(alice)["count_answers"].done is False
        outreach_service.answer_outreach(
            owner=alice, outreach=ask, answer=["yes", "no", "no_reply"][i]
        )
    assert LaunchStep.objects.get(owner=alice, key="count_answers").done_by_app


def test_ticking_by_hand_still_works_and_undo_clears_the_apps_tick(alice, ana, frozen_now):
    assessment.take_assessment(owner=alice, answers=answers(rejection=5))
    interactions.log_interaction(owner=alice, participants=[ana.pk], kind="coffee")
    step = LaunchStep.objects.get(owner=alice, key="coffee_listen")
    assessment.set_step_done(owner=alice, step=step, done=False)
    step.refresh_from_db()
    assert step.done_at is None and not step.done_by_app


def test_the_plan_page_shows_the_words_and_leads_on_to_today(alice_client, alice, ana, frozen_now):
    alice_client.post("/coach/assess/", {**answers(rejection=5), "situation": ""})
    page = alice_client.get("/coach/plan/").content.decode()
    assert "Send one no-ask hello to Ana Ruiz" in page
    assert "Ready words for Ana Ruiz" in page and "Hi Ana," in page
    assert 'href="/" ' in page or 'href="/">Go to Today' in page
    # the words are not the instructions: the detail stays a hint, not the message
    hello = next(s for s in content.launch_steps() if s["key"] == "no_ask_hello")
    assert hello["detail"] not in hello["words"]


def test_the_plan_in_json_carries_the_words(run, alice, ana, frozen_now):
    assessment.take_assessment(owner=alice, answers=answers(rejection=5))
    steps = json.loads(run("plan", "--json").output)
    assert steps[0]["person"] == {"id": ana.pk, "display_name": "Ana Ruiz"}
    assert steps[0]["words"].startswith("Hi Ana,")
    text = run("plan").output
    assert "Send one no-ask hello to Ana Ruiz" in text and "Hi Ana," in text


def test_a_plan_without_people_says_hello_to_there(alice, frozen_now):
    assessment.take_assessment(owner=alice, answers=answers(rejection=5))
    first = queries.launch_plan(alice)[0]
    assert first.person is None and first.words.startswith("Hi there,")
    assert first.title == "Send one no-ask hello"
