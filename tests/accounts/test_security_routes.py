"""Rules that hold on every route, generated from the URL list: CSRF on every unsafe
web route, no change of state on GET, and production settings that pass Django's
deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import get_resolver

from goodwill.accounts.models import AuditEvent
from tests.core.test_isolation import OWN_WALK, fill, snapshot, walk
from tests.core.test_isolation import alices_world as alices_world  # the fixture

# Routes a visitor may POST to without a session (they carry their own CSRF token in
# the form, checked here too) are still checked: nothing is exempt.
SKIP = ("static/", "api/v1/openapi.json", "api/v1/docs")


def _web_routes(world):
    for name, pattern in walk(get_resolver().url_patterns):
        if pattern.startswith(SKIP) or pattern.startswith("api/"):
            continue
        if name.startswith(OWN_WALK):  # CardDAV: Basic auth, no session, writes refused
            continue  # with 403 (tests/dav/test_protocol.py checks every method)
        yield name, fill(pattern, name, world)


def test_it_refuses_every_unsafe_web_request_without_a_csrf_token(alice, request):
    alices_world = request.getfixturevalue("alices_world")
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    before = snapshot(alice)
    let_through = []
    for name, url in _web_routes(alices_world):
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url, data={})
            if response.status_code not in (403, 405):
                let_through.append(f"{method.upper()} {url} ({name}) → {response.status_code}")
    assert not let_through, "\n".join(let_through)
    assert snapshot(alice) == before


def test_it_refuses_session_api_writes_without_the_csrf_header(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(
        "/api/v1/people", {"display_name": "Zoe"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


def test_it_changes_nothing_on_get_anywhere(alice, request):
    alices_world = request.getfixturevalue("alices_world")
    """alice herself GETs every route with her own ids: no row changes."""
    client = Client()
    client.force_login(alice)
    before = snapshot(alice)
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for name, url in _web_routes(alices_world):
        if name in {"accounts.logout"}:
            continue
        client.get(url)
    for name, pattern in walk(get_resolver().url_patterns):
        if pattern.startswith("api/") and "openapi" not in pattern:
            client.get(fill(pattern, name, alices_world))
    assert snapshot(alice) == before
    # Reads are logged only where they matter (exports): the log is not user data.
    logged = set(AuditEvent.objects.filter(pk__gt=last_event).values_list("action", flat=True))
    assert logged <= {"export"}, logged


def _check_deploy(tmp_path, **extra):
    env = {
        **os.environ,
        "GOODWILL_DATA_DIR": str(tmp_path),
        "GOODWILL_DATABASE_URL": "",
        "GOODWILL_ENV": "production",
        **extra,
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "goodwill",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deployment_checks_in_production(tmp_path):
    result = _check_deploy(
        tmp_path,
        GOODWILL_SITE_URL="https://goodwill.example.org",
        GOODWILL_ALLOWED_HOSTS="goodwill.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"GOODWILL_ALLOWED_HOSTS": "goodwill.example.org"}, "GOODWILL_SITE_URL"),
        (
            {"GOODWILL_SITE_URL": "http://goodwill.example.org", "GOODWILL_ALLOWED_HOSTS": "x"},
            "GOODWILL_SITE_URL",
        ),
        ({"GOODWILL_SITE_URL": "https://goodwill.example.org"}, "GOODWILL_ALLOWED_HOSTS"),
        (
            {
                "GOODWILL_SITE_URL": "https://goodwill.example.org",
                "GOODWILL_ALLOWED_HOSTS": "goodwill.example.org",
                "GOODWILL_DEBUG": "true",
            },
            "GOODWILL_DEBUG",
        ),
    ],
)
def test_it_refuses_to_start_in_production_without_safe_settings(tmp_path, extra, named):
    result = _check_deploy(tmp_path, **extra)
    assert result.returncode != 0
    assert named in result.stderr
    assert "Traceback" not in result.stderr
