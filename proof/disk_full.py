"""A full disk and a read-only database under a running server (SQLite, needs root).

The data dir lives on a small tmpfs (64 MiB). With the server up, a filler file takes
every free byte; a web form write must get a clear 503 page, an API write a clear JSON
error, reads keep working and nothing is written. The filler is removed and writes work
again. Then the tmpfs is remounted read-only: the same clear errors; remounted read-write:
writes work. Throughout, integrity_check and foreign_key_check pass.
PostgreSQL: its read-only mode (default_transaction_read_only) is checked in
tests/proof/test_faults.py; a full disk on a PostgreSQL server is the server's to report.

    sudo .venv/bin/python proof/disk_full.py
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _faultkit as faultkit


def _mount(*args: str) -> None:
    """mount(8); a remount read-only is retried while a worker is still closing its
    database connection (the filesystem is "busy" for an instant after the last answer)."""
    for _ in range(40):  # at most ~10 s
        done = subprocess.run(["/usr/bin/mount", *args], capture_output=True)  # noqa: S603
        if done.returncode == 0:
            return
        time.sleep(0.25)
    raise RuntimeError(
        f"mount {' '.join(args)} failed: {done.stderr.decode()} open there: {_open_files(args[-1])}"
    )


def _open_files(mount: str) -> list[str]:
    """Which processes hold files under the mount (to say why it is busy)."""
    found = []
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith(mount):
                found.append(f"{fd.parts[2]}:{target}")
    return found


@contextlib.contextmanager
def small_tmpfs(size: str = "64m"):
    mount = Path(tempfile.mkdtemp(prefix="gw-full-"))
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount))
    try:
        yield mount
    finally:
        subprocess.run(["/usr/bin/umount", "-l", str(mount)], check=False)  # noqa: S603
        mount.rmdir()


def fill(path: Path) -> int:
    """Write zeros until the filesystem is full (bounded by its size); bytes written."""
    written = 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for size in (1 << 20, 4096, 512):
            for _ in range(4096):
                try:
                    written += os.write(fd, b"\0" * size)
                except OSError:
                    break
    finally:
        os.close(fd)
    return written


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 after a saved form is the answer we check


class Browser:
    """A logged-in browser: session cookie, CSRF token from the form, form POSTs."""

    def __init__(self, url: str, session: str):
        self.url = url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.session = session

    def open(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.url + path, data=body)  # noqa: S310
        request.add_header("Cookie", f"sessionid={self.session}" + self._csrf_cookie())
        request.add_header("Referer", self.url + path)
        try:
            with self.opener.open(request, timeout=15) as r:
                return r.status, r.read().decode(errors="replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def _csrf_cookie(self) -> str:
        token = next((c.value for c in self.jar if c.name == "csrftoken"), None)
        return f"; csrftoken={token}" if token else ""

    def log(self, person: int, summary: str) -> tuple[int, str]:
        status, page = self.open("/log/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            return status, page
        return self.open(
            "/log/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "participants": [person],
                "kind": "call",
                "summary": summary,
            },
        )


def count(env: dict, like: str) -> int:
    sql = "SELECT COUNT(*) FROM goodwill_interaction WHERE summary LIKE ?"
    return faultkit.query(env, sql, (like,))[0][0]


def attempt(env, server, browser, setup, label: str) -> dict:
    person = setup["people"][0]
    web_status, page = browser.log(person, f"{label} web")
    api_status, body = faultkit.post_json(
        server.url + "/api/v1/interactions",
        {"participants": [person], "summary": f"{label} api"},
        setup["token"],
    )
    read_status, _ = browser.open("/people/")
    return {
        "web": web_status,
        "web_clear": "nothing was half-saved" in page.lower(),
        "api": api_status,
        "api_error": body.get("error"),
        "api_message": body.get("message", ""),
        "read": read_status,
    }


def main() -> int:
    if os.geteuid() != 0:
        print("SKIP: needs root to mount a small tmpfs (run with sudo)")
        return 0
    rows, problems = [], []
    with small_tmpfs() as mount:
        env = faultkit.base_env(mount / "data")
        (mount / "data").mkdir()
        faultkit.goodwill(env, "manage", "migrate", "-v0")
        faultkit.goodwill(
            env, "account", "create", "--username", "alice", input=faultkit.PASSPHRASE + "\n"
        )
        setup = faultkit.prepare(env, people=50)
        logs = tempfile.TemporaryDirectory(prefix="gw-full-logs-")  # off the small disk
        with logs, faultkit.serving(env, workers=2, log_dir=Path(logs.name)) as server:
            browser = Browser(server.url, setup["session"])
            steps = []
            filler = mount / "filler"
            fill(filler)
            steps.append(("disk full", attempt(env, server, browser, setup, "full"), 503))
            filler.unlink()
            steps.append(("space back", attempt(env, server, browser, setup, "back"), None))
            # A connection whose set-up failed on the full disk stays open in its worker
            # until garbage collection, which makes the filesystem "busy" for a remount:
            # gunicorn's graceful reload (SIGHUP) replaces the workers, the server stays up.
            os.kill(server.proc.pid, signal.SIGHUP)
            _mount("-o", "remount,ro", str(mount))
            steps.append(("read-only", attempt(env, server, browser, setup, "ro"), 503))
            _mount("-o", "remount,rw", str(mount))
            steps.append(("writable", attempt(env, server, browser, setup, "rw"), None))
            log = server.log_text()
        for name, r, want in steps:
            if want == 503:
                ok = r["web"] == 503 and r["web_clear"] and r["api"] == 503
                ok = ok and r["api_error"] == "unavailable"
            else:
                ok = r["web"] in (200, 302) and r["api"] == 201
            if not ok:
                problems.append(f"{name}: {json.dumps(r)}")
            rows.append(
                (
                    name,
                    r["web"],
                    r["api"],
                    r["api_error"] or "-",
                    r["read"],
                    "PASS" if ok else "FAIL",
                )
            )
        half = count(env, "full %") + count(env, "ro %")
        if half:
            problems.append(f"{half} writes made while full/read-only were saved")
        saved = count(env, "back %") + count(env, "rw %")
        if saved != 4:
            problems.append(f"{saved} of 4 writes after recovery saved")
        problems += faultkit.integrity(env)
        rows.append(
            (
                "after",
                "-",
                "-",
                f"{saved}/4 saved after recovery",
                "-",
                "PASS" if not problems else "FAIL",
            )
        )
        print(f"server log: {log.count('Service Unavailable')} requests answered 503")
    for p in problems:
        print("  ", p)
    faultkit.print_table(
        "Disk full and read-only database (SQLite on a 64 MiB tmpfs)",
        rows,
        ("step", "web POST", "API POST", "API error", "read /people/", "result"),
    )
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
