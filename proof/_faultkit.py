"""Shared pieces of the fault proofs (kill_import, kill_server, load, backup_load,
disk_full) and of tests/proof/test_faults.py.

Scratch instances (a SQLite data dir, or a throwaway PostgreSQL database on 127.0.0.1),
the kill -9 import child, and the database checks. Every loop is bounded in count and time.
"""

from __future__ import annotations

import contextlib
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
PG_ADMIN = os.environ.get("PROOF_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
PASSPHRASE = "a long enough passphrase"


def goodwill(env: dict, *args: str, input: str | None = None, timeout: float = 180):
    """Run the CLI in a child process; raises with its stderr when it fails."""
    done = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "goodwill", *args],
        input=input,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"goodwill {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def base_env(data_dir: Path, database_url: str = "") -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOODWILL_")}
    env.update(
        GOODWILL_DATA_DIR=str(data_dir),
        GOODWILL_DATABASE_URL=database_url,
        GOODWILL_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def scratch(backend: str = "sqlite", *, account: bool = True):
    """A migrated, empty instance with the account alice; yields its environment."""
    with tempfile.TemporaryDirectory(prefix="gw-proof-") as tmp:
        url = ""
        name = f"gw_proof_{os.getpid()}_{random.randrange(10**6)}"
        if backend == "postgresql":
            _pg_admin(f'CREATE DATABASE "{name}"')
            url = PG_ADMIN.rsplit("/", 1)[0] + "/" + name
        env = base_env(Path(tmp), url)
        try:
            if account:  # `account create` migrates first: one process instead of two
                goodwill(env, "account", "create", "--username", "alice", input=PASSPHRASE + "\n")
            else:
                goodwill(env, "manage", "migrate", "-v0")
            yield env
        finally:
            if backend == "postgresql":
                _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def backend_of(env: dict) -> str:
    return "postgresql" if env.get("GOODWILL_DATABASE_URL") else "sqlite"


def sqlite_path(env: dict) -> Path:
    return Path(env["GOODWILL_DATA_DIR"]) / "goodwill.sqlite3"


def query(env: dict, sql: str, params: tuple = ()) -> list[tuple]:
    """Read straight from the database file or server (no Django in this process)."""
    if backend_of(env) == "sqlite":
        db = sqlite3.connect(sqlite_path(env), timeout=30)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()
    import psycopg

    with psycopg.connect(env["GOODWILL_DATABASE_URL"], connect_timeout=5) as conn:
        return conn.execute(sql.replace("?", "%s"), params).fetchall()


def integrity(env: dict) -> list[str]:
    """Problems found by SQLite's integrity_check and foreign_key_check ([] when sound).
    On PostgreSQL: constraints are enforced by the server; we check no row is orphaned."""
    if backend_of(env) == "sqlite":
        problems = [r[0] for r in query(env, "PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {r}" for r in query(env, "PRAGMA foreign_key_check")]
        return problems
    orphans = query(
        env,
        "SELECT COUNT(*) FROM goodwill_person p LEFT JOIN goodwill_user u "
        "ON u.id = p.owner_id WHERE u.id IS NULL",
    )[0][0]
    return [f"{orphans} people without an owner"] if orphans else []


# ---- kill -9 during imports -------------------------------------------------------------

IMPORT_CHILD = textwrap.dedent(
    """
    import os, sys, django
    os.environ["DJANGO_SETTINGS_MODULE"] = "goodwill.settings"
    django.setup()
    from goodwill.accounts.models import User
    from goodwill.exchange.services.imports.pipeline import import_file
    cycle, imports, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    owner = User.objects.get(username="alice")
    print("READY", flush=True)
    for i in range(imports):
        cards = "".join(
            f"BEGIN:VCARD\\r\\nVERSION:3.0\\r\\nFN:K{cycle}-{i}-{n} Person\\r\\n"
            f"EMAIL:k{cycle}.{i}.{n}@example.org\\r\\nEND:VCARD\\r\\n"
            for n in range(size)
        )
        told = []
        def progress(done, total, i=i, told=told):
            if done and not told:  # rows written, transaction still open
                told.append(1)
                print("INSIDE", i, flush=True)
        import_file(owner=owner, data=cards.encode(), filename=f"k{cycle}-{i}.vcf",
                    progress=progress)
        print("COMMITTED", i, flush=True)
    print("DONE", flush=True)
    """
)


@dataclass
class Cycle:
    cycle: int
    killed_inside: bool
    committed: list[int] = field(default_factory=list)
    counts: dict[int, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def kill_import_cycle(env: dict, cycle: int, rng: random.Random, *, size: int = 2000) -> Cycle:
    """Start an importing child, kill -9 it at a random moment while an import is
    running, then check: every import is wholly there or absent, each acknowledged one
    is there, and the database is sound."""
    imports = 4
    proc = subprocess.Popen(  # noqa: S603
        [PYTHON, "-c", IMPORT_CHILD, str(cycle), str(imports), str(size)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    target = rng.randrange(1, imports - 1)  # kill during this import
    fraction = rng.uniform(0, 1.0)  # ... this far into it (as import 0 took)
    took = 0.0
    started = 0.0
    committed: list[int] = []
    inside_last = False
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 1.0)
            if not ready:
                continue
            line = proc.stdout.readline()
            if not line:
                break
            word, *rest = line.split()
            if word == "COMMITTED":
                committed.append(int(rest[0]))
                inside_last = False
                took = took or time.monotonic() - started
            elif word == "INSIDE":
                inside_last = True
                started = time.monotonic()
                if int(rest[0]) == target:
                    time.sleep(fraction * took)
                    break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        # What the child printed before it died (acknowledged commits) is still in the pipe.
        for line in proc.stdout.read().splitlines():
            word, *rest = line.split() or [""]
            if word == "COMMITTED":
                committed.append(int(rest[0]))
                inside_last = False
            elif word == "INSIDE":
                inside_last = True
        proc.stdout.close()
        proc.stderr.close()
    result = Cycle(cycle=cycle, killed_inside=inside_last, committed=committed)
    for i in range(imports):
        (count,) = query(
            env,
            "SELECT COUNT(*) FROM goodwill_person WHERE display_name LIKE ?",
            (f"K{cycle}-{i}-%",),
        )[0]
        (batches,) = query(
            env,
            "SELECT COUNT(*) FROM goodwill_importbatch WHERE filename = ?",
            (f"k{cycle}-{i}.vcf",),
        )[0]
        result.counts[i] = count
        if count not in (0, size) or batches != (1 if count else 0):
            result.problems.append(f"import {i}: {count} of {size} people, {batches} batches")
        if i in committed and count != size:
            result.problems.append(f"import {i} was acknowledged but has {count} people")
    result.problems += integrity(env)
    return result


# ---- serving a scratch instance --------------------------------------------------------

PREPARE_CHILD = textwrap.dedent(
    """
    import json, os, sys, django
    os.environ["DJANGO_SETTINGS_MODULE"] = "goodwill.settings"
    django.setup()
    from django.test import Client
    from goodwill.accounts.models import User
    from goodwill.people.models import Person
    from goodwill.accounts import services as accounts
    from goodwill.demo.services import fill_demo
    owner = User.objects.get(username="alice")
    if int(sys.argv[1]):
        fill_demo(owner=owner, people=int(sys.argv[1]), seed=7)
    client = Client()
    client.force_login(owner)
    ids = list(Person.objects.filter(owner=owner, is_me=False).values_list("pk", flat=True)[:50])
    print(json.dumps({
        "token": accounts.create_token(owner=owner, name="proof")[1],
        "session": client.cookies["sessionid"].value,
        "people": ids,
    }))
    """
)


def prepare(env: dict, people: int = 300) -> dict:
    """Demo people for alice, an API token and a logged-in session cookie."""
    import json

    done = subprocess.run(  # noqa: S603
        [PYTHON, "-c", PREPARE_CHILD, str(people)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    proc: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def kill9(self) -> None:
        """kill -9 the server: gunicorn's master and its workers (its own process group)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill9()


def start_server(
    env: dict, *, workers: int = 4, log_name: str = "server.log", log_dir: Path | None = None
) -> Server:
    """`goodwill serve --no-worker` on a free 127.0.0.1 port; waits (bounded) for /healthz."""
    import urllib.request

    port = free_port()
    log = Path(log_dir or env["GOODWILL_DATA_DIR"]) / log_name
    with open(log, "ab") as out:
        proc = subprocess.Popen(  # noqa: S603
            [
                PYTHON,
                "-m",
                "goodwill",
                "serve",
                "--no-worker",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env={**env, "GOODWILL_LOG_LEVEL": "INFO"},
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill9() reaches the workers
        )
    server = Server(url=f"http://127.0.0.1:{port}", proc=proc, log=log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited:\n{server.log_text()[-3000:]}")
        try:
            with urllib.request.urlopen(server.url + "/healthz", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError("the server did not answer /healthz within 90 s")


@contextlib.contextmanager
def serving(env: dict, **kwargs):
    server = start_server(env, **kwargs)
    try:
        yield server
    finally:
        server.stop()


def post_json(url: str, body: dict, token: str, timeout: float = 10) -> tuple[int, dict]:
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(  # noqa: S310 - always http://127.0.0.1
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:  # noqa: S310
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def print_table(title: str, rows: list[tuple], headers: tuple) -> None:
    print(f"\n{title}")
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    for row in [headers, *rows]:
        print("  " + "  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=False)))


def pg_available() -> bool:
    try:
        _pg_admin("SELECT 1")
        return True
    except Exception:
        return False
