"""The language layer, piece by piece: phrases from notes, time in words, templates, the
letters, and each check failing on a bad example (most of them from issue 18). Pure."""

from __future__ import annotations

import datetime as dt

import pytest

from goodwill.core.language import checks
from goodwill.core.language import phrases as ph
from goodwill.core.language import time as tm
from goodwill.core.language.compose import T, choose, undouble
from goodwill.core.language.letters import Reader, Voice, opener_for, write_letter

TODAY = dt.date(2026, 12, 7)
GRACE = Reader(first="Grace", full="Grace Liu")
SAM = Voice(me="Sam")


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def letter(items, *, reader=GRACE, voice=SAM, index=0):
    return write_letter(reader, items, today=TODAY, voice=voice, index=index)


# ---------------------------------------------------------------- phrases


@pytest.mark.parametrize(
    ("typed", "kind", "text"),
    [
        ("new website for Movewell Clinics", ph.NOUN, "a new website for Movewell Clinics"),
        ("Hiring a front-end developer", ph.ING, "hiring a front-end developer"),
        ("looking for a designer", ph.NOUN, "a designer"),
        ("looking for looking for a designer", ph.NOUN, "a designer"),
        ("She needs investors for the seed round", ph.NOUN, "investors for the seed round"),
        ("Grace is looking for a co-founder", ph.NOUN, "a co-founder"),
        ("advice on pricing", ph.NOUN, "advice on pricing"),
        ("accountant", ph.NOUN, "an accountant"),
        ("beta testers for RouteWise", ph.NOUN, "beta testers for RouteWise"),
        ("Raising a pre-seed round 🚀", ph.ING, "raising a pre-seed round"),
        ("mentorship for her new team leads", ph.NOUN, "mentorship for your new team leads"),
        ("translator (German -> English)", ph.QUOTE, "translator (German -> English)"),
        ("Needs help with: grant application, budget", ph.QUOTE, None),
        ("what do I do about the landlord?", ph.QUOTE, None),
    ],
)
def test_a_need_becomes_a_phrase_or_a_quote(typed, kind, text):
    phrase = ph.need(typed, names=("Grace Liu", "Grace"))
    assert phrase.kind == kind
    assert phrase.text == (text if text is not None else typed)


@pytest.mark.parametrize(
    ("typed", "kind", "text"),
    [
        (
            "Whether the warehouse robot pilot shipped?",
            ph.WH,
            "whether the warehouse robot pilot shipped",
        ),
        ("How is the PM course going?", ph.ASK, "How is the PM course going?"),
        ("how the PM course is going", ph.WH, "how the PM course is going"),
        ("her new job at McKinsey", ph.NOUN, "your new job at McKinsey"),
        ("did she get the PhD place?", ph.ASK, "Did you get the PhD place?"),
        ("how her daughter's wedding went", ph.WH, "how your daughter's wedding went"),
        ("ask about the iOS launch", ph.NOUN, "the iOS launch"),
        ("whether Grace heard back from eBay", ph.WH, "whether you heard back from eBay"),
        ("moving to Lisbon 🎉", ph.ING, "moving to Lisbon"),
        ("She said the demo is next week. Ask how it went!", ph.QUOTE, None),
        ("the new office in Leeds (the one by the canal)", ph.QUOTE, None),
    ],
)
def test_a_thing_to_ask_becomes_a_question_or_a_quote(typed, kind, text):
    phrase = ph.ask(typed, names=("Grace Liu", "Grace"))
    assert phrase.kind == kind
    assert phrase.text == (text if text is not None else typed)


def test_second_person_turns_only_the_reader_to_you():
    assert ph.second_person("she is moving to RouteWise", ()) == "you are moving to RouteWise"
    assert ph.second_person("Grace's team at eBay", ("Grace",)) == "your team at eBay"
    assert ph.second_person("he works at McKinsey", ()) == "you work at McKinsey"
    assert ph.second_person("ask her about it", ()) == "ask you about it"
    # "they" may be other people: kept as typed
    assert ph.second_person("whether they closed the round", ()) == (
        "whether they closed the round"
    )


def test_case_is_fixed_only_at_the_start_of_a_sentence():
    assert ph.upper_start("eBay is hiring") == "eBay is hiring"
    assert ph.upper_start("thanks again") == "Thanks again"
    assert ph.lower_start("Looking for a PhD supervisor") == "looking for a PhD supervisor"
    assert ph.lower_start("RouteWise beta") == "RouteWise beta"
    assert ph.lower_start("Movewell website") == "Movewell website"


def test_a_promise_and_a_line_about_me():
    assert ph.promise("I'll send her the case studies").text == "send you the case studies"
    assert ph.promise("intro her to Tom").text == "introduce you to Tom"
    assert ph.promise("the spreadsheet template").kind == ph.NOUN
    assert ph.about_me("freelance web designer").text == "I'm a freelance web designer."
    assert ph.about_me("I build iOS apps").text == "I build iOS apps."
    assert ph.about_me("data analyst looking for my next role").text.startswith("I'm a data")


