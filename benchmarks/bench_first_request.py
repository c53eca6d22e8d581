"""Start-up benchmark: the first page after start, cold and warmed, and creating an account.

    GOODWILL_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/bench_first_request.py

Migrates a fresh SQLite database in GOODWILL_DATA_DIR, then runs two fresh processes:
one sets Django up by itself (as before the warm-up) and one imports goodwill.wsgi (as a
gunicorn worker does, which warms up before it accepts a connection). Each times its
first three requests. Then it times creating the first account (the setup form's POST)
and the password hash alone, which is expected to be most of it. Always exits 0.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
t0 = time.perf_counter()
if sys.argv[1] == "warm":
    import goodwill.wsgi  # noqa: F401 - builds the app and warms it up
else:
    import django
    django.setup()
load = time.perf_counter() - t0
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
times = []
for url in ("/", "/setup/", "/setup/"):
    s = time.perf_counter()
    client.get(url)
    times.append((time.perf_counter() - s) * 1000)
print(f"{load * 1000:.0f} " + " ".join(f"{t:.0f}" for t in times))
if sys.argv[1] == "warm":
    from django.contrib.auth.hashers import get_hasher, make_password
    s = time.perf_counter(); make_password("a calm walk in the park")
    hash_ms = (time.perf_counter() - s) * 1000
    data = {"display_name": "Sam", "username": "sam", "password": "a calm walk in the park",
            "password2": "a calm walk in the park"}
    s = time.perf_counter(); r = client.post("/setup/", data)
    post_ms = (time.perf_counter() - s) * 1000
    h = get_hasher()
    hasher = f"{h.algorithm}:{getattr(h, 'iterations', '')}"
    print(f"{post_ms:.0f} {hash_ms:.0f} {r.status_code} {hasher}")
"""


def main() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GOODWILL_DATABASE_URL": ""}
    if not env.get("GOODWILL_DATA_DIR"):
        sys.exit("Set GOODWILL_DATA_DIR to an empty directory.")
    run = [sys.executable, "-m", "goodwill", "manage"]
    subprocess.run([*run, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*run, "collectstatic", "-v0", "--noinput"], env=env, check=True)
    rows = {}
    for mode in ("cold", "warm"):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, mode], env=env, capture_output=True, text=True
        ).stdout.split("\n")
        rows[mode] = out
        load, *first = out[0].split()
        print(f"{mode:5} start-up {load:>5} ms   first requests: {' / '.join(first)} ms")
    cold_first = float(rows["cold"][0].split()[1])
    warm_first = float(rows["warm"][0].split()[1])
    print(f"first request, cold / warmed: {cold_first / max(warm_first, 1):.1f}x")
    post, hashed, status, hasher = rows["warm"][1].split()
    share = float(hashed) / max(float(post), 1)
    print(
        f"account creation (setup POST, {status}): {post} ms; one password hash "
        f"({hasher}): {hashed} ms = {share:.0%} of it"
    )


if __name__ == "__main__":
    main()
