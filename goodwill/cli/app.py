"""The `goodwill` command line: one typer app, to which each area adds its commands.

It starts quickly because it loads only what the typed command needs. ``COMMANDS``
below names every top-level command, the module that adds it (its ``register(root)``)
and the first paragraph of its help, so `goodwill --help` lists them all without
importing a single area, and without Django. When a command is about to run, Django is
set up and that one module is imported; nothing else is. `goodwill <command> --help`
is read from help.json (written by `make docs`), or else works the same way.

Adding a command, or a group of them, is one line in ``COMMANDS``. The module's
``register(root)`` adds it to the root app as before; tests/cli/test_app.py checks
that the table and the modules agree, help included.

``get_app()`` is the complete app, every module loaded (tests and `make docs` use it).
Errors a user can fix (a bad value, an unknown name) print ``error: ...`` on stderr and
exit with status 2; they never show a traceback.
"""

from __future__ import annotations

import contextlib
import enum
import importlib
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Annotated, NamedTuple

import typer
import typer.main
from typer._completion_shared import get_completion_script
from typer.core import TyperCommand, TyperGroup

from goodwill.cli.base import USER_ERROR, CliError, _options, check_args, say_error, setup_django


class Command(NamedTuple):
    name: str  # what the user types: `goodwill <name> ...`
    module: str  # the module whose register(root) adds it
    help: str  # the first paragraph of its help, as `goodwill --help` lists it


# Every top-level command, in the order `goodwill --help` lists them.
COMMANDS = (
    Command("serve", "goodwill.cli.serve", "Start Goodwill's web app (and its API): set up the database, then serve."),  # noqa: E501
    Command("today", "goodwill.coach.cli", "Today's plan: a sentence, then a few small actions, each with its reason, the rule that chose it and a ready draft."),  # noqa: E501
    Command("log", "goodwill.interactions.cli", "Log a touchpoint (coffee, call, ...) with one or more people."),  # noqa: E501
    Command("due", "goodwill.interactions.cli", "Who is due for a catch-up, most overdue first, with when you last talked."),  # noqa: E501
    Command("person", "goodwill.people.cli", "Add, find, show and edit people."),
    Command("promise", "goodwill.interactions.cli", "What you promised people, and when it is due."),  # noqa: E501
    Command("brief", "goodwill.coach.cli", "What to know before meeting someone: last talks, things to ask, needs, openers."),  # noqa: E501
    Command("path", "goodwill.network.cli", "Who can introduce you to someone: the warmest shortest paths, each link explained."),  # noqa: E501
    Command("reach", "goodwill.network.cli", "How many people you know directly, how many more one introduction reaches, how that grew month by month, and your bridges."),  # noqa: E501
    Command("lead", "goodwill.leads.cli", "Leads you receive: follow through and report back."),
    Command("referral", "goodwill.leads.cli", "Referrals you give, and the check on how they went."),  # noqa: E501
    Command("need", "goodwill.giving.cli", "What people need: note it, find who could help."),
    Command("offer", "goodwill.giving.cli", "What people (and you) can offer."),
    Command("give", "goodwill.giving.cli", "Help given and received."),
    Command("intro", "goodwill.giving.cli", "Double-opt-in introductions: suggest, ask A, ask B, made, outcome."),  # noqa: E501
    Command("balance", "goodwill.giving.cli", "Are you leading with giving? Given vs received, by month and by person."),  # noqa: E501
    Command("outreach", "goodwill.coach.cli", "Asks and invitations, and their answers."),
    Command("event", "goodwill.coach.cli", "Events: prep, capture the people met, debrief."),
    Command("assess", "goodwill.coach.cli", "Take the check-in: rate twelve statements 1 (not like me) to 5 (very much like me)."),  # noqa: E501
    Command("situation", "goodwill.coach.cli", "Show or change where you are right now; Today plans for it."),  # noqa: E501
    Command("plan", "goodwill.coach.cli", "Your launch plan: tiny first steps, with progress."),
    Command("goal", "goodwill.coach.cli", "Show or set your weekly goal, and this week's progress and streak."),  # noqa: E501
    Command("import", "goodwill.exchange.cli", "Import contacts from LinkedIn, Google, Outlook, vCard or CSV files."),  # noqa: E501
    Command("export", "goodwill.exchange.cli", "Export your people as vCard or CSV, or the whole account as JSON."),  # noqa: E501
    Command("import-json", "goodwill.exchange.cli", "Load a full JSON export into an empty account (all or nothing)."),  # noqa: E501
    Command("dedupe", "goodwill.exchange.cli", "Find likely duplicates; merge them or mark them as different people."),  # noqa: E501
    Command("backup", "goodwill.exchange.cli", "Back up the SQLite database; safe while Goodwill is running."),  # noqa: E501
    Command("restore", "goodwill.exchange.cli", "Replace the database with a backup. The current one is kept as a safety copy."),  # noqa: E501
    Command("demo", "goodwill.demo.cli", "Add made-up people, interactions and relationships to an account."),  # noqa: E501
    Command("account", "goodwill.accounts.cli", "Create, list, invite and delete accounts; your default phone region."),  # noqa: E501
    Command("token", "goodwill.accounts.cli", "Personal access tokens for the JSON API and the MCP server."),  # noqa: E501
    Command("feed", "goodwill.reminders.cli", "Your calendar feed: a secret address to subscribe to."),  # noqa: E501
    Command("digest", "goodwill.reminders.cli", "Your digest e-mail: settings, verification, preview."),  # noqa: E501
    Command("capture", "goodwill.capture.cli", "Capture without typing: interactions from your mail and calendars."),  # noqa: E501
    Command("notify", "goodwill.notify.cli", "Notifications: send reminders to ntfy, Telegram, Matrix, e-mail… through Apprise."),  # noqa: E501
    Command("mcp", "goodwill.mcp.cli", "Let an AI assistant (Claude Desktop, Claude Code, others) use the coach."),  # noqa: E501
    Command("carddav", "goodwill.dav.cli", "Your people in your phone's or computer's contacts app (CardDAV, read-only)."),  # noqa: E501
    Command("worker", "goodwill.reminders.cli", "Run the background worker: sends digests when they are due, and queued e-mails."),  # noqa: E501
    Command("send-digests", "goodwill.reminders.cli", "Send the digests due now, once (for cron). Safe to run beside `goodwill worker`."),  # noqa: E501
    Command("manage", "goodwill.cli.manage", "Run one of Django's management commands (for maintenance and CI)."),  # noqa: E501
)  # fmt: skip
TABLE = {command.name: command for command in COMMANDS}

