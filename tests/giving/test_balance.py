"""The balance at scale: months bucketed from days, the people list counted and cut in SQL."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goodwill.giving import queries
from goodwill.giving import services as giving
from tests.support import person

pytestmark = pytest.mark.django_db


def test_it_lists_whom_you_exchanged_most_with_first(alice, frozen_now):
    cast = [person(alice, f"P{i:02}") for i in range(25)]
    for i, p in enumerate(cast):  # P00 gets 1 give, P01 2, … up to 5, then 1 again
        for _ in range(i % 5 + 1):
            giving.record_give(owner=alice, receiver=p, summary="Help")
    for p in cast[20:]:
        giving.record_give(owner=alice, giver=p, receiver="me", summary="Help back")
    only_received = person(alice, "Zed")
    giving.record_give(owner=alice, giver=only_received, receiver="me", summary="A tip")
    rows = queries.balance(alice).people
    assert len(rows) == 20
    totals = [(r.person.display_name, r.given, r.received) for r in rows]
    assert totals[:5] == [("P24", 5, 1), ("P04", 5, 0), ("P09", 5, 0), ("P14", 5, 0), ("P19", 5, 0)]
    # Ties: people you gave to come before those who only gave to you, older records first.
    assert [t[0] for t in totals[-3:]] == ["P06", "P11", "P16"]
    assert all(a[1] + a[2] >= b[1] + b[2] for a, b in pairwise(totals))


def test_it_puts_someone_who_only_helped_you_after_those_you_helped(alice, frozen_now):
    ana, ben = person(alice, "Ana"), person(alice, "Ben")
    giving.record_give(owner=alice, giver=ana, receiver="me", summary="Advice")
    giving.record_give(owner=alice, receiver=ben, summary="A book")
    rows = [(r.person.display_name, r.given, r.received) for r in queries.balance(alice).people]
    assert rows == [("Ben", 1, 0), ("Ana", 0, 1)]


def test_it_adds_up_the_days_of_each_month(alice, frozen_now):
    ana = person(alice, "Ana")
    for day in ("2026-03-02", "2026-03-30", "2026-03-30", "2026-05-31"):
        giving.record_give(owner=alice, receiver=ana, summary="Help", given_on=day)
    giving.record_give(owner=alice, giver=ana, receiver="me", summary="Back", given_on="2026-03-09")
    giving.record_give(owner=alice, receiver=ana, summary="Too old", given_on="2025-06-30")
    months = {m.start: (m.given, m.received) for m in queries.balance(alice).months}
    assert months[dt.date(2026, 3, 1)] == (3, 1)
    assert months[dt.date(2026, 5, 1)] == (1, 0)
    assert sum(g for g, _ in months.values()) == 4  # June 2025 is before the twelve months


def test_it_can_leave_the_people_out_and_save_their_queries(alice, frozen_now):
    ana = person(alice, "Ana")
    giving.record_give(owner=alice, receiver=ana, summary="Help")
    with CaptureQueriesContext(connection) as full:
        assert queries.balance(alice).people
    with CaptureQueriesContext(connection) as totals:
        result = queries.balance(alice, by_person=False)
    assert result.people == [] and result.given == 1
    assert len(totals) < len(full)
