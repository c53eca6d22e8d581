"""Times the user types are read in the account's zone, kept in UTC, shown in that zone.

Across daylight saving in three zones: a wall time the clocks skip is refused naming it,
a wall time that happens twice is the first of the two (core.zones)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from goodwill.coach.models import Event
from goodwill.core import zones
from goodwill.interactions.models import Interaction
from goodwill.reminders import services as reminders

UTC = dt.UTC

# zone, an ordinary winter time, a time the clocks skip, a time that happens twice, and
# the UTC of the first of those two.
ZONES = [
    pytest.param(
        "America/New_York",
        ("2026-12-15 09:00", dt.datetime(2026, 12, 15, 14, 0, tzinfo=UTC)),
        "2026-03-08 02:30",
        ("2026-11-01 01:30", dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
        id="new-york",
    ),
    pytest.param(
        "Europe/Berlin",
        ("2026-12-15 09:00", dt.datetime(2026, 12, 15, 8, 0, tzinfo=UTC)),
        "2026-03-29 02:30",
        ("2026-10-25 02:30", dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        id="berlin",
    ),
    pytest.param(
        "Australia/Sydney",
        ("2026-12-15 09:00", dt.datetime(2026, 12, 14, 22, 0, tzinfo=UTC)),
        "2026-10-04 02:30",
        ("2026-04-05 02:30", dt.datetime(2026, 4, 4, 15, 30, tzinfo=UTC)),
        id="sydney",
    ),
]


@pytest.fixture(autouse=True)
def _no_zone_left_active():
    yield
    timezone.deactivate()


def _event(name: str) -> Event:
    return Event.objects.get(name=name)


def test_the_reported_bug_an_event_typed_in_the_cli_is_at_nine_in_new_york(run, alice, client):
    assert run("digest", "settings", "--tz", "America/New_York").exit_code == 0
    assert run("event", "add", "Breakfast", "--at", "2026-12-15 09:00").exit_code == 0
    assert _event("Breakfast").starts_at == dt.datetime(2026, 12, 15, 14, 0, tzinfo=UTC)

    _, secret = reminders.rotate_feed(owner=alice)
    feed = icalendar.Calendar.from_ical(client.get(f"/feed/{secret}.ics").content)
    (event,) = [c for c in feed.walk("VEVENT") if "Breakfast" in str(c.get("summary"))]
    start = event.decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (9, 0, "America/New_York")

    listed = run("event", "list")
    assert "2026-12-15 09:00  Breakfast" in listed.output


@pytest.mark.parametrize(("zone", "plain", "gap", "overlap"), ZONES)
def test_the_cli_reads_times_in_the_account_zone(run, alice, zone, plain, gap, overlap):
    reminders.update_settings(owner=alice, time_zone=zone)
    for name, (typed, expected) in (("Plain", plain), ("Twice", overlap)):
        result = run("event", "add", name, "--at", typed)
        assert result.exit_code == 0, result.output
        assert _event(name).starts_at == expected

    refused = run("event", "add", "Skipped", "--at", gap)
    assert refused.exit_code == 2
    assert f"{gap} does not exist in {zone}" in refused.output
    assert not Event.objects.filter(name="Skipped").exists()


@pytest.mark.parametrize(("zone", "plain", "gap", "overlap"), ZONES)
def test_the_api_reads_a_naive_time_in_the_account_zone_and_keeps_an_offset(
    api, alice, zone, plain, gap, overlap
):
    reminders.update_settings(owner=alice, time_zone=zone)
    for name, (typed, expected) in (("Plain", plain), ("Twice", overlap)):
        response = api.post("/events", {"name": name, "starts_at": typed.replace(" ", "T")})
        assert response.status_code == 201, response.content
        assert _event(name).starts_at == expected

    explicit = api.post("/events", {"name": "Offset", "starts_at": "2026-12-15T09:00-05:00"})
    assert explicit.status_code == 201
    assert _event("Offset").starts_at == dt.datetime(2026, 12, 15, 14, 0, tzinfo=UTC)

    refused = api.post("/events", {"name": "Skipped", "starts_at": gap.replace(" ", "T")})
    assert refused.status_code == 422
    assert "starts_at" in refused.content.decode()
    assert f"{gap} does not exist in {zone}" in refused.content.decode()
    assert not Event.objects.filter(name="Skipped").exists()


@pytest.mark.parametrize(("zone", "plain", "gap", "overlap"), ZONES)
def test_the_web_form_reads_and_shows_times_in_the_account_zone(
    alice_client, alice, zone, plain, gap, overlap
):
    reminders.update_settings(owner=alice, time_zone=zone)
    for name, (typed, expected) in (("Plain", plain), ("Twice", overlap)):
        response = alice_client.post(
            "/coach/events/", {"name": name, "starts_at": typed.replace(" ", "T")}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert _event(name).starts_at == expected

    page = alice_client.get(f"/coach/events/{_event('Plain').pk}/").content.decode()
    assert "15 Dec 2026, 09:00" in page  # shown in the zone it was typed in

    refused = alice_client.post("/coach/events/", {"name": "Skipped", "starts_at": gap})
    assert refused.status_code == 422
    assert f"{gap} does not exist in {zone}" in refused.content.decode()
    assert not Event.objects.filter(name="Skipped").exists()


def test_an_interaction_logged_in_the_cli_is_at_the_account_time(run, alice, ana, frozen_now):
    reminders.update_settings(owner=alice, time_zone="Asia/Kolkata")
    result = run("log", "coffee", "Ana", "--when", "2026-06-01T09:00")
    assert result.exit_code == 0, result.output
    moment = Interaction.objects.get(owner=alice).occurred_at
    assert moment == dt.datetime(2026, 6, 1, 3, 30, tzinfo=UTC)


def test_two_accounts_in_two_zones_each_read_their_own(api, alice, bob, client):
    from tests.api_support import api_for

    reminders.update_settings(owner=alice, time_zone="Europe/Berlin")
    reminders.update_settings(owner=bob, time_zone="America/New_York")
    assert api.post("/events", {"name": "A", "starts_at": "2026-12-15T09:00"}).status_code == 201
    bobs = api_for(client, bob)
    assert bobs.post("/events", {"name": "B", "starts_at": "2026-12-15T09:00"}).status_code == 201
    assert _event("A").starts_at.astimezone(UTC).hour == 8
    assert _event("B").starts_at.astimezone(UTC).hour == 14


def test_an_account_that_never_chose_a_zone_has_the_servers(settings, alice):
    settings.TIME_ZONE = "Asia/Kolkata"
    assert zones.zone_name(alice) == "Asia/Kolkata"
    naive = dt.datetime(2026, 1, 1, 9, 0)
    assert zones.aware(naive, "when", ZoneInfo("Asia/Kolkata")).utcoffset() == dt.timedelta(
        hours=5, minutes=30
    )
