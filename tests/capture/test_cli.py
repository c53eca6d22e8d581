"""`goodwill capture …`: add, list (no secret), run with a real Dovecot, review, forget;
and the worker's tick queueing the connections that are due."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from goodwill.capture.models import Connector, ReviewEntry
from goodwill.capture.services import runs
from goodwill.people.models import Person
from tests.capture.dovecot import message


def test_add_list_run_review_and_forget(run, alice, ana, imap_server, mailbox):
    user, password = mailbox
    added = run(
        "capture", "add-imap", "Work mail", "--host", "127.0.0.1",
        "--port", str(imap_server.port), "--security", "plain", "--user", user,
        "--me", "alice@work.example", "--password-stdin", input=password + "\n",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "never shown again" in added.output
    listing = run("capture", "list", "--json")
    assert password not in listing.output
    assert json.loads(listing.output)[0]["own_addresses"] == ["alice@work.example"]
    with imap_server.mailbox(user) as box:
        box.append(
            message(
                sender="Eli Park <eli@park.example>",
                to="alice@work.example",
                subject="Hello",
                message_id="<eli-1@park.example>",
                date=timezone.now() - dt.timedelta(days=1),
            ),
            "INBOX",
        )
    ran = run("capture", "run", "work mail")
    assert ran.exit_code == 0, ran.output
    assert "Work mail: 1 read, 1 to review at" in ran.output
    review = run("capture", "review", "--json")
    entries = json.loads(review.output)
    assert [(e["email"], e["name"]) for e in entries] == [("eli@park.example", "Eli Park")]
    added = run("capture", "review", "add", str(entries[0]["id"]))
    assert added.exit_code == 0 and "Added Eli Park" in added.output
    eli = Person.objects.get(owner=alice, display_name="Eli Park")
    assert eli.interactions.count() == 1
    forgot = run("capture", "forget", "eli@park.example", "--yes")
    assert "1 interaction(s) removed" in forgot.output
    assert eli.interactions.count() == 0


def test_a_refused_login_is_an_error_exit(run, alice, imap_server, mailbox):
    user, _ = mailbox
    run(
        "capture", "add-imap", "Mail", "--host", "127.0.0.1", "--port", str(imap_server.port),
        "--security", "plain", "--user", user, "--password-stdin", input="wrong\n",
    )  # fmt: skip
    tested = run("capture", "test", "Mail")
    assert tested.exit_code == 2
    assert "login refused by 127.0.0.1" in tested.output
    ran = run("capture", "run", "Mail")
    assert ran.exit_code == 1 and "Login refused by 127.0.0.1" in ran.output


def test_plain_is_refused_for_a_remote_server(run, alice):
    added = run(
        "capture", "add-imap", "Mail", "--host", "imap.example.org", "--security", "plain",
        "--user", "me", "--password-stdin", input="pw\n",
    )  # fmt: skip
    assert added.exit_code == 2
    assert "only to this computer" in added.output
    assert not Connector.objects.exists()


def test_the_tick_queues_each_due_connector_once(alice):
    from django.test import TestCase
    from django_tasks_db.models import DBTaskResult

    from goodwill.capture.services import connectors
    from goodwill.reminders.services import outbox

    connectors.add_mailbox(
        owner=alice, name="Mail", host="imap.example.org", username="me", password="pw"
    )
    paused = connectors.add_mailbox(
        owner=alice, name="Old", host="imap.example.org", username="me2", password="pw"
    )
    connectors.set_paused(owner=alice, connector=paused, paused=True)
    now = timezone.now()

    with TestCase.captureOnCommitCallbacks(execute=True):
        first = outbox.tick(now=now)
    with TestCase.captureOnCommitCallbacks(execute=True):
        second = outbox.tick(now=now + dt.timedelta(minutes=1))
    assert (first.capture_runs, second.capture_runs) == (1, 0)
    assert DBTaskResult.objects.filter(task_path__endswith="run_connector").count() == 1
    assert runs.schedule_due(now + dt.timedelta(minutes=16)) != []
    assert not ReviewEntry.objects.exists()


def test_settings_show_and_change(run, alice):
    changed = run(
        "capture", "settings", "--me", "alice@work.example", "--me", "a@home.example",
        "--reply-nudges", "--reply-after", "4", "--json",
    )  # fmt: skip
    assert changed.exit_code == 0, changed.output
    assert json.loads(changed.output) == {
        "my_addresses": ["alice@work.example", "a@home.example"],
        "reply_nudges": True,
        "reply_after_days": 4,
        "max_attendees": 8,
    }
    bad = run("capture", "settings", "--me", "not an address")
    assert bad.exit_code == 2 and "my_addresses" in bad.output
    shown = run("capture", "settings")
    assert '"Reply to …" on Today: on, after 4 days' in shown.output
