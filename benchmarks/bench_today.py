"""Today at scale: ``today_actions`` (the planner) and the Today page on the demo account.

    GOODWILL_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/bench_today.py [--people N]
        [--backend sqlite|postgres]

Without --backend, runs itself once per backend as a child (benchmarks/_backends.py):
SQLite in GOODWILL_DATA_DIR (a temporary directory when unset), then PostgreSQL when
127.0.0.1:5432 answers as user postgres, in a scratch database ``goodwill_bench_today``
made and dropped around the child. Each child fills one account with ``fill_demo``
(30,000 people by default: ~5,000 leads, events, outreach, plus the other areas' demo
data), then times ``today_actions`` and a GET of "/" (median and p95 of --runs runs after
warm-up), counts their SQL queries, and prints each beside its floor: the same SQL
statements replayed bare through the cursor. "/" is kept per account by data revision
(goodwill.core.revision), so it is timed twice: "computed", the cache cleared before
every run (what the page costs after any change), and "kept", a repeat view. The target
is 40 ms of server time. A benchmark reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _backends

TARGET_MS = 40.0


def timed(fn, runs: int, warmup: int = 3, before=None) -> tuple[float, float]:
    """Median and p95 of fn over runs; ``before`` runs untimed before each call."""
    for _ in range(warmup):
        if before:
            before()
        fn()
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def queries_of(fn, before=None) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if before:
        before()
    with CaptureQueriesContext(connection) as captured:
        fn()
    return [q["sql"] for q in captured.captured_queries]


def floor(sqls: list[str], runs: int) -> float:
    from django.db import connection

    reads = [s for s in sqls if s.lstrip().upper().startswith("SELECT")]

    def replay():
        with connection.cursor() as cursor:
            for sql in reads:
                cursor.execute(sql)
                cursor.fetchall()

    return timed(replay, runs)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=30)
    _backends.add_backend_option(parser)
    args = parser.parse_args()
    database_url = _backends.child_url()
    if database_url is None:  # the parent: a child per backend
        _backends.run_per_backend("today", [args.backend] if args.backend else _backends.BACKENDS)
        return
    data_dir = os.environ.get("GOODWILL_DATA_DIR") or tempfile.mkdtemp(prefix="bench-today-")
    _backends.setup_django(Path(data_dir), database_url)
    from django.core.cache import cache
    from django.test import Client

    from goodwill.accounts import services as accounts
    from goodwill.coach.queries.planner import today_actions
    from goodwill.demo.services import fill_demo

    print(f"-- Today benchmark: {args.people:,} people, {_backends.database_label()}", flush=True)
    owner = accounts.create_account(username="bench", password="bench-password-123")
    start = time.perf_counter()
    counts = fill_demo(owner=owner, people=args.people)
    print(f"demo: {counts} in {time.perf_counter() - start:.1f} s")
    client = Client()
    client.force_login(owner)

    def page():
        response = client.get("/")
        assert response.status_code == 200

    today_actions(owner)  # lets other areas' lazy indexes settle before measuring
    rows = (
        ("today_actions", lambda: today_actions(owner), None),
        ("GET / (computed)", page, cache.clear),  # after any change: computed afresh
        ("GET / (kept)", page, None),  # a repeat view: kept by data revision
    )
    for name, fn, before in rows:
        try:
            sqls = queries_of(fn, before)
            median, p95 = timed(fn, args.runs, before=before)
            bare = floor(sqls, args.runs)
        except Exception as exc:  # a benchmark reports what broke and carries on
            print(f"{name:<18} ERROR {type(exc).__name__}: {exc}")
            continue
        print(
            f"{name:<18} median {median:6.1f} ms  p95 {p95:6.1f} ms  queries {len(sqls):>3}  "
            f"floor {bare:5.1f} ms  ratio {median / bare if bare else 0:4.1f}x  "
            f"target {TARGET_MS:.0f} ms ({median / TARGET_MS:.2f} of it)"
        )
    print("actions:", [a.key for a in today_actions(owner)])


if __name__ == "__main__":
    sys.exit(main())
