"""Today's planner, the pure rules (goodwill.coach.rules.plan and .pairing): no database."""

from __future__ import annotations

import itertools

from goodwill.coach.rules import pairing
from goodwill.coach.rules.owed import Owed, Situation
from goodwill.coach.rules.plan import Candidate, Profile, overdue_words, plan, sentence_for

WAITING = {"desperation": 88}
FEARFUL = {"rejection": 88}


def c(kind, key, person=None, days=0, age=0, warm=True, revived=False, owed=()):
    return Candidate(
        kind=kind,
        keys=[key],
        person_id=person,
        days_overdue=days,
        age_days=age,
        warm=warm,
        revived=revived,
        owed=list(owed),
    )


def keys(p):
    return [a.key for a in p.actions]


def busy_day():
    return [
        c("lead", "lead:1", 1, days=3),
        c("lead", "lead:2", 2, days=2),
        c("report_back", "report:3:thanks", 3, days=4),
        c("report_back", "report:4:thanks", 4, days=1),
        c("met", "met:5", 5, days=1),
        c("follow_up", "follow_up:6", 6, days=2, age=9),
        c("catch_up", "catch_up:7", 7, days=40),
        c("need", "need:8", 8),
    ]


def test_a_high_waiting_score_keeps_one_no_ask_hello_on_a_full_day():
    assert "catch_up:7" not in keys(plan(busy_day(), Profile()))
    day = plan(busy_day(), Profile(scores=WAITING))
    hello = [a for a in day.actions if a.category == "hello"]
    assert [a.key for a in hello] == ["catch_up:7"] and hello[0].rule == "waiting_hello"
    assert "waiting_hello" in day.rules and len(day.actions) == 5


def test_a_high_fear_score_starts_gently_and_never_puts_two_asks_in_a_row():
    candidates = [
        c("lead", "lead:1", 1, days=3),
        c("follow_up", "follow_up:2", 2, days=1, age=8),
        c("follow_up", "follow_up:3", 3, days=1, age=8),
        c("catch_up", "catch_up:4", 4, days=2),
    ]
    day = plan(candidates, Profile(scores=FEARFUL))
    assert day.actions[0].key == "catch_up:4"
    asks = [a.is_ask for a in day.actions]
    assert not any(x and y for x, y in itertools.pairwise(asks))
    assert "gentle_first" in day.rules


def test_between_jobs_gives_come_before_asks_and_cold_asks_are_left_out():
    candidates = [
        c("follow_up", "follow_up:1", 1, days=2, age=9, warm=True),
        c("follow_up", "follow_up:2", 2, days=2, age=9, warm=False),
        c("need", "need:3", 3),
        c("catch_up", "catch_up:4", 4, days=1),
    ]
    day = plan(candidates, Profile(situation=Situation.BETWEEN_JOBS))
    assert keys(day)[0] == "need:3"
    assert "follow_up:2" not in keys(day)
    assert keys(day).index("follow_up:1") == len(day.actions) - 1


def test_after_a_no_a_job_seeker_is_offered_a_way_to_help_even_on_a_full_day():
    full = [c("lead", f"lead:{i}", i, days=i) for i in range(1, 7)]
    candidates = [*full, c("need", "need:9", 9)]
    calm = plan(candidates, Profile(situation=Situation.BETWEEN_JOBS))
    assert "need:9" not in keys(calm)
    after_no = plan(candidates, Profile(situation=Situation.BETWEEN_JOBS, heard_no=True))
    assert keys(after_no)[0] == "need:9" and after_no.actions[0].rule == "help_after_no"


def test_a_business_gets_leads_first_then_report_backs():
    candidates = [
        c("met", "met:1", 1, days=1),
        c("report_back", "report:2:thanks", 2, days=9),
        c("lead", "lead:3", 3, days=0),
        c("catch_up", "catch_up:4", 4, days=30),
    ]
    day = plan(candidates, Profile(situation=Situation.BUSINESS))
    assert keys(day)[:3] == ["lead:3", "report:2:thanks", "met:1"]
    assert day.actions[0].rule == "business_leads"


def test_a_lead_past_its_clock_shows_whatever_the_profile():
    hellos = [c("catch_up", f"catch_up:{i}", i, days=90) for i in range(10, 20)]
    for profile in (
        Profile(scores={**WAITING, **FEARFUL}),
        Profile(situation=Situation.BETWEEN_JOBS, heard_no=True, scores=FEARFUL),
        Profile(situation=Situation.EMPLOYED),
    ):
        assert "lead:1" in keys(plan([*hellos, c("lead", "lead:1", 1, days=1)], profile))


