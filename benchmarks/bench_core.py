"""Scale benchmark: the pages and queries every visit hits, on a big account.

    GOODWILL_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/bench_core.py [--people N]
        [--backend sqlite|postgres]

Without --backend, runs itself once per backend as a child (benchmarks/_backends.py):
SQLite, in a fresh database in GOODWILL_DATA_DIR (it refuses one that already has a
database), then PostgreSQL when 127.0.0.1:5432 answers as user postgres, in a scratch
database ``goodwill_bench_core`` made and dropped around the child. Each child migrates,
fills one account with ``fill_demo`` (30,000 people by default), then times each page or
query: warm-up runs, then the median and 95th percentile of ``--runs`` runs, the number
of SQL queries, and the ratio to the 50 ms target. The people list is also shown beside
its floor: the bare SQL the page cannot do without. A benchmark reports; it always
exits 0.
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


def setup_django(data_dir: Path) -> None:
    """SQLite in data_dir, migrated (what bench_dedupe imports from here)."""
    _backends.setup_django(data_dir, "")


class Bench:
    def __init__(self, runs: int, warmup: int = 3):
        self.runs, self.warmup, self.rows = runs, warmup, []

    def measure(self, name: str, fn, *, check=None, target: float | None = TARGET_MS) -> float:
        """Run fn warm-up + runs times; record median, p95 and the queries of one run."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        try:
            start = time.perf_counter()
            for _ in range(self.warmup):
                result = fn()
                if check:
                    check(result)
            slow = (time.perf_counter() - start) / self.warmup > 0.5
            times = []
            for _ in range(min(self.runs, 5) if slow else self.runs):  # spare minutes
                start = time.perf_counter()
                fn()
                times.append((time.perf_counter() - start) * 1000)
            with CaptureQueriesContext(connection) as ctx:
                fn()
        except Exception as exc:  # a benchmark reports what broke and carries on
            print(f"  {name}: ERROR {type(exc).__name__}: {exc}")
            self.rows.append((name, None, None, None, target, "ERROR"))
            return 0.0
        median = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        self.rows.append((name, median, p95, len(ctx.captured_queries), target, None))
        return median

    def skip(self, name: str, why: str) -> None:
        print(f"  {name}: SKIPPED ({why})")
        self.rows.append((name, None, None, None, None, "SKIPPED"))

    def table(self, label: str = "benchmark") -> None:
        head = (
            f"{label:34} {'median ms':>10} {'p95 ms':>8} {'queries':>8} "
            f"{'target':>7} {'ratio':>6}  result"
        )
        print(head)
        print("-" * len(head))
        for name, median, p95, queries, target, status in self.rows:
            if status:
                print(f"{name:34} {'-':>10} {'-':>8} {'-':>8} {'-':>7} {'-':>6}  {status}")
                continue
            if target is None:
                print(
                    f"{name:34} {median:10.2f} {p95:8.2f} {queries:8d} {'-':>7} {'-':>6}  (floor)"
                )
                continue
            ratio = median / target
            verdict = "PASS" if median <= target else "FAIL"
            print(
                f"{name:34} {median:10.2f} {p95:8.2f} {queries:8d} "
                f"{target:7.0f} {ratio:6.2f}  {verdict}"
            )


def ok_response(response) -> None:
    if response.status_code != 200:
        raise AssertionError(f"HTTP {response.status_code} for {response.request['PATH_INFO']}")


def fill(people: int, seed: int):
    from goodwill.accounts import services as accounts
    from goodwill.demo.services import fill_demo

    owner = accounts.create_account(
        username="bench", password="bench-password-not-secret", display_name="Bench Marker"
    )
    shown = [-1]

    def progress(done: int, total: int) -> None:
        tenth = done * 10 // max(total, 1)
        if tenth != shown[0]:
            shown[0] = tenth
            print(f"\r  filling… {tenth * 10:3d}%", end="", flush=True)

    start = time.perf_counter()
    counts = fill_demo(owner=owner, people=people, seed=seed, progress=progress)
    elapsed = time.perf_counter() - start
    print()
    summary = ", ".join(f"{v:,} {k}" for k, v in counts.items() if k != "rows")
    print(f"fill_demo: {summary}")
    print(
        f"fill_demo: {counts['rows']:,} rows in {elapsed:.1f} s "
        f"= {counts['rows'] / elapsed:,.0f} rows/s"
    )
    return owner


