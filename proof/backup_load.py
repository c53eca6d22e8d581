"""`goodwill backup` while writes continue (SQLite; PostgreSQL is backed up by pg_dump).

4 client threads log interactions through the API. Mid-way, `goodwill backup` runs in
its own process while the writes go on. The backup must hold every interaction
acknowledged before the backup started; then the server is stopped, the backup restored
with `goodwill restore --yes`, the server started again, and it must read and write.

    .venv/bin/python proof/backup_load.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _faultkit as faultkit

CLIENTS = 4


def load(url: str, setup: dict, acked: list, stop: threading.Event, name: str) -> None:
    n = 0
    while not stop.is_set() and n < 5000:
        n += 1
        summary = f"bk {name}-{n}"
        body = {"participants": [setup["people"][n % len(setup["people"])]], "summary": summary}
        try:
            status, _ = faultkit.post_json(url + "/api/v1/interactions", body, setup["token"])
        except OSError:
            return
        if status == 201:
            acked.append(summary)


def round_trip(env: dict, setup: dict, number: int) -> tuple:
    backup = Path(env["GOODWILL_DATA_DIR"]) / f"proof-backup-{number}.sqlite3"
    acked: list[str] = []
    stop = threading.Event()
    with faultkit.serving(env, workers=4, log_name=f"backup-{number}.log") as server:
        threads = [
            threading.Thread(target=load, args=(server.url, setup, acked, stop, f"{number}.{i}"))
            for i in range(CLIENTS)
        ]
        for t in threads:
            t.start()
        time.sleep(1.5)
        before = list(acked)  # acknowledged before the backup started
        started = time.monotonic()
        faultkit.goodwill(env, "backup", "--output", str(backup))
        took = time.monotonic() - started
        during = len(acked) - len(before)
        time.sleep(0.5)
        stop.set()
        for t in threads:
            t.join(timeout=30)
    db = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    saved = {r[0] for r in db.execute("SELECT summary FROM goodwill_interaction")}
    (check,) = db.execute("PRAGMA integrity_check").fetchone()
    db.close()
    problems = [f"committed before the backup but missing: {s}" for s in before if s not in saved]
    if check != "ok":
        problems.append(f"backup integrity_check: {check}")
    faultkit.goodwill(env, "restore", str(backup), "--yes")
    problems += faultkit.integrity(env)
    with faultkit.serving(env, workers=1, log_name=f"restored-{number}.log") as server:
        request = urllib.request.Request(  # noqa: S310
            server.url + "/api/v1/interactions?limit=1",
            headers={"Authorization": f"Bearer {setup['token']}"},
        )
        with urllib.request.urlopen(request, timeout=10) as r:  # noqa: S310
            json.loads(r.read())
            if r.status != 200:
                problems.append(f"restored instance read: {r.status}")
        status, _ = faultkit.post_json(
            server.url + "/api/v1/interactions",
            {"participants": setup["people"][:1], "summary": "after restore"},
            setup["token"],
        )
        if status != 201:
            problems.append(f"restored instance write: {status}")
    return len(before), during, len(acked), f"{took:.2f}", problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rows, problems = [], []
    with faultkit.scratch("sqlite") as env:
        setup = faultkit.prepare(env, people=2000)
        for number in range(args.rounds):
            before, during, total, took, found = round_trip(env, setup, number)
            problems += found
            rows.append(
                (number, before, during, total, took, len(found), "PASS" if not found else "FAIL")
            )
    for p in problems[:10]:
        print("  ", p)
    faultkit.print_table(
        f"Backup under write load ({CLIENTS} clients), then restore and serve (SQLite)",
        rows,
        ("round", "acked before", "acked during", "acked total", "backup s", "problems", "result"),
    )
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
