"""The server killed under write load: no acknowledged write is lost.

8 client threads log interactions through the API (each with a unique summary) and note
every one answered 201. At a random moment the server (gunicorn's master and workers) is
killed with SIGKILL; it is started again and every acknowledged interaction must be in
the database, the database must pass its checks, and the restarted server must take writes.

    .venv/bin/python proof/kill_server.py [--cycles 3] [--backend both]
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _faultkit as faultkit

CLIENTS = 8


def load(server, setup: dict, acked: list, stop: threading.Event, name: str) -> None:
    n = 0
    while not stop.is_set() and n < 5000:
        n += 1
        summary = f"ack {name}-{n}"
        body = {"participants": [setup["people"][n % len(setup["people"])]], "summary": summary}
        try:
            status, _ = faultkit.post_json(
                server.url + "/api/v1/interactions", body, setup["token"], timeout=10
            )
        except OSError:
            return  # the server is gone
        if status == 201:
            acked.append(summary)


def cycle(env: dict, setup: dict, number: int, rng: random.Random) -> tuple[int, int, list]:
    server = faultkit.start_server(env, workers=4, log_name=f"server-{number}.log")
    acked: list[str] = []
    stop = threading.Event()
    threads = [
        threading.Thread(target=load, args=(server, setup, acked, stop, f"{number}.{i}"))
        for i in range(CLIENTS)
    ]
    for t in threads:
        t.start()
    time.sleep(rng.uniform(1.0, 4.0))
    server.kill9()
    stop.set()
    for t in threads:
        t.join(timeout=30)
    present = {
        row[0]
        for row in faultkit.query(
            env,
            "SELECT summary FROM goodwill_interaction WHERE summary LIKE ?",
            (f"ack {number}.%",),
        )
    }
    problems = [f"acknowledged but missing: {s}" for s in acked if s not in present]
    problems += faultkit.integrity(env)
    # The restarted server takes writes again.
    with faultkit.serving(env, workers=1, log_name=f"restart-{number}.log") as again:
        status, _ = faultkit.post_json(
            again.url + "/api/v1/interactions",
            {"participants": setup["people"][:1], "summary": "after restart"},
            setup["token"],
        )
        if status != 201:
            problems.append(f"the restarted server answered {status}")
    return len(acked), len(present), problems


def run(backend: str, cycles: int, seed: int) -> tuple:
    rng = random.Random(seed)
    acked = present = 0
    problems: list[str] = []
    with faultkit.scratch(backend) as env:
        setup = faultkit.prepare(env, people=100)
        for number in range(cycles):
            a, p, found = cycle(env, setup, number, rng)
            acked, present, problems = acked + a, present + p, problems + found
    for p in problems[:10]:
        print("  ", p)
    return (backend, cycles, acked, present, len(problems), "PASS" if not problems else "FAIL")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    rows = []
    for backend in ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]:
        if backend == "postgresql" and not faultkit.pg_available():
            rows.append((backend, 0, 0, 0, 0, "SKIP"))
            continue
        rows.append(run(backend, args.cycles, args.seed))
    faultkit.print_table(
        f"Server kill -9 under write load ({CLIENTS} clients)",
        rows,
        ("db", "cycles", "acknowledged writes", "rows present", "problems", "result"),
    )
    return 0 if all(r[-1] != "FAIL" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
