"""Today at scale: ``today_actions`` and the Today page on the demo account.

    GOODWILL_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/bench_today.py [--people N]

Fills one account with ``fill_demo`` (30,000 people by default: ~5,000 leads, events,
outreach, plus the other areas' demo data), then times ``today_actions`` and a GET of
"/" (median and p95 of --runs runs after warm-up), counts their SQL queries, and prints
each beside its floor: the same SQL statements replayed bare through the cursor. The
target is 50 ms of server time. A benchmark reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import setup_django

TARGET_MS = 50.0


def setup(data_dir: Path) -> None:
    """bench_core's set-up (it migrates), for this checkout's code and data dir."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's code
    os.environ["GOODWILL_DATA_DIR"] = str(data_dir)  # before the settings read it
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
    setup_django(data_dir)


def timed(fn, runs: int, warmup: int = 3) -> tuple[float, float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def queries_of(fn) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

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
    args = parser.parse_args()
    setup(Path(os.environ.get("GOODWILL_DATA_DIR") or "/tmp/goodwill-bench-today"))
    from django.test import Client

    from goodwill.queries.actions import today_actions
    from goodwill.services import accounts
    from goodwill.services.demo import fill_demo

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
    for name, fn in (("today_actions", lambda: today_actions(owner)), ("GET /", page)):
        sqls = queries_of(fn)
        median, p95 = timed(fn, args.runs)
        bare = floor(sqls, args.runs)
        print(
            f"{name:<14} median {median:6.1f} ms  p95 {p95:6.1f} ms  queries {len(sqls):>3}  "
            f"floor {bare:5.1f} ms  ratio {median / bare if bare else 0:4.1f}x  "
            f"target {TARGET_MS:.0f} ms ({median / TARGET_MS:.2f} of it)"
        )
    print("actions:", [a.key for a in today_actions(owner)])


if __name__ == "__main__":
    main()
