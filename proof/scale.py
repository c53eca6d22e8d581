"""Scale benchmarks in one command: every benchmarks/bench_*.py, one table, plus the peak
memory of one gunicorn web worker serving the main pages of a 30,000-person account.

    .venv/bin/python proof/scale.py [--people 30000] [--only core,paths] [--skip-benches]
                                   [--bench-timeout 1800] [--no-postgres]

Each benchmark runs as a child with a scratch GOODWILL_DATA_DIR (and is cut off after
--bench-timeout seconds); its table rows (those carrying PASS/FAIL or a ratio) are
collected under its name. core, today, giving, matching and paths measure SQLite and then
PostgreSQL when it answers (bench_paths on its 100,000-person / 1,000,000-edge graph); the
import, parse, dedupe and reminders benchmarks measure SQLite (see benchmarks/README.md).
Then, for SQLite and PostgreSQL, `goodwill demo --people N` fills alice, `goodwill serve
--workers 1` serves her, the main pages are each fetched 20 times, and the worker's peak
RSS (VmHWM) is read: target under 250 MB.
Exits 1 when a target row says FAIL or the worker goes over 250 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _serving import PASSWORD, PYTHON, ROOT, env_for, pg_available, scratch_pg, served

BENCHES = ["core", "today", "import", "import_vcard", "parse", "dedupe", "giving",
           "matching", "reminders", "paths"]  # fmt: skip
RSS_TARGET_MB = 250.0
PAGES = ["/", "/people/", "/people/?q=an", "/people/?show=due", "/leads/", "/giving/",
         "/network/", "/tags/", "/log/"]  # fmt: skip
# the lines of a benchmark's output that carry a figure beside its target or floor
FIGURE = re.compile(r"PASS|FAIL|SKIP|ERROR|ratio|floor|target|/s\b|[0-9] ?ms\b|[0-9]x\b|^-- |^\|")


def run_bench(name: str, people: int, timeout: float) -> tuple[list[str], str]:
    script = ROOT / "benchmarks" / f"bench_{name}.py"
    if not script.exists():
        return [], "missing"
    cmd = [PYTHON, str(script)]
    if name in {"core", "today", "dedupe", "giving", "matching"} and people != 30_000:
        cmd += ["--people", str(min(people, 20_000) if name == "matching" else people)]
    env = dict(os.environ, GOODWILL_DATA_DIR=tempfile.mkdtemp(prefix=f"bench-{name}-"))
    started = time.monotonic()
    try:
        out = subprocess.run(  # noqa: S603 - our own benchmark scripts
            cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT
        ).stdout
        status = f"{time.monotonic() - started:.0f} s"
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"").decode(errors="replace") if exc.stdout else ""
        status = f"cut off at {timeout:.0f} s"
    rows = [line.rstrip() for line in out.splitlines() if FIGURE.search(line)]
    rows = [r for r in rows if not r.startswith("|--")]
    Path(env["GOODWILL_DATA_DIR"], "bench.out").write_text(out)
    return rows, status


def login(session, url: str) -> None:
    page = session.get(url + "/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        url + "/login/",
        data={"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": url + "/login/"},
        timeout=30,
    )
    assert "sessionid" in session.cookies, f"login failed ({answer.status_code})"


def vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker_memory(people: int, database_url: str) -> dict:
    import requests

    with served(database_url=database_url, alice_people=10, workers=1) as srv:
        env = env_for(srv.data_dir, database_url)
        started = time.monotonic()
        demo = subprocess.run(  # noqa: S603 - our own CLI
            [PYTHON, "-m", "goodwill", "demo", "--people", str(people), "--user", "alice",
             "--json"],
            env=env, capture_output=True, text=True, timeout=1800, check=True, cwd=ROOT,
        )  # fmt: skip
        fill_s = time.monotonic() - started
        counts = json.loads(demo.stdout)
        session = requests.Session()
        login(session, srv.url)
        person = session.get(srv.url + "/api/v1/people?limit=1",
                             headers={"Authorization": f"Bearer {srv.tokens['alice']}"},
                             timeout=30).json()["items"][0]["id"]  # fmt: skip
        pages = [*PAGES, f"/people/{person}/"]
        (worker,) = srv.workers()
        before = worker.memory_info().rss / 2**20
        slowest: dict[str, float] = {}
        statuses = set()
        for _ in range(20):
            for page in pages:
                t = time.perf_counter()
                statuses.add(session.get(srv.url + page, timeout=60).status_code)
                slowest[page] = max(slowest.get(page, 0.0), time.perf_counter() - t)
        return {
            "counts": counts,
            "fill_s": fill_s,
            "rss_before": before,
            "rss_after": worker.memory_info().rss / 2**20,
            "peak": vm_hwm_mb(worker.pid),
            "statuses": sorted(statuses),
            "slowest": slowest,
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--only", default="", help="comma-separated bench names")
    parser.add_argument("--skip-benches", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--bench-timeout", type=float, default=1800)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    failed = False
    names = [n for n in BENCHES if not args.only or n in args.only.split(",")]
    print(f"## Scale benchmarks ({args.people:,} people)")
    if not args.skip_benches:
        for name in names:
            rows, status = run_bench(name, args.people, args.bench_timeout)
            print(f"\n### bench_{name} ({status})\n```")
            for row in rows or ["(no figure lines)"]:
                print(row, flush=True)
                failed |= "FAIL" in row
            print("```", flush=True)
    if args.skip_memory:
        return 1 if failed else 0
    backends = [("sqlite", None)]
    if not args.no_postgres and pg_available():
        backends.append(("postgres", "goodwill_proof_scale"))
    print("\n## Peak RSS of one gunicorn web worker (main pages x 20)")
    print("| backend | demo fill | RSS before | RSS after | peak (VmHWM) | target | | "
          "slowest page |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---|---|")
    for backend, db in backends:
        if db:
            with scratch_pg(db) as url:
                m = worker_memory(args.people, url)
        else:
            m = worker_memory(args.people, "")
        verdict = "PASS" if m["peak"] < RSS_TARGET_MB and m["statuses"] == [200] else "FAIL"
        failed |= verdict == "FAIL"
        page, secs = max(m["slowest"].items(), key=lambda kv: kv[1])
        print(
            f"| {backend} | {m['fill_s']:.0f} s | {m['rss_before']:.0f} MB | "
            f"{m['rss_after']:.0f} MB | {m['peak']:.0f} MB | {RSS_TARGET_MB:.0f} MB | "
            f"{verdict} (ratio {m['peak'] / RSS_TARGET_MB:.2f}) | {page} {secs * 1000:.0f} ms |",
            flush=True,
        )
        print(f"  demo counts ({backend}): {json.dumps(m['counts'])}; statuses {m['statuses']}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
