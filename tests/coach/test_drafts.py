"""write_for, the one-message-per-person draft Today's planner calls, with real people;
the older write() kinds; the conversation guide; and "done" keeping the words as sent."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from goodwill.coach.rules.drafts import write, write_for
from goodwill.coach.rules.owed import Owed, Situation, Tone
from goodwill.coach.services.actions import mark_action
from goodwill.core.language import checks
from goodwill.interactions import services as interactions
from goodwill.interactions.models import Interaction
from goodwill.people import services as people
from tests.api_support import api_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)
TONE = Tone(me="Alice", me_line="I design booking apps")


@pytest.fixture
def grace(alice):
    return people.create_person(
        owner=alice,
        display_name="Grace Liu",
        given_name="Grace",
        emails=["grace@routewise.example"],
        organization="RouteWise",
    )


def test_one_message_for_two_thank_yous_and_an_open_need(grace):
    items = [
        Owed("thank_lead", "lead:1", {"prospect": "Tom Reyes", "state": "new"}),
        Owed("thank_lead", "lead:2", {"prospect": "Ana Silva", "state": "contacted"}),
        Owed("help_offer", "need:3", {"need": "Hiring a front-end developer"}),
    ]
    draft = write_for(grace, items, today=TODAY, tone=TONE)
    assert draft.to_name == "Grace Liu" and draft.to_email == "grace@routewise.example"
    assert draft.body.startswith("Hi Grace,") and draft.body.endswith("Alice")
    assert draft.body.count("Hi Grace") == 1
    assert "Tom Reyes and Ana Silva" in draft.body and "hiring a front-end developer" in draft.body
    assert draft.kind == "thank_lead+help_offer" and draft.subject != "Curious"
    assert draft.mailto.startswith("mailto:grace@routewise.example?subject=")
    assert not checks.reader_named(draft.body, "Grace Liu", "Grace")


def test_variants_differ_and_variant_overrides_the_seed(grace):
    items = [Owed("coffee_invite", "catch_up:1", {})]
    first = write_for(grace, items, today=TODAY, tone=TONE, seed=0)
    second = write_for(grace, items, today=TODAY, tone=TONE, seed=1)
    assert first.body != second.body and first.variants == 2
    assert write_for(grace, items, today=TODAY, tone=TONE, seed=1, variant=0) == first


def test_a_note_to_yourself_has_no_greeting(grace):
    draft = write_for(None, [Owed("hello")], today=TODAY, tone=TONE)
    assert not draft.body.startswith("Hi") and draft.to_email == "" and draft.to_name == ""


def test_gentle_and_job_seeker_tones(grace):
    gentle = Tone(me="Alice", gentle=True)
    draft = write_for(grace, [Owed("hello", facts={})], today=TODAY, tone=gentle)
    assert "No pressure at all" in draft.body
    seeker = Tone(me="Alice", situation=Situation.BETWEEN_JOBS)
    for seed in range(2):
        draft = write_for(grace, [Owed("coffee_invite")], today=TODAY, tone=seeker, seed=seed)
        assert "advice" in draft.body or "what you make of" in draft.body
        assert not checks.pitch_words(draft.body)


def test_the_introduction_goes_to_both(grace):
    facts = {"other": "Priya Nair", "other_email": "priya@example.org", "reason": "Both love maps"}
    draft = write_for(grace, [Owed("intro_make", "intro:1", facts)], today=TODAY, tone=TONE)
    assert draft.to_email == "grace@routewise.example,priya@example.org"
    assert draft.body.startswith("Hi Grace and Priya,") and "You both love maps." in draft.body


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown kind"):
        Owed("pitch")


def test_the_older_kinds_are_written_by_the_same_layer(grace):
    draft = write("catch_up_ask", to=grace, me="Alice", ask="Whether the robot pilot shipped?")
    assert "wondering whether the robot pilot shipped" in draft.body
    assert not checks.pasted(draft.body) and not checks.cold_subject(draft.subject)
    need = write("need", to=grace, me="Alice", need="looking for a designer", other="Ben Ortega")
    assert "looking for a designer" in need.body and "looking for looking for" not in need.body
    assert "Ben Ortega could help" in need.body


def test_the_conversation_guide_shows_no_raw_slot(alice_client, grace, alice):
    interactions.add_ask_next(owner=alice, person=grace, text="how her daughter's wedding went")
    page = html.unescape(alice_client.get(f"/people/{grace.pk}/brief/").content.decode())
    assert "I've been wondering how your daughter's wedding went since we last spoke." in page
    assert "{ask}" not in page and "{" not in page.split("<main", 1)[-1].split("</main>")[0]
    for how in ("coffee", "call", "online", "conference"):
        prep = alice_client.get(f"/coach/prep/?situation={how}").content.decode()
        assert "{ask}" not in prep and "{topic}" not in prep


def test_done_keeps_the_message_as_edited(alice, grace):
    edited = "Hi Grace,\n\nSaw the RouteWise launch — congratulations!\n\nAlice"
    mark_action(
        owner=alice, key=f"catch_up:{grace.pk}", choice="done", subject="Congrats", body=edited
    )
    logged = Interaction.objects.get(participants=grace)
    assert logged.notes == edited and logged.summary == "Congrats"


def test_done_through_the_api_keeps_the_message_as_edited(alice, grace, client):
    api = api_for(client, alice)
    response = api.post(
        "/api/v1/today/act",
        {"key": f"catch_up:{grace.pk}", "choice": "done", "body": "Hi Grace, hello!"},
    )
    assert response.status_code == 200, response.content
    assert Interaction.objects.get(participants=grace).notes == "Hi Grace, hello!"


def test_done_in_the_cli_keeps_the_message_as_edited(alice, grace, run, tmp_path):
    sent = tmp_path / "sent.txt"
    sent.write_text("Hi Grace, congratulations on the launch!", encoding="utf-8")
    key = f"catch_up:{grace.pk}"
    result = run("today", "--done", key, "--subject", "Congrats", "--body-file", str(sent))
    assert result.exit_code == 0, result.output
    logged = Interaction.objects.get(participants=grace)
    assert logged.notes == "Hi Grace, congratulations on the launch!"
    assert logged.summary == "Congrats"
    refused = run("today", "--body-file", str(sent))
    assert refused.exit_code == 2 and "go with --done" in refused.output


def test_a_follow_up_with_no_note_says_what_kind_of_ask_it_was(grace):
    # Today's follow-up on an ask logged without a note: no empty quote, the kind instead
    asked_on = TODAY - dt.timedelta(days=9)
    facts = {"asked_on": asked_on, "ask_kind": "coffee"}
    for variant in (0, 1):
        draft = write_for(
            grace,
            [Owed("follow_up", "follow_up:1", facts)],
            today=TODAY,
            tone=TONE,
            variant=variant,
        )
        assert "\u201c\u201d" not in draft.body and '""' not in draft.body, draft.body
        assert "coffee" in draft.body, draft.body


def test_todays_reasons_place_a_need_without_doubling_or_turning_anyone_into_you():
    from goodwill.coach.queries.actions import looking_for

    assert looking_for("Felicia", "Looking for office space in London") == (
        "Felicia is looking for office space in London"
    )
    assert looking_for("Marcus", "hiring a PM for the iOS app") == (
        "Marcus is hiring a PM for the iOS app"
    )
    # the layer would write "help with your CV" to the reader; the user reads it as typed
    assert looking_for("Ana", "She needs help with her CV") == (
        "Ana mentioned: \u201cShe needs help with her CV\u201d"
    )