def test_a_reason_is_told_to_one_of_the_two():
    names = ("Grace Liu", "Grace")
    assert ph.reason("Both love typography", names=names).text == "You both love typography."
    assert ph.reason("Grace is hiring a designer and Priya designs apps", names=names).text == (
        "You are hiring a designer and Priya designs apps."
    )
    # she and he in one reason: which one is "you" would be a guess, so it is quoted
    assert ph.reason("she's moving to Lisbon and he lived there").kind == ph.QUOTE


# ---------------------------------------------------------------- time in words


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "today"),
        (1, "yesterday"),
        (4, "a few days ago"),
        (9, "last week"),
        (17, "a couple of weeks ago"),
        (30, "a few weeks ago"),
        (120, "back in August"),
        (320, "almost a year ago"),
        (400, "over a year ago"),
        (800, "back in 2024"),
    ],
)
def test_ago_says_what_the_dates_say(days, words):
    assert tm.ago(days_ago(days), TODAY) == words


def test_gap_and_known_for_are_said_only_when_long():
    assert tm.gap(days_ago(20), TODAY) == ""
    assert tm.gap(days_ago(330), TODAY) == "a while — almost a year"
    assert tm.gap(days_ago(800), TODAY) == "a while — about two years"
    assert tm.known_for(days_ago(100), TODAY) == ""
    assert tm.known_for(days_ago(800), TODAY) == "about two years"
    assert tm.met_recently(days_ago(14), TODAY) and not tm.met_recently(days_ago(15), TODAY)


# ---------------------------------------------------------------- templates


def test_a_template_takes_only_the_kinds_it_declares_and_falls_back():
    templates = [T("I wondered {q}", q=ph.WH), T("How are things with {q}?", q=ph.NOUN)]
    assert choose(templates, {"q": ph.ask("whether it shipped")}) == "I wondered whether it shipped"
    assert choose(templates, {"q": ph.ask("the marathon")}) == "How are things with the marathon?"
    assert choose(templates, {"q": ph.ask("She said so. Ask her!")}) == ""  # a quote: none fit


def test_undouble_collapses_a_run_said_twice():
    assert undouble("you were looking for looking for a designer") == (
        "you were looking for a designer"
    )


# ---------------------------------------------------------------- each check fails on a bad one


def test_placeholders():
    assert checks.placeholders("Hi Ana, how did {ask} go?")
    assert checks.placeholders("Hi None,")
    assert not checks.placeholders("None of this would be happening without you.")


def test_doubled_runs():
    assert checks.doubled_runs("you were looking for looking for a designer")
    assert checks.doubled_runs("I'd love to hear more. Also, I'd love to hear your news.")
    assert not checks.doubled_runs("Thank you for introducing me to Tom. It means a lot.")


def test_repeated_question():
    assert checks.repeated_question("How is the PM course going? How did that go?")
    assert checks.repeated_question("How are you? Fine. How are you?")
    assert not checks.repeated_question("How is the PM course going? Hope all is well.")


def test_case_kept():
    assert checks.case_kept("a phD student", ["a PhD student"])
    assert checks.case_kept("at routewise", ["RouteWise"])
    assert not checks.case_kept("at RouteWise and eBay on iOS", ["RouteWise", "eBay", "iOS"])


def test_pasted():
    bad = "something I keep thinking about: Whether the warehouse robot pilot shipped?"
    assert checks.pasted(bad)
    assert checks.pasted("what you're working on (new website for Movewell Clinics)")
    assert not checks.pasted("You mentioned this:\n“what do I do about the landlord?”")


def test_reader_named():
    assert checks.reader_named("Hi Grace,\n\nGrace Liu is looking for a developer.", "Grace Liu")
    assert checks.reader_named("Hi Grace,\n\nGrace is looking for a developer.", "", "Grace")
    assert not checks.reader_named("Hi Grace Liu,\n\nYou're looking for a developer.", "Grace Liu")


def test_time_words_true():
    assert checks.time_words_true("my note from last week", TODAY, [days_ago(176)])
    assert checks.time_words_true("back in March", TODAY, [days_ago(20)])
    assert not checks.time_words_true("I wrote last week", TODAY, [days_ago(9)])
    met_2024 = dt.date(2024, 5, 2)
    assert checks.time_words_true("good to meet you at Product Coffee Club", TODAY, [], met_2024)
    assert not checks.time_words_true("Good to meet you!", TODAY, [], days_ago(3))


def test_state_words_true():
    assert checks.state_words_true("it's still going with Tom", ["parked"])
    assert checks.state_words_true("It worked out with Tom", ["lost"])
    assert not checks.state_words_true("Tom and I have put it on hold for now", ["parked"])


