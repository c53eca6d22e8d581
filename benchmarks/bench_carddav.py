"""CardDAV at scale: vdirsyncer syncs an address book of 5,000 people over loopback.

    GOODWILL_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/bench_carddav.py [--people N]
        [--backend sqlite|postgres] [--port 14650]

Without --backend, runs itself once per backend as a child (benchmarks/_backends.py):
SQLite in GOODWILL_DATA_DIR (a temporary directory when unset), then PostgreSQL when
127.0.0.1:5432 answers as user postgres, in a scratch database ``goodwill_bench_carddav``.
Each child fills one account with ``fill_demo`` (5,000 people by default, with their
e-mails, phones, organizations and tags), serves it with gunicorn as `goodwill serve`
does (two workers) on 127.0.0.1, and times a real client, vdirsyncer, in a subprocess:

- "discover": finding the book from the server's address (/.well-known/carddav, ...);
- "first sync": every card fetched into an empty folder: the target, 10 s;
- "no change": a second sync of the unchanged book (the ETags alone);
- "10 changed": a sync after ten people changed (the account's revision moved, so the
  server compares every card once, then the client fetches ten).

Each figure is printed beside the target with its ratio, and with the part of it the
server spent (from gunicorn's access log) and the CPU time vdirsyncer used itself
(parsing, writing a file and a status row per card). The machine's load average is
printed too: on a busy machine the wall-clock figures grow, the CPU times much less.
A benchmark reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import _backends

TARGET_S = 10.0
ROOT = _backends.ROOT


def vdirsyncer_binary() -> str | None:
    return shutil.which("vdirsyncer", path=str(Path(sys.executable).parent)) or shutil.which(
        "vdirsyncer"
    )


def write_config(root: Path, url: str, username: str, secret: str) -> Path:
    (root / "password").write_text(secret)
    config = root / "config"
    config.write_text(
        f"""[general]
status_path = "{root / "status"}/"

[pair goodwill]
a = "server"
b = "folder"
collections = ["from a"]
conflict_resolution = "a wins"

[storage server]
type = "carddav"
url = "{url}/"
username = "{username}"
password.fetch = ["command", "cat", "{root / "password"}"]
read_only = true

[storage folder]
type = "filesystem"
path = "{root / "contacts"}/"
fileext = ".vcf"
"""
    )
    return config


def server_seconds(log: Path, seen: int) -> tuple[float, int, int]:
    """Seconds the server spent on the requests logged after line ``seen``, how many."""
    lines = log.read_text().splitlines()[seen:] if log.exists() else []
    total = sum(float(line.rsplit(" ", 1)[-1]) for line in lines if line.strip())
    return total, len(lines), seen + len(lines)


def timed_run(binary: str, root: Path, *args: str, stdin: str = "") -> tuple[float, float]:
    """Wall-clock seconds of one vdirsyncer run, and the CPU seconds it used itself."""
    env = {**os.environ, "HOME": str(root), "VDIRSYNCER_CONFIG": str(root / "config")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [binary, "--verbosity", "WARNING", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError((done.stdout + done.stderr)[-600:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def start_server(port: int, data_dir: str, database_url: str, log: Path) -> subprocess.Popen:
    """gunicorn as `goodwill serve` runs it (two sync workers), without the reminders worker."""
    from goodwill.cli.serve import gunicorn_argv

    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "GOODWILL_DATA_DIR": data_dir,
        "GOODWILL_DATABASE_URL": database_url,
    }
    argv = gunicorn_argv("127.0.0.1", port, 2, with_worker=False)
    argv[argv.index("--access-logfile") + 1] = str(log)
    argv[-1:-1] = ["--access-logformat", "%(m)s %(U)s %(s)s %(L)s"]
    server = subprocess.Popen(argv, env=env, cwd=ROOT, start_new_session=True)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise RuntimeError("gunicorn did not answer within a minute")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--port", type=int, default=14650)
    _backends.add_backend_option(parser)
    args = parser.parse_args()
    database_url = _backends.child_url()
    if database_url is None:  # the parent: a child per backend
        _backends.run_per_backend("carddav", [args.backend] if args.backend else _backends.BACKENDS)
        return
    binary = vdirsyncer_binary()
    if binary is None:
        print("-- CardDAV benchmark skipped: vdirsyncer is not installed (pip install '.[dev]')")
        return
    data_dir = os.environ.get("GOODWILL_DATA_DIR") or tempfile.mkdtemp(prefix="bench-carddav-")
    _backends.setup_django(Path(data_dir), database_url)
    from goodwill.accounts import services as accounts
    from goodwill.accounts.models import ApiToken
    from goodwill.core import revision
    from goodwill.dav import queries
    from goodwill.demo.services import fill_demo
    from goodwill.people import services as people
    from goodwill.people.models import Person

    print(f"-- CardDAV benchmark: {args.people:,} people, {_backends.database_label()}", flush=True)
    owner = accounts.create_account(username="bench", password="bench-password-123")
    start = time.perf_counter()
    fill_demo(owner=owner, people=args.people)
    in_book = queries.book_people(owner).count()
    print(f"demo: {in_book:,} people in the book, filled in {time.perf_counter() - start:.1f} s")
    _, secret = accounts.create_token(owner=owner, name="bench phone", scope=ApiToken.READ)

    client_root = Path(tempfile.mkdtemp(prefix="bench-carddav-client-"))
    log = client_root / "access.log"
    server = start_server(args.port, data_dir, database_url, log)
    rows, seen = [], server_seconds(log, 0)[2]

    def phase(name: str, *vdirsyncer_args: str, stdin: str = "") -> None:
        nonlocal seen
        seconds, client_cpu = timed_run(binary, client_root, *vdirsyncer_args, stdin=stdin)
        on_server, requests, seen = server_seconds(log, seen)
        rows.append((name, seconds, on_server, requests, client_cpu))

    try:
        write_config(client_root, f"http://127.0.0.1:{args.port}", "bench", secret)
        phase("discover", "discover", stdin="y\n" * 4)
        phase("first sync", "sync")
        cards = len(list((client_root / "contacts").rglob("*.vcf")))
        phase("no change", "sync")
        for person in Person.objects.filter(owner=owner, archived=False, is_me=False)[:10]:
            people.update_person(owner=owner, person=person, title="Changed for the benchmark")
        revision.bump(owner)
        phase("10 changed", "sync")
    except Exception as exc:  # a benchmark reports what broke
        print(f"ERROR {type(exc).__name__}: {exc}")
        return
    finally:
        stop_server(server)
        shutil.rmtree(client_root, ignore_errors=True)
    load = os.getloadavg()[0]
    print(
        f"cards synced: {cards:,} of {in_book:,}; load average {load:.1f} on {os.cpu_count()} CPUs"
    )
    for name, seconds, on_server, requests, client_cpu in rows:
        print(
            f"{name:<12} {seconds:6.2f} s  target {TARGET_S:.0f} s "
            f"({seconds / TARGET_S:.2f} of it)  server {on_server:5.2f} s in {requests} requests"
            f"  vdirsyncer CPU {client_cpu:5.2f} s"
        )


if __name__ == "__main__":
    sys.exit(main())
