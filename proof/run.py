"""The long tier (`make proof`): every proof/<check>.py in order, one results file.

    .venv/bin/python proof/run.py [--only load,fuzz_import] [--list]

Each check runs alone as a child (cut off after its time bound), prints its own result
table and exits non-zero on a missed target. This collects their tables, with the date,
the machine and each check's exit, into proof/results-latest.md, and exits 1 if any
check failed. A check whose script is missing is listed as SKIPPED.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import platform
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# (script, extra arguments, time bound in minutes): faults and load first, then hostile
# input, then the scale runs (the longest).
CHECKS = [
    ("load", [], 15),
    ("kill_import", [], 15),
    ("kill_server", [], 15),
    ("backup_load", [], 15),
    ("disk_full", [], 10),
    ("write_locks", [], 20),
    ("fuzz_import", ["--seconds", "300"], 15),
    ("api_schema", ["--examples", "25", "--minutes", "12"], 15),
    ("api_schema", ["--examples", "10", "--minutes", "10", "--postgres"], 13),
    ("hostile_http", [], 8),
    ("hostile_http", ["--postgres"], 8),
    ("scale", [], 75),
    ("hosted_scale", ["--minutes", "20"], 35),
]


def machine() -> str:
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores{mem}, {platform.platform()}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="comma-separated check names")
    parser.add_argument("--list", action="store_true", help="list the checks and stop")
    parser.add_argument("--out", default=str(HERE / "results-latest.md"), help="results file")
    args = parser.parse_args()
    chosen = [c for c in CHECKS if not args.only or c[0] in args.only.split(",")]
    if args.list:
        for name, extra, minutes in chosen:
            print(f"proof/{name}.py {' '.join(extra)}  (bound {minutes} min)")
        return 0
    started = datetime.datetime.now(datetime.UTC)
    lines = [
        "# Proof results (long tier)",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC on {machine()}.",
        "",
        "| check | exit | minutes |",
        "|---|---|---:|",
    ]
    body: list[str] = []
    failed = False
    for name, extra, minutes in chosen:
        script = HERE / f"{name}.py"
        label = " ".join([name, *extra])
        if not script.exists():
            lines.append(f"| {label} | SKIPPED (no script) | |")
            continue
        print(f"== proof/{name}.py {' '.join(extra)}", flush=True)
        t = time.monotonic()
        # Its own session (process group): a check cut off at its bound takes the
        # servers and children it started with it, instead of leaving them running.
        proc = subprocess.Popen(  # noqa: S603 - our own scripts
            [sys.executable, str(script), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            start_new_session=True,
        )
        try:
            out, err = proc.communicate(timeout=minutes * 60)
            code = str(proc.returncode)
            failed |= proc.returncode != 0
            if proc.returncode != 0 and err.strip():  # the end of its traceback, if any
                out += "\n" + "\n".join(err.strip().splitlines()[-15:])
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
            code = f"cut off at {minutes} min"
            failed = True
        print(out, flush=True)
        verdict = "PASS" if code == "0" else f"FAIL ({code})"
        lines.append(f"| {label} | {verdict} | {(time.monotonic() - t) / 60:.1f} |")
        body += ["", f"## {label}", "", out.strip()]
    Path(args.out).write_text("\n".join(lines + body) + "\n")
    print(f"wrote {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
