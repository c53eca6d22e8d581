"""The `goodwill` command line: a typer app with one module per noun.

Django is set up by ``main()`` before the command modules are imported (they use the
models), so ``get_app()`` is the way to reach the complete app, in tests too. Errors a
user can fix (a bad value, an unknown name) print ``error: ...`` on stderr and exit
with status 2; they never show a traceback.
"""

from __future__ import annotations

import json
import os
import sys

import typer
from django.core.exceptions import ImproperlyConfigured, ValidationError
from rich.console import Console
from typer.core import TyperGroup

USER_ERROR = 2


class CliError(Exception):
    """A mistake the user can fix: printed as ``error: <message>``, exit status 2."""


def fail(message: str) -> CliError:
    return CliError(message)


def validation_lines(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        lines = []
        for field, messages in exc.message_dict.items():
            prefix = "" if field == "__all__" else f"{field}: "
            lines.extend(f"{prefix}{message}" for message in messages)
        return lines
    return list(exc.messages)


class GoodwillGroup(TyperGroup):
    """Turns user errors raised anywhere below into a message and exit status 2."""

    def invoke(self, ctx):
        from django.db import DatabaseError

        try:
            return super().invoke(ctx)
        except ValidationError as exc:
            for line in validation_lines(exc):
                err().print(f"error: {line}", markup=False)
            raise typer.Exit(USER_ERROR) from None
        except CliError as exc:
            err().print(f"error: {exc}", markup=False)
            raise typer.Exit(USER_ERROR) from None
        except DatabaseError as exc:
            err().print(f"error: the database refused: {exc}", markup=False)
            raise typer.Exit(1) from None


# Set by the root callback for this invocation.
_options: dict[str, str | None] = {"user": None}

app = typer.Typer(
    cls=GoodwillGroup,
    name="goodwill",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals may hold a password
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
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


# ---------------------------------------------------------------- output helpers


def out() -> Console:
    return Console(highlight=False, soft_wrap=False)


def err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_json(data) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


# ---------------------------------------------------------------- Django and the account


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
    import django

    django.setup()


_migrated = False


def ensure_migrated() -> None:
    """Bring the database up to date, so a fresh data dir just works."""
    global _migrated
    if _migrated:
        return
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        fresh = not executor.loader.applied_migrations
        call_command("migrate", verbosity=0, interactive=False)
        err().print(
            "Set up a new database." if fresh else f"Updated the database ({len(plan)} steps).",
            style="dim",
        )
    _migrated = True


def accounts_hint(usernames: list[str]) -> str:
    return ", ".join(usernames) if usernames else "(none)"


def current_user():
    """The account the CLI acts as: --user, else GOODWILL_USER, else the only one."""
    from django.conf import settings

    from goodwill.models import User

    ensure_migrated()
    name = _options["user"] or settings.GOODWILL_CLI_USER
    if name:
        user = User.objects.filter(username__iexact=name, is_active=True).first()
        if user is None:
            names = list(User.objects.order_by("username").values_list("username", flat=True))
            raise fail(
                f"There is no account called {name!r}. Accounts: {accounts_hint(names)}. "
                "Create one with `goodwill account create`."
            )
        return user
    users = list(User.objects.filter(is_active=True).order_by("username")[:21])
    if not users:
        raise fail("There is no account yet. Create one with `goodwill account create`.")
    if len(users) > 1:
        names = [u.username for u in users[:20]] + (["…"] if len(users) > 20 else [])
        raise fail(
            f"There are several accounts ({', '.join(names)}). Choose one with "
            "--user USERNAME (before the command) or GOODWILL_USER=USERNAME."
        )
    return users[0]


# ---------------------------------------------------------------- assembling the app

_registered = False


def get_app() -> typer.Typer:
    """The complete app. Call after Django is set up (main() does; pytest-django does)."""
    global _registered
    if not _registered:
        from goodwill.cli import (
            account,
            coach,
            dedupe,
            demo,
            due,
            exchange,
            export,
            giving,
            lead,
            log,
            manage,
            network,
            person,
            reminders,
            serve,
            token,
        )

        app.command("serve")(serve.serve)
        app.add_typer(account.app, name="account")
        app.add_typer(person.app, name="person")
        app.command("log")(log.log)
        app.command("due")(due.due)
        app.add_typer(token.app, name="token")
        app.command("demo")(demo.demo)
        app.command(
            "manage",
            context_settings={
                "allow_extra_args": True,
                "ignore_unknown_options": True,
                "help_option_names": [],
            },
        )(manage.manage)
        for module in (exchange, dedupe, lead, export, giving, network, coach, reminders):
            module.register(app)
        _registered = True
    return app


def main() -> None:
    try:
        setup_django()
    except ImproperlyConfigured as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(USER_ERROR)
    from goodwill.services import revision

    # A command may change any account's data: every account gets a new revision, so
    # what a running server keeps by revision (Today) is computed afresh.
    with revision.watch_writes() as watch:
        try:
            get_app()(prog_name="goodwill")
        finally:
            if watch.wrote:
                revision.bump()
