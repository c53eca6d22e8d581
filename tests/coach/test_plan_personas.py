"""Today's planner played over four weeks by three people (time frozen, day by day).

- Noor, an employed engineer who scores high on "waiting until I need it" and on fear of
  rejection: a no-ask hello every day there is someone to greet, never an ask first,
  never two asks in a row.
- Fede, a freelancer with two fresh leads (and one from last year): leads first, then
  report-backs; a lead past its clock shows every day until it is contacted; last year's
  lead waits on the tidy list.
- Jon, a job seeker just laid off: gives before asks, no ask to someone never greeted,
  after a "no" a way to help; a give-before-ask ratio; never "while all is well".

Every day for all three: at most five actions, one per person, nothing done comes back,
nothing older than its kind's limit.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from goodwill.coach.models import ActionState
from goodwill.coach.queries.planner import plan_today, tidy_items
from goodwill.coach.rules.owed import Situation
from goodwill.coach.rules.plan import AGE_LIMIT, ASK_KINDS, GENTLE_KINDS, HELLO_KINDS
from goodwill.coach.services import actions as action_service
from goodwill.coach.services import outreach
from goodwill.giving import services as giving
from goodwill.interactions import services as interactions
from goodwill.leads import services as leads
from goodwill.leads.models import Lead
from goodwill.people import services as people
from goodwill.people.services import cadence
from tests.support import person

pytestmark = pytest.mark.django_db
DAYS = 28
ENGINEER = {"desperation": 88, "rejection": 88, "follow_through": 25, "asking": 40}
FREELANCER = {"desperation": 25, "rejection": 25, "follow_through": 63}
JOB_SEEKER = {"desperation": 50, "rejection": 38, "asking": 75}


def ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def met_long_ago(owner, name: str, days: int, *, rhythm: int = 60, **fields):
    """Someone last seen ``days`` ago, with a keep-in-touch rhythm."""
    p = person(owner, name, **fields)
    interactions.log_interaction(
        owner=owner, participants=[p.pk], kind="coffee", occurred_at=ago(days)
    )
    cadence.set_cadence(owner=owner, person=p, days=rhythm)
    p.refresh_from_db()
    return p


class Diary:
    """What the plan showed each day, and what the user did with it."""

    def __init__(self, owner, situation, scores):
        self.owner, self.situation, self.scores = owner, situation, scores
        self.done: set[str] = set()
        self.days: list = []

    def today(self):
        day = plan_today(self.owner, situation=self.situation, scores=self.scores)
        self.check_every_day(day)
        self.days.append(day)
        return day

    def check_every_day(self, day) -> None:
        actions = day.actions
        assert len(actions) <= 5, day.sentence
        people_ids = [a.person_id for a in actions if a.person_id]
        assert len(people_ids) == len(set(people_ids)), "one action per person per day"
        for a in actions:
            for key in a.keys:
                assert key not in self.done or key.startswith("catch_up:"), f"{key} came back"
            assert "while all is well" not in f"{a.title} {a.reason} {a.draft}".lower()
        assert day.sentence.startswith("Today: ")
        today = timezone.localdate()
        for a in actions:  # nothing older than its kind's limit
            for key in a.keys:
                prefix, _, rest = key.partition(":")
                if prefix == "follow_up":
                    from goodwill.coach.models import Outreach

                    asked = Outreach.objects.get(pk=int(rest)).asked_on
                    assert (today - asked).days <= AGE_LIMIT["follow_up"]
                if prefix in ("lead", "report"):
                    lead = Lead.objects.get(pk=int(rest.split(":")[0]))
                    assert (today - lead.received_on).days <= AGE_LIMIT["lead"]

    def do(self, action) -> None:
        action_service.mark_action(owner=self.owner, key=action.key, choice="done")
        self.done.update(k for k in action.keys if not k.startswith("catch_up:"))


# ---------------------------------------------------------------- the engineer


def test_the_waiting_and_fearful_engineer_says_hello_every_day(alice, frozen_now):
    people.ensure_me(owner=alice, display_name="Noor Haddad")
    quiet = [met_long_ago(alice, f"Friend{i} Quiet", 90 + 3 * i) for i in range(40)]
    lead = leads.create_lead(
        owner=alice, referrer=quiet[0], prospect_name="Tom Reyes", opportunity="a data contract"
    )
    asks = [
        outreach.record_outreach(
            owner=alice, person=p, kind="coffee", asked_on=timezone.localdate() - dt.timedelta(9)
        )
        for p in quiet[5:8]
    ]
    old_ask = outreach.record_outreach(
        owner=alice, person=quiet[9], asked_on=timezone.localdate() - dt.timedelta(days=176)
    )
    diary = Diary(alice, Situation.EMPLOYED, ENGINEER)
    hellos = 0
    for n in range(DAYS):
        day = diary.today()
        kinds = [a.kind for a in day.actions]
        assert kinds[0] in GENTLE_KINDS, f"day {n}: {kinds}"
        assert any(k in HELLO_KINDS for k in kinds), f"day {n}: no hello in {kinds}"
        asks_in_row = [k in ASK_KINDS for k in kinds]
        assert not any(a and b for a, b in itertools.pairwise(asks_in_row))
        assert f"follow_up:{old_ask.pk}" not in [a.key for a in day.actions]
        hellos += sum(k in HELLO_KINDS for k in kinds)
        diary.do(day.actions[0])  # the gentle first step, every day
        if n % 3 == 1 and len(day.actions) > 1:
            diary.do(day.actions[1])
        frozen_now(days=1)
    assert hellos >= DAYS
    assert "waiting_hello" in diary.days[0].rule_keys
    assert "gentle_first" in diary.days[0].rule_keys
    lead.refresh_from_db()
    assert lead.status == "contacted"  # the lead was not forgotten
    assert {a.pk for a in asks} & {int(k.split(":")[1]) for k in diary.done if "follow" in k}
    assert f"follow_up:{old_ask.pk}" in [i.key for i in tidy_items(alice)]


# ---------------------------------------------------------------- the freelancer


def test_the_freelancer_gets_leads_first_then_report_backs(alice, frozen_now):
    people.ensure_me(owner=alice, display_name="Fede Costa")
    ana = met_long_ago(alice, "Ana Ruiz", 20)
    ben = met_long_ago(alice, "Ben Ortega", 15)
    for i in range(6):
        met_long_ago(alice, f"Client{i} Past", 70 + i)
    fresh = [
        leads.create_lead(
            owner=alice, referrer=ana, prospect_name="Movewell Clinics", opportunity="a website"
        ),
        leads.create_lead(
            owner=alice, referrer=ben, prospect_name="Tara Quinn", opportunity="a brand refresh"
        ),
    ]
    stale = leads.create_lead(
        owner=alice,
        referrer=ben,
        prospect_name="Old Prospect",
        opportunity="a shop",
        received_on=timezone.localdate() - dt.timedelta(days=600),
    )
    diary = Diary(alice, Situation.BUSINESS, FREELANCER)
    for n in range(DAYS):
        day = diary.today()
        kinds = [a.kind for a in day.actions]
        firsts = [k for k in kinds if k in ("lead", "report_back")]
        assert kinds[: len(firsts)] == firsts, f"day {n}: {kinds}"
        assert "report_back" not in firsts or firsts.index("report_back") >= firsts.count("lead")
        keys = [k for a in day.actions for k in a.keys]
        assert not [k for k in keys if k.startswith(("lead:", "report:")) and f":{stale.pk}" in k]
        second = fresh[1]
        second.refresh_from_db()
        if second.status == "new" and second.contact_due_on <= timezone.localdate():
            assert f"lead:{second.pk}" in keys, f"day {n}: the overdue lead must show"
        for a in day.actions:
            if a.kind == "lead" and a.key != f"lead:{second.pk}":
                diary.do(a)  # the first lead is contacted at once
            elif a.kind == "report_back":
                diary.do(a)
        if n == 9:  # the second lead waited 9 days past... then is contacted
            diary.do(next(a for a in day.actions if a.key.startswith(f"lead:{second.pk}")))
        frozen_now(days=1)
    assert any("overdue" in a.reason for d in diary.days for a in d.actions if a.kind == "lead")
    assert "business_leads" in diary.days[0].rule_keys
    assert f"lead:{stale.pk}" in [i.key for i in tidy_items(alice)]


# ---------------------------------------------------------------- the job seeker


def test_the_job_seeker_gives_before_asking_and_helps_after_a_no(alice, frozen_now):
    people.ensure_me(owner=alice, display_name="Jon Berg")
    warm = [met_long_ago(alice, f"Warm{i} Contact", 10 + i, rhythm=30) for i in range(4)]
    cold = [person(alice, f"Cold{i} Stranger") for i in range(3)]
    needy = [met_long_ago(alice, f"Needs{i} Help", 50 + i, rhythm=90) for i in range(4)]
    giving.create_need(owner=alice, person=needy[0], text="looking for a design job")
    giving.create_need(owner=alice, person=needy[1], text="hiring a product designer")
    giving.create_need(owner=alice, person=needy[2], text="a good accountant")
    giving.create_need(owner=alice, person=needy[3], text="a flat in Lisbon")
    asks = {}
    for p in [*warm[:2], *cold]:
        asks[p.pk] = outreach.record_outreach(
            owner=alice,
            person=p,
            kind="advice",
            note="advice on moving into product",
            asked_on=timezone.localdate() - dt.timedelta(days=8),
        )
    diary = Diary(alice, Situation.BETWEEN_JOBS, JOB_SEEKER)
    cold_ids = {p.pk for p in cold}
    for n in range(DAYS):
        if n == 3:
            outreach.answer_outreach(owner=alice, outreach=asks[warm[0].pk], answer="no")
        day = diary.today()
        kinds = [a.kind for a in day.actions]
        is_ask = [k in ASK_KINDS for k in kinds]
        if any(is_ask):  # gives (and hellos) first, asks last
            first_ask = is_ask.index(True)
            assert all(is_ask[first_ask:]), f"day {n}: {kinds}"
        for a in day.actions:
            if a.kind in ASK_KINDS:
                assert a.person_id not in cold_ids, f"day {n}: an ask to someone never greeted"
        if 3 <= n <= 9:  # the week after the no: a way to help
            assert any(a.rule == "help_after_no" for a in day.actions), f"day {n}: {kinds}"
        assert day.give_ratio is not None and "give" in day.ratio_text
        if day.actions:
            diary.do(day.actions[0])
        frozen_now(days=1)
    first_days = [d.actions[0].kind for d in diary.days[:5]]
    assert all(k not in ASK_KINDS for k in first_days), first_days
    pair = [a for d in diary.days for a in d.actions if a.kind == "pair"]
    assert pair and "design job" in pair[0].reason and "product designer" in pair[0].reason
    assert ActionState.objects.filter(owner=alice, key__startswith="pair:").exists()
