"""How long one writer keeps every other writer waiting (issue 16, finding 4), SQLite.

    GOODWILL_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/bench_write_locks.py [--rows 99000]

SQLite has one write lock per database file. While a transaction holds it, every other
writer of every account waits (up to busy_timeout, 10 s, then "database is locked").
A probe process with its own connection takes the lock (BEGIN IMMEDIATE; COMMIT) every
5 ms for as long as a phase runs and records how long it waited each time: the longest
wait is the longest time the phase held the lock (give or take a few ms of scheduling).

Phases, each on a fresh account, a LinkedIn file of --rows contacts (bench_import's):

  import in steps        imports.steps.write_in_steps (what the worker and the CLI run)
  first Today after it   GET / with the match index not yet rebuilt (the page queues it)
  index rebuild, worker  giving.matching.index.refresh_index (what the worker runs)
  before: import         pipeline.import_file, the whole file in one transaction
  before: index rebuild  the index rebuilt in one transaction, as the first Today did

Each row prints the phase's time, the longest wait and the 99th percentile, and the
longest wait's ratio to the target (250 ms). A benchmark reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import account, linkedin_file, setup_django

TARGET_MS = 250.0


PROBE = """
import json, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], timeout=120, isolation_level=None)
waits = []
print("ready", flush=True)
while not sys.stdin.closed:
    start = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    waits.append((time.perf_counter() - start) * 1000)
    db.execute("COMMIT")
    if select.select([sys.stdin], [], [], 0.005)[0]:
        break
print(json.dumps(waits), flush=True)
""".replace("import json,", "import select, json,")


class LockProbe:
    """A process of its own (so that this one's Python work cannot delay it) that takes
    the write lock every 5 ms until told to stop, and records each wait (ms)."""

    def __init__(self, path: Path):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", PROBE, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout.readline().strip() == "ready"

    def stop(self) -> list[float]:
        self.proc.stdin.write("stop\n")
        self.proc.stdin.flush()
        out = self.proc.stdout.readline()
        self.proc.wait(timeout=180)
        return json.loads(out)


def measure(path: Path, name: str, work) -> None:
    probe = LockProbe(path)
    start = time.perf_counter()
    try:
        work()
    finally:
        took = time.perf_counter() - start
        waits = probe.stop()
    longest = max(waits, default=0.0)
    p99 = statistics.quantiles(waits, n=100)[98] if len(waits) > 100 else longest
    verdict = "PASS" if longest <= TARGET_MS else "FAIL"
    print(
        f"| {name} | {took:7.2f} s | {longest:8.1f} ms | {p99:6.1f} ms | {len(waits):6d} "
        f"| {longest / TARGET_MS:6.2f} | {verdict} |",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=99_000)
    args = parser.parse_args()
    data_dir = os.environ.get("GOODWILL_DATA_DIR")
    if not data_dir or any(Path(data_dir).glob("*.sqlite3")):
        print("Set GOODWILL_DATA_DIR to an empty directory (e.g. $(mktemp -d)).", file=sys.stderr)
        return 0
    setup_django(Path(data_dir))
    import django
    from django.conf import settings
    from django.test.utils import override_settings

    override_settings(  # pages render without collectstatic's manifest, as bench_today's
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
    ).enable()
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.test import Client

    from goodwill.exchange.services.imports import pipeline, steps
    from goodwill.giving.matching import index as match_index

    path = Path(data_dir) / "goodwill.sqlite3"
    data = linkedin_file(args.rows)
    print(
        f"-- Write-lock benchmark: {args.rows:,} rows, SQLite {sqlite3.sqlite_version}, "
        f"Django {django.get_version()}, Python {sys.version.split()[0]}"
    )
    print(f"target: no phase keeps other writers waiting more than {TARGET_MS:.0f} ms\n")
    print("| phase | took | longest wait | p99 wait | probes | ratio to target | |")
    print("|---|---:|---:|---:|---:|---:|---|")

    Client().get("/healthz")  # load the URLconf and the API once, outside any phase
    owner = account("steps")
    batch = pipeline.preview_import(owner=owner, data=data, filename="Connections.csv")
    batch = steps._mark_importing(owner, batch)
    real_refresh = match_index.refresh
    match_index.refresh = lambda owner, **kw: 0  # the index is measured on its own below
    try:
        measure(path, "import in steps (worker, CLI)", lambda: steps.write_in_steps(batch))
    finally:
        match_index.refresh = real_refresh
    assert batch.created_count == args.rows, batch.report.get("counts")

    client = Client()
    client.force_login(owner)
    cache.clear()
    answers = []
    measure(path, "first Today after it", lambda: answers.append(client.get("/").status_code))
    queued = match_index.is_refreshing(owner)
    measure(path, "index rebuild (worker)", lambda: match_index.refresh_index.call(owner.pk))
    cache.clear()
    measure(path, "Today, index rebuilt", lambda: answers.append(client.get("/").status_code))

    before = account("before")
    measure(
        path,
        "before: import in one transaction",
        lambda: pipeline.import_file(owner=before, data=data, filename="Connections.csv"),
    )

    def one_transaction_rebuild():
        with transaction.atomic():
            match_index.reindex(before)

    measure(path, "before: index rebuilt in one transaction", one_transaction_rebuild)
    print(f"\nToday answered {answers}; the first one queued the rebuild: {queued}.")
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