def test_everything_owed_to_one_person_is_one_action_with_one_list_of_owed_items():
    thanks = Owed("thank_lead", key="report:1:thanks", facts={"what": "a site"})
    status = Owed("lead_status", key="report:2:status", facts={"what": "a logo"})
    offer = Owed("help_offer", key="need:3", facts={"need": "a designer"})
    candidates = [
        c("report_back", "report:1:thanks", 7, days=2, owed=[thanks]),
        c("report_back", "report:2:status", 7, days=1, owed=[status]),
        c("need", "need:3", 7, owed=[offer]),
        c("catch_up", "catch_up:8", 8),
    ]
    day = plan(candidates, Profile())
    assert [a.person_id for a in day.actions] == [7, 8]
    first = day.actions[0]
    assert first.key == "report:1:thanks+report:2:status+need:3"
    assert first.owed == [thanks, status, offer]


def test_items_older_than_their_kind_allows_leave_the_plan_unless_revived():
    candidates = [
        c("follow_up", "follow_up:1", 1, days=30, age=31),
        c("follow_up", "follow_up:2", 2, days=20, age=29),
        c("lead", "lead:3", 3, days=100, age=120),
        c("lead", "lead:4", 4, days=100, age=120, revived=True),
    ]
    day = plan(candidates, Profile())
    assert sorted(keys(day)) == ["follow_up:2", "lead:4"]
    assert sorted(x.key for x in day.left_out) == ["follow_up:1", "lead:3"]
    assert [a.rule for a in day.actions if a.key == "lead:4"] == ["deadline"]


def test_the_plan_says_its_mix_in_one_sentence():
    day = [
        c("catch_up", "catch_up:1", 1),
        c("lead", "lead:2", 2),
        c("need", "need:3", 3),
        c("need", "need:4", 4),
    ]
    assert sentence_for(day) == (
        "Today: one hello with no ask, one lead to contact and two ways to help."
    )
    assert sentence_for([]).startswith("Today: nothing is owed")
    assert overdue_words(603) == "603 days overdue" and overdue_words(1) == "1 day overdue"


def test_it_pairs_a_need_with_the_same_need_turned_around():
    needs = [
        pairing.NeedText(1, 10, "looking for a design job"),
        pairing.NeedText(2, 11, "Hiring a product designer"),
        pairing.NeedText(3, 12, "hiring a Rust developer"),
        pairing.NeedText(4, 13, "a good plumber"),
    ]
    (pair,) = pairing.pairs(needs)
    assert (pair.seeker.person_id, pair.hirer.person_id) == (10, 11)
    assert "design job" in pair.reason and "product designer" in pair.reason
    assert not pairing.pairs([pairing.NeedText(1, 10, "a design job"), needs[2]])
    assert not pairing.pairs([needs[0], pairing.NeedText(5, 10, "hiring a designer")])


def test_a_hello_never_leads_a_message_that_carries_an_ask():
    candidates = [
        c("catch_up", "catch_up:1", 1, days=30),
        c("follow_up", "follow_up:2", 1, days=1, age=8),
        c("catch_up", "catch_up:3", 3, days=2),
    ]
    day = plan(candidates, Profile(scores=WAITING))
    by_person = {a.person_id: a for a in day.actions}
    assert by_person[1].kind == "follow_up" and by_person[1].key == "follow_up:2+catch_up:1"
    assert by_person[3].rule == "waiting_hello"  # the no-ask hello goes to someone else


def test_a_week_short_of_its_gives_makes_room_for_a_way_to_help():
    full = [c("lead", f"lead:{i}", i, days=i) for i in range(1, 7)]
    candidates = [*full, c("need", "need:9", 9)]
    assert "need:9" not in keys(plan(candidates, Profile()))
    day = plan(candidates, Profile(gives_short=True))
    assert [a.rule for a in day.actions if a.key == "need:9"] == ["week_goal"]
    assert "week_goal" in day.rules and len(day.actions) == 5


def test_among_the_clocks_a_waiting_prospect_comes_before_a_waiting_referrer():
    candidates = [
        c("report_back", "report:1:thanks", 1, days=9),
        c("met", "met:2", 2, days=1),
        c("lead", "lead:3", 3, days=0),
    ]
    assert keys(plan(candidates, Profile())) == ["lead:3", "met:2", "report:1:thanks"]
