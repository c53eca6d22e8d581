"""Scale benchmark: introduction paths and reach over 100,000 people / 1,000,000 rows.

    .venv/bin/python benchmarks/bench_paths.py [--people N] [--rows N] [--pairs N]
        [--backend sqlite|postgres|both] [--pg-url postgresql://postgres@127.0.0.1:5432/postgres]

Each backend runs in its own process (Django is set up once per process; see
benchmarks/_backends.py): SQLite in a fresh temporary directory, PostgreSQL in a scratch
database ``goodwill_bench_paths`` created and dropped around it (skipped, with the
reason, when PostgreSQL does not answer).
Tables come from the current models (no migrations needed). One account gets N people
and a random graph of N*5 pairs stored as 2 directed rows each (bulk SQL: executemany on
SQLite, COPY on PostgreSQL). Then:

* path, random pairs: ``network.queries.search.search`` + ``shortest_paths`` between random
  people (median, p95, queries per search). Floor: the same level queries (same
  frontiers) replayed as bare SQL through the cursor; ratio = figure / floor.
* path from you (``find_paths``, with reasons) to a random person, with 50 and then
  30,000 direct contacts.
* reach for an account with 30,000 direct contacts: the counts (two aggregate queries)
  and the full monthly series.

Targets: a path under 50 ms, reach under 1 s. A benchmark reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _backends

PATH_TARGET_MS = 50.0
REACH_TARGET_MS = 1000.0


def timed(fn, runs: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    return statistics.median(times), p95, result


def fill(owner, people: int, pairs: int, seed: int) -> list[int]:
    import datetime as dt

    from django.db import connection
    from django.utils import timezone

    from goodwill.network.models import Relationship
    from goodwill.people.models import Person

    rng = random.Random(seed)
    start = time.perf_counter()
    Person.objects.bulk_create(
        (Person(owner=owner, display_name=f"Person {i:06d}") for i in range(people)),
        batch_size=5000,
    )
    ids = list(
        Person.objects.filter(owner=owner, is_me=False).order_by("pk").values_list("pk", flat=True)
    )
    seen: set[tuple[int, int]] = set()
    while len(seen) < pairs:
        a, b = rng.choice(ids), rng.choice(ids)
        if a != b:
            seen.add((min(a, b), max(a, b)))
    now = timezone.now()
    since = dt.date(2024, 1, 1)
    cols = "owner_id, src_id, dst_id, kind, strength, since, source, created_at, updated_at"
    table = Relationship._meta.db_table

    def rows():
        for a, b in seen:
            s = rng.randint(1, 5)
            yield (owner.pk, a, b, "knows", s, since, "manual", now, now)
            yield (owner.pk, b, a, "knows", s, since, "manual", now, now)

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * 9)
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(rows()))
        cursor.execute("ANALYZE")
    elapsed = time.perf_counter() - start
    print(f"  filled {people:,} people and {2 * pairs:,} relationship rows in {elapsed:.1f} s")
    return ids


def make_direct(owner, ids: list[int], n: int, seed: int) -> None:
    import datetime as dt

    from goodwill.people.models import Person

    chosen = random.Random(seed).sample(ids, n)
    Person.objects.filter(owner=owner).update(met_on=None)
    for start in range(0, n, 5000):
        Person.objects.filter(pk__in=chosen[start : start + 5000]).update(
            met_on=dt.date(2025, 3, 1)
        )


def bench_pairs(owner, ids: list[int], pairs: int, seed: int) -> None:
    from django.db import connection

    from goodwill.network.models import Relationship
    from goodwill.network.queries import paths
    from goodwill.network.queries import search as path_search

    rng = random.Random(seed + 1)
    chosen = [(rng.choice(ids), rng.choice(ids)) for _ in range(pairs)]
    frontiers: list[list[int]] = []
    original = path_search.neighbours  # where the search looks it up

    def recording(owner_id, frontier, exclude=None):
        frontier = list(frontier)
        frontiers.append(frontier)
        return original(owner_id, frontier, exclude)

    times, lengths, queries, floors = [], [], [], []
    table = Relationship._meta.db_table
    for a, b in chosen:
        frontiers.clear()
        path_search.neighbours = recording
        start = time.perf_counter()
        found = paths.search(owner.pk, {a}, {b})
        listed = paths.shortest_paths(found, limit=5)
        times.append((time.perf_counter() - start) * 1000)
        path_search.neighbours = original
        lengths.append(found.length)
        queries.append(found.queries)
        assert found.length is None or listed, (a, b)
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for frontier in frontiers:
                marks = ", ".join(["%s"] * len(frontier))
                cursor.execute(
                    f"SELECT src_id, dst_id, strength FROM {table} "
                    f"WHERE owner_id = %s AND src_id IN ({marks})",
                    [owner.pk, *frontier],
                )
                cursor.fetchall()
        floors.append((time.perf_counter() - start) * 1000)
    med, p95 = statistics.median(times), statistics.quantiles(times, n=20)[-1]
    floor = statistics.median(floors)
    hops = statistics.median([x for x in lengths if x is not None])
    print(
        f"  path, {pairs} random pairs: median {med:.1f} ms, p95 {p95:.1f} ms "
        f"(target {PATH_TARGET_MS:.0f} ms, ratio {med / PATH_TARGET_MS:.2f}); "
        f"median {hops:g} hops, {statistics.median(queries):g} queries"
    )
    print(
        f"    floor (same level queries, bare SQL): median {floor:.1f} ms; "
        f"figure/floor {med / floor:.2f}"
    )


def bench_from_you(owner, ids: list[int], label: str, seed: int, runs: int = 20) -> None:
    from goodwill.network.queries import paths

    rng = random.Random(seed + 2)
    targets = [rng.choice(ids) for _ in range(runs)]
    times, hops = [], []
    for t in targets:
        start = time.perf_counter()
        answer = paths.find_paths(owner, f"#{t}")
        times.append((time.perf_counter() - start) * 1000)
        hops.append(answer.hops or 0)
    med, p95 = statistics.median(times), statistics.quantiles(times, n=20)[-1]
    print(
        f"  find_paths from you ({label}): median {med:.1f} ms, p95 {p95:.1f} ms "
        f"(ratio to {PATH_TARGET_MS:.0f} ms: {med / PATH_TARGET_MS:.2f}); "
        f"median {statistics.median(hops):g} hops"
    )


def bench_reach(owner) -> None:
    from goodwill.network import queries as network_queries

    med, p95, counts = timed(lambda: network_queries.reach_counts(owner), 5)
    print(
        f"  reach counts, {counts.direct:,} direct -> {counts.through_one_intro:,} more: "
        f"median {med:.0f} ms, p95 {p95:.0f} ms (target {REACH_TARGET_MS:.0f} ms, "
        f"ratio {med / REACH_TARGET_MS:.2f})"
    )
    med, p95, _ = timed(lambda: network_queries.reach(owner), 3)
    print(f"  reach with its 12-month series: median {med:.0f} ms, p95 {p95:.0f} ms")


def run_backend(args) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="bench-paths-"))
    _backends.setup_django(data_dir, _backends.child_url())
    from django.db import connection

    from goodwill.accounts import services as accounts

    print(f"{args.backend} ({connection.vendor}):")
    owner = accounts.create_account(username="bench", email="", password="bench-password-1")
    ids = fill(owner, args.people, args.rows // 2, args.seed)
    bench_pairs(owner, ids, args.pairs, args.seed)
    make_direct(owner, ids, 50, args.seed)
    bench_from_you(owner, ids, "50 direct contacts", args.seed)
    make_direct(owner, ids, min(30_000, len(ids)), args.seed)
    bench_from_you(owner, ids, f"{min(30_000, len(ids)):,} direct contacts", args.seed)
    bench_reach(owner)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=1_000_000, help="directed rows (2 per pair)")
    parser.add_argument("--pairs", type=int, default=100, help="random path queries")
    parser.add_argument("--seed", type=int, default=7)
    _backends.add_backend_option(parser, "both")
    parser.add_argument("--pg-url", default=_backends.ADMIN_URL, help="server for the scratch DB")
    args = parser.parse_args()
    if _backends.child_url() is not None:
        run_backend(args)
        return 0
    backends = (args.backend,) if args.backend in _backends.BACKENDS else _backends.BACKENDS
    _backends.run_per_backend("paths", backends, admin_url=args.pg_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
