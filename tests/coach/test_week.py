"""The week on Today: progress against the goal and the streak, without loading history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goodwill.coach import queries as coach_queries
from goodwill.coach.services import outreach
from goodwill.giving import services as giving
from goodwill.interactions import services as interactions
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
WEDNESDAY = NOW + dt.timedelta(days=2)  # NOW is Monday 15 June 2026


def at(day: int, hour: int = 12, month: int = 6) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=dt.UTC)


def log(owner, who, moment, kind="coffee"):
    return interactions.log_interaction(
        owner=owner, participants=[who.pk], kind=kind, occurred_at=moment
    )


def test_it_counts_this_week_and_the_weeks_in_a_row(alice, ana, frozen_now):
    frozen_now(WEDNESDAY)
    log(alice, ana, at(15))  # this week: a coffee
    log(alice, ana, at(16), kind="email")  # this week: a reach-out
    log(alice, ana, at(10))  # last week
    log(alice, ana, at(20, month=5))  # after a gap: not part of the streak
    outreach.record_outreach(owner=alice, person=ana, asked_on=dt.date(2026, 6, 16))
    outreach.record_outreach(owner=alice, person=ana, asked_on=dt.date(2026, 6, 1))
    giving.record_give(owner=alice, summary="A link", receiver=ana, given_on=dt.date(2026, 6, 15))
    week = coach_queries.week(alice)
    assert week.start == dt.date(2026, 6, 15)
    assert (week.coffees, week.reach_outs, week.gives) == (1, 2, 1)
    assert week.streak == 3  # this week, last week, the week of the 1 June ask


def test_it_keeps_the_streak_alive_while_this_week_is_empty(alice, ana, frozen_now):
    frozen_now(WEDNESDAY)
    log(alice, ana, at(12))
    log(alice, ana, at(3))
    week = coach_queries.week(alice)
    assert (week.coffees, week.reach_outs, week.gives, week.streak) == (0, 0, 0, 2)


def test_it_places_each_interaction_in_the_local_week(alice, ana, frozen_now):
    frozen_now(WEDNESDAY)
    log(alice, ana, at(14, hour=22, month=6) + dt.timedelta(minutes=30))  # Mon 00:30 in Berlin
    with timezone.override("Europe/Berlin"):
        berlin = coach_queries.week(alice)
    with timezone.override("UTC"):
        utc = coach_queries.week(alice)
    assert (berlin.coffees, berlin.streak) == (1, 1)
    assert (utc.coffees, utc.streak) == (0, 1)  # Sunday evening: last week, in UTC


def test_it_answers_in_a_fixed_number_of_queries(alice, ana, frozen_now):
    frozen_now(WEDNESDAY)

    def count():
        with CaptureQueriesContext(connection) as queries:
            coach_queries.week(alice)
        return len(queries)

    log(alice, ana, at(15))
    few = count()
    for weeks in range(1, 30):
        log(alice, ana, at(15) - dt.timedelta(weeks=weeks, minutes=weeks))
    assert count() == few
    assert coach_queries.week(alice).streak == 27  # this week and the 26 before it