# The commands of each module once it is loaded: {module: {name: click command}}.
_loaded: dict[str, dict] = {}
# Open while a command runs with Django set up: it watches the database for writes.
_session = contextlib.ExitStack()
_watches: list = []


def load(module: str) -> dict:
    """The commands ``module`` adds (Django must be set up: the modules use the models)."""
    if module not in _loaded:
        staging = typer.Typer(rich_markup_mode=None)
        importlib.import_module(module).register(staging)
        _loaded[module] = dict(typer.main.get_group(staging).commands)
    return _loaded[module]


def start_django() -> None:
    """Set Django up (once), and from then on watch the database for writes."""
    setup_django()
    if not _watches:
        # Imported here, not at the top: it uses the models, which need Django set up.
        from goodwill.core import revision

        _watches.append(_session.enter_context(revision.watch_writes()))


def finish() -> None:
    """After a command: if it wrote, every account gets a new revision, so what a
    running server keeps by revision (Today) is computed afresh. A command may change any
    account's data."""
    try:
        if _watches and _watches[0].wrote:
            from goodwill.core import revision

            revision.bump()
    finally:
        _session.close()
        _watches.clear()


class GoodwillGroup(TyperGroup):
    """The root command. It knows every command from ``COMMANDS`` and loads one only when
    it is about to run. It turns user errors raised anywhere below into a message and
    exit status 2, and refuses hostile characters in any argument before a command reads
    it."""

    def list_commands(self, ctx) -> list[str]:
        return [*TABLE, *(name for name in self.commands if name not in TABLE)]

    def get_command(self, ctx, name: str):
        if name in self.commands:
            return self.commands[name]
        if name not in TABLE:
            return None
        # Only named (in the list of commands, or while completing a command's name): a
        # stand-in with the table's help. resolve_command loads the real one to run it.
        return TyperCommand(name, help=TABLE[name].help, rich_markup_mode=None)

    def resolve_command(self, ctx, args):
        name = args[0] if args else None
        if name in TABLE and name not in self.commands:  # (the complete app has them all)
            start_django()
            self.commands.update(load(TABLE[name].module))
            if name not in self.commands:
                raise RuntimeError(f"{TABLE[name].module}.register() did not add {name!r}")
        return super().resolve_command(ctx, args)

    def parse_args(self, ctx, args):
        try:
            check_args(args)
        except CliError as exc:
            say_error(str(exc))
            raise typer.Exit(USER_ERROR) from None
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        # Imported here: a command is about to run, and Django with it (these are its).
        from django.core.exceptions import ImproperlyConfigured, ValidationError
        from django.db import DatabaseError
        from django.utils import timezone

        from goodwill.cli.common import validation_lines

        try:
            return super().invoke(ctx)
        except ImproperlyConfigured as exc:  # a bad setting, found as Django sets up
            say_error(str(exc))
            raise typer.Exit(USER_ERROR) from None
        except ValidationError as exc:
            for line in validation_lines(exc):
                say_error(line)
            raise typer.Exit(USER_ERROR) from None
        except CliError as exc:
            say_error(str(exc))
            raise typer.Exit(USER_ERROR) from None
        except DatabaseError as exc:
            say_error(f"the database refused: {exc}")
            raise typer.Exit(1) from None
        finally:
            timezone.deactivate()  # current_user() made the account's zone the current one

    def _main_shell_completion(self, ctx_args, prog_name, complete_var=None) -> None:
        # Click's own protocol names the shell first (`bash_complete`), typer's the
        # instruction (`complete_bash`); the scripts of both work.
        var = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        shell, _, instruction = os.environ.get(var, "").partition("_")
        if instruction in {"complete", "source"}:
            os.environ[var] = f"{instruction}_{shell}"
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


