"""kill -9 in the middle of imports: every import is wholly present or absent.

A child imports vCard files of 2,000 people one after another, saying when it is inside
an import's transaction (rows written, not committed); the parent kills it with SIGKILL
at a random point of an import. After each cycle: SQLite's integrity_check and
foreign_key_check pass, each import's people and batch are all there or none, and every
import the child acknowledged (committed and reported) is there.

    .venv/bin/python proof/kill_import.py [--cycles 20] [--backend both]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _faultkit as faultkit


def run(backend: str, cycles: int, seed: int) -> tuple:
    rng = random.Random(seed)
    started = time.monotonic()
    with faultkit.scratch(backend) as env:
        results = [faultkit.kill_import_cycle(env, c, rng) for c in range(cycles)]
    problems = [f"cycle {r.cycle}: {p}" for r in results for p in r.problems]
    for p in problems[:10]:
        print("  ", p)
    inside = sum(r.killed_inside for r in results)
    whole = sum(1 for r in results for n in r.counts.values() if n)
    acked = sum(len(r.committed) for r in results)
    return (
        backend,
        cycles,
        inside,
        acked,
        whole,
        len(problems),
        f"{time.monotonic() - started:.0f}",
        "PASS" if not problems else "FAIL",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    rows = []
    for backend in ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]:
        if backend == "postgresql" and not faultkit.pg_available():
            rows.append((backend, 0, 0, 0, 0, 0, 0, "SKIP"))
            continue
        rows.append(run(backend, args.cycles, args.seed))
    faultkit.print_table(
        "kill -9 during imports (each import 2,000 people)",
        rows,
        (
            "db",
            "cycles",
            "killed mid-transaction",
            "acknowledged",
            "imports present",
            "problems",
            "s",
            "result",
        ),
    )
    return 0 if all(r[-1] != "FAIL" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