def test_length_ok():
    assert checks.length_ok("Hi")
    assert checks.length_ok("x" * 901)
    assert not checks.length_ok("Hi Ana,\n\nThinking of you.\n\nSam")


def test_pitch_words():
    assert checks.pitch_words("Could you hire me? I attach my CV.")
    assert not checks.pitch_words("Could you look at my CV?", ["review my CV"])


def test_cold_subject():
    assert checks.cold_subject("Curious")
    assert not checks.cold_subject("Coffee soon?")


# ---------------------------------------------------------------- the letters (issue 18)


def test_an_ask_is_never_pasted_after_a_colon_and_keeps_its_case():
    _, body, _ = letter([("hello", {"ask_next": "Whether the warehouse robot pilot shipped?"})])
    assert "wondering whether the warehouse robot pilot shipped" in body
    assert not checks.pasted(body) and "Whether" not in body
    _, body, _ = letter([("hello", {"ask_next": "did she get the PhD place at RouteWise?"})])
    assert "Did you get the PhD place at RouteWise?" in body


def test_a_question_is_not_echoed():
    _, body, _ = letter([("hello", {"ask_next": "How is the PM course going?"})])
    assert body.count("?") == 1 and not checks.repeated_question(body)


def test_a_need_is_told_to_the_reader_in_the_second_person():
    _, body, _ = letter([("help_offer", {"need": "Hiring a front-end developer"})])
    assert "you were hiring a front-end developer" in body
    assert "Grace Liu" not in body and "Grace is" not in body and "(" not in body


def test_a_parked_lead_never_contacted_is_not_still_going():
    facts = {"prospect": "Tom Reyes", "state": "parked", "contacted_on": None}
    _, body, _ = letter([("lead_status", facts)])
    assert "haven't managed to reach Tom" in body
    assert not checks.state_words_true(body, ["parked"])


def test_good_to_meet_you_only_soon_after_meeting():
    recent = {"event": "Product Coffee Club", "event_on": days_ago(2), "line": "iOS accessibility"}
    subject, body, _ = letter([("event_follow_up", recent)])
    assert "good to meet you at Product Coffee Club" in f"{subject} {body}"
    old = {**recent, "event_on": dt.date(2024, 3, 14)}
    subject, body, _ = letter([("event_follow_up", old)])
    assert "meet you" not in f"{subject} {body}" and "back in 2024" in body


def test_the_thank_you_says_what_the_user_does():
    facts = {"prospect": "Tom Reyes", "what": "new website for Movewell Clinics", "state": "new"}
    _, body, _ = letter([("thank_lead", facts)], voice=Voice(me="Sam", me_line="I build websites"))
    assert "I build websites." in body and "the new website for Movewell Clinics" in body


def test_a_won_lead_offers_help_back_when_the_referrer_is_hiring():
    facts = {"prospect": "Tom Reyes", "outcome": "won", "their_needs": ["Hiring a designer"]}
    subject, body, _ = letter([("lead_outcome", facts)])
    assert "It worked out with Tom Reyes" in body and "I know you're hiring a designer" in body
    assert subject == "It worked out with Tom — thank you"


def test_one_message_covers_everything_owed_to_one_person():
    items = [
        ("thank_lead", {"prospect": "Tom Reyes", "state": "new"}),
        ("help_offer", {"need": "looking for a designer"}),
        ("thank_lead", {"prospect": "Ana Silva", "state": "contacted"}),
    ]
    subject, body, _ = letter(items)
    assert body.count("Hi Grace") == 1 and body.count("\nSam") == 1
    assert "Thank you for introducing me to Tom Reyes and Ana Silva" in body
    assert "I'll write to Tom" in body or "I'll get in touch with Tom" in body
    assert "I've reached out to Ana" in body or "Ana and I have already exchanged" in body
    assert "you were looking for a designer" in body
    assert subject == "Thank you for both introductions"


def test_a_gentle_voice_gives_an_easy_out_and_a_job_seeker_asks_for_advice():
    _, body, _ = letter([("hello", {})], voice=Voice(me="Sam", gentle=True))
    assert "No pressure at all" in body
    _, body, _ = letter([("coffee_invite", {})], voice=Voice(me="Ines", seeker=True))
    assert "advice" in body and not checks.pitch_words(body)


def test_a_follow_up_says_what_was_asked():
    facts = {"asked": "whether she'd meet for coffee", "asked_on": days_ago(9)}
    subject, body, _ = letter([("follow_up", facts)])
    assert "I wrote last week to ask whether you'd meet for coffee" in body
    assert not checks.cold_subject(subject)


def test_the_brief_opener_is_said_well_or_not_at_all():
    assert opener_for("how her daughter's wedding went") == (
        "I've been wondering how your daughter's wedding went since we last spoke."
    )
    assert opener_for("She said the demo is next week. Ask how it went!") == ""
