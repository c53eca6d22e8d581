"""The CLI as a whole: start-up, `manage`, `serve`, `demo` and the generated reference."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

import pytest

from goodwill.cli import serve
from goodwill.people.models import Person
from tests.support import ROOT


def _goodwill(*args, tmp_path, input=None, **env):
    environ = {**os.environ, "GOODWILL_DATA_DIR": str(tmp_path), "GOODWILL_DATABASE_URL": ""}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "goodwill", *args],
        input=input,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environ,
        timeout=60,
    )


def test_it_runs_as_python_dash_m_goodwill(tmp_path):
    result = _goodwill("--help", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    for command in ("serve", "account", "person", "log", "due", "token", "demo", "manage"):
        assert command in result.stdout


def test_it_reports_a_bad_setting_without_a_traceback(tmp_path):
    result = _goodwill("person", "list", tmp_path=tmp_path, GOODWILL_PORT="eighty")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: GOODWILL_PORT='eighty' is not a whole number."


def test_it_sets_up_a_fresh_data_dir_on_account_create(tmp_path):
    created = _goodwill(
        "account", "create", "--username", "ana", input="correct horse battery staple\n",
        tmp_path=tmp_path,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    listed = _goodwill("account", "list", "--json", tmp_path=tmp_path)
    assert [a["username"] for a in json.loads(listed.stdout)] == ["ana"]
    assert (tmp_path / "goodwill.sqlite3").exists()


def test_it_passes_manage_arguments_through_to_django(run, capsys):
    result = run("manage", "showmigrations", "goodwill", "--plan")
    assert result.exit_code == 0
    assert "goodwill.0001_initial" in result.stdout


def test_it_serves_after_migrating_and_collecting_static_files(run, settings, monkeypatch):
    calls, execs = [], []
    monkeypatch.setattr(serve, "call_command", lambda *a, **kw: calls.append(a[0]))
    monkeypatch.setattr(serve.os, "execv", lambda path, argv: execs.append(argv))
    settings.GOODWILL_SERVE = {"host": "127.0.0.1", "port": 8123, "workers": 3}

    result = run("serve", "--workers", "2")
    assert result.exit_code == 0, result.output
    assert calls == ["migrate", "collectstatic"]
    assert "Goodwill is running at http://127.0.0.1:8123 — data in" in result.stdout
    assert "Open it to create your account." in result.stdout
    argv = execs[0]
    assert argv[:3] == [sys.executable, "-m", "gunicorn"]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123"
    assert argv[argv.index("--workers") + 1] == "2"
    assert argv[-1] == "goodwill.wsgi:application"


def test_it_binds_ipv6_addresses_in_brackets():
    assert serve.bind_address("::1", 8000) == "[::1]:8000"
    assert serve.bind_address("0.0.0.0", 80) == "0.0.0.0:80"


def test_it_fills_an_account_with_demo_data(run, alice):
    try:
        importlib.import_module("goodwill.demo.services").fill_demo
    except (ImportError, AttributeError):
        pytest.skip("goodwill.demo.services.fill_demo is not written yet")
    result = run("demo", "--people", "12", "--seed", "3", "--json")
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert counts["people"] == 12
    assert Person.objects.filter(owner=alice, is_me=False).count() == 12


def test_it_keeps_docs_cli_md_in_step_with_the_commands(tmp_path):
    generated = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen-cli-docs")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert generated.returncode == 0, generated.stderr
    assert (ROOT / "docs" / "cli.md").read_text() == generated.stdout, (
        "docs/cli.md is out of date: run `make docs`."
    )
