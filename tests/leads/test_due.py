"""What is due (the one function others call) and the follow-through figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goodwill.core.charts import CHART_TOP, ZERO_H
from goodwill.leads import queries as lead_queries
from goodwill.leads import services as service
from goodwill.leads.models import Lead
from goodwill.leads.queries import stats as lead_stats
from goodwill.leads.services import referrals
from tests.conftest import NOW
from tests.support import person

pytestmark = pytest.mark.django_db
TODAY = NOW.date()


@pytest.fixture
def cast(alice, frozen_now):
    names = ("Ana Ruiz", "Ben Ortega", "Cleo Park", "Dan Moss", "Eva Lind")
    return {n.split()[0].lower(): person(alice, n) for n in names}


def add(alice, ref, who, what, days_ago):
    return service.create_lead(
        owner=alice,
        referrer=ref,
        prospect=who,
        opportunity=what,
        received_on=timezone.localdate() - dt.timedelta(days=days_ago),
    )


def test_it_lists_overdue_contacts_first_then_what_is_due_then_upcoming(alice, cast):
    c = cast
    old = add(alice, c["ana"], c["ben"], "Old lead", 10)  # contact overdue by 8 days
    fresh = add(alice, c["ana"], c["cleo"], "Fresh lead", 0)  # contact due in 2 days
    late = add(alice, c["dan"], c["eva"], "Late lead", 4)  # contact overdue by 2 days
    for lead in (old, fresh, late):
        service.send_report_back(owner=alice, lead=lead)  # everyone thanked
    done = add(alice, c["eva"], c["ben"], "Done deal", 20)
    service.send_report_back(owner=alice, lead=done)
    service.move_lead(owner=alice, lead=done, status="won")  # outcome to tell, due today
    referral = referrals.create_referral(
        owner=alice,
        person=c["cleo"],
        referred_to=c["dan"],
        reason="Both into climbing",
        referred_on=TODAY - dt.timedelta(days=31),
    )
    unthanked = add(alice, c["dan"], c["ana"], "New and unthanked", 1)

    actions = lead_queries.due_actions(alice)
    got = [(a.kind, (a.lead or a.referral).pk) for a in actions]
    assert got == [
        ("contact", old.pk),
        ("contact", late.pk),
        ("thanks", unthanked.pk),  # due since yesterday
        ("referral_check", referral.pk),  # due yesterday too; report-backs go first
        ("outcome", done.pk),  # due today
        ("contact", unthanked.pk),  # due tomorrow
        ("contact", fresh.pk),  # due in two days
    ]
    assert actions[-1].reason.endswith("due in 2 days.") and not actions[-1].overdue
    first = actions[0]
    assert first.overdue and first.days_overdue == 8 and first.person == c["ben"]
    assert "Ben Ortega" in first.reason and first.draft.body.startswith("Hi Ben,")
    outcome = next(a for a in actions if a.kind == "outcome")
    assert outcome.person == c["eva"] and "Hi Eva," in outcome.draft.body
    assert "Tell Eva how it ended with Ben Ortega" in outcome.reason
    check = next(a for a in actions if a.kind == "referral_check")
    assert check.person == c["cleo"] and "Dan Moss" in check.draft.subject + check.draft.body


def test_it_names_status_changes_and_quiet_leads_as_due(alice, cast, frozen_now):
    lead = add(alice, cast["ana"], cast["ben"], "A lead", 0)
    service.send_report_back(owner=alice, lead=lead)
    assert [a.kind for a in lead_queries.due_actions(alice)] == ["contact"]
    service.move_lead(owner=alice, lead=lead, status="meeting")
    assert [a.kind for a in lead_queries.due_actions(alice)] == ["status"]
    service.send_report_back(owner=alice, lead=lead)
    assert lead_queries.due_actions(alice) == []
    frozen_now(days=14)
    (action,) = lead_queries.due_actions(alice)
    assert action.kind == "check_in" and action.due_on == TODAY + dt.timedelta(days=14)
    assert lead_queries.due_actions(alice, today=TODAY + dt.timedelta(days=13)) == []


def test_it_answers_due_actions_in_a_fixed_number_of_queries(alice, cast):
    def grow(n):
        for i in range(n):
            lead = add(alice, cast["ana"], cast["ben"], f"Lead {n}-{i}", i % 5)
            if i % 2:
                service.move_lead(owner=alice, lead=lead, status="contacted")
            referrals.create_referral(
                owner=alice, person=cast["cleo"], referred_to=cast["dan"], reason="r",
                referred_on=TODAY - dt.timedelta(days=40),
            )  # fmt: skip

    def count():
        with CaptureQueriesContext(connection) as ctx:
            lead_queries.due_actions(alice)
        return len(ctx.captured_queries)

    grow(2)
    few = count()
    grow(10)
    assert count() == few


def test_it_computes_the_figures_on_a_known_dataset(alice, cast, frozen_now):
    c = cast
    # Four leads received on 1 June (contact by 3 June). Today is 15 June.
    start = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)
    frozen_now(to=start)
    a = add(alice, c["ana"], c["ben"], "A", 0)
    b = add(alice, c["ana"], c["cleo"], "B", 0)
    d = add(alice, c["dan"], c["eva"], "D", 0)
    e = add(alice, c["ana"], c["dan"], "E", 0)  # never contacted: clock ran out
    frozen_now(to=start + dt.timedelta(days=1))
    service.move_lead(owner=alice, lead=a, status="contacted")  # 1 day, in time
    service.send_report_back(owner=alice, lead=a)  # thanks; told "contacted"
    frozen_now(to=start + dt.timedelta(days=2))
    service.move_lead(owner=alice, lead=b, status="meeting")  # 2 days, in time
    frozen_now(to=start + dt.timedelta(days=6))
    service.move_lead(owner=alice, lead=d, status="won")  # 6 days, late
    service.send_report_back(owner=alice, lead=d)  # outcome told: up to date
    frozen_now(to=NOW)
    late_may = add(alice, c["eva"], c["ana"], "May lead", 20)  # received 26 May, not contacted
    fresh = add(alice, c["ana"], c["eva"], "Fresh", 0)  # clock still running: not measured

    stats = lead_stats.lead_stats(alice)
    assert stats.total == 6
    assert (stats.on_time, stats.measured) == (2, 5)  # a, b of a, b, d, e, late_may
    assert stats.follow_through_rate == pytest.approx(0.4)
    assert stats.median_days_to_contact == 2  # 1, 2, 6
    assert stats.up_to_date == 2 and stats.report_back_rate == pytest.approx(2 / 6)
    assert stats.by_outcome["won"] == 1 and stats.by_outcome["new"] == 3
    assert stats.by_outcome["open"] == 5 and stats.by_outcome["tell"] == 0
    top = stats.by_referrer[0]
    assert (top.person, top.leads, top.won, top.unthanked) == (c["ana"], 4, 0, 3)
    assert [(r.person.display_name, r.leads, r.won) for r in stats.by_referrer[1:]] == [
        ("Dan Moss", 1, 1),
        ("Eva Lind", 1, 0),
    ]
    june, may = stats.months[-1], stats.months[-2]
    assert (june.start, june.received, june.won, june.on_time, june.measured) == (
        dt.date(2026, 6, 1), 5, 1, 2, 4,
    )  # fmt: skip
    assert (may.received, may.measured, may.follow_through) == (1, 1, 0)
    assert len(stats.months) == 12 and stats.months[0].start == dt.date(2025, 7, 1)
    assert late_may.pk and fresh.pk and e.pk


def test_a_follow_through_of_zero_percent_is_drawn_and_labelled(alice, cast, frozen_now):
    add(alice, cast["ana"], cast["ben"], "A", 0)
    frozen_now(days=30)  # the contact clock ran out: measured, and not in time
    _, follow = lead_stats.charts(lead_stats.lead_stats(alice))
    assert not follow.empty
    (bar,) = [b for b in follow.bars if "0%" in b.title]
    assert bar.height == ZERO_H and bar.y + bar.height == follow.baseline
    assert [text for _, _, text in follow.values] == ["0%"]
    assert [label for _, label in follow.ticks] == ["0%", "50%", "100%"]


def test_it_draws_the_monthly_charts_as_svg_geometry(alice, cast):
    add(alice, cast["ana"], cast["ben"], "A", 0)
    add(alice, cast["ana"], cast["cleo"], "B", 0)
    received, follow = lead_stats.charts(lead_stats.lead_stats(alice))
    assert not received.empty and len(received.labels) == 12
    june = [bar for bar in received.bars if bar.title.startswith("Jun 2026")]
    assert [b.title for b in june] == ["Jun 2026: 2 received", "Jun 2026: 0 won"]
    # the value axis tops at a round 2 leads; the zero "won" is a thin mark, not nothing
    assert received.unit == "leads" and received.ticks[-1][1] == "2"
    assert june[0].y == CHART_TOP and june[0].y + june[0].height == received.baseline
    assert june[1].height == ZERO_H
    assert follow.empty  # no clock has run out and nobody was contacted yet
    assert "contacted in time" in follow.unit and "Nothing to measure yet" in follow.empty_text
    assert Lead.objects.count() == 2
