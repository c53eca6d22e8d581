"""Quick tier of the fault proofs (the long runs are proof/kill_import.py, disk_full.py...).

A full disk or a read-only database: a write gets a clear 503 page (web) or JSON error
(API), nothing is written, reads keep working, and writes work again once it is fixed.
kill -9 in the middle of imports: each import is wholly present or absent.
"""

from __future__ import annotations

import contextlib
import random
import sys
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client

from goodwill.accounts import services as accounts
from goodwill.interactions.models import Interaction
from tests.support import ROOT

sys.path.insert(0, str(ROOT / "proof"))
import _faultkit as faultkit

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _read_only(on: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")
        else:
            cursor.execute(f"SET default_transaction_read_only = {'on' if on else 'off'}")


@pytest.fixture
def web(alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    return client


@pytest.fixture
def api(alice):
    # Not the shared `api` (conftest.py): a client that answers errors instead of raising.
    secret = accounts.create_token(owner=alice, name="faults")[1]
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {secret}")


def _log_web(web, person, summary: str, notes: str = ""):
    return web.post(
        "/log/", {"participants": [person.pk], "kind": "call", "summary": summary, "notes": notes}
    )


def _log_api(api, person, summary: str, notes: str = ""):
    body = {"participants": [person.pk], "summary": summary, "notes": notes}
    return api.post("/api/v1/interactions", body, content_type="application/json")


def test_it_answers_a_read_only_database_with_a_clear_page_and_recovers(web, ana):
    _read_only(True)
    try:
        response = _log_web(web, ana, "while read-only")
        assert response.status_code == 503
        assert response["Retry-After"]
        page = response.content.decode()
        assert "cannot be written right now" in page and "Nothing was half-saved" in page
        assert web.get("/people/").status_code == 200  # reads still work
    finally:
        _read_only(False)
    assert not Interaction.objects.filter(summary="while read-only").exists()
    assert _log_web(web, ana, "writable again").status_code == 302
    assert Interaction.objects.filter(summary="writable again").count() == 1


def test_it_answers_a_read_only_database_in_the_api_with_a_clear_json_error(api, ana):
    _read_only(True)
    try:
        response = _log_api(api, ana, "while read-only")
        assert response.status_code == 503
        body = response.json()
        assert body["error"] == "unavailable"
        assert "cannot be written" in body["message"]
        assert api.get("/api/v1/people").status_code == 200
    finally:
        _read_only(False)
    assert not Interaction.objects.filter(summary="while read-only").exists()
    assert _log_api(api, ana, "writable again").status_code == 201


@pytest.fixture
def full_disk():
    """SQLite with no room to grow: max_page_count pinned at the current size."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own limit; a PostgreSQL server reports its full disk itself")

    def pin(on: bool) -> None:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {pages if on else 1073741823}")

    return pin


def test_it_answers_a_full_disk_with_a_clear_page_and_json_error(web, api, ana, full_disk):
    big = "x" * 200_000  # needs new pages whatever free space the file has
    full_disk(True)
    try:
        page = _log_web(web, ana, "while full", notes=big)
        json_error = _log_api(api, ana, "while full", notes=big)
    finally:
        full_disk(False)
    assert page.status_code == 503
    assert "disk holding Goodwill" in page.content.decode()
    assert json_error.status_code == 503
    assert json_error.json()["error"] == "unavailable"
    assert not Interaction.objects.filter(summary="while full").exists()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        assert cursor.fetchone()[0] == "ok"
    assert _log_api(api, ana, "room again", notes=big).status_code == 201


def test_it_keeps_other_database_errors_an_ordinary_500(api, ana, monkeypatch):
    from django.db import OperationalError

    from goodwill.interactions import services as interactions

    def broken(**kwargs):
        raise OperationalError("no such column: nonsense")

    monkeypatch.setattr(interactions, "log_interaction", broken)
    response = _log_api(api, ana, "broken")
    assert response.status_code == 500
    assert response.json()["error"] == "server_error"


@contextlib.contextmanager
def _instance(request, tmp_path):
    """SQLite: a scratch data dir (the test database is in memory). PostgreSQL: this test's
    own database (already built, and emptied after the test), so no second migrate."""
    if connection.vendor == "sqlite":
        with faultkit.scratch("sqlite") as env:
            yield env
        return
    request.getfixturevalue("alice")
    s = connection.settings_dict
    user = f"{s['USER']}:{quote(s['PASSWORD'])}" if s.get("PASSWORD") else s["USER"]
    url = f"postgres://{user}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    yield faultkit.base_env(tmp_path, url)


def test_it_leaves_each_import_whole_or_absent_when_killed_mid_transaction(request, tmp_path):
    rng = random.Random(10)
    with _instance(request, tmp_path) as env:
        results = [faultkit.kill_import_cycle(env, c, rng, size=1000) for c in range(5)]
    assert [p for r in results for p in r.problems] == []
    assert sum(r.killed_inside for r in results) >= 3  # the kills did land mid-import
    assert all(all(n in (0, 1000) for n in r.counts.values()) for r in results)
