"""Exactly once with real processes: two workers at once, and a worker killed mid-batch.

Each test runs worker processes on one SQLite file and a real SMTP server on loopback,
then counts what arrived per address. The clock is passed in (never slept on).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections import Counter

import pytest
from django.db import connection

from goodwill.reminders.services import outbox
from tests.reminders_helpers import Inbox, SmtpServer
from tests.support import ROOT

NOW = dt.datetime(2026, 6, 15, 8, 1, tzinfo=dt.UTC)
ACCOUNTS = 40

SETUP = textwrap.dedent(
    """
    import datetime as dt, os, sys, django
    os.environ["DJANGO_SETTINGS_MODULE"] = "goodwill.settings"
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from goodwill.accounts.models import User
    from goodwill.people.models import Person
    from goodwill.reminders.models import ReminderSettings
    from goodwill.people import services as people
    for n in range(int(sys.argv[1])):
        user = User.objects.create(username=f"user{n}", email=f"user{n}@example.org")
        ReminderSettings.objects.create(
            owner=user, digest_enabled=True, email=user.email, verified_email=user.email,
            verified_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), time_zone="UTC",
            send_time=dt.time(8, 0),
        )
        person = people.create_person(owner=user, display_name=f"Friend of {n}")
        Person.objects.filter(pk=person.pk).update(next_due_on=dt.date(2026, 6, 1))
    print("ok")
    """
)

WORKER = textwrap.dedent(
    """
    import datetime as dt, json, os, sys, django
    os.environ["DJANGO_SETTINGS_MODULE"] = "goodwill.settings"
    django.setup()
    from goodwill.reminders.services import outbox
    now = dt.datetime.fromisoformat(sys.argv[2])
    report = outbox.tick(now=now, worker=sys.argv[1])
    print(json.dumps(report.as_dict()))
    """
)


@pytest.fixture
def sqlite_env(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("runs worker processes on a SQLite file")

    def make(smtp_url: str) -> dict:
        env = {
            **os.environ,
            "GOODWILL_DATA_DIR": str(tmp_path),
            "GOODWILL_DATABASE_URL": "",
            "GOODWILL_EMAIL_URL": smtp_url,
            "GOODWILL_SITE_URL": "https://goodwill.example.org",
            "GOODWILL_LOG_LEVEL": "WARNING",
        }
        setup = subprocess.run(
            [sys.executable, "-c", SETUP, str(ACCOUNTS)],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert setup.returncode == 0, setup.stderr[-3000:]
        return env

    return make


def start_worker(env, name: str, now: dt.datetime) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, name, now.isoformat()],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def finish(proc: subprocess.Popen) -> str:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-3000:]
    return out


def outbox_rows(tmp_path) -> list[tuple]:
    db = sqlite3.connect(tmp_path / "goodwill.sqlite3")
    try:
        return db.execute(
            "SELECT to_email, status, attempts, claimed_by, message_id "
            "FROM goodwill_digestsend ORDER BY id"
        ).fetchall()
    finally:
        db.close()


def test_it_sends_each_digest_once_with_two_workers_at_once(sqlite_env, tmp_path):
    inbox = Inbox()
    with SmtpServer(inbox) as server:
        env = sqlite_env(server.url)
        workers = [start_worker(env, f"w{i}", NOW) for i in range(2)]
        for proc in workers:
            finish(proc)

    per_address = Counter(m["To"] for m in inbox.messages)
    assert len(per_address) == ACCOUNTS
    assert set(per_address.values()) == {1}
    rows = outbox_rows(tmp_path)
    assert len(rows) == ACCOUNTS
    assert {r[1] for r in rows} == {"sent"}
    assert {r[2] for r in rows} == {1}  # no row was sent twice
    print("rows sent by each worker:", Counter(r[3] for r in rows))


def test_it_misses_and_repeats_nothing_when_a_worker_is_killed(sqlite_env, tmp_path):
    held = 6  # the 6th message is in flight when the worker dies
    inbox = Inbox(hold_at=held)
    with SmtpServer(inbox) as server:
        env = sqlite_env(server.url)
        doomed = start_worker(env, "doomed", NOW)
        assert inbox.arrived.wait(timeout=120), "the worker never reached the held message"
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=60)
        inbox.release.set()  # the server refuses the half-sent message (451)
        assert len(inbox.messages) == held - 1

        rows = outbox_rows(tmp_path)
        stuck = [r for r in rows if r[1] == "pending" and r[3] == "doomed"]
        assert len(stuck) == 1  # the one in flight: still leased to the dead worker
        assert sum(r[1] == "sent" for r in rows) == held - 1

        # A restart a minute later sends the rest but leaves the leased row alone...
        finish(start_worker(env, "restarted", NOW + dt.timedelta(minutes=1)))
        assert len(inbox.messages) == ACCOUNTS - 1
        assert stuck[0][0] not in {m["To"] for m in inbox.messages}

        # ...and once the lease has run out, that one goes too, with its Message-ID.
        later = NOW + outbox.LEASE + dt.timedelta(minutes=1)
        finish(start_worker(env, "restarted", later))

    per_address = Counter(m["To"] for m in inbox.messages)
    assert len(per_address) == ACCOUNTS
    assert set(per_address.values()) == {1}
    retried = next(m for m in inbox.messages if m["To"] == stuck[0][0])
    assert retried["Message-ID"].strip() == stuck[0][4]
    rows = outbox_rows(tmp_path)
    assert {r[1] for r in rows} == {"sent"}
