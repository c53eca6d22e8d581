"""Shared by the hostile-input and scale proofs: a scratch Goodwill served on 127.0.0.1.

`served(...)` seeds a scratch data dir (alice with demo data and a marker person, bob with
a little data of his own, one API token each), starts `goodwill serve --no-worker` on a
free loopback port, waits for it (bounded), yields a `Served`, and stops it by its pid.
Run as `python proof/_serving.py --seed` it only seeds (used by `served` in a child).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MARKER = "Zqxalice"  # alice's marker person: bob must never see it
PASSWORD = "correct horse battery staple"
PG_ADMIN = "host=127.0.0.1 user=postgres dbname=postgres"


@dataclass
class Served:
    url: str
    pid: int
    data_dir: str
    tokens: dict[str, str]
    secrets: dict = field(default_factory=dict)  # alice's names/ids bob must never see

    def workers(self) -> list:
        import psutil

        return psutil.Process(self.pid).children(recursive=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(data_dir: str, database_url: str = "") -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GOODWILL_DATA_DIR=data_dir,
        GOODWILL_DATABASE_URL=database_url,
        PYTHONPATH=str(ROOT),
    )
    return env


def pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except Exception:  # any failure means "no PostgreSQL here"
        return False


@contextlib.contextmanager
def scratch_pg(name: str):
    """A scratch PostgreSQL database, dropped afterwards; yields its URL."""
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(alice_people: int) -> dict:
    """Runs inside the child: migrate, two accounts, their data and tokens."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
    django.setup()
    from django.core.management import call_command

    from goodwill.accounts import services as accounts
    from goodwill.demo.services import fill_demo
    from goodwill.people import services as people
    from goodwill.people.models import Person

    call_command("migrate", verbosity=0, interactive=False)
    alice = accounts.create_account(username="alice", password=PASSWORD, host=True)
    bob = accounts.create_account(username="bob", password=PASSWORD)
    fill_demo(owner=alice, people=alice_people, seed=1)
    people.create_person(owner=alice, display_name=f"{MARKER} Secretperson")
    fill_demo(owner=bob, people=5, seed=2)
    names = list(
        Person.objects.filter(owner=alice, is_me=False)
        .exclude(display_name="")
        .values_list("display_name", flat=True)[:40]
    )
    return {
        "tokens": {
            "alice": accounts.create_token(owner=alice, name="proof")[1],
            "bob": accounts.create_token(owner=bob, name="proof")[1],
        },
        "secrets": {"names": [n for n in names if len(n) > 8] + [MARKER]},
    }


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/api/v1/openapi.json", timeout=5) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer within {timeout:.0f} s")


@contextlib.contextmanager
def served(*, database_url: str = "", alice_people: int = 40, workers: int = 1, seeded=True):
    data_dir = tempfile.mkdtemp(prefix="goodwill-proof-")
    env = env_for(data_dir, database_url)
    info: dict = {"tokens": {}, "secrets": {}}
    if seeded:
        out = subprocess.run(  # noqa: S603 - our own interpreter and script
            [PYTHON, __file__, "--seed", str(alice_people)],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
        info = json.loads(out.stdout.strip().splitlines()[-1])
    port = free_port()
    cmd = [PYTHON, "-m", "goodwill", "serve", "--no-worker", "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--workers", str(workers)]
    log = open(Path(data_dir) / "server.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter
        cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
        yield Served(url, proc.pid, data_dir, info["tokens"], info["secrets"])
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        log.close()


def server_errors(data_dir: str) -> list[str]:
    """Access-log lines of 5xx answers (gunicorn's common log format)."""
    path = Path(data_dir) / "server.log"
    found = []
    for line in path.read_text(errors="replace").splitlines():
        parts = line.split('"')
        if len(parts) >= 3 and parts[2].strip()[:1] == "5":
            found.append(line)
    return found


if __name__ == "__main__" and sys.argv[1:2] == ["--seed"]:
    print(json.dumps(seed(int(sys.argv[2]))))
