"""Real servers on loopback for the calendar source: a Radicale CalDAV server in a
subprocess (GPL-3: a test dependency only, never imported by goodwill), and a plain
http.server that serves ICS files the way Google or iCloud serve a private address.

Ports come from 14400-14499: 14400-14449 for Radicale, 14450-14499 for the web server.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import icalendar
import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "calendar"
NOW = dt.datetime(2026, 4, 3, 12, 0, tzinfo=dt.UTC)
OWN = {"alice@example.org", "alice@home.example"}
USER, PASSWORD = "alice", "a long test password"
# What each CalDAV calendar holds: the work calendar has most of it, the personal one
# the rest, so that reading the principal finds both and one calendar's address one.
WORK = [
    "weekly-one-to-one.ics",
    "coffee-berlin.ics",
    "lunch-cancelled.ics",
    "demo-declined.ics",
    "offsite-all-day.ics",
    "catch-up-meet.ics",
    "phone-kim.ics",
    "all-hands.ics",
    "future-lunch.ics",
    "mentoring-rdate.ics",
]
PERSONAL = ["dinner-tokyo.ics", "day-off.ics", "dentist.ics"]


def required(reason: str):
    """Skip with `reason`, or fail when CI=true: there the servers must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required when CI=true)")
    pytest.skip(reason)


def free_port(first: int, last: int) -> int:
    for port in range(first, last + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {first}-{last}")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def merged(names: list[str]) -> bytes:
    """One calendar file holding the events (and time zones) of many: a feed."""
    feed = icalendar.Calendar()
    feed.add("VERSION", "2.0")
    feed.add("PRODID", "-//Goodwill tests//merged feed//EN")
    zones: set[str] = set()
    for name in names:
        for component in icalendar.Calendar.from_ical(fixture(name)).subcomponents:
            if component.name == "VTIMEZONE":
                if str(component["TZID"]) in zones:
                    continue
                zones.add(str(component["TZID"]))
            feed.add_component(component)
    return feed.to_ical()


class Radicale:
    """A Radicale server in a subprocess, with htpasswd (plain) logins and its
    collections in a temporary folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port(14400, 14449)
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        users = self.folder / "users"
        users.write_text(f"{USER}:{PASSWORD}\n")
        config = self.folder / "config"
        config.write_text(
            "[server]\n"
            f"hosts = 127.0.0.1:{self.port}\n"
            "[auth]\n"
            "type = htpasswd\n"
            f"htpasswd_filename = {users}\n"
            "htpasswd_encryption = plain\n"
            "delay = 0\n"
            "[rights]\n"
            "type = owner_only\n"
            "[storage]\n"
            f"filesystem_folder = {self.folder / 'collections'}\n"
            "[logging]\n"
            "level = warning\n"
        )
        self.log = (self.folder / "radicale.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(200):
            if self.process.poll() is not None:
                break
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), 0.2),
            ):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError((self.folder / "radicale.log").read_text()[-2000:])

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base, auth=(USER, PASSWORD), timeout=10)

    def make_calendar(self, name: str, files: list[str]) -> str:
        """A calendar collection /alice/<name>/ holding each file as one object."""
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            f"<D:set><D:prop><D:displayname>{name}</D:displayname></D:prop></D:set>"
            "</C:mkcalendar>"
        )
        path = f"/{USER}/{name}/"
        with self.client() as http:
            http.request("PROPFIND", f"/{USER}/", headers={"Depth": "0"})  # makes the home
            made = http.request("MKCALENDAR", path, content=body)
            assert made.status_code == 201, made.text
            for file in files:
                put = http.put(
                    path + file,
                    content=fixture(file),
                    headers={"Content-Type": "text/calendar; charset=utf-8"},
                )
                assert put.status_code == 201, (file, put.status_code, put.text)
        return self.base + path


class Feeds:
    """An http.server on loopback: each path answers what `routes` says for it,
    (status, content type, body, seconds to wait first)."""

    def __init__(self):
        self.routes: dict[str, tuple[int, str, bytes, float]] = {}
        self.seen_paths: list[str] = []
        feeds = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                feeds.seen_paths.append(self.path)
                status, kind, body, wait = feeds.routes.get(
                    self.path, (404, "text/plain", b"not here", 0)
                )
                if wait:
                    time.sleep(wait)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # quiet
                pass

        self.port = free_port(14450, 14499)
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
