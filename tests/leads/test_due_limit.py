"""due_actions(limit=…), what Today asks for: the same actions as the full list, cut in SQL."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goodwill.leads import queries as lead_queries
from goodwill.leads import services as service
from goodwill.leads.models import Lead, LeadStatus
from goodwill.leads.services import referrals
from tests.conftest import NOW
from tests.support import person

pytestmark = pytest.mark.django_db
TODAY = NOW.date()


def moment(rng) -> dt.datetime | None:
    """A time on one of ten days (so many share a day), often near a midnight somewhere."""
    if rng.random() < 0.3:
        return None
    return NOW - dt.timedelta(
        days=rng.randrange(0, 40, 4), hours=rng.choice([0, 9, 11, 12, 13, 23])
    )


def random_leads(owner, n: int, seed: int) -> None:
    rng = random.Random(seed)
    cast = [person(owner, f"P{i}") for i in range(6)]
    statuses = list(LeadStatus.values)
    for i in range(n):
        received = TODAY - dt.timedelta(days=rng.randrange(60))
        status = rng.choice(statuses)
        Lead.objects.create(
            owner=owner,
            referrer=rng.choice(cast),
            prospect=rng.choice(cast),
            opportunity=f"Lead {i}",
            received_on=received,
            status=status,
            status_changed_at=moment(rng) or NOW - dt.timedelta(days=70),
            contact_due_on=received + dt.timedelta(days=rng.randrange(5)),
            closed_at=moment(rng) if status in ("won", "lost") else None,
            outcome_told_at=moment(rng) if rng.random() < 0.3 else None,
            thanked_at=moment(rng),
            last_report_at=moment(rng),
            reported_status=rng.choice([*statuses, "", status, status]),
        )
    for i in range(8):
        referrals.create_referral(
            owner=owner,
            person=cast[i % 6],
            referred_to=cast[(i + 1) % 6],
            reason="r",
            referred_on=TODAY - dt.timedelta(days=20 + 3 * i),
        )


def expected(owner, on, limit):
    """The full list, due by ``on``, first ``limit`` of each kind."""
    counts: dict[str, int] = {}
    out = []
    for action in lead_queries.due_actions(owner, today=on):
        if action.days_overdue < 0:
            continue
        counts[action.kind] = counts.get(action.kind, 0) + 1
        if counts[action.kind] <= limit:
            out.append(action)
    return out


def shape(actions):
    return [(a.kind, (a.lead or a.referral).pk, a.due_on, a.reason) for a in actions]


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "Pacific/Auckland", "America/Denver"])
def test_it_gives_the_first_of_each_kind_of_the_full_list(alice, frozen_now, zone):
    random_leads(alice, 80, seed=len(zone))
    with timezone.override(zone):
        for on in (TODAY - dt.timedelta(days=20), TODAY, TODAY + dt.timedelta(days=15)):
            for limit in (1, 2, 5):
                full = expected(alice, on, limit)
                assert shape(lead_queries.due_actions(alice, today=on, limit=limit)) == shape(full)
    kinds = {a.kind for a in lead_queries.due_actions(alice)}
    assert kinds >= {"contact", "thanks", "status", "check_in", "outcome", "referral_check"}


def test_it_follows_the_update_clock(alice, frozen_now):
    random_leads(alice, 40, seed=3)
    service.update_lead_settings(owner=alice, update_every_days=3)
    full = expected(alice, TODAY, 50)
    assert any(a.kind == "check_in" for a in full)
    assert shape(lead_queries.due_actions(alice, today=TODAY, limit=50)) == shape(full)


def test_it_answers_in_a_fixed_number_of_queries_with_a_limit(alice, frozen_now):
    def count():
        with CaptureQueriesContext(connection) as queries:
            lead_queries.due_actions(alice, limit=5)
        return len(queries)

    random_leads(alice, 5, seed=1)
    few = count()
    random_leads(alice, 60, seed=2)
    assert count() == few
