"""Exactly once with real processes: two workers at once, and a worker killed mid-send.

Worker processes share one SQLite file and send through Apprise (json://) to a real
HTTP server on loopback, which counts what arrived for each account."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections import Counter

import pytest
from django.db import connection

from goodwill.notify import rules
from tests.notify.receiver import Receiver, Recorder
from tests.support import ROOT

NOW = dt.datetime(2026, 6, 15, 8, 1, tzinfo=dt.UTC)
ACCOUNTS = 12

SETUP = textwrap.dedent(
    """
    import datetime as dt, os, sys, django
    os.environ["DJANGO_SETTINGS_MODULE"] = "goodwill.settings"
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from goodwill.accounts.models import User
    from goodwill.notify import services as notify
    from goodwill.people import services as people
    from goodwill.people.models import Person
    for n in range(int(sys.argv[1])):
        user = User.objects.create(username=f"user{n}", email=f"user{n}@example.org")
        people.ensure_me(owner=user, display_name=f"User {n}")
        person = people.create_person(owner=user, display_name=f"Friend{n} Example")
        Person.objects.filter(pk=person.pk).update(next_due_on=dt.date(2026, 6, 1))
        notify.add_channel(owner=user, name="hook", url=f"json://127.0.0.1:{sys.argv[2]}/n{n}")
    print("ok")
    """
)

WORKER = textwrap.dedent(
    """
    import datetime as dt, json, os, sys, django
    os.environ["DJANGO_SETTINGS_MODULE"] = "goodwill.settings"
    django.setup()
    from goodwill.notify.services import outbox
    now = dt.datetime.fromisoformat(sys.argv[2])
    print(json.dumps(outbox.tick(now=now, worker=sys.argv[1]).as_dict()))
    """
)


@pytest.fixture
def sqlite_env(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("runs worker processes on a SQLite file")

    def make(port: int) -> dict:
        env = {
            **os.environ,
            "GOODWILL_DATA_DIR": str(tmp_path),
            "GOODWILL_DATABASE_URL": "",
            "GOODWILL_SITE_URL": "https://goodwill.example.org",
            "GOODWILL_LOG_LEVEL": "WARNING",
        }
        setup = subprocess.run(
            [sys.executable, "-c", SETUP, str(ACCOUNTS), str(port)],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert setup.returncode == 0, setup.stderr[-3000:]
        return env

    return make


def start_worker(env, name: str, now: dt.datetime) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, name, now.isoformat()],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def finish(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


def rows(tmp_path) -> list[tuple]:
    db = sqlite3.connect(tmp_path / "goodwill.sqlite3")
    try:
        return db.execute(
            "SELECT target, status, attempts, claimed_by FROM goodwill_notice ORDER BY id"
        ).fetchall()
    finally:
        db.close()


def per_account(receiver) -> Counter:
    return Counter(r.path for r in receiver.requests)


def test_each_notice_is_sent_once_with_two_workers_at_once(sqlite_env, tmp_path):
    with Receiver() as hook:
        env = sqlite_env(hook.port)
        workers = [start_worker(env, f"w{i}", NOW) for i in range(2)]
        reports = [finish(proc) for proc in workers]
        arrived = per_account(hook)
        bodies = [json.loads(r.body) for r in hook.requests]
    assert len(arrived) == ACCOUNTS and set(arrived.values()) == {1}
    for body in bodies:  # each account's summary names its own friend
        n = body["message"].split("Friend")[1].split()[0]
        assert body["message"].count("Friend") == 1 and n.isdigit()
    found = rows(tmp_path)
    assert len(found) == ACCOUNTS and {r[1] for r in found} == {"sent"}
    assert {r[2] for r in found} == {1}  # no row was tried twice
    print("sent by each worker:", [r["sent"] for r in reports])


def test_nothing_is_missed_or_repeated_when_a_worker_is_killed(sqlite_env, tmp_path):
    held = 6  # the 6th request is in flight when the worker dies
    with Receiver(Recorder(hold_at=held)) as hook:
        env = sqlite_env(hook.port)
        doomed = start_worker(env, "doomed", NOW)
        assert hook.recorder.arrived.wait(timeout=300), "the worker never reached the 6th send"
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=60)
        hook.recorder.release.set()  # the half-sent request fails (500): it was not accepted
        assert len(hook.requests) == held - 1
        stuck = [r for r in rows(tmp_path) if r[1] == "pending" and r[3] == "doomed"]
        assert len(stuck) == 1

        # A restart a minute later sends the rest but leaves the leased row alone...
        finish(start_worker(env, "restarted", NOW + dt.timedelta(minutes=1)))
        assert len(hook.requests) == ACCOUNTS - 1
        # ...and once the lease has run out, that one goes too.
        finish(start_worker(env, "restarted", NOW + rules.LEASE + dt.timedelta(minutes=1)))
        arrived = per_account(hook)
    assert len(arrived) == ACCOUNTS and set(arrived.values()) == {1}
    assert {r[1] for r in rows(tmp_path)} == {"sent"}
