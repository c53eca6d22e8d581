"""What capture brings to Today: "reply to …" (opt-in) and "add them and note what you
heard" after a meeting with someone new."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from goodwill.capture.rules.seen import Address, Seen
from goodwill.capture.services import connectors, record
from goodwill.coach.queries.planner import today_actions
from goodwill.people.services import cadence


@pytest.fixture
def box(alice):
    return connectors.add_mailbox(
        owner=alice, name="Mail", host="imap.example.org", username="alice", password="pw"
    )


def mail(key, who, direction, days, thread="<t1@x>", subject="Your talk"):
    return Seen(
        key=key,
        kind="email",
        occurred_at=timezone.now() - dt.timedelta(days=days),
        direction=direction,
        counterparts=(Address(who),),
        subject=subject,
        thread=thread,
    )


def titles(alice) -> list[str]:
    return [c.title for c in today_actions(alice)]


def test_an_unanswered_mail_from_someone_i_care_about_is_a_reply_action(alice, ana, box):
    cadence.set_cadence(owner=alice, person=ana, days=30)
    record.record_seen(
        owner=alice, connector=box, items=[mail("<a@x>", "ana@ruiz.example", "received", 5)]
    )
    assert "Reply to Ana Ruiz" not in titles(alice)  # off until the user turns it on
    connectors.update_settings(owner=alice, reply_nudges=True, reply_after_days=3)
    assert "Reply to Ana Ruiz" in titles(alice)
    # Once answered, it goes.
    record.record_seen(
        owner=alice, connector=box, items=[mail("<b@x>", "ana@ruiz.example", "sent", 1)]
    )
    assert "Reply to Ana Ruiz" not in titles(alice)


def test_no_reply_action_for_someone_without_a_rhythm_or_too_soon(alice, ana, box):
    connectors.update_settings(owner=alice, reply_nudges=True, reply_after_days=3)
    record.record_seen(
        owner=alice, connector=box, items=[mail("<a@x>", "ana@ruiz.example", "received", 5)]
    )
    assert "Reply to Ana Ruiz" not in titles(alice)
    cadence.set_cadence(owner=alice, person=ana, days=30)
    connectors.update_settings(owner=alice, reply_after_days=7)
    assert "Reply to Ana Ruiz" not in titles(alice)


def test_a_meeting_with_someone_new_offers_to_add_them(alice, box):
    meeting = Seen(
        key="ev|1",
        kind="meeting",
        occurred_at=timezone.now() - dt.timedelta(hours=3),
        direction="met",
        counterparts=(Address("nia@new.example", "Nia Okafor"),),
        subject="Design review",
        source="calendar",
    )
    record.record_seen(owner=alice, connector=box, items=[meeting])
    actions = today_actions(alice)
    found = [a for a in actions if a.kind == "new_face"]
    assert [a.title for a in found] == ["Add Nia Okafor and note what you heard"]
    assert "Design review" in found[0].reason
    assert found[0].url == "/capture/review/?q=nia%40new.example"
