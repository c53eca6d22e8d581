"""`goodwill manage ...`: Django's management commands, for maintenance and CI."""

from __future__ import annotations

import typer


def manage(ctx: typer.Context) -> None:
    """Run one of Django's management commands (for maintenance and CI).

    Everything after `manage` goes to Django.

    `goodwill manage help` lists the commands; `goodwill manage migrate --help` explains one.
    """
    from django.core.management import execute_from_command_line

    execute_from_command_line(["goodwill manage", *ctx.args])


def register(root) -> None:
    # Everything after `manage`, --help included, goes to Django.
    root.command(
        "manage",
        context_settings={
            "allow_extra_args": True,
            "ignore_unknown_options": True,
            "help_option_names": [],
        },
    )(manage)
