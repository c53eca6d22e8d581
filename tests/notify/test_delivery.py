"""Apprise delivering to a real HTTP server on loopback (json:// and ntfy://): what
arrives, that notes and needs never do, quiet hours, failures and back-off."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from goodwill.coach.services import events
from goodwill.interactions import services as interactions
from goodwill.leads import services as leads
from goodwill.leads.models import Lead
from goodwill.notify import queries, rules
from goodwill.notify import services as notify
from goodwill.notify.models import Channel, Notice
from goodwill.notify.services import outbox
from goodwill.people import services as people
from goodwill.people.models import Person
from goodwill.people.services import cadence
from tests.notify.receiver import Receiver

NOW = dt.datetime(2026, 6, 15, 9, 30, tzinfo=dt.UTC)  # a Monday, after 08:00
SECRET_NOTE = "she is worried about her divorce"
SECRET_NEED = "a lawyer for the custody case"


@pytest.fixture
def world(alice, frozen_now, settings):
    settings.GOODWILL_SITE_URL = "https://goodwill.example.org"
    frozen_now(NOW - dt.timedelta(days=60))
    ana = people.create_person(owner=alice, display_name="Ana Ruiz")
    interactions.log_interaction(
        owner=alice,
        participants=[ana],
        kind="coffee",
        notes=SECRET_NOTE,
        heard={"needs": [SECRET_NEED]},
    )
    frozen_now(NOW)
    people.ensure_me(owner=alice, display_name="Alice Moreau")
    cadence.set_cadence(owner=alice, person=ana, days=30)
    Person.objects.filter(pk=ana.pk).update(next_due_on=NOW.date() - dt.timedelta(days=20))
    return {"ana": ana}


def messages(receiver) -> list[dict]:
    return [json.loads(r.body) for r in receiver.requests]


def test_the_morning_summary_reaches_a_json_webhook_with_names_and_a_link_only(alice, world):
    with Receiver() as hook:
        notify.add_channel(owner=alice, name="hook", url=f"json://127.0.0.1:{hook.port}/in")
        report = outbox.tick(worker="w1", now=NOW)
        assert report.sent == 1, report
        # A second tick the same morning sends nothing more.
        assert outbox.tick(worker="w2", now=NOW + dt.timedelta(minutes=5)).sent == 0
        sent = messages(hook)
    assert len(sent) == 1
    text = sent[0]["title"] + "\n" + sent[0]["message"]
    assert "Ana Ruiz" in text
    assert "https://goodwill.example.org/" in text
    for secret in (SECRET_NOTE, SECRET_NEED, "divorce", "lawyer"):
        assert secret not in text


def test_ntfy_gets_the_summary_a_lead_running_out_and_an_event_tomorrow(alice, world):
    ben = people.create_person(owner=alice, display_name="Ben Ortega")
    lead = leads.create_lead(
        owner=alice,
        referrer=world["ana"],
        prospect=ben,
        opportunity="A website",
        details=SECRET_NOTE,
    )
    Lead.objects.filter(pk=lead.pk).update(contact_due_on=dt.date(2026, 6, 16))
    events.create_event(
        owner=alice,
        name="Design meetup",
        starts_at=dt.datetime(2026, 6, 16, 18, 0, tzinfo=dt.UTC),
        notes=SECRET_NOTE,
    )
    with Receiver() as ntfy:
        notify.add_channel(owner=alice, name="phone", url=f"ntfy://127.0.0.1:{ntfy.port}/goodwill")
        report = outbox.tick(worker="w1", now=NOW)
        bodies = [r.body.decode() for r in ntfy.requests]
        paths = {r.path for r in ntfy.requests}
    assert report.sent == 3, report
    assert paths == {"/"} or all("goodwill" in p or p == "/" for p in paths)
    joined = "\n".join(bodies)
    assert "Ben Ortega" in joined and "tomorrow" in joined
    assert "Design meetup" in joined
    assert SECRET_NOTE not in joined and SECRET_NEED not in joined


def test_a_channel_receives_only_what_it_chose(alice, world):
    with Receiver() as hook:
        notify.add_channel(
            owner=alice, name="hook", url=f"json://127.0.0.1:{hook.port}/", topics=["event"]
        )
        assert outbox.tick(worker="w1", now=NOW).sent == 0
        assert hook.requests == []


def test_quiet_hours_hold_a_3am_send_until_morning(alice, world, settings):
    notify.update_settings(owner=alice, quiet_start="22:00", quiet_end="07:30", morning_at="07:30")
    with Receiver() as hook:
        notify.add_channel(owner=alice, name="hook", url=f"json://127.0.0.1:{hook.port}/")
        # a notice planned at 08:00 whose first try failed, retried into the night:
        at_3 = dt.datetime(2026, 6, 16, 3, 0, tzinfo=dt.UTC)
        planned = outbox.plan_notices(dt.datetime(2026, 6, 15, 23, 0, tzinfo=dt.UTC))
        assert planned == 0  # the morning window is over: nothing new at night
        Notice.objects.create(
            owner=alice,
            channel=Channel.objects.get(owner=alice),
            target=f"channel:{Channel.objects.get(owner=alice).pk}",
            key="test:night",
            topic="lead",
            title="t",
            body="b",
            not_before=rules.after_quiet(queries.settings_of(alice), at_3, rules.zone_of(alice)),
            expires_at=at_3 + dt.timedelta(days=1),
        )
        assert outbox.deliver_pending(worker="w", now=at_3).sent == 0
        assert hook.requests == []
        assert outbox.deliver_pending(worker="w", now=at_3.replace(hour=7, minute=30)).sent == 1
        assert len(hook.requests) == 1


def test_quiet_hours_follow_the_digest_time_zone(alice, world):
    from goodwill.reminders import services as reminders

    reminders.update_settings(owner=alice, time_zone="America/New_York")
    config = notify.update_settings(owner=alice, quiet_start="21:00", quiet_end="08:00")
    tz = rules.zone_of(alice)
    assert str(tz) == "America/New_York"
    # 03:00 in New York is 07:00 UTC: held until 08:00 New York, 12:00 UTC.
    held = rules.after_quiet(config, dt.datetime(2026, 6, 15, 7, 0, tzinfo=dt.UTC), tz)
    assert held == dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def test_a_failure_is_shown_on_the_channel_and_retried_with_back_off(alice, world):
    with Receiver() as hook:
        hook.recorder.status = 503
        channel = notify.add_channel(owner=alice, name="hook", url=f"json://127.0.0.1:{hook.port}/")
        report = outbox.tick(worker="w1", now=NOW)
        assert report.retrying == 1 and report.sent == 0
        channel.refresh_from_db()
        assert channel.last_error.startswith("The service did not accept it")
        row = Notice.objects.get(channel=channel)
        assert row.status == "pending" and row.not_before == NOW + dt.timedelta(minutes=1)
        # Before the back-off ends nothing is tried; after it, the send goes through.
        assert outbox.deliver_pending(worker="w1", now=NOW + dt.timedelta(seconds=30)).retrying == 0
        hook.recorder.status = 200
        assert outbox.deliver_pending(worker="w1", now=NOW + dt.timedelta(minutes=2)).sent == 1
        channel.refresh_from_db()
        assert channel.last_error == "" and channel.last_ok_at is not None
        assert len(hook.requests) == 1


def test_send_a_test_reports_success_and_the_reason_of_a_failure(alice, db):
    with Receiver() as hook:
        channel = notify.add_channel(owner=alice, name="hook", url=f"json://127.0.0.1:{hook.port}/")
        assert notify.send_test(owner=alice, target=channel) is None
        assert json.loads(hook.requests[0].body)["title"] == notify.TEST_TITLE
        hook.recorder.status = 404
        reason = notify.send_test(owner=alice, target=channel)
    assert reason and "did not accept" in reason
    channel.refresh_from_db()
    assert channel.last_error == reason
