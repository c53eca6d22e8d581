"""Issue 16, finding 4: 16 writers against a real server (gunicorn and its worker, one
SQLite file) while a 10,000-row import is written: nobody is locked out.

The 99,000-row run is in tests/proof/test_write_locks.py (the long tier: `make proof`); the longest
write-lock hold is measured by benchmarks/bench_write_locks.py."""

from __future__ import annotations

import os

import pytest

from tests.lockprobe import run_probe

ROWS = 10_000
# Writers give up after 3 s instead of 10: at this size the old single transactions
# (the import, then the index rebuilt by the first Today) held the lock for 2-6 s on
# this machine, and the 10 s default let them pass; the steps hold it for well under 1 s.
BUSY_TIMEOUT = 3


@pytest.mark.skipif(
    os.environ.get("GOODWILL_DATABASE_URL", "").startswith("postgres"),
    reason="SQLite's one write lock: the probe always serves SQLite, so the SQLite run covers it",
)
@pytest.mark.django_db(transaction=True)  # no test transaction: a server of its own
def test_sixteen_writers_during_a_large_import_get_no_locked_database_and_no_500():
    outcome = run_probe(ROWS, writers=16, busy_timeout=BUSY_TIMEOUT)
    assert outcome.batch.get("status") == "committed", (outcome.batch, outcome.log_tail)
    assert outcome.batch["counts"]["created"] == ROWS
    assert outcome.locked == []
    assert outcome.server_errors == [], outcome.log_tail
    bad = {s: n for s, n in outcome.statuses.items() if s not in {"200", "201"}}
    assert bad == {}, outcome.statuses
    assert outcome.first_today == 200
    assert outcome.stored == outcome.written  # every person a writer was told is saved, is
    assert sum(outcome.written.values()) > 16