def root(
    user: str = typer.Option(
        None,
        "--user",
        "-u",
        metavar="USERNAME",
        help="The account to act as when there is more than one (or set GOODWILL_USER).",
    ),
) -> None:
    """Goodwill: a personal relationship manager with a networking coach.

    Start the web app with `goodwill serve`; the other commands work on the same data.

    Listings take --json for scripts.
    """
    _options["user"] = (user or "").strip() or None


class Shell(enum.StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def completion(
    shell: Annotated[Shell, typer.Argument(help="Your shell: bash, zsh or fish.")],
) -> None:
    """Print the script that lets your shell complete goodwill's commands and people's
    names.

    bash: goodwill completion bash > ~/.local/share/bash-completion/completions/goodwill

    zsh: goodwill completion zsh > ~/.zfunc/_goodwill (with ~/.zfunc in your fpath)

    fish: goodwill completion fish > ~/.config/fish/completions/goodwill.fish

    Or let `goodwill --install-completion` find your shell and do it for you.
    """
    typer.echo(
        get_completion_script(
            prog_name="goodwill", complete_var="_GOODWILL_COMPLETE", shell=shell.value
        )
    )


def build(*, complete: bool) -> typer.Typer:
    """The root app; ``complete`` loads every command now, else each when it is typed."""
    app = typer.Typer(
        cls=GoodwillGroup,
        name="goodwill",
        no_args_is_help=True,
        rich_markup_mode=None,  # click's plain help: rich's formatter costs a third of a second
        pretty_exceptions_show_locals=False,  # locals may hold a password
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(root)
    app.command("completion")(completion)
    if complete:  # Django is set up already (pytest-django, scripts/gen-cli-docs)
        for module in dict.fromkeys(command.module for command in COMMANDS):
            importlib.import_module(module).register(app)
    return app


_complete_app: typer.Typer | None = None


def get_app() -> typer.Typer:
    """The complete app, every command loaded (tests and `make docs` use it). Call it
    once Django is set up."""
    global _complete_app
    if _complete_app is None:
        _complete_app = build(complete=True)
    return _complete_app


# Every command's --help as an 80-column terminal shows it, written by `make docs`
# (scripts/gen-cli-docs --help-json; tests/cli/test_fast.py checks it is in step).
HELP_FILE = Path(__file__).with_name("help.json")


def cached_help(args: list[str]) -> str | None:
    """The help `goodwill <command...> --help` prints, without loading Django or the
    command; None when anything but command words comes before --help, or the terminal is
    narrower than click's 80 columns, or the command is not in the file."""
    if len(args) < 2 or args[-1] not in {"--help", "-h"}:
        return None
    if any(word.startswith("-") for word in args[:-1]):
        return None
    if shutil.get_terminal_size().columns < 80:
        return None
    try:
        helps = json.loads(HELP_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return helps.get(" ".join(args[:-1]))


def main() -> None:
    if (text := cached_help(sys.argv[1:])) is not None:
        sys.stdout.write(text + "\n")
        return
    # Goodwill uses no pydantic plugin; looking for one reads every installed package's
    # metadata, 40 ms of each command. Setting the variable (even empty) looks again.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    try:
        build(complete=False)(prog_name="goodwill")
    finally:
        finish()
