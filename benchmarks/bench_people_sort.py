"""The people list in the folded order (issue 21): does sorting on Person.sort_key keep
the list as fast as the old order by display_name?

    GOODWILL_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/bench_people_sort.py
        [--people N] [--runs N] [--backend sqlite|postgres]

Fills one account with ``fill_demo`` (10,000 people by default), then times, on the same
data: the first page of the list ordered the old way (display_name, id) and the new way
(sort_key, id), each as the bare query and as the page's query (people.queries.people,
first 50, with the count), and the whole web page. Prints the median of each and the
new/old ratio beside the target (within 1.2x of the old order, and the page under
50 ms). A benchmark reports; it always exits 0. The PostgreSQL child uses its own
scratch database, ``goodwill_bench_people_sort``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import _backends
from bench_core import Bench, fill, ok_response

TARGET_RATIO = 1.2


def run(args) -> None:
    from django.db import connection
    from django.test import Client

    from goodwill.people.models import Person
    from goodwill.people.queries import people as list_people

    owner = fill(args.people, args.seed)
    bench = Bench(args.runs)
    base = Person.objects.filter(owner=owner, archived=False, is_me=False)

    def first_page(order):
        def call():
            qs = list_people(owner).order_by(*order)
            return qs.count(), list(qs[:50])

        return call

    def bare(order):
        sql = (
            "SELECT * FROM goodwill_person WHERE owner_id = %s AND archived = %s AND is_me = %s "
            f"ORDER BY {order} LIMIT 50"
        )

        def call():
            with connection.cursor() as cursor:
                cursor.execute(sql, [owner.pk, False, False])
                return cursor.fetchall()

        return call

    old_bare = bench.measure("bare SQL, by display_name", bare("display_name, id"), target=None)
    new_bare = bench.measure("bare SQL, by sort_key", bare("sort_key, id"), target=None)
    old = bench.measure("list query, by display_name", first_page(("display_name", "id")))
    new = bench.measure("list query, by sort_key", first_page(("sort_key", "id")))
    client = Client()
    client.force_login(owner)
    bench.measure("GET /people/ (sort_key)", lambda: client.get("/people/"), check=ok_response)
    assert base.exists()
    print()
    bench.table(f"people sort ({_backends.database_label()})")
    for label, a, b in (("bare SQL", old_bare, new_bare), ("list query", old, new)):
        if a and b:
            ratio = b / a
            verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
            print(
                f"{label}: sort_key / display_name = {b:.2f} / {a:.2f} ms = {ratio:.2f}x "
                f"(target <= {TARGET_RATIO}x) {verdict}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000, help="people to fill (10000)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per benchmark (20)")
    parser.add_argument("--seed", type=int, default=0)
    _backends.add_backend_option(parser)
    args = parser.parse_args()
    data_dir = os.environ.get("GOODWILL_DATA_DIR")
    if not data_dir:
        print("Set GOODWILL_DATA_DIR to an empty directory (e.g. $(mktemp -d)).", file=sys.stderr)
        return 0
    database_url = _backends.child_url()
    if database_url is None:  # the parent: a child per backend
        backends = [args.backend] if args.backend else _backends.BACKENDS
        _backends.run_per_backend("people_sort", backends)
        return 0
    if not database_url and (Path(data_dir) / "goodwill.sqlite3").exists():
        print(f"{data_dir} already has a database; the benchmark needs a fresh one.")
        return 0
    _backends.setup_django(Path(data_dir), database_url)
    print(
        f"-- people sort benchmark: {args.people:,} people, {_backends.database_label()}, "
        f"load {', '.join(f'{x:.1f}' for x in os.getloadavg())}",
        flush=True,
    )
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
