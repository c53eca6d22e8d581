"""Issue 16, finding 4: many writers against a real server while a large import runs.

`run_probe(rows, writers)` seeds a scratch SQLite instance (file-based, in a temporary
data dir: alice, who imports, and bob, with an API token each), starts `goodwill serve`
on a free 127.0.0.1 port with its worker, uploads a LinkedIn file of ``rows`` contacts
through the API as alice, and while the worker writes it runs ``writers`` threads that
add people (half as alice, half as bob) and read Today, until the import is committed
and the first Today after it has answered. It returns what every request got and the
server's log; the server is stopped by its pid. Every wait is bounded.

Used by tests/exchange/test_write_locks.py (10,000 rows) and tests/proof/ (99,000).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "correct horse battery staple"

SEED = """
import json, os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "goodwill.settings"
django.setup()
from django.core.management import call_command
from goodwill.accounts import services as accounts
from goodwill.demo.services import fill_demo
call_command("migrate", verbosity=0, interactive=False)
alice = accounts.create_account(username="alice", password=%(pw)r, host=True)
bob = accounts.create_account(username="bob", password=%(pw)r)
fill_demo(owner=alice, people=30, seed=1)
print(json.dumps({
    "alice": accounts.create_token(owner=alice, name="probe")[1],
    "bob": accounts.create_token(owner=bob, name="probe")[1],
}))
"""


def linkedin_file(rows: int) -> bytes:
    out = io.StringIO()
    out.write('Notes:\n"When exporting your connection data..."\n\n')
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    for i in range(rows):
        writer.writerow(
            [
                f"Imported{i}",
                f"Person{i % 997}",
                f"https://www.linkedin.com/in/imported-{i}",
                f"imported.{i}@example.org" if i % 4 == 0 else "",
                f"Company {i % 1500}",
                ("Engineer", "Designer", "Product manager", "Recruiter")[i % 4],
                "01 Mar 2024",
            ]
        )
    return out.getvalue().encode()


@dataclass
class Outcome:
    rows: int
    statuses: dict[str, int] = field(default_factory=dict)  # "201", "200", "error: …"
    locked: list[str] = field(default_factory=list)  # bodies naming a locked database
    server_errors: list[str] = field(default_factory=list)  # log lines: locked, 500, timeout
    written: dict[str, int] = field(default_factory=dict)  # people each account was told saved
    stored: dict[str, int] = field(default_factory=dict)  # … and found in the database after
    batch: dict = field(default_factory=dict)  # the import as the API last showed it
    first_today: int = 0  # status of the first Today after the import
    requests: int = 0
    upload_seconds: float = 0.0  # the upload's request: parse and preview, no write lock held
    log_tail: str = ""  # the end of the server's log, for a failure's message


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(url: str, token: str, method: str = "GET", body=None, *, timeout: float = 60):
    data, headers = None, {"Authorization": f"Bearer {token}"}
    if isinstance(body, bytes):  # a multipart upload
        boundary = uuid.uuid4().hex
        data = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                'filename="Connections.csv"\r\nContent-Type: text/csv\r\n\r\n'
            ).encode()
            + body
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    elif body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


@contextlib.contextmanager
def _server(env: dict, port: int, log_path: Path):
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "goodwill",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "4",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited: {log_path.read_text()[-2000:]}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5),
            ):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start within 90 s")
            time.sleep(0.3)
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=30)
        log.close()


def run_probe(
    rows: int, writers: int = 16, *, deadline_s: float = 600, busy_timeout: int = 10
) -> Outcome:
    """``busy_timeout``: how long (s) a writer waits for the lock before "database is
    locked" (GOODWILL_SQLITE_BUSY_TIMEOUT); lower than the default, it tells a lock held
    for seconds from one held for a fraction of a second with a smaller import."""
    outcome = Outcome(rows=rows)
    with tempfile.TemporaryDirectory(prefix="gw-locks-") as data_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GOODWILL_")}
        env.update(
            GOODWILL_DATA_DIR=data_dir,
            GOODWILL_DATABASE_URL="",
            GOODWILL_WORKERS="4",
            GOODWILL_SQLITE_BUSY_TIMEOUT=str(busy_timeout),
            PYTHONPATH=str(ROOT),
            PYTHONUNBUFFERED="1",
        )
        seeded = subprocess.run(
            [PYTHON, "-c", SEED % {"pw": PASSWORD}],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        tokens = json.loads(seeded.stdout.strip().splitlines()[-1])
        port = _free_port()
        base = f"http://127.0.0.1:{port}/api/v1"
        log_path = Path(data_dir) / "server.log"
        with _server(env, port, log_path):
            _race(outcome, base, tokens, rows, writers, deadline_s)
        db = sqlite3.connect(Path(data_dir) / "goodwill.sqlite3", timeout=30)
        try:
            outcome.stored = dict(
                db.execute(
                    "SELECT u.username, COUNT(*) FROM goodwill_person p JOIN goodwill_user u"
                    " ON u.id = p.owner_id WHERE p.display_name LIKE 'Writer %'"
                    " GROUP BY u.username"
                ).fetchall()
            )
        finally:
            db.close()
        text = log_path.read_text(errors="replace")
        outcome.log_tail = "\n".join(
            line
            for line in text.splitlines()
            if '"GET /api' not in line and '"POST /api' not in line
        )[-4000:]
        outcome.server_errors = [
            line
            for line in text.splitlines()
            if "is locked" in line or "WORKER TIMEOUT" in line or '" 500 ' in line
        ]
    return outcome


def _race(outcome: Outcome, base: str, tokens: dict, rows: int, writers: int, deadline_s):
    stop = threading.Event()
    lock = threading.Lock()
    written = {"alice": 0, "bob": 0}

    def count(status) -> None:
        with lock:
            key = str(status)
            outcome.statuses[key] = outcome.statuses.get(key, 0) + 1
            outcome.requests += 1

    def writer(n: int) -> None:
        who = "alice" if n % 2 else "bob"
        i = 0
        while not stop.is_set():
            i += 1
            try:
                if i % 4 == 0:
                    status, body = _call(f"{base}/today", tokens[who])
                else:
                    person = {"display_name": f"Writer {n}-{i}", "title": "Neighbour"}
                    status, body = _call(f"{base}/people", tokens[who], "POST", person)
                    if status == 201:
                        with lock:
                            written[who] += 1
            except OSError as exc:  # a timeout or a dropped connection counts too
                status, body = f"error: {type(exc).__name__}", str(exc)
            count(status)
            if "is locked" in body:
                with lock:
                    outcome.locked.append(body[:300])

    threads = [threading.Thread(target=writer, args=(n,), daemon=True) for n in range(writers)]
    for t in threads:
        t.start()
    try:
        time.sleep(1.0)  # the writers are going before the import starts
        data = linkedin_file(rows)
        started = time.monotonic()
        status, body = _call(f"{base}/imports", tokens["alice"], "POST", data)
        outcome.upload_seconds = time.monotonic() - started
        count(status)
        batch = json.loads(body) if status == 201 else {"status": f"upload {status}"}
        end = time.monotonic() + deadline_s
        while batch.get("status") == "importing" and time.monotonic() < end:
            time.sleep(0.5)
            status, body = _call(f"{base}/imports/{batch['id']}", tokens["alice"])
            count(status)
            if status == 200:
                batch = json.loads(body)
        outcome.batch = batch
        outcome.first_today, _ = _call(f"{base}/today", tokens["alice"], timeout=120)
        count(outcome.first_today)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=120)
    outcome.written = dict(written)
