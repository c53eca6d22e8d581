"""The calendar feed: valid iCalendar, right time zones, private by default, revocable."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from goodwill.coach.models import Event
from goodwill.leads import services as leads
from goodwill.people import services as people
from goodwill.people.models import Person
from goodwill.reminders import services as service
from goodwill.reminders.models import ReminderSettings
from tests.reminders_helpers import SITE


@pytest.fixture
def site(settings):
    settings.GOODWILL_SITE_URL = SITE


@pytest.fixture
def world(alice, ana, frozen_now):
    frozen_now(dt.datetime(2026, 6, 15, 9, 30, tzinfo=dt.UTC))
    service.update_settings(owner=alice, time_zone="Europe/Berlin")
    ben = people.create_person(owner=alice, display_name="Ben Ortega")
    leads.create_lead(
        owner=alice, referrer=ana, prospect=ben, opportunity="A new site",
        details="SECRET-LEAD-DETAIL budget 20k",
    )  # fmt: skip
    # set after the lead: receiving it is contact with Ana, which recomputes her due date
    Person.objects.filter(pk=ana.pk).update(next_due_on=dt.date(2026, 6, 20))
    Event.objects.create(
        owner=alice,
        name="Design meetup",
        starts_at=dt.datetime(2026, 6, 18, 17, 0, tzinfo=dt.UTC),  # 19:00 in Berlin
        ends_at=dt.datetime(2026, 6, 18, 19, 0, tzinfo=dt.UTC),
        place="Factory Berlin",
        goal="SECRET-GOAL meet two founders",
        notes="SECRET-NOTE she is moving",
    )
    return {"ben": ben}


def fetch(client, secret: str):
    return client.get(f"/feed/{secret}.ics")


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_it_serves_a_valid_calendar_with_correct_time_zones(client, alice, world, site):
    _, secret = service.rotate_feed(owner=alice)
    calendar = parse(fetch(client, secret))  # no login: the secret is the permission

    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert "Catch up with Ana Ruiz" in events
    assert events["Catch up with Ana Ruiz"].start == dt.date(2026, 6, 20)
    meetup = events["Design meetup"]
    assert meetup["dtstart"].params["TZID"] == "Europe/Berlin"
    assert meetup.start == dt.datetime(2026, 6, 18, 19, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert meetup.start.astimezone(dt.UTC) == dt.datetime(2026, 6, 18, 17, 0, tzinfo=dt.UTC)
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()
    assert any("A new site" in name for name in events)  # the lead's contact deadline
    for event in calendar.walk("VEVENT"):
        assert event["uid"] and event["dtstamp"]
        if "url" in event:
            assert str(event["url"]).startswith(SITE + "/")


def test_it_leaves_notes_out_unless_asked(client, alice, world, site):
    _, secret = service.rotate_feed(owner=alice)
    body = fetch(client, secret).content.decode()
    for secret_text in ("SECRET-LEAD-DETAIL", "SECRET-GOAL", "SECRET-NOTE"):
        assert secret_text not in body

    service.update_settings(owner=alice, feed_include_notes=True)
    body = fetch(client, secret).content.decode()
    for secret_text in ("SECRET-LEAD-DETAIL", "SECRET-GOAL", "SECRET-NOTE"):
        assert secret_text in body


def test_it_stops_an_old_address_on_rotate_and_all_on_revoke(client, alice, world):
    _, first = service.rotate_feed(owner=alice)
    _, second = service.rotate_feed(owner=alice)
    assert fetch(client, first).status_code == 404
    assert fetch(client, second).status_code == 200
    service.revoke_feed(owner=alice)
    assert fetch(client, second).status_code == 404


def test_it_keeps_at_least_128_random_bits_and_only_a_hash(alice):
    config, secret = service.rotate_feed(owner=alice)
    random_part = secret.removeprefix(ReminderSettings.FEED_PREFIX)
    assert len(random_part) * 6 >= 128
    assert secret not in str(ReminderSettings.objects.filter(pk=config.pk).values().get())


def test_it_shows_bob_his_feed_and_never_alices(client, alice, bob, world):
    _, alices = service.rotate_feed(owner=alice)
    _, bobs = service.rotate_feed(owner=bob)
    people.create_person(owner=bob, display_name="Bob's Friend")
    body = fetch(client, bobs).content.decode()
    for leaked in ("Ana Ruiz", "Ben Ortega", "Design meetup", "A new site"):
        assert leaked not in body
    assert fetch(client, alices[:-1] + ("A" if alices[-1] != "A" else "B")).status_code == 404


def test_it_is_read_only(client, alice, world):
    _, secret = service.rotate_feed(owner=alice)
    for method in ("post", "put", "delete"):
        assert getattr(client, method)(f"/feed/{secret}.ics").status_code == 405
