"""Today from the data: what each kind of action says, done / snooze / skip, the number of
queries (time frozen). The planner's own rules: test_plan_rules.py and test_plan_personas.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goodwill.coach.models import EventContact
from goodwill.coach.queries.planner import today_actions
from goodwill.coach.rules import outreach as outreach_rules
from goodwill.coach.services import actions, events, outreach
from goodwill.leads import services as leads
from goodwill.people import services as people
from goodwill.people.services import cadence
from tests.conftest import NOW
from tests.support import person

pytestmark = pytest.mark.django_db
TODAY = NOW.date()


def make_due(owner, p, days_ago):
    cadence.set_cadence(owner=owner, person=p, days=30)
    p.refresh_from_db()
    p.next_due_on = TODAY - dt.timedelta(days=days_ago)
    p.save(update_fields=["next_due_on"])
    return p


# ---------------------------------------------------------------- gathered from the data


@pytest.fixture
def cast(alice, frozen_now):
    people.ensure_me(owner=alice, display_name="Alice Moreau")
    names = ("Ana Ruiz", "Ben Ortega", "Cleo Park", "Dan Moss")
    return {n.split()[0].lower(): person(alice, n) for n in names}


def test_it_suggests_taking_the_check_in_to_a_new_account(alice, frozen_now):
    found = today_actions(alice)
    assert [a.key for a in found] == ["assess:1"]
    assert found[0].url == "/coach/assess/"


def test_it_puts_an_overdue_lead_before_a_due_catch_up_with_drafts(alice, cast):
    make_due(alice, cast["cleo"], 20)
    lead = leads.create_lead(
        owner=alice,
        referrer=cast["ana"],
        prospect=cast["ben"],
        opportunity="Needs a designer",
        received_on=TODAY - dt.timedelta(days=5),
    )
    leads.send_report_back(owner=alice, lead=lead)  # thanked, so only the contact is due
    found = today_actions(alice)
    keys = [a.key for a in found]
    assert keys.index(f"lead:{lead.pk}") < keys.index(f"catch_up:{cast['cleo'].pk}")
    catch_up = found[keys.index(f"catch_up:{cast['cleo'].pk}")]
    assert catch_up.draft.startswith("Hi Cleo,") and catch_up.draft.endswith("alice")
    assert "last contact" in catch_up.reason or "Nothing logged" in catch_up.reason


def test_it_drafts_a_catch_up_around_something_to_ask(alice, cast):
    from goodwill.interactions import services as interactions

    interactions.add_ask_next(owner=alice, person=cast["dan"], text="How was the marathon")
    make_due(alice, cast["dan"], 3)
    (action,) = [a for a in today_actions(alice) if a.person_id == cast["dan"].pk]
    assert "How was the marathon?" in action.draft
    assert "pitch" not in action.draft.lower()


def test_it_follows_up_an_unanswered_invite_once_then_lets_it_go(alice, cast, frozen_now):
    ask = outreach.record_outreach(
        owner=alice, person=cast["ana"], asked_on=TODAY - dt.timedelta(days=6)
    )
    assert not [a for a in today_actions(alice) if a.kind == "follow_up"]
    frozen_now(days=1)
    (action,) = [a for a in today_actions(alice) if a.kind == "follow_up"]
    assert action.key == f"follow_up:{ask.pk}" and "Hi Ana" in action.draft
    actions.mark_action(owner=alice, key=action.key, choice="done")
    ask.refresh_from_db()
    assert ask.followed_up_at is not None
    frozen_now(days=8)  # the hide has expired, but one follow-up is all it gets
    assert not [a for a in today_actions(alice) if a.kind == "follow_up"]
    assert outreach_rules.effective_answer(ask, timezone.localdate()) == "no_reply"


def test_it_prepares_for_tomorrows_event_and_debriefs_it_after(alice, cast, frozen_now):
    event = events.create_event(
        owner=alice, name="Design Meetup", starts_at=NOW + dt.timedelta(days=1, hours=9)
    )
    (prep,) = [a for a in today_actions(alice) if a.kind == "event"]
    assert prep.title == "Prepare for Design Meetup" and "Goal:" in prep.draft
    frozen_now(days=2)
    (debrief,) = [a for a in today_actions(alice) if a.kind == "event"]
    assert debrief.title == "Debrief Design Meetup"
    events.capture_people(owner=alice, event=event, text="Eva Lind - runs a print shop")
    events.debrief_event(owner=alice, event=event)
    found = today_actions(alice)
    assert not [a for a in found if a.kind == "event"]
    (met,) = [a for a in found if a.kind == "met"]
    assert "Design Meetup" in met.draft and "runs a print shop" in met.draft
    actions.mark_action(owner=alice, key=met.key, choice="done")
    assert EventContact.objects.get().followed_up_at is not None
    assert not [a for a in today_actions(alice) if a.kind == "met"]


def test_it_hides_skipped_for_a_day_and_snoozed_for_the_days_asked(alice, cast, frozen_now):
    make_due(alice, cast["ana"], 1)
    make_due(alice, cast["ben"], 1)
    key = f"catch_up:{cast['ana'].pk}"
    actions.mark_action(owner=alice, key=key, choice="skipped")
    assert key not in [a.key for a in today_actions(alice)]
    frozen_now(days=1)
    assert key in [a.key for a in today_actions(alice)]
    other = f"catch_up:{cast['ben'].pk}"
    actions.mark_action(owner=alice, key=other, choice="snoozed", days=3)
    frozen_now(days=2)
    assert other not in [a.key for a in today_actions(alice)]
    frozen_now(days=1)
    assert other in [a.key for a in today_actions(alice)]


def test_it_retires_what_was_set_aside_twice_until_brought_back(alice, cast, frozen_now):
    make_due(alice, cast["ana"], 1)
    key = f"catch_up:{cast['ana'].pk}"
    actions.mark_action(owner=alice, key=key, choice="snoozed", days=2)
    frozen_now(days=2)
    assert key in [a.key for a in today_actions(alice)]  # a snooze comes back once
    state = actions.mark_action(owner=alice, key=key, choice="skipped")
    assert state.choice == "retired"
    for _ in range(5):
        frozen_now(days=7)
        assert key not in [a.key for a in today_actions(alice)]
    from goodwill.coach.queries.planner import retired

    assert [s.key for s in retired(alice)] == [key]
    actions.bring_back(owner=alice, key=key)
    assert key in [a.key for a in today_actions(alice)] and not retired(alice)
    actions.mark_action(owner=alice, key=key, choice="skipped")  # counted afresh
    frozen_now(days=1)
    assert key in [a.key for a in today_actions(alice)]


def test_it_logs_a_hello_when_a_catch_up_is_done(alice, cast):
    make_due(alice, cast["ben"], 4)
    actions.mark_action(owner=alice, key=f"catch_up:{cast['ben'].pk}", choice="done")
    cast["ben"].refresh_from_db()
    assert cast["ben"].last_contact_at == NOW
    assert cast["ben"].next_due_on > TODAY


def test_it_refuses_a_bad_key_choice_or_snooze_and_writes_nothing(alice, cast):
    from django.core.exceptions import ValidationError

    from goodwill.coach.models import ActionState

    for kwargs, field in [
        ({"key": "nonsense", "choice": "done"}, "key"),
        ({"key": "lead:1", "choice": "later"}, "choice"),
        ({"key": "lead:1", "choice": "snoozed", "days": 99}, "days"),
    ]:
        with pytest.raises(ValidationError) as caught:
            actions.mark_action(owner=alice, **kwargs)
        assert field in caught.value.message_dict
    assert not ActionState.objects.exists()


def test_it_answers_with_a_fixed_number_of_queries(alice, cast, frozen_now):
    def count():
        with CaptureQueriesContext(connection) as queries:
            today_actions(alice)
        return len(queries)

    make_due(alice, cast["ana"], 2)
    leads.create_lead(owner=alice, referrer=cast["ana"], prospect=cast["ben"], opportunity="X")
    outreach.record_outreach(owner=alice, person=cast["cleo"], asked_on=TODAY - dt.timedelta(9))
    count()  # the matcher (giving area) refreshes its index once after people change
    few = count()
    for i in range(12):
        p = make_due(alice, person(alice, f"Extra Person{i}"), i)
        leads.create_lead(owner=alice, referrer=cast["dan"], prospect=p, opportunity=f"L{i}")
        outreach.record_outreach(owner=alice, person=p, asked_on=TODAY - dt.timedelta(days=10))
    count()
    assert count() == few
