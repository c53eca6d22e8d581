"""Settings are strict, documented, and the secret key is private."""

import os
import re
import stat
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from goodwill import env
from tests.support import ROOT


def test_it_lists_every_variable_in_env_example_and_the_docs():
    example = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    documented = set(
        re.findall(r"`(GOODWILL_[A-Z_]+)`", (ROOT / "docs/configuration.md").read_text())
    )
    assert example == set(env.VARIABLES)
    assert documented == set(env.VARIABLES)


def test_it_reads_every_variable_only_through_env_py():
    used = set()
    for path in (ROOT / "goodwill").rglob("*.py"):
        used |= set(re.findall(r"GOODWILL_[A-Z_]+", path.read_text()))
    settings_only = {
        "GOODWILL_DORMANT_DAYS",
        "GOODWILL_SERVE",
        "GOODWILL_CLI_USER",
        "GOODWILL_EMAIL_ENABLED",
        "GOODWILL_PUSH_ALLOW_HTTP",  # tests only: push to a loopback endpoint over http
        "GOODWILL_COMPLETE",  # click's completion protocol (_GOODWILL_COMPLETE), not ours
    }
    assert used - settings_only <= set(env.VARIABLES)


@pytest.mark.parametrize(
    ("name", "value", "reader", "fragment"),
    [
        ("GOODWILL_PORT", "eighty", lambda: env.get_int("GOODWILL_PORT", 8000), "GOODWILL_PORT"),
        ("GOODWILL_PORT", "70000", lambda: env.get_int("GOODWILL_PORT", 8000), "out of range"),
        (
            "GOODWILL_DEBUG",
            "maybe",
            lambda: env.get_bool("GOODWILL_DEBUG", False),
            "GOODWILL_DEBUG",
        ),
        ("GOODWILL_TIME_ZONE", "Mars/Olympus", env.time_zone, "GOODWILL_TIME_ZONE"),
        (
            "GOODWILL_LOG_LEVEL",
            "loud",
            lambda: env.get_choice("GOODWILL_LOG_LEVEL", "INFO", {"INFO"}),
            "GOODWILL_LOG_LEVEL",
        ),
    ],
)
def test_it_refuses_a_bad_value_naming_the_variable(monkeypatch, name, value, reader, fragment):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=fragment):
        reader()


def test_it_generates_the_secret_key_once_with_mode_0600(tmp_path, monkeypatch):
    monkeypatch.delenv("GOODWILL_SECRET_KEY", raising=False)
    first = env.secret_key(tmp_path)
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert env.secret_key(tmp_path) == first
    assert len(first) >= 50


def test_it_tightens_a_secret_key_file_left_world_readable(tmp_path, monkeypatch):
    monkeypatch.delenv("GOODWILL_SECRET_KEY", raising=False)
    env.secret_key(tmp_path)
    (tmp_path / "secret_key").chmod(0o644)
    env.secret_key(tmp_path)
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_it_stops_start_up_with_a_message_not_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "goodwill", "due"],
        env={**os.environ, "GOODWILL_DATA_DIR": str(tmp_path), "GOODWILL_PORT": "eighty"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert "GOODWILL_PORT='eighty' is not a whole number." in result.stderr
    assert "Traceback" not in result.stderr


def test_it_runs_sqlite_with_immediate_transactions_and_foreign_keys(settings, db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only setting")
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
