"""Notifications benchmark: planning and draining the notify outbox through Apprise.

    GOODWILL_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/bench_notify.py [--accounts N]

Creates N accounts, each with one json:// channel to an HTTP receiver on loopback (port
14890) and one person due, then times: the tick that plans N morning summaries (it runs
Today's planner once per account), a tick that finds them all planned (what every tick
of the morning costs), and draining the outbox (claim, send through Apprise, mark).
Prints each figure per account beside its target and the ratio. Always exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 14890
# Targets per account (ms): planning runs Today once; a quiet tick must stay cheap.
TARGETS = {"plan": 60.0, "replan": 5.0, "send": 30.0}


class Sink(BaseHTTPRequestHandler):
    received = 0

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        Sink.received += 1
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def setup(data_dir: str) -> None:
    os.environ["GOODWILL_DATA_DIR"] = data_dir
    os.environ["GOODWILL_DATABASE_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def row(name: str, total_ms: float, n: int) -> None:
    per = total_ms / max(n, 1)
    target = TARGETS[name]
    print(f"{name:8} {total_ms:9.0f} ms  {per:7.2f} ms/account  target {target:5.1f}  "
          f"ratio {per / target:5.2f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=300)
    args = parser.parse_args()
    setup(os.environ.get("GOODWILL_DATA_DIR") or "/tmp/goodwill-bench-notify")

    from goodwill.accounts.models import User
    from goodwill.notify import services as notify
    from goodwill.notify.services import outbox
    from goodwill.people import services as people
    from goodwill.people.models import Person

    server = ThreadingHTTPServer(("127.0.0.1", PORT), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    n = args.accounts
    for i in range(n):
        user = User.objects.create(username=f"n{i}", email=f"n{i}@example.org")
        people.ensure_me(owner=user, display_name=f"User {i}")
        friend = people.create_person(owner=user, display_name=f"Friend {i}")
        Person.objects.filter(pk=friend.pk).update(next_due_on=dt.date(2026, 6, 1))
        notify.add_channel(owner=user, name="hook", url=f"json://127.0.0.1:{PORT}/n{i}")
    now = dt.datetime(2026, 6, 15, 8, 5, tzinfo=dt.UTC)
    print(f"bench_notify: {n} accounts, SQLite")
    ms, planned = timed(lambda: outbox.plan_notices(now))
    row("plan", ms, n)
    ms, again = timed(lambda: outbox.plan_notices(now + dt.timedelta(minutes=1)))
    row("replan", ms, n)
    ms, report = timed(lambda: outbox.deliver_pending(worker="bench", now=now))
    row("send", ms, n)
    print(f"planned {planned}, planned again {again}, sent {report.sent}, "
          f"received {Sink.received}")  # fmt: skip
    server.shutdown()


if __name__ == "__main__":
    main()
