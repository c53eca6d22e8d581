"""What the command line needs before it knows which command will run: the user error
and its exit status, the check of every word typed, the account asked for, and Django's
set-up. Nothing here imports Django's ORM, typer or rich, so `goodwill --help` stays
quick; common.py offers all of it to the areas' commands.
"""

from __future__ import annotations

import os
import sys

from goodwill.core.text import text_problem

USER_ERROR = 2

# Set by the root callback for this invocation.
_options: dict[str, str | None] = {"user": None}


class CliError(Exception):
    """A mistake the user can fix: printed as ``error: <message>``, exit status 2."""


def fail(message: str) -> CliError:
    return CliError(message)


def say_error(message: str) -> None:
    """``error: <message>`` on stderr, the user's words as they are."""
    print(f"error: {message}", file=sys.stderr)


def check_args(args: list[str]) -> None:
    """Every word of a command line free of characters no database stores as text (a NUL,
    a lone surrogate: core.text.text_problem), else an error naming the option."""
    for i, arg in enumerate(args):
        if problem := text_problem(arg):
            name, _, _ = arg.partition("=")
            if not (arg.startswith("-") and "=" in arg):
                before = args[i - 1] if i else ""
                name = before if before.startswith("-") else f"argument {arg!r}"
            raise fail(f"{name}: {problem}")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
    import django

    django.setup()
