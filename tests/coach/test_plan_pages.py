"""Today's planner on the web, the API and the CLI: the sentence, "Why these?", the tidy
list (let go / revive), retired suggestions, grouped actions, first hellos (time frozen)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from goodwill.coach.models import ActionState, Assessment
from goodwill.coach.queries.planner import plan_today, tidy_items
from goodwill.coach.rules.owed import Situation
from goodwill.coach.services import actions, outreach
from goodwill.giving import services as giving
from goodwill.giving.services import intros
from goodwill.interactions import services as interactions
from goodwill.leads import services as leads
from goodwill.people import services as people
from goodwill.people.services import cadence
from tests.support import person

pytestmark = pytest.mark.django_db
FEARFUL = {"rejection": 88, "desperation": 88}


def due(owner, p, days_ago=1):
    cadence.set_cadence(owner=owner, person=p, days=30)
    p.refresh_from_db()
    p.next_due_on = timezone.localdate() - dt.timedelta(days=days_ago)
    p.save(update_fields=["next_due_on"])
    return p


@pytest.fixture
def noor(alice, frozen_now):
    people.ensure_me(owner=alice, display_name="Alice Moreau")
    Assessment.objects.create(owner=alice, taken_at=timezone.now(), scores=FEARFUL)
    return alice


def test_today_shows_the_plans_sentence_the_rule_of_each_action_and_why(alice_client, noor):
    due(noor, person(noor, "Lena Fischer"), 35)
    page = alice_client.get("/").content.decode()
    assert "Today: one hello with no ask" in page and 'href="/coach/why/"' in page
    assert "Why: You said you tend to wait until you need something" in page
    why = alice_client.get("/coach/why/").content.decode()
    assert "Fear of rejection: 88 of 100" in why
    assert "Asking feels risky to you" in why and "Say hello to Lena Fischer" in why
    assert "an ask after 30 days" in why


def test_overdue_says_how_long_not_only_since_when(noor):
    ana = person(noor, "Ana Ruiz")
    made = leads.create_lead(
        owner=noor,
        referrer=ana,
        prospect_name="Tom Reyes",
        opportunity="a data contract",
        received_on=timezone.localdate() - dt.timedelta(days=40),
    )
    late = (timezone.localdate() - made.contact_due_on).days
    assert late > 30
    (lead,) = [a for a in plan_today(noor).actions if a.kind == "lead"]
    assert f"{late} days overdue" in lead.reason


def test_a_first_hello_and_a_reconnection_have_their_own_kind_and_words(noor):
    new = due(noor, person(noor, "Ivy Chen"))
    old = due(noor, person(noor, "Sam Okafor", met_on=dt.date(2019, 3, 1)))
    found = {a.person_id: a for a in plan_today(noor, scores={}).actions}
    assert found[new.pk].kind == "first_hello" and "A first hello" in found[new.pk].reason
    assert found[old.pk].kind == "reconnect" and "7 years ago" in found[old.pk].reason
    assert found[old.pk].draft.startswith("Hi Sam")


def test_a_need_answered_by_an_introduction_is_not_suggested_again(noor):
    me = people.ensure_me(owner=noor, display_name="Alice Moreau")
    grace, ollie = person(noor, "Grace Liu"), person(noor, "Ollie Brandt", title="Designer")
    need = giving.create_need(owner=noor, person=grace, text="a designer for her shop")
    giving.create_offer(owner=noor, person=ollie, text="design help")
    assert me
    shown = [a for a in plan_today(noor).actions if a.kind == "need"]
    assert shown and shown[0].key == f"need:{need.pk}"
    intros.suggest_intro(owner=noor, a=grace.pk, b=ollie.pk, need=need.pk)
    assert not [a for a in plan_today(noor).actions if a.key == f"need:{need.pk}"]


def test_a_group_is_marked_done_as_a_whole(noor):
    ana = person(noor, "Ana Ruiz")
    outreach.record_outreach(
        owner=noor, person=ana, asked_on=timezone.localdate() - dt.timedelta(9)
    )
    due(noor, ana, 5)  # after the ask, which counts as contact and moves the rhythm on
    (action,) = [a for a in plan_today(noor).actions if a.person_id == ana.pk]
    assert len(action.keys) == 2 and action.key == "+".join(action.keys)
    actions.mark_action(owner=noor, key=action.key, choice="done")
    assert set(ActionState.objects.values_list("key", flat=True)) == set(action.keys)
    assert not [a for a in plan_today(noor).actions if a.person_id == ana.pk]


def test_an_old_ask_waits_on_the_tidy_list_and_a_revived_one_says_its_real_date(alice_client, noor):
    sam = person(noor, "Sam Okafor")
    asked_on = timezone.localdate() - dt.timedelta(days=176)
    ask = outreach.record_outreach(owner=noor, person=sam, asked_on=asked_on)
    key = f"follow_up:{ask.pk}"
    assert key not in [k for a in plan_today(noor).actions for k in a.keys]
    page = alice_client.get("/coach/tidy/").content.decode()
    assert "Your invite to coffee to Sam Okafor, never answered" in page and "176 days" in page
    alice_client.post("/coach/tidy/", {"key": key, "choice": "revive"})
    (action,) = [a for a in plan_today(noor).actions if key in a.keys]
    assert "176 days ago" in action.reason and action.rule == "revived"
    assert key not in [i.key for i in tidy_items(noor)]


def test_let_go_leaves_the_tidy_list_and_can_be_brought_back(alice_client, noor):
    sam = person(noor, "Sam Okafor")
    ask = outreach.record_outreach(
        owner=noor, person=sam, asked_on=timezone.localdate() - dt.timedelta(days=60)
    )
    key = f"follow_up:{ask.pk}"
    response = alice_client.post("/coach/tidy/", {"key": key, "choice": "let_go"})
    assert response.status_code == 302 and not tidy_items(noor)
    retired = alice_client.get("/coach/retired/").content.decode()
    assert "Follow up with Sam Okafor" in retired and "Let go on" in retired
    alice_client.post("/coach/retired/", {"key": key})
    assert [i.key for i in tidy_items(noor)] == [key]


def test_the_tidy_list_refuses_what_is_not_on_it_and_writes_nothing(api, noor):
    response = api.post("/today/tidy/revive", {"key": "catch_up:1"})
    assert response.status_code == 422 and "not on the tidy list" in response.text
    response = api.post("/today/bring-back", {"key": "lead:1"})
    assert response.status_code == 422 and "not among your retired" in response.text
    assert not ActionState.objects.exists()


def test_the_api_and_the_cli_give_the_same_plan(api, run, noor):
    due(noor, person(noor, "Lena Fischer"), 3)
    plan = api.get("/today").json()
    assert plan["sentence"] == "Today: one hello with no ask."
    assert [r["rule"] for r in plan["rules"]] == ["waiting_hello", "gentle_first"]
    (action,) = plan["actions"]
    assert action["rule"] == "waiting_hello" and action["draft"].startswith("Hi Lena")
    cli = json.loads(run("today", "--json").output)
    assert cli["sentence"] == plan["sentence"] and cli["actions"][0]["key"] == action["key"]
    seeker = json.loads(run("today", "--json", "--situation", "between_jobs").output)
    assert seeker["situation"] == Situation.BETWEEN_JOBS and seeker["give_ratio"] == {
        "gives": 0,
        "asks": 0,
        "days": 30,
    }
    assert "Gives before asks" in run("today", "--situation", "between_jobs").output


def test_the_cli_lets_go_revives_and_lists_the_tidy_list(run, noor):
    ana = person(noor, "Ana Ruiz")
    ask = outreach.record_outreach(
        owner=noor, person=ana, asked_on=timezone.localdate() - dt.timedelta(days=45)
    )
    key = f"follow_up:{ask.pk}"
    assert key in run("today", "--tidy").output
    assert f"{key}: let go." in run("today", "--let-go", key).output
    assert "Nothing old is waiting" in run("today", "--tidy").output
    assert "Follow up with Ana Ruiz" in run("today", "--retired").output
    run("today", "--bring-back", key)
    assert f"{key}: back on Today" in run("today", "--revive", key).output
    interactions.log_interaction(owner=noor, participants=[ana.pk], kind="call")
    assert key in [k for a in plan_today(noor).actions for k in a.keys]


def test_helping_with_a_need_counts_as_a_give_and_the_need_is_not_suggested_again(noor):
    from goodwill.giving.models import Give

    grace = person(noor, "Grace Liu")
    need = giving.create_need(owner=noor, person=grace, text="a flat in Lisbon")
    actions.mark_action(owner=noor, key=f"need:{need.pk}", choice="done")
    give = Give.objects.get(owner=noor)
    assert give.receiver == grace and give.need == need and give.giver.is_me
    assert "a flat in Lisbon" in give.summary
    assert not [a for a in plan_today(noor).actions if f"need:{need.pk}" in a.keys]


def test_a_thank_you_that_also_covers_a_hello_is_logged_once(noor):
    from goodwill.interactions.models import Participation

    ana = person(noor, "Ana Ruiz")
    lead = leads.create_lead(
        owner=noor, referrer=ana, prospect_name="Tom Reyes", opportunity="a data contract"
    )
    due(noor, ana, 5)  # after the lead, which counts as contact and moves the rhythm on
    (action,) = [a for a in plan_today(noor).actions if a.person_id == ana.pk]
    assert action.key == f"report:{lead.pk}:thanks+catch_up:{ana.pk}"
    actions.mark_action(owner=noor, key=action.key, choice="done")
    assert Participation.objects.filter(person=ana).count() == 1


def test_a_revived_old_lead_comes_back_with_its_thank_you_and_its_real_age(noor):
    ben = person(noor, "Ben Ortega")
    lead = leads.create_lead(
        owner=noor,
        referrer=ben,
        prospect_name="Old Prospect",
        opportunity="a shop",
        received_on=timezone.localdate() - dt.timedelta(days=600),
    )
    assert not [a for a in plan_today(noor).actions if a.kind in ("lead", "report_back")]
    assert [i.key for i in tidy_items(noor)] == [f"lead:{lead.pk}"]
    actions.revive(owner=noor, key=f"lead:{lead.pk}")
    shown = {k for a in plan_today(noor).actions for k in a.keys}
    assert {f"lead:{lead.pk}", f"report:{lead.pk}:thanks"} <= shown
    (contact,) = [a for a in plan_today(noor).actions if a.kind == "lead"]
    lead.refresh_from_db()
    late = (timezone.localdate() - lead.contact_due_on).days
    assert late > 590 and f"{late} days overdue" in contact.reason


def test_a_due_hello_says_how_long_it_is_overdue(noor):
    lena = person(noor, "Lena Fischer")
    interactions.log_interaction(
        owner=noor, participants=[lena.pk], occurred_at=timezone.now() - dt.timedelta(days=95)
    )
    due(noor, lena, 35)
    (hello,) = [a for a in plan_today(noor).actions if a.person_id == lena.pk]
    assert hello.reason == (
        "Your catch-up rhythm with Lena is due (35 days overdue): last contact 95 days ago."
    )
