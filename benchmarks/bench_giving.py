"""Scale benchmark: the giving pages and queries on a big account.

    GOODWILL_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/bench_giving.py [--people N]
        [--backend sqlite|postgres]

Without --backend, runs itself once per backend as a child (benchmarks/_backends.py):
SQLite, in a fresh database in GOODWILL_DATA_DIR, then PostgreSQL when 127.0.0.1:5432
answers as user postgres, in a scratch database ``goodwill_bench_giving`` made and dropped
around the child. Each child fills one account with ``fill_demo`` (30,000 people by
default: ~10k needs, ~10k offers, ~7.5k gives), then times, through django.test.Client
with a logged-in session (server time only): the giving home, the balance page, a need
page, and the balance query alone, each beside the 50 ms target and beside its floor
(the bare SQL counting the same gives), as ratios. Always exits 0.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import _backends

TARGET_MS = 50.0


def timed(fn, runs: int) -> float:
    for _ in range(2):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=10)
    _backends.add_backend_option(parser)
    args = parser.parse_args()
    data_dir = Path(os.environ.get("GOODWILL_DATA_DIR") or "")
    if not str(data_dir) or not data_dir.is_dir():
        sys.exit("Set GOODWILL_DATA_DIR to an empty directory (e.g. $(mktemp -d)).")
    database_url = _backends.child_url()
    if database_url is None:  # the parent: a child per backend
        _backends.run_per_backend("giving", [args.backend] if args.backend else _backends.BACKENDS)
        return
    _backends.setup_django(data_dir, database_url)
    from django.db import connection
    from django.test import Client

    from goodwill.accounts import services as accounts
    from goodwill.demo.services import fill_demo
    from goodwill.giving import queries
    from goodwill.giving.models import Need

    print(f"-- Giving benchmark: {args.people:,} people, {_backends.database_label()}", flush=True)
    owner = accounts.create_account(username="bench", email="", password="bench-password-1")
    start = time.perf_counter()
    fill_demo(owner=owner, people=args.people)
    print(f"filled {args.people:,} people in {time.perf_counter() - start:.1f} s")
    client = Client()
    client.force_login(owner)
    need = Need.objects.filter(owner=owner, status="open").first()

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT giver_id, receiver_id, COUNT(*) FROM goodwill_give WHERE owner_id = %s "
                "GROUP BY giver_id, receiver_id",
                [owner.pk],
            )
            cursor.fetchall()

    def get(url: str):
        def call():
            response = client.get(url)
            if response.status_code != 200:
                raise AssertionError(f"HTTP {response.status_code} for {url}")

        return call

    floor_ms = timed(floor, args.runs)
    rows = [
        ("giving home", get("/giving/")),
        ("balance page", get("/giving/balance/")),
        ("need page (matcher included)", get(f"/giving/needs/{need.pk}/")),
        ("balance query alone", lambda: queries.balance(owner)),
        ("needs_you_can_meet (matcher)", lambda: queries.needs_you_can_meet(owner)),
    ]
    print(f"floor: bare SQL grouping every give by pair: {floor_ms:.1f} ms")
    for name, fn in rows:
        try:
            ms = timed(fn, args.runs)
        except Exception as exc:  # a benchmark reports what broke and carries on
            print(f"{name:32} ERROR {type(exc).__name__}: {exc}")
            continue
        print(
            f"{name:32} {ms:7.1f} ms  target {TARGET_MS:.0f} ms ({ms / TARGET_MS:.2f}x)  "
            f"floor ratio {ms / floor_ms:.1f}x"
        )


if __name__ == "__main__":
    main()
