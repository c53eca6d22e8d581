"""What a real `goodwill serve` (gunicorn on 127.0.0.1) writes: the access log without
URL secrets, and the audit log with the client's address from the trusted proxy's
X-Forwarded-For (issue 16: finding 7 and the access-log secrets)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from goodwill.cli import serve
from tests.reminders_helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {
    "feed": "/feed/feedSECRET0123456789.ics",
    "invite": "/signup/?invite=gwi_inviteSECRET0123",
    "reset": "/password-reset/confirm/?u=MQ&t=resetSECRET-0123",
    "verify": "/settings/reminders/verify/verifySECRET0123/",
    "unsubscribe": "/unsubscribe/unsubSECRET0123/",
}
NEEDLES = ["feedSECRET", "inviteSECRET", "resetSECRET", "verifySECRET", "unsubSECRET", "refSECRET"]


def _env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOODWILL_")}
    env.update(
        GOODWILL_DATA_DIR=str(data_dir),
        PYTHONPATH=str(ROOT),
        GOODWILL_SIGNUP="closed",
    )
    return env


@pytest.fixture
def served(tmp_path):
    """A migrated SQLite instance with one account, served by gunicorn (no worker)."""
    env = _env(tmp_path)
    goodwill = [sys.executable, "-m", "goodwill"]
    for step in (["migrate"], ["collectstatic", "--noinput"]):
        subprocess.run([*goodwill, "manage", *step, "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run(
        [*goodwill, "account", "create", "--username", "alice"],
        input="a long passphrase\n",
        text=True,
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    port = free_port()
    argv = serve.gunicorn_argv("127.0.0.1", port, 1, with_worker=False)
    log = tmp_path / "served.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5)
                break
            # a slow first answer (a loaded machine) is asked again, until the deadline
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    pytest.fail("gunicorn did not start: " + log.read_text())
                time.sleep(0.2)
        try:
            yield base, tmp_path / "goodwill.sqlite3", log
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def _get(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        return urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as exc:
        return exc


def _failed_login(base: str, forwarded_for: str) -> int:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/login/", timeout=10)
    token = next(c.value for c in jar if c.name == "csrftoken")
    body = urllib.parse.urlencode(
        {"username": "alice", "password": "not it", "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        base + "/login/", data=body, headers={"X-Forwarded-For": forwarded_for}
    )
    try:
        return opener.open(request, timeout=10).status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_access_log_hides_url_secrets_and_the_audit_log_sees_the_client(served):
    base, database, log = served
    for path in SECRETS.values():
        _get(base + path, Referer=f"{base}/signup/?invite=gwi_refSECRET0123")
    # The documented proxy (nginx on 127.0.0.1) forwards the client's address; whatever
    # the client itself put further left is not believed.
    assert _failed_login(base, "198.51.100.66, 203.0.113.9") == 422
    time.sleep(0.5)  # gunicorn writes the access line after the response
    text = log.read_text()
    for needle in NEEDLES:
        assert needle not in text, needle
    assert "GET /feed/[secret].ics" in text
    assert "/signup/?invite=[secret]" in text
    assert "/password-reset/confirm/?u=MQ&t=[secret]" in text
    assert re.search(r"GET /unsubscribe/\[secret\]/ HTTP/1.1\" 404", text)
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT ip FROM goodwill_auditevent WHERE action = 'login.failure'"
        ).fetchall()
    assert rows == [("203.0.113.9",)]
