"""Concurrent writers and readers against `goodwill serve` (wrk, 127.0.0.1 only).

For SQLite and (when reachable) PostgreSQL: 16 connections for 20 s logging interactions
through the API (a bearer token), then 16 connections reading the people list and Today
(a logged-in session cookie). Each measured run follows 3 s of the same load that is not
counted: a fresh worker's first requests import code and fill its caches (~0.5 s each),
which says nothing about a server that has been up for more than a few seconds.
Targets: writes 0 errors, 0 "database is locked" in the server log, p99 < 500 ms, every
acknowledged write saved; reads >= 200 req/s with p99 < 200 ms.

    .venv/bin/python proof/load.py [--seconds 20] [--connections 16] [--backend sqlite]
Needs wrk (Debian package `wrk`). Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _faultkit as faultkit

WRITE_LUA = """
local ids = {%(ids)s}
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(token)s"
request = function()
  n = n + 1
  local body = string.format(
    '{"participants": [%%d], "kind": "call", "summary": "load %%d %%d"}',
    ids[(n %% #ids) + 1], n, math.random(1000000))
  return wrk.format(nil, "/api/v1/interactions", nil, body)
end
"""

READ_LUA = """
wrk.headers["Cookie"] = "sessionid=%(session)s"
"""


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


WARM_UP_SECONDS = 3
SAVED = "SELECT COUNT(*) FROM goodwill_interaction WHERE summary LIKE ?"


def measured(url: str, lua: str, *, seconds: int, connections: int, env=None) -> dict:
    """run_wrk after WARM_UP_SECONDS of the same load, not counted. With ``env``, also
    counts the rows the measured run saved (`saved`)."""
    run_wrk(url, lua, seconds=WARM_UP_SECONDS, connections=connections)
    before = faultkit.query(env, SAVED, ("load %",))[0][0] if env else 0
    result = run_wrk(url, lua, seconds=seconds, connections=connections)
    if env:
        result["saved"] = faultkit.query(env, SAVED, ("load %",))[0][0] - before
    return result


def run_wrk(url: str, lua: str, *, seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua)
    threads = min(2, connections)
    out = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk") or "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            f.name,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    Path(f.name).unlink()
    result = {"requests": 0, "rps": 0.0, "p50": 0.0, "p99": 0.0, "errors": 0, "raw": out}
    if m := re.search(r"(\d+) requests in", out):
        result["requests"] = int(m.group(1))
    if m := re.search(r"Requests/sec:\s+([\d.]+)", out):
        result["rps"] = float(m.group(1))
    for pct in ("50", "99"):
        if m := re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M):
            result[f"p{pct}"] = _ms(m.group(1))
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        result["errors"] += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        result["errors"] += sum(int(x) for x in m.groups())
    return result


def check_backend(backend: str, seconds: int, connections: int, workers: int) -> list[tuple]:
    rows = []
    with faultkit.scratch(backend) as env:
        setup = faultkit.prepare(env, people=300)
        with faultkit.serving(env, workers=workers) as server:
            ids = ",".join(str(i) for i in setup["people"])
            write = measured(
                server.url,
                WRITE_LUA % {"ids": ids, "token": setup["token"]},
                seconds=seconds,
                connections=connections,
                env=env,
            )
            reads = {
                page: measured(
                    server.url + path,
                    READ_LUA % {"session": setup["session"]},
                    seconds=seconds,
                    connections=connections,
                )
                for page, path in (("people list", "/people/"), ("Today", "/"))
            }
            log = server.log_text()
        locked = log.count("database is locked")
        server_errors = len(re.findall(r'" 5\d\d ', log))
        saved = write["saved"]
        ok = (
            write["errors"] == 0
            and locked == 0
            and write["p99"] < 500
            and write["requests"] > 0
            and saved >= write["requests"] - connections  # in flight when wrk stopped
        )
        rows.append(
            (
                backend,
                "write (API)",
                write["requests"],
                f"{write['rps']:.0f}",
                f"{write['p50']:.0f}",
                f"{write['p99']:.0f}",
                "500",
                f"{write['errors']} err, {locked} locked, {server_errors} 5xx, {saved} saved",
                "PASS" if ok else "FAIL",
            )
        )
        for page, r in reads.items():
            ok = r["errors"] == 0 and r["rps"] >= 200 and r["p99"] < 200
            rows.append(
                (
                    backend,
                    f"read {page}",
                    r["requests"],
                    f"{r['rps']:.0f}",
                    f"{r['p50']:.0f}",
                    f"{r['p99']:.0f}",
                    "200, >=200/s",
                    f"{r['errors']} err",
                    "PASS" if ok else "FAIL",
                )
            )
        if "--verbose" in sys.argv:
            print(json.dumps({"write": write["raw"], **{k: v["raw"] for k, v in reads.items()}}))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)  # `goodwill serve` default
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    rows = []
    for backend in backends:
        if backend == "postgresql" and not faultkit.pg_available():
            rows.append((backend, "-", 0, "-", "-", "-", "-", "no server", "SKIP"))
            continue
        rows += check_backend(backend, args.seconds, args.connections, args.workers)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    faultkit.print_table(
        f"Load: {args.connections} connections x {args.seconds} s, {args.workers} sync workers"
        f" ({os.cpu_count()} cores; load average at the end {load})",
        rows,
        ("db", "check", "requests", "req/s", "p50 ms", "p99 ms", "target", "notes", "result"),
    )
    return 0 if all(r[-1] != "FAIL" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
