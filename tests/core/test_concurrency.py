"""Several processes writing to one SQLite file at once: none may fail with "locked".

Default SQLite settings lose 10-73 % of such writes here; WAL + BEGIN IMMEDIATE + a
busy timeout (goodwill.settings) lose none. This runs real processes on a real file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from django.db import connection

from tests.support import ROOT

WRITER = textwrap.dedent(
    """
    import os, sys, django
    os.environ["DJANGO_SETTINGS_MODULE"] = "goodwill.settings"
    django.setup()
    from goodwill.accounts.models import User
    from goodwill.people.models import Person
    from goodwill.interactions import services as interactions
    from goodwill.people import services as people
    owner = User.objects.get(username="alice")
    me = people.create_person(owner=owner, display_name=f"Writer {sys.argv[1]}")
    for n in range(int(sys.argv[2])):
        interactions.log_interaction(owner=owner, participants=[me.pk], summary=f"w{n}")
    print("ok")
    """
)


def test_it_loses_no_concurrent_write_on_sqlite(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite file property; PostgreSQL has its own locking")
    env = {**os.environ, "GOODWILL_DATA_DIR": str(tmp_path), "GOODWILL_DATABASE_URL": ""}
    setup = subprocess.run(
        [sys.executable, "-m", "goodwill", "account", "create", "--username", "alice"],
        input="a long enough passphrase\n",
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert setup.returncode == 0, setup.stderr
    writes = 40
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(i), str(writes)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err[-2000:]
        assert out.strip() == "ok"
    check = subprocess.run(
        [sys.executable, "-m", "goodwill", "person", "list", "--search", "writer", "--json"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    listed = json.loads(check.stdout)
    assert len(listed) == 4
    assert all(p["last_contact_at"] for p in listed)
    db = sqlite3.connect(tmp_path / "goodwill.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM goodwill_interaction").fetchone()[0] == 4 * writes
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
