"""The command line as a user meets it: each command's CPU time as a whole process.

    .venv/bin/python benchmarks/bench_cli.py [--runs 3] [--people 300] [--src DIR]
        [--quick]

Makes a scratch data dir (SQLite) with one account filled by `goodwill demo` (300
people), then runs each command --runs times as `python -m goodwill ...` and takes the
CPU time (user + system) the child used, from getrusage(RUSAGE_CHILDREN). Prints the
median beside the target and their ratio (under 1.0 meets it):

- `goodwill --help` and every top-level command's `--help`: 0.3 s;
- `goodwill due`, `due --json`, `today --json`, `log ...`: 0.5 s.

``--src DIR`` runs another checkout's code (say, an older commit unpacked with
`git archive`) on the same data, for before/after figures. ``--quick`` skips the
sub-commands' --help but for three. The figures depend on the machine: `python -c pass`
is printed first as its floor. A benchmark reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELP_TARGET = 0.3
WORK_TARGET = 0.5


def cpu_of(argv: list[str], env: dict, cwd: Path, stdin: str | None = None) -> float:
    """CPU seconds (user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        argv, input=stdin, capture_output=True, text=True, env=env, cwd=cwd, timeout=600
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 2):
        print(f"  ! {' '.join(argv[2:])}: exit {done.returncode}: {done.stderr[-300:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--src", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--quick", action="store_true", help="only three sub-commands' --help")
    args = parser.parse_args()
    src = args.src.resolve()

    with tempfile.TemporaryDirectory(prefix="bench-cli-") as data_dir:
        env = {**os.environ, "GOODWILL_DATA_DIR": data_dir, "GOODWILL_DATABASE_URL": ""}
        env.update({"PYTHONPATH": str(src), "COLUMNS": "100", "GOODWILL_USER": "bench"})
        for name in ("PYTHONDONTWRITEBYTECODE", "_GOODWILL_COMPLETE"):
            env.pop(name, None)  # an installed goodwill has its bytecode written
        goodwill = [sys.executable, "-m", "goodwill"]

        def run(*words: str, stdin: str | None = None) -> subprocess.CompletedProcess:
            return subprocess.run(
                [*goodwill, *words], input=stdin, capture_output=True, text=True,
                env=env, cwd=src, timeout=1800,
            )  # fmt: skip

        made = run("account", "create", "--username", "bench", stdin="correct horse battery\n")
        filled = run("demo", "--people", str(args.people), "--seed", "1", "--json")
        if made.returncode or filled.returncode:
            print("could not make the demo account:", made.stderr, filled.stderr)
            return
        someone = json.loads(run("person", "list", "--json").stdout)[0]["id"]

        helps = [["--help"]]
        # Every top-level command, as the checkout's own docs/cli.md lists them.
        docs = (src / "docs" / "cli.md").read_text()
        names = re.findall(r"^## `goodwill ([a-z-]+)`$", docs, re.M)
        if args.quick:
            names = [n for n in names if n in {"person", "log", "today"}]
        helps += [[name, "--help"] for name in names if name != "manage"]
        work = [
            ["due"],
            ["due", "--json"],
            ["today", "--json"],
            ["log", "coffee", str(someone), "--note", "Benchmark coffee"],
        ]

        floor = statistics.median(
            cpu_of([sys.executable, "-c", "pass"], env, src) for _ in range(args.runs)
        )
        print(f"CLI whole-process CPU time, median of {args.runs} (source: {src})")
        print(f"{'python -c pass (the floor)':<34} {floor:6.3f} s")
        print(f"{'command':<34} {'cpu':>7} {'target':>7} {'ratio':>6}")
        over = 0
        measured = [*((w, HELP_TARGET) for w in helps), *((w, WORK_TARGET) for w in work)]
        for words, target in measured:
            cpu_of([*goodwill, *words], env, src)  # warm-up: bytecode written, caches filled
            cpu = statistics.median(cpu_of([*goodwill, *words], env, src) for _ in range(args.runs))
            ratio = cpu / target
            over += ratio > 1
            label = "goodwill " + " ".join(words)
            flag = "  over" if ratio > 1 else ""
            print(f"{label[:34]:<34} {cpu:6.3f}s {target:6.2f}s {ratio:6.2f}{flag}")
        print(f"{over} of {len(helps) + len(work)} commands over their target on this machine.")


if __name__ == "__main__":
    main()
