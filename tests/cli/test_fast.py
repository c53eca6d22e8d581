"""The CLI starts quickly: `--help` loads no command and no ORM, each command is loaded
from the one table in goodwill.cli.app only when typed, the help that table and
help.json hold is the commands' own, and the shell completes people's names.

Speed itself is measured in benchmarks/bench_cli.py; these tests check what is loaded,
never how long it took.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import typer
import typer.main
from typer._completion_classes import BashComplete, completion_init
from typer.testing import CliRunner

from goodwill.cli import app as cli
from goodwill.people import services as people
from tests.support import ROOT, person

# Runs `goodwill ARGS` in a fresh interpreter, then prints the modules it had loaded.
LOADED = """
import json, sys
from goodwill.cli.app import main
sys.argv = ["goodwill", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print("\\n@@" + json.dumps(sorted(sys.modules)))
"""


def _env(tmp_path, **extra) -> dict:
    environ = {**os.environ, "GOODWILL_DATA_DIR": str(tmp_path), "GOODWILL_DATABASE_URL": ""}
    environ.pop("_GOODWILL_COMPLETE", None)
    return {**environ, "COLUMNS": "100", **extra}


def _run(args, tmp_path, *, code=None, input=None, **extra) -> subprocess.CompletedProcess:
    start = [sys.executable, "-c", code] if code else [sys.executable, "-m", "goodwill"]
    return subprocess.run(
        [*start, *args],
        input=input,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_env(tmp_path, **extra),
        timeout=300,
    )


def loaded_modules(args, tmp_path) -> tuple[str, set[str]]:
    result = _run(args, tmp_path, code=LOADED)
    assert result.returncode == 0, result.stderr
    output, _, modules = result.stdout.rpartition("\n@@")
    return output, set(json.loads(modules))


COMMAND_MODULES = {command.module for command in cli.COMMANDS}


@pytest.mark.parametrize("args", [["--help"], ["person", "--help"], ["log", "--help"]])
def test_help_loads_neither_the_orm_nor_any_command(args, tmp_path):
    output, modules = loaded_modules(args, tmp_path)
    assert "Usage: goodwill" in output
    assert "django.db.models" not in modules
    assert "django.db" not in modules
    assert not modules & COMMAND_MODULES, modules & COMMAND_MODULES
    assert not {m for m in modules if m.startswith("goodwill.") and m.endswith(".models")}
    assert "rich.console" not in modules  # typer's rich formatter is not used


def test_a_command_loads_only_its_own_module(tmp_path):
    _, modules = loaded_modules(["due", "--json"], tmp_path)
    assert "goodwill.interactions.cli" in modules
    # interactions' commands find people with goodwill.people.cli.lookups, which loads
    # that package; no other command module comes with them.
    others = COMMAND_MODULES - {"goodwill.interactions.cli", "goodwill.people.cli"}
    assert not modules & others, modules & others


def test_a_command_with_an_account_loads_no_view_no_ninja_and_no_migration(tmp_path):
    """What Django's start-up loads for a command: the models, the wiring of the data
    extension points, the command's own module. Not the areas' web pages (the person
    page's panels are wired by dotted path), not ninja (schemas have their own base; the
    API loads ninja with the URLs), not the migration files (checked by name), nor the
    stemmer and phone metadata no listing reads."""
    made = _run(
        ["account", "create", "--username", "ana"], tmp_path, input="correct horse battery staple\n"
    )
    assert made.returncode == 0, made.stderr
    output, modules = loaded_modules(["due", "--json"], tmp_path)
    assert json.loads(output) == []
    views = {m for m in modules if m.startswith("goodwill.") and ".views" in m}
    assert not views, views
    assert not {m for m in modules if m == "ninja" or m.startswith("ninja.")}
    assert not {m for m in modules if m.startswith("goodwill.migrations.")}
    assert not modules & {"snowballstemmer", "phonenumbers", "django.test"}


def test_a_migration_not_yet_applied_is_applied_before_the_command(tmp_path):
    """The migrations are checked by file name (none is loaded when all are recorded);
    one missing from the database is still found and applied, as before."""
    made = _run(
        ["account", "create", "--username", "ana"], tmp_path, input="correct horse battery staple\n"
    )
    assert made.returncode == 0, made.stderr
    names = sorted(p.stem for p in (ROOT / "goodwill" / "migrations").glob("0*.py"))
    back = _run(["manage", "migrate", "goodwill", names[-2]], tmp_path)
    assert back.returncode == 0, back.stderr
    due = _run(["due", "--json"], tmp_path)
    assert due.returncode == 0, due.stderr
    assert "Updated the database (1 steps)." in due.stderr
    again = _run(["due", "--json"], tmp_path)
    assert (again.returncode, again.stderr) == (0, "")


def _first_paragraph(text: str) -> str:
    return " ".join(text.split("\n\n")[0].split())


def _staged(module: str) -> dict:
    staging = typer.Typer(rich_markup_mode=None)
    __import__(module, fromlist=["register"]).register(staging)
    return typer.main.get_group(staging).commands


def test_the_table_names_every_command_its_module_adds_with_its_help(db):
    for module in COMMAND_MODULES:
        added = _staged(module)
        listed = {c.name for c in cli.COMMANDS if c.module == module}
        assert set(added) == listed, f"{module} adds {sorted(added)}, the table {sorted(listed)}"
        for name, command in added.items():
            assert _first_paragraph(command.help or "") == cli.TABLE[name].help, name


def test_the_quick_listing_is_the_complete_apps(db):
    runner = CliRunner()
    env = {"COLUMNS": "100"}
    quick = runner.invoke(cli.build(complete=False), ["--help"], env=env)
    complete = runner.invoke(cli.get_app(), ["--help"], env=env)
    assert quick.exit_code == complete.exit_code == 0
    assert quick.stdout == complete.stdout


def test_help_json_holds_every_command_but_manage():
    helps = json.loads(cli.HELP_FILE.read_text())
    assert {"person", "person add", "log", "due", "today", "completion"} <= set(helps)
    assert "manage" not in helps  # its --help goes to Django


@pytest.mark.parametrize("path", ["person", "person add", "log", "today", "lead report"])
def test_the_help_read_from_help_json_is_what_the_command_prints(path, tmp_path):
    quick = _run([*path.split(), "--help"], tmp_path)
    # --user before the command: not a plain command path, so the command is loaded.
    loaded = _run(["--user", "ana", *path.split(), "--help"], tmp_path)
    assert quick.returncode == loaded.returncode == 0, loaded.stderr
    assert quick.stdout == loaded.stdout
    assert quick.stdout == json.loads(cli.HELP_FILE.read_text())[path] + "\n"


def test_help_json_is_in_step_with_the_commands():
    generated = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen-cli-docs"), "--help-json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert generated.returncode == 0, generated.stderr
    assert cli.HELP_FILE.read_text() == generated.stdout, (
        "goodwill/cli/help.json is out of date: run `make docs`."
    )


def test_cached_help_answers_only_a_plain_command_and_help():
    assert cli.cached_help(["person", "--help"]).startswith("Usage: goodwill person ")
    assert cli.cached_help(["person", "add", "-h"]).startswith("Usage: goodwill person add ")
    assert cli.cached_help(["--user", "ana", "person", "--help"]) is None
    assert cli.cached_help(["log", "coffee", "Ana", "--help"]) is None  # not a command path
    assert cli.cached_help(["person"]) is None
    assert cli.cached_help(["manage", "--help"]) is None


# ---------------------------------------------------------------- shell completion


def _complete(tmp_path, words: str, **extra) -> subprocess.CompletedProcess:
    return _run(
        [],
        tmp_path,
        _GOODWILL_COMPLETE="bash_complete",
        COMP_WORDS=words,
        COMP_CWORD=str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        **extra,
    )


@pytest.fixture
def filled(tmp_path):
    """A data dir with one account (ana), made through the CLI as a user would."""
    created = _run(
        ["account", "create", "--username", "ana"], tmp_path, input="correct horse battery staple\n"
    )
    assert created.returncode == 0, created.stderr
    for name in ("Ana Lima", "Anders Berg", "Ben Ortega", "Carla Anand"):
        added = _run(["person", "add", name], tmp_path)
        assert added.returncode == 0, added.stderr
    return tmp_path


def test_bash_completes_peoples_names_for_log_person_show_and_path(filled):
    for words in ("goodwill log coffee An", "goodwill person show An", "goodwill path An"):
        result = _complete(filled, words)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == ["Ana\\ Lima", "Anders\\ Berg"]


def test_zsh_and_fish_get_the_names_unescaped(filled):
    zsh = _run(
        [], filled, _GOODWILL_COMPLETE="zsh_complete", _TYPER_COMPLETE_ARGS="goodwill log call Be"
    )
    assert '"Ben Ortega"' in zsh.stdout
    fish = _run(
        [],
        filled,
        _GOODWILL_COMPLETE="complete_fish",
        _TYPER_COMPLETE_ARGS="goodwill person show Car",
        _TYPER_COMPLETE_FISH_ACTION="get-args",
    )
    assert fish.stdout.strip() == "Carla Anand"


def test_completion_uses_the_account_named_on_the_line(filled):
    result = _complete(filled, "goodwill --user nobody log coffee An")
    assert result.returncode == 0
    assert result.stdout.strip() == ""


def test_completion_offers_nothing_and_creates_nothing_without_a_database(tmp_path):
    result = _complete(tmp_path, "goodwill log coffee An")
    assert result.returncode == 0
    assert (result.stdout.strip(), result.stderr.strip()) == ("", "")
    assert not (tmp_path / "goodwill.sqlite3").exists()


def test_completion_of_command_names_loads_no_command(tmp_path):
    result = _complete(tmp_path, "goodwill to")
    assert result.stdout.split() == ["today", "token"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_it_prints_the_completion_script_for_each_shell(shell, tmp_path):
    result = _run(["completion", shell], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "_GOODWILL_COMPLETE=complete_" + shell in result.stdout


def test_completion_callback_in_process(run, alice, bob, settings):
    """The callback itself, through click's completion API (no subprocess)."""
    settings.GOODWILL_CLI_USER = "alice"
    person(alice, "Ana Lima")
    person(alice, "Bea Ana")
    person(bob, "Ana Bobson")
    completion_init()
    people.set_archived(owner=alice, person=person(alice, "Anabel Ruiz"), archived=True)
    complete = BashComplete(typer.main.get_command(cli.get_app()), {}, "goodwill", "_X")
    values = [item.value for item in complete.get_completions(["log", "coffee"], "Ana")]
    assert values == ["Ana Lima"]  # not archived people, nor another account's


def test_the_cli_docs_explain_speed_and_completion():
    text = (ROOT / "docs" / "cli.md").read_text()
    assert "## Speed and completion" in text
    assert re.search(r"goodwill completion (bash|zsh|fish)", text)