def pick_subjects(owner):
    """A well-connected person (most interactions) and search words that hit and miss."""
    from django.db.models import Count

    from goodwill.people.models import Person

    busiest = (
        Person.objects.filter(owner=owner, is_me=False, archived=False)
        .annotate(n=Count("participation"))
        .order_by("-n", "id")
        .first()
    )
    return busiest, busiest.family_name, busiest.n


def run(args) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from typer.testing import CliRunner

    from goodwill.api.schemas import dump_many
    from goodwill.cli.app import get_app
    from goodwill.interactions import queries as interaction_queries
    from goodwill.interactions.schemas import DuePersonOut

    owner = fill(args.people, args.seed)
    person, word, interactions = pick_subjects(owner)
    due_count = interaction_queries.due(owner).count()
    print(
        f"subjects: person #{person.pk} {person.display_name!r} with {interactions} "
        f"interactions; search {word!r}; {due_count:,} people due today"
    )
    client = Client()
    client.force_login(owner)
    bench = Bench(args.runs)

    def page(name: str, url_name: str, url_args=(), query: str = "") -> None:
        try:
            url = reverse(url_name, args=url_args) + query
        except NoReverseMatch:
            bench.skip(name, f"no URL named {url_name!r} yet")
            return
        bench.measure(name, lambda: client.get(url), check=ok_response)

    page("people list (first page)", "people.list")
    page(f"people list ?q={word}", "people.list", query=f"?q={word}")
    page("people list ?q=an (broad)", "people.list", query="?q=an")
    page("people list ?show=due", "people.list", query="?show=due")
    page("person page (busiest)", "people.detail", (person.pk,))

    # Today is kept by data revision; clearing the cache times the first view after a
    # change (bench_today also times the kept page).
    def home_computed():
        cache.clear()
        return client.get("/")

    bench.measure("home (computed)", home_computed, check=ok_response)
    runner = CliRunner()
    app = get_app()

    def cli(*args: str):
        def call():
            result = runner.invoke(app, ["--user", owner.username, *args], env={"COLUMNS": "120"})
            assert result.exit_code == 0, result.output
            return result

        return call

    bench.measure(
        "due: first 50 + count + JSON",
        lambda: dump_many(DuePersonOut, interaction_queries.due_page(owner, limit=50)[0]),
    )
    # The whole command in-process: adds typer's parsing (~20 ms) and rich's table.
    bench.measure("goodwill due (whole command)", cli("due"), target=None)
    bench.measure("goodwill due --json (whole command)", cli("due", "--json"), target=None)
    bench.measure(
        f"due, all {due_count:,} + dump_many",
        lambda: dump_many(DuePersonOut, interaction_queries.due(owner)),
        target=None,
    )
    page("GET /api/v1/due (first page)", "api:due")

    with connection.cursor() as cursor:
        floor_sql = (
            "SELECT * FROM goodwill_person WHERE owner_id = %s AND archived = %s AND is_me = %s "
            "ORDER BY sort_key, id LIMIT 50"
        )

        def floor():
            cursor.execute(floor_sql, [owner.pk, False, False])
            return cursor.fetchall()

        floor_ms = bench.measure("floor: bare SQL, list page", floor, target=None)
    print()
    bench.table(f"benchmark ({_backends.database_label()})")
    list_ms = next((r[1] for r in bench.rows if r[0] == "people list (first page)"), None)
    if list_ms and floor_ms:
        ratio = list_ms / floor_ms
        print(f"\npeople list / floor = {list_ms:.2f} / {floor_ms:.3f} ms = {ratio:,.0f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30_000, help="people to fill (30000)")
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
        _backends.run_per_backend("core", [args.backend] if args.backend else _backends.BACKENDS)
        return 0
    if not database_url and (Path(data_dir) / "goodwill.sqlite3").exists():
        print(
            f"{data_dir} already has a database; the benchmark needs a fresh one.", file=sys.stderr
        )
        return 0
    _backends.setup_django(Path(data_dir), database_url)
    import platform

    import django

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"-- Goodwill core benchmark: {args.people:,} people, {_backends.database_label()}, "
        f"Django {django.get_version()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load {load}",
        flush=True,
    )
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
