"""A first sync killed with SIGKILL mid-way resumes with no duplicate and no gap.

`goodwill capture run` runs in its own process on a SQLite file, reading a Dovecot
mailbox in small pages; it is killed once some pages are saved, then run again.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
from django.db import connection

from tests.capture.dovecot import message
from tests.support import ROOT

MESSAGES = 200
PEOPLE = 20

SETUP = textwrap.dedent(
    """
    import os, sys, django
    os.environ["DJANGO_SETTINGS_MODULE"] = "goodwill.settings"
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from goodwill.accounts import services as accounts
    from goodwill.capture.services import connectors
    from goodwill.people import services as people
    alice = accounts.create_account(username="alice", email="alice@example.org", password="x" * 12)
    for n in range(int(sys.argv[3])):
        people.create_person(
            owner=alice, display_name=f"Friend {n}", emails=[f"f{n}@friends.example"]
        )
    connectors.add_mailbox(
        owner=alice, name="Work mail", host="127.0.0.1", port=int(sys.argv[1]),
        security="plain", username=sys.argv[2], password="secret-pass",
    )
    print("ok")
    """
)


def rows(path, sql):
    db = sqlite3.connect(path, timeout=30)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


@pytest.fixture
def sqlite_env(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("runs `goodwill capture run` processes on a SQLite file")
    return {
        **os.environ,
        "GOODWILL_DATA_DIR": str(tmp_path),
        "GOODWILL_DATABASE_URL": "",
        "GOODWILL_CAPTURE_PAGE": "10",
        "GOODWILL_USER": "alice",
        "GOODWILL_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def test_a_sync_killed_mid_way_resumes_without_duplicates_or_gaps(
    imap_server, mailbox, sqlite_env, tmp_path
):
    user, _ = mailbox
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with imap_server.mailbox(user) as box:
        for n in range(MESSAGES):
            box.append(
                message(
                    sender=f"Friend {n % PEOPLE} <f{n % PEOPLE}@friends.example>",
                    to="alice@example.org",
                    subject=f"Message {n}",
                    message_id=f"<m{n}@friends.example>",
                    date=start + dt.timedelta(hours=7 * n),
                ),
                "INBOX",
            )
    setup = subprocess.run(
        [sys.executable, "-c", SETUP, str(imap_server.port), user, str(PEOPLE)],
        env=sqlite_env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert setup.returncode == 0, setup.stderr[-3000:]
    db = tmp_path / "goodwill.sqlite3"
    command = [sys.executable, "-m", "goodwill", "capture", "run", "Work mail"]

    doomed = subprocess.Popen(
        command, env=sqlite_env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and doomed.poll() is None:
        done = rows(db, "SELECT progress_done FROM goodwill_connector")[0][0]
        if done >= 40:
            break
        time.sleep(0.02)
    assert doomed.poll() is None, "the run ended before it could be killed"
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=30)
    saved = rows(db, "SELECT COUNT(*) FROM goodwill_captured")[0][0]
    last_uid = rows(db, "SELECT last_uid FROM goodwill_folderstate WHERE folder = 'INBOX'")[0][0]
    assert 0 < saved < MESSAGES
    assert saved == last_uid  # what is saved and where it got to moved together

    # The killed run still holds its lease: a plain run says so, --force takes over.
    held = subprocess.run(command, env=sqlite_env, cwd=ROOT, capture_output=True, text=True)
    assert held.returncode == 1
    assert "is being read by another run" in held.stdout
    resumed = subprocess.run(
        [*command, "--force"], env=sqlite_env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert f"{MESSAGES - saved} read" in resumed.stdout

    keys = [k for (k,) in rows(db, "SELECT key FROM goodwill_captured")]
    assert sorted(keys) == sorted(f"<m{n}@friends.example>" for n in range(MESSAGES))
    # One interaction per message (each is its own thread), none twice.
    assert rows(db, "SELECT COUNT(*) FROM goodwill_interaction")[0][0] == MESSAGES
    assert rows(db, "SELECT COUNT(DISTINCT interaction_id) FROM goodwill_captured")[0][0] == (
        MESSAGES
    )
