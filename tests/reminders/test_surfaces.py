"""The reminders settings page, the API, the CLI, and `goodwill serve` starting the worker."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goodwill import gunicorn_hooks
from goodwill.accounts import services as accounts
from goodwill.cli import serve
from goodwill.reminders import services as service
from goodwill.reminders.models import DigestSend, ReminderSettings
from tests.reminders_helpers import subscribe


@pytest.fixture
def api(client, alice):
    # Not the shared `api` (conftest.py): only the Authorization header, for raw requests.
    _, secret = accounts.create_token(owner=alice, name="script")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


# ---------------------------------------------------------------- web


def test_it_saves_settings_from_the_page(alice_client, alice):
    page = alice_client.get("/settings/reminders/")
    assert page.status_code == 200
    assert "Digest e-mail" in page.content.decode()
    response = alice_client.post(
        "/settings/reminders/",
        {
            "digest_enabled": "on",
            "frequency": "weekly",
            "weekday": "4",
            "send_time": "07:45",
            "time_zone": "Asia/Kolkata",
            "email": "alice@mail.example",
        },
    )
    assert response.status_code == 302
    config = ReminderSettings.objects.get(owner=alice)
    assert (config.frequency, config.weekday, config.send_time) == ("weekly", 4, dt.time(7, 45))
    assert (config.time_zone, config.email, config.is_verified) == (
        "Asia/Kolkata",
        "alice@mail.example",
        False,
    )


def test_it_names_the_bad_field_and_saves_nothing(alice_client, alice):
    response = alice_client.post(
        "/settings/reminders/",
        {"frequency": "daily", "weekday": "0", "send_time": "25:99", "time_zone": "UTC"},
    )
    assert response.status_code == 422
    assert "Enter a valid time" in response.content.decode()
    assert not ReminderSettings.objects.filter(owner=alice).exists()


def test_it_shows_the_feed_address_once(alice_client, alice):
    response = alice_client.post("/settings/reminders/feed/rotate/")
    body = response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert "/feed/gwf_" in body
    assert "/feed/gwf_" not in alice_client.get("/settings/reminders/").content.decode()
    alice_client.post("/settings/reminders/feed/revoke/")
    assert not ReminderSettings.objects.get(owner=alice).has_feed


def test_it_links_the_reminders_page_from_the_settings_page(alice_client):
    assert "/settings/reminders/" in alice_client.get("/settings/tokens/").content.decode()


def test_it_shows_recent_digests_in_a_fixed_number_of_queries(alice_client, alice):
    subscribe(alice)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert alice_client.get("/settings/reminders/").status_code == 200
        return len(ctx.captured_queries)

    DigestSend.objects.create(owner=alice, period_key="2026-06-01", due_at=dt.datetime.now(dt.UTC),
                              to_email="a@example.org")  # fmt: skip
    count()  # the first request of a process warms caches
    one = count()
    for day in range(2, 9):
        DigestSend.objects.create(
            owner=alice, period_key=f"2026-06-0{day}", due_at=dt.datetime.now(dt.UTC),
            to_email="a@example.org", status="sent",
        )  # fmt: skip
    assert count() == one


def test_it_previews_the_digest_page(alice_client, alice, ana):
    response = alice_client.get("/settings/reminders/preview/")
    assert response.status_code == 200


# ---------------------------------------------------------------- API


def test_it_reads_and_patches_settings_over_the_api(client, alice, api):
    got = client.get("/api/v1/reminders/settings", **api).json()
    assert got["digest_enabled"] is False
    assert got["email"] == "alice@example.org"
    response = client.patch(
        "/api/v1/reminders/settings",
        {"digest_enabled": True, "send_time": "06:30", "weekday": "fri", "time_zone": "UTC"},
        content_type="application/json",
        **api,
    )
    assert response.status_code == 200, response.content
    assert (response.json()["send_time"], response.json()["weekday"]) == ("06:30", "friday")


def test_it_rejects_a_bad_zone_over_the_api_naming_it(client, alice, api):
    response = client.patch(
        "/api/v1/reminders/settings", {"time_zone": "Mars/Olympus"},
        content_type="application/json", **api,
    )  # fmt: skip
    assert response.status_code == 422
    assert "time_zone" in response.content.decode()
    assert not ReminderSettings.objects.filter(owner=alice).exists()


def test_it_rotates_and_revokes_the_feed_over_the_api(client, alice, api):
    created = client.post("/api/v1/reminders/feed", **api)
    assert created.status_code == 201
    url = created.json()["url"]
    assert client.get(url.split("8000", 1)[1]).status_code == 200
    assert client.delete("/api/v1/reminders/feed", **api).json()["feed_active"] is False
    assert client.get(url.split("8000", 1)[1]).status_code == 404


def test_it_previews_the_digest_over_the_api(client, alice, api):
    response = client.get("/api/v1/reminders/digest/preview", **api)
    assert response.status_code == 200
    assert set(response.json()) == {"subject", "local_date", "count", "sections"}


# ---------------------------------------------------------------- CLI


def test_it_changes_and_shows_settings_from_the_cli(run, alice):
    result = run("digest", "settings", "--on", "--every", "weekly", "--weekday", "mon",
                 "--at", "08:15", "--tz", "Europe/Berlin", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["frequency"], data["weekday"], data["send_time"]) == ("weekly", "monday", "08:15")


def test_it_names_the_bad_field_on_the_cli(run, alice):
    result = run("digest", "settings", "--at", "eight")
    assert result.exit_code == 2
    assert "send_time" in result.stderr


def test_it_makes_a_feed_url_on_the_cli(run, alice):
    first = json.loads(run("feed", "url", "--json").stdout)
    assert "/feed/gwf_" in first["url"]
    again = json.loads(run("feed", "url", "--json").stdout)
    assert again["url"] is None  # only a hash is kept: it cannot be shown twice
    rotated = json.loads(run("feed", "rotate", "--json").stdout)
    assert rotated["url"] != first["url"]
    assert run("feed", "revoke").exit_code == 0
    assert not ReminderSettings.objects.get(owner=alice).has_feed


def test_it_sends_due_digests_once_from_the_cli(run, alice, settings, frozen_now):
    settings.GOODWILL_EMAIL_ENABLED = True  # Django's in-memory mailer stands in for SMTP
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    frozen_now(dt.datetime(2026, 6, 15, 8, 5, tzinfo=dt.UTC))
    subscribe(alice)
    dry = json.loads(run("send-digests", "--dry-run", "--json").stdout)
    assert [(r["account"], r["status"]) for r in dry] == [("alice", "would plan")]
    assert not DigestSend.objects.exists()
    first = json.loads(run("send-digests", "--json").stdout)
    second = json.loads(run("send-digests", "--json").stdout)
    assert (first["planned"], first["sent"], second["planned"], second["sent"]) == (1, 1, 0, 0)
    assert DigestSend.objects.count() == 1
    assert len(mail.outbox) == 1


def test_it_previews_the_digest_on_the_cli(run, alice, ana):
    result = run("digest", "preview")
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- serve


def test_it_serves_with_the_worker_hooked_to_gunicorn(run, settings, monkeypatch):
    monkeypatch.setattr(serve, "call_command", lambda *a, **kw: None)
    # serve closes its connections before exec; here that would end the test's
    # transaction (PostgreSQL) before the second run.
    monkeypatch.setattr(serve.connections, "close_all", lambda: None)
    execs = []
    monkeypatch.setattr(serve.os, "execv", lambda path, argv: execs.append(argv))
    assert run("serve").exit_code == 0
    assert execs[0][execs[0].index("--config") + 1] == "python:goodwill.gunicorn_hooks"
    execs.clear()
    assert run("serve", "--no-worker").exit_code == 0
    assert "--config" not in execs[0]


def test_the_worker_it_starts_exits_with_the_server_by_itself():
    # If gunicorn is killed -9, on_exit never runs: the worker must watch its parent.
    assert gunicorn_hooks.worker_argv()[-2:] == ["worker", "--exit-with-parent"]


class _Log:
    def __init__(self):
        self.errors = []

    def info(self, *args):
        pass

    def error(self, *args):
        self.errors.append(args[0] % args[1:])


def test_it_restarts_a_worker_that_died_and_stops_it_with_gunicorn(monkeypatch):
    """A real child stands in for the worker: killed, it is replaced; on exit, stopped."""
    monkeypatch.setattr(
        gunicorn_hooks, "worker_argv", lambda: [sys.executable, "-c", "import time; time.sleep(60)"]
    )
    monkeypatch.setattr(gunicorn_hooks, "FIRST_DELAY", 0.05)

    class Server:
        log = _Log()

    gunicorn_hooks.when_ready(Server)
    first = gunicorn_hooks._state["proc"]
    first.kill()
    deadline = time.monotonic() + 20
    while gunicorn_hooks._state["proc"] is first and time.monotonic() < deadline:
        time.sleep(0.02)
    second = gunicorn_hooks._state["proc"]
    try:
        assert second is not first and second.poll() is None
        assert "exited with -9" in Server.log.errors[0]
    finally:
        gunicorn_hooks.on_exit(Server)
    assert second.wait(timeout=10) is not None
    time.sleep(0.2)  # the supervisor saw the stop and started nothing more
    assert gunicorn_hooks._state["proc"] is second


def test_it_turns_an_unsubscribe_token_into_nothing_for_a_stranger(client, alice):
    assert client.get("/unsubscribe/not-a-token/").status_code == 404
    assert service.unsubscribe(token="1:forged") is None
