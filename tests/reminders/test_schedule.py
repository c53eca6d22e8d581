"""A digest due at 08:00 local goes out once, at 08:00 local, across DST changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from goodwill.accounts import services as accounts
from goodwill.reminders import rules as schedule
from goodwill.reminders.models import DigestSend
from goodwill.reminders.services import outbox
from tests.reminders_helpers import subscribe

# Each window spans a DST change in its zone (Kolkata has none: the control).
ZONES = [
    ("America/New_York", dt.date(2026, 3, 6)),  # clocks go forward on Sun 8 Mar
    ("America/New_York", dt.date(2026, 10, 30)),  # and back on Sun 1 Nov
    ("Europe/Berlin", dt.date(2026, 3, 27)),  # forward on Sun 29 Mar
    ("Europe/Berlin", dt.date(2026, 10, 23)),  # back on Sun 25 Oct
    ("Australia/Sydney", dt.date(2026, 4, 3)),  # back on Sun 5 Apr
    ("Australia/Sydney", dt.date(2026, 10, 2)),  # forward on Sun 4 Oct
    ("Asia/Kolkata", dt.date(2026, 3, 27)),
]


@pytest.fixture
def email_on(settings):
    settings.GOODWILL_EMAIL_ENABLED = True


def run_clock(start: dt.datetime, days: int, step=dt.timedelta(minutes=10)):
    """Tick every 10 minutes (frozen clock, no sleeping); note when each row appeared."""
    first_seen = {}
    at = start
    while at < start + dt.timedelta(days=days):
        outbox.plan_digests(at)
        for row in DigestSend.objects.exclude(pk__in=[r.pk for r in first_seen]):
            first_seen[row] = at
        at += step
    return first_seen


@pytest.mark.parametrize(("zone", "start"), ZONES)
def test_it_plans_one_digest_a_day_at_8_local_across_dst(alice, email_on, zone, start):
    tz = ZoneInfo(zone)
    subscribe(alice, tz=zone, at=dt.time(8, 0))
    begin = dt.datetime.combine(start, dt.time(0, 0), tzinfo=tz).astimezone(dt.UTC)

    seen = run_clock(begin, days=4)

    rows = sorted(seen, key=lambda r: r.due_at)
    assert [r.period_key for r in rows] == [
        (start + dt.timedelta(days=n)).isoformat() for n in range(4)
    ]
    for row in rows:
        local = row.due_at.astimezone(tz)
        assert (local.hour, local.minute) == (8, 0), (row.period_key, local)
        assert local.date().isoformat() == row.period_key
        # Planned by the first tick at or after 08:00 local, not an hour early or late.
        assert dt.timedelta(0) <= seen[row] - row.due_at < dt.timedelta(minutes=10)


def test_it_sends_a_time_skipped_by_dst_once_just_after_the_gap(alice, email_on):
    tz = ZoneInfo("America/New_York")
    subscribe(alice, tz="America/New_York", at=dt.time(2, 30))
    begin = dt.datetime(2026, 3, 7, 12, 0, tzinfo=tz).astimezone(dt.UTC)
    seen = run_clock(begin, days=2)
    on_the_day = [r for r in seen if r.period_key == "2026-03-08"]
    assert len(on_the_day) == 1
    assert on_the_day[0].due_at.astimezone(tz).time() == dt.time(3, 30)


def test_it_sends_a_time_repeated_by_dst_only_once(alice, email_on):
    tz = ZoneInfo("Europe/Berlin")
    subscribe(alice, tz="Europe/Berlin", at=dt.time(2, 30))  # 02:30 happens twice on 25 Oct
    begin = dt.datetime(2026, 10, 24, 12, 0, tzinfo=tz).astimezone(dt.UTC)
    seen = run_clock(begin, days=2)
    assert [r.period_key for r in seen].count("2026-10-25") == 1


def test_it_plans_a_weekly_digest_on_its_weekday_only(alice, email_on):
    subscribe(alice, tz="Europe/Berlin", frequency="weekly", weekday=4, at=dt.time(17, 0))
    begin = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    seen = run_clock(begin, days=15, step=dt.timedelta(minutes=30))
    assert sorted(r.period_key for r in seen) == ["2026-06-05", "2026-06-12"]


def test_it_skips_a_period_missed_by_more_than_the_grace_window(alice, email_on):
    subscribe(alice, tz="UTC", at=dt.time(8, 0))
    late = dt.datetime(2026, 6, 15, 8, 0, tzinfo=dt.UTC) + schedule.GRACE
    assert outbox.plan_digests(late) == 0
    assert outbox.plan_digests(late - dt.timedelta(minutes=1)) == 1


def test_it_plans_per_account_in_each_accounts_own_zone(alice, bob, email_on):
    subscribe(alice, tz="Asia/Kolkata", at=dt.time(8, 0))
    subscribe(bob, tz="America/New_York", at=dt.time(8, 0))
    carol = accounts.create_account(username="carol", email="c@example.org", password="x" * 12)
    subscribe(carol, tz="Europe/Berlin", at=dt.time(8, 0))
    carol_settings = carol.pk
    # 02:30 UTC is 08:00 in Kolkata; New York and Berlin are still asleep.
    assert outbox.plan_digests(dt.datetime(2026, 6, 15, 2, 30, tzinfo=dt.UTC)) == 1
    assert DigestSend.objects.get().owner_id == alice.pk
    assert outbox.plan_digests(dt.datetime(2026, 6, 15, 6, 0, tzinfo=dt.UTC)) == 1  # Berlin
    assert DigestSend.objects.filter(owner_id=carol_settings).count() == 1
    assert outbox.plan_digests(dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)) == 1  # New York
    assert DigestSend.objects.count() == 3


def test_it_says_when_the_next_digest_is_due(alice):
    config = subscribe(alice, tz="Australia/Sydney", at=dt.time(7, 15))
    now = dt.datetime(2026, 6, 15, 0, 0, tzinfo=dt.UTC)  # 10:00 in Sydney
    nxt = schedule.next_due(config, now).astimezone(ZoneInfo("Australia/Sydney"))
    assert (nxt.date(), nxt.time()) == (dt.date(2026, 6, 16), dt.time(7, 15))
