"""The `goodwill` command line: one typer app, to which each area adds its commands.

Django is set up by ``main()`` before the area modules are imported (they use the
models), so ``get_app()`` is the way to reach the complete app, in tests too. Errors a
user can fix (a bad value, an unknown name) print ``error: ...`` on stderr and exit
with status 2; they never show a traceback.
"""

from __future__ import annotations

import sys

import typer
from django.core.exceptions import ImproperlyConfigured, ValidationError
from typer.core import TyperGroup

from goodwill.cli.common import (
    USER_ERROR,
    CliError,
    _options,
    check_args,
    err,
    setup_django,
    validation_lines,
)
from goodwill.core import revision


class GoodwillGroup(TyperGroup):
    """Turns user errors raised anywhere below into a message and exit status 2, and
    refuses hostile characters in any argument before a command reads it."""

    def parse_args(self, ctx, args):
        try:
            check_args(args)
        except CliError as exc:
            err().print(f"error: {exc}", markup=False)
            raise typer.Exit(USER_ERROR) from None
        return super().parse_args(ctx, args)

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


_registered = False


def get_app() -> typer.Typer:
    """The complete app. Call after Django is set up (main() does; pytest-django does)."""
    global _registered
    if not _registered:
        # Imported here, not at the top: the area modules use the models, which need
        # Django set up first (main() does it before calling get_app()).
        from goodwill.accounts import cli as accounts
        from goodwill.capture import cli as capture
        from goodwill.cli import manage, serve
        from goodwill.coach import cli as coach
        from goodwill.demo import cli as demo
        from goodwill.exchange import cli as exchange
        from goodwill.giving import cli as giving
        from goodwill.interactions import cli as interactions
        from goodwill.leads import cli as leads
        from goodwill.network import cli as network
        from goodwill.people import cli as people
        from goodwill.reminders import cli as reminders

        app.command("serve")(serve.serve)
        areas = (accounts, people, interactions, demo, exchange, leads, giving, network)
        for area in (*areas, coach, capture, reminders):
            area.register(app)
        app.command(
            "manage",
            context_settings={
                "allow_extra_args": True,
                "ignore_unknown_options": True,
                "help_option_names": [],
            },
        )(manage.manage)
        _registered = True
    return app


def main() -> None:
    try:
        setup_django()
    except ImproperlyConfigured as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(USER_ERROR)
    # A command may change any account's data: every account gets a new revision, so
    # what a running server keeps by revision (Today) is computed afresh.
    with revision.watch_writes() as watch:
        try:
            get_app()(prog_name="goodwill")
        finally:
            if watch.wrote:
                revision.bump()
