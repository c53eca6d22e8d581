"""Giving services: needs, offers, gives (meeting a need only when confirmed), the
double-opt-in introduction state machine, capture from the log, balance, merge,
deletion summary and the full export."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError

from goodwill.accounts import services as accounts
from goodwill.exchange.services import duplicates
from goodwill.exchange.services.exports import dump_account, load_account_json
from goodwill.giving import queries
from goodwill.giving import services as giving
from goodwill.giving.models import Give, Introduction, IntroStep, Need, Offer
from goodwill.giving.services import intros
from goodwill.interactions import services as interactions
from goodwill.leads.models import Lead, Referral
from goodwill.network.models import Relationship, RelSource
from goodwill.people import services as people
from tests.conftest import NOW
from tests.support import make_ben

pytestmark = pytest.mark.django_db


@pytest.fixture
def ben(alice):
    # Overrides the shared ben (conftest.py): a title, which matches and intros quote.
    return make_ben(alice, title="React developer")


def field_of(exc: pytest.ExceptionInfo) -> set[str]:
    return set(exc.value.message_dict)


# ---------------------------------------------------------------- needs and offers


def test_it_notes_a_need_heard_today_as_open(need, ana):
    assert need.person == ana and need.status == "open" and need.heard_on == NOW.date()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"text": "  "}, "text"),
        ({"text": "x" * 301}, "text"),
        ({"text": "ok", "heard_on": "2030-01-01"}, "heard_on"),
        ({"text": "ok", "heard_on": "soon"}, "heard_on"),
    ],
)
def test_it_refuses_a_bad_need_naming_the_field(alice, ana, frozen_now, kwargs, field):
    with pytest.raises(ValidationError) as exc:
        giving.create_need(owner=alice, person=ana, **kwargs)
    assert field in field_of(exc)
    assert not Need.objects.exists()


def test_it_refuses_a_need_for_you_or_for_someone_elses_person(alice, bob, ana):
    me = people.ensure_me(owner=alice)
    with pytest.raises(ValidationError) as exc:
        giving.create_need(owner=alice, person=me, text="A holiday")
    assert "person" in field_of(exc)
    with pytest.raises(ValidationError) as exc:
        giving.create_need(owner=bob, person=ana.pk, text="Spying")
    assert "person" in field_of(exc) and not Need.objects.exists()


def test_it_moves_a_need_between_statuses_and_refuses_the_same_one(alice, need):
    giving.set_need_status(owner=alice, need=need, status="moot")
    assert Need.objects.get().status == "moot"
    with pytest.raises(ValidationError) as exc:
        giving.set_need_status(owner=alice, need=need, status="moot")
    assert "status" in field_of(exc)
    with pytest.raises(ValidationError):
        giving.set_need_status(owner=alice, need=need, status="done")


def test_it_notes_your_own_offer_with_me(alice):
    offer = giving.create_offer(owner=alice, person="me", text="Python code reviews")
    assert offer.person.is_me and offer.active


def test_it_links_a_need_to_an_interaction_only_if_they_were_there(alice, ana, ben, coffee):
    need = giving.create_need(owner=alice, person=ana, text="A mentor", interaction=coffee)
    assert need.interaction == coffee
    with pytest.raises(ValidationError) as exc:
        giving.create_need(owner=alice, person=ben, text="A mentor", interaction=coffee)
    assert "interaction" in field_of(exc)


# ---------------------------------------------------------------- gives


def test_it_leaves_the_need_open_unless_the_give_is_confirmed_to_meet_it(alice, need):
    give = giving.record_give(owner=alice, need=need, summary="Sent two names", kind="referral")
    assert give.receiver == need.person and give.giver.is_me
    assert Need.objects.get().status == "open"
    giving.record_give(owner=alice, need=need, summary="Introduced Ben", meets_need=True)
    assert Need.objects.get().status == "met"


def test_it_refuses_a_give_to_someone_whose_need_it_is_not(alice, need, ben):
    with pytest.raises(ValidationError) as exc:
        giving.record_give(owner=alice, receiver=ben, need=need, summary="x", meets_need=True)
    assert "need" in field_of(exc)
    assert not Give.objects.exists() and Need.objects.get().status == "open"


def test_it_refuses_meets_need_without_a_need_and_a_give_to_oneself(alice, ana):
    with pytest.raises(ValidationError) as exc:
        giving.record_give(owner=alice, receiver=ana, summary="x", meets_need=True)
    assert "meets_need" in field_of(exc)
    with pytest.raises(ValidationError) as exc:
        giving.record_give(owner=alice, giver=ana, receiver=ana, summary="x")
    assert "receiver" in field_of(exc)
    assert not Give.objects.exists()


def test_it_records_help_received(alice, ana, frozen_now):
    give = giving.record_give(owner=alice, giver=ana, receiver="me", summary="Reviewed my CV")
    assert give.receiver.is_me
    result = queries.balance(alice)
    assert (result.given, result.received) == (0, 1) and not result.leading


def test_it_counts_the_balance_by_month_and_person(alice, ana, ben, frozen_now):
    giving.record_give(owner=alice, receiver=ana, summary="Advice", kind="advice")
    giving.record_give(owner=alice, receiver=ben, summary="A book", given_on="2026-03-02")
    giving.record_give(owner=alice, giver=ana, receiver="me", summary="A lead")
    giving.record_give(owner=alice, giver=ana, receiver=ben, summary="Between others")
    result = queries.balance(alice)
    assert (result.given, result.received) == (2, 1) and result.leading
    months = {m.start: (m.given, m.received) for m in result.months}
    assert months[dt.date(2026, 6, 1)] == (1, 1) and months[dt.date(2026, 3, 1)] == (1, 0)
    assert len(result.months) == 12
    rows = {r.person.display_name: (r.given, r.received) for r in result.people}
    assert rows == {"Ana Ruiz": (1, 1), "Ben Ortega": (1, 0)}
    assert queries.balance(alice, person=ana).given == 1


# ---------------------------------------------------------------- introductions


def test_it_walks_an_introduction_through_every_step(alice, ana, ben, need, frozen_now):
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana, need=need)
    assert intro.status == "suggested" and "React developer" in intro.reason
    assert intros.allowed_actions(intro) == ["ask_a", "decline"]
    intro = intros.advance_intro(owner=alice, intro=intro, action="ask_a")
    step = IntroStep.objects.get(introduction=intro, step="asked_a")
    assert "Would you be open" in step.message or "connect you two" in step.message
    intro = intros.advance_intro(owner=alice, intro=intro, action="ask_b", message="Hi Ana!")
    assert IntroStep.objects.get(step="asked_b").message == "Hi Ana!"
    intro = intros.advance_intro(owner=alice, intro=intro, action="made", meets_need=True)
    assert intro.status == "made" and intro.made_at == NOW
    rel = Relationship.objects.get(src=ben, dst=ana)
    assert rel.source == RelSource.INTRODUCED_BY
    # One introduction is one give, to the person helped (the one whose need it meets).
    give = Give.objects.get(introduction=intro)
    assert give.receiver == ana and give.giver.is_me and give.need == need
    assert Need.objects.get().status == "met"
    intro = intros.advance_intro(owner=alice, intro=intro, action="outcome", outcome="Hired!")
    assert intro.outcome == "Hired!"
    steps = list(IntroStep.objects.values_list("step", flat=True))
    assert steps == ["suggested", "asked_a", "asked_b", "made", "outcome"]


def test_it_leaves_the_need_open_when_made_is_not_confirmed(alice, ana, ben, need):
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana, need=need)
    for action in ("ask_a", "ask_b", "made"):
        intros.advance_intro(owner=alice, intro=intro, action=action)
    assert Need.objects.get().status == "open"
    assert Give.objects.filter(introduction=intro).count() == 1


@pytest.mark.parametrize(
    ("steps", "declined_by", "expected"),
    [([], "", "me"), (["ask_a"], "", "a"), (["ask_a", "ask_b"], "", "b"), (["ask_a"], "me", "me")],
)
def test_it_records_a_decline_at_each_step(alice, ana, ben, steps, declined_by, expected):
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana)
    for action in steps:
        intros.advance_intro(owner=alice, intro=intro, action=action)
    intro = intros.advance_intro(
        owner=alice, intro=intro, action="decline", declined_by=declined_by, note="Busy"
    )
    assert intro.status == "declined" and intro.declined_by == expected
    assert not Relationship.objects.filter(src=ben, dst=ana).exclude(source="manual").exists()
    assert not Give.objects.exists()
    with pytest.raises(ValidationError) as exc:
        intros.advance_intro(owner=alice, intro=intro, action="ask_a")
    assert "final" in exc.value.message_dict["action"][0]


def test_it_refuses_b_declining_before_being_asked(alice, ana, ben):
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana)
    intros.advance_intro(owner=alice, intro=intro, action="ask_a")
    with pytest.raises(ValidationError) as exc:
        intros.advance_intro(owner=alice, intro=intro, action="decline", declined_by="b")
    assert "declined_by" in field_of(exc)
    assert Introduction.objects.get().status == "asked_a"


@pytest.mark.parametrize(
    ("steps", "action"),
    [
        ([], "ask_b"),
        ([], "made"),
        ([], "outcome"),
        (["ask_a"], "ask_a"),
        (["ask_a"], "made"),
        (["ask_a", "ask_b", "made"], "decline"),
        (["ask_a", "ask_b", "made"], "ask_a"),
        ([], "jump"),
    ],
)
def test_it_refuses_invalid_transitions_with_a_clear_error(alice, ana, ben, steps, action):
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana)
    for step in steps:
        intros.advance_intro(owner=alice, intro=intro, action=step)
    before = (Introduction.objects.get().status, IntroStep.objects.count(), Give.objects.count())
    with pytest.raises(ValidationError) as exc:
        intros.advance_intro(owner=alice, intro=intro, action=action)
    assert list(exc.value.message_dict) == ["action"]
    after = (Introduction.objects.get().status, IntroStep.objects.count(), Give.objects.count())
    assert after == before


def test_it_refuses_intros_with_you_the_same_person_or_a_duplicate(alice, ana, ben):
    me = people.ensure_me(owner=alice)
    for a, b, field in ((me, ana, "a"), (ana, ana, "b")):
        with pytest.raises(ValidationError) as exc:
            intros.suggest_intro(owner=alice, a=a, b=b)
        assert field in field_of(exc)
    intros.suggest_intro(owner=alice, a=ana, b=ben)
    with pytest.raises(ValidationError) as exc:
        intros.suggest_intro(owner=alice, a=ben, b=ana)
    assert "b" in field_of(exc) and Introduction.objects.count() == 1


def test_it_drafts_each_message_with_names_and_both_addresses(alice, ana, ben):
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana, reason="Both love typography")
    ask_a = intros.intro_draft(intro, "ask_a", me="Alice")
    assert ask_a.to_name == "Ben Ortega" and "Ana Ruiz" in ask_a.body
    assert "You both love typography." in ask_a.body and ask_a.body.endswith("Alice")
    ask_b = intros.intro_draft(intro, "ask_b", me="Alice")
    assert ask_b.to_email == "ana@ruiz.example" and "You both love typography." in ask_b.body
    # who the other is, said as an apposition, never in brackets
    ask_b = intros.intro_draft(intro, "ask_b", me="Alice", variant=0)
    assert "Ben Ortega, React developer, would be glad to meet you" in ask_b.body
    assert "(" not in ask_b.body
    made = intros.intro_draft(intro, "made", me="Alice")
    assert "Ben" in made.subject and "Ana" in made.subject
    assert made.to_name == "Ben Ortega and Ana Ruiz" and "ana@ruiz.example" in made.to_email


# ---------------------------------------------------------------- capture from the log


def test_it_captures_needs_and_offers_heard_at_a_coffee(alice, ana, coffee):
    made = giving.capture_from_interaction(
        owner=alice, interaction=coffee, needs=["Hiring a designer"], offers=["Spanish lessons"]
    )
    assert made["needs"][0].person == ana and made["needs"][0].interaction == coffee
    assert made["offers"][0].text == "Spanish lessons"


def test_it_asks_whose_need_it_is_when_several_people_were_there(alice, ana, ben):
    group = interactions.log_interaction(owner=alice, participants=[ana.pk, ben.pk])
    made = giving.capture_from_interaction(owner=alice, interaction=group, needs=["Ben: a flat"])
    assert made["needs"][0].person == ben and made["needs"][0].text == "a flat"
    with pytest.raises(ValidationError) as exc:
        giving.capture_from_interaction(owner=alice, interaction=group, needs=["a flat"])
    assert "needs" in field_of(exc) and "Ana Ruiz" in exc.value.message_dict["needs"][0]


# ---------------------------------------------------------------- across the app


def test_it_moves_giving_rows_when_two_people_are_merged(alice, ana, ben, need):
    twin = people.create_person(owner=alice, display_name="Ana R.")
    giving.create_offer(owner=alice, person=twin, text="Figma help")
    giving.record_give(owner=alice, giver=twin, receiver="me", summary="A tip")
    intros.suggest_intro(owner=alice, a=twin, b=ben)
    duplicates.merge_people(owner=alice, keep=ana, merge=twin)
    assert Offer.objects.get().person == ana and Give.objects.get().giver == ana
    assert Introduction.objects.get().a == ana


def test_it_lists_giving_rows_in_the_deletion_summary(alice, ana, ben, need):
    giving.create_offer(owner=alice, person=ana, text="Figma help")
    intros.suggest_intro(owner=alice, a=ana, b=ben)
    also = people.deletion_summary(owner=alice, person=ana)["also_deleted"]
    assert any("need" in k for k in also) and any("offer" in k for k in also)
    assert any("introduction" in k for k in also)


def test_it_exports_and_loads_back_every_giving_row(alice, ana, ben, need, frozen_now):
    giving.create_offer(owner=alice, person="me", text="Code reviews")
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana, need=need)
    for action in ("ask_a", "ask_b", "made"):
        intros.advance_intro(owner=alice, intro=intro, action=action)
    data = json.loads(json.dumps(dump_account(alice)))
    carol = accounts.create_account(username="carol", email="", password="a long password 123")
    load_account_json(owner=carol, data=data)
    assert Need.objects.filter(owner=carol).get().text == need.text
    assert Offer.objects.filter(owner=carol, person__is_me=True).exists()
    loaded = Introduction.objects.get(owner=carol)
    assert loaded.status == "made" and loaded.need.owner == carol
    assert Give.objects.filter(owner=carol, introduction=loaded).count() == 1
    assert IntroStep.objects.filter(owner=carol).count() == 4


def test_it_never_counts_another_accounts_gives(alice, bob, ana, frozen_now):
    giving.record_give(owner=alice, receiver=ana, summary="Advice")
    assert queries.balance(bob).given == 0 and not queries.gives(bob).exists()


# End to end through the real matcher: an offer on Ben meets Ana's need.
def test_it_matches_an_offer_of_react_development_to_a_react_need(alice, ana, ben, need):
    from goodwill.giving.matching import search as matching

    giving.create_offer(owner=alice, person=ben, text="React development")
    found = matching.match_need(alice, need)
    assert found and found[0].person_id == ben.pk and found[0].reasons


def test_it_fills_the_demo_with_needs_offers_and_gives(alice, frozen_now):
    from goodwill.demo.services import fill_demo

    fill_demo(owner=alice, people=30, seed=3)
    assert Need.objects.filter(owner=alice).count() == 10
    assert Offer.objects.filter(owner=alice, person__is_me=False).count() == 10
    assert Offer.objects.filter(owner=alice, person__is_me=True).count() == 3
    assert Give.objects.filter(owner=alice).count() == 7
    # gives, plus the demo's leads (received) and referrals (given): all of them count
    counted = 7 + Lead.objects.filter(owner=alice).count()
    counted += Referral.objects.filter(owner=alice).count()
    assert queries.balance(alice).given + queries.balance(alice).received == counted
