"""What every area's commands share: the account, errors, output, the --json option.

The app itself is assembled in goodwill.cli.app; what it needs before Django is loaded
(the user error, the argument check, Django's set-up) is in goodwill.cli.base and
offered here too.

Django is set up before a command's module is imported (they use the models), so
``get_app()`` is the way to reach the complete app, in tests too. Errors a
user can fix (a bad value, an unknown name) print ``error: ...`` on stderr and exit
with status 2; they never show a traceback.
"""

from __future__ import annotations

import json
import os
import pkgutil
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Annotated

import typer
from django.core.exceptions import ValidationError
from rich.console import Console

# Re-exported: the areas' commands take all of these from here.
from goodwill.cli.base import USER_ERROR, CliError, _options, check_args, fail, setup_django  # noqa: F401
from goodwill.core import zones

# The one --json option of every listing and show command.
Json = Annotated[bool, typer.Option("--json", help="Print JSON (the API's shape).")]
# The one --yes option of every command that asks first (see confirm).
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")]


def validation_lines(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        lines = []
        for field, messages in exc.message_dict.items():
            prefix = "" if field == "__all__" else f"{field}: "
            lines.extend(f"{prefix}{message}" for message in messages)
        return lines
    return list(exc.messages)


# ---------------------------------------------------------------- output helpers


def out() -> Console:
    return Console(highlight=False, soft_wrap=False)


def err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def say(text: str) -> None:
    """Print the user's own words as they are (no rich markup)."""
    out().print(text, markup=False)


def owned(model, owner, pk: int, *, listing: str, what: str = ""):
    """One of the account's objects by id, or an error naming the id and where to look.

    The CLI's one owned-object resolver: another account's id and an unknown id read the
    same, as on the web (404) and in the API."""
    obj = model.objects.filter(owner=owner, pk=pk).first() if 0 < pk < 2**63 else None
    if obj is None:
        raise fail(f"No {what or model._meta.verbose_name} with id {pk}. See `{listing}`.")
    return obj


def confirm(question: str, *, yes: bool, refused: str) -> None:
    """Ask before something that cannot be undone, unless --yes. A no, or no answer at
    all (a script with nothing on its input), stops here with ``refused``: nothing was
    done, and the message says how to skip the question."""
    if yes:
        return
    try:
        agreed = typer.confirm(question, default=False)
    except typer.Abort:  # end of input: nobody answered
        agreed = False
    if not agreed:
        raise fail(f"{refused} (Add --yes to skip the question.)")


def print_json(data) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


# ---------------------------------------------------------------- Django and the account


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
    if _all_recorded(connection):
        _migrated = True
        return
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


def _all_recorded(connection) -> bool:
    """Whether every migration file of every app is recorded as applied, read from the
    file names and one query, without loading the migrations (Django's plan imports all
    of them: a tenth of a second at each command). Anything else, a missing table
    included, says no, and ensure_migrated asks Django."""
    from django.apps import apps
    from django.db import DatabaseError
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    on_disk = set()
    for app in apps.get_app_configs():
        module, _ = MigrationLoader.migrations_module(app.label)
        spec = find_spec(module) if module else None
        if spec is None or not spec.submodule_search_locations:
            continue
        on_disk.update(
            (app.label, name)
            for _, name, is_pkg in pkgutil.iter_modules(spec.submodule_search_locations)
            if not is_pkg and name[0] not in "_~"
        )
    recorder = MigrationRecorder(connection)
    try:
        return recorder.has_table() and on_disk <= set(recorder.applied_migrations())
    except DatabaseError:
        return False


def accounts_hint(usernames: list[str]) -> str:
    return ", ".join(usernames) if usernames else "(none)"


def current_user():
    """The account the CLI acts as: --user, else GOODWILL_USER, else the only one. Its time
    zone becomes the current one, so the times typed and shown are the account's."""
    user = _find_user()
    zones.activate_for(user)
    return user


def _find_user():
    from django.conf import settings
    from django.contrib.auth import get_user_model

    User = get_user_model()

    ensure_migrated()
    name = _options["user"] or settings.GOODWILL_CLI_USER
    if name:
        # The accounts' own look-up: any case, any look-alike spelling of the name.
        user = User._default_manager.find(name)
        if user is None or not user.is_active:
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


# ---------------------------------------------------------------- shell completion


def completing_user(ctx):
    """The account a shell completion is for (--user on the line typed so far, else
    GOODWILL_USER, else the only one), or None. It never creates the database, migrates,
    or prints: a completion that cannot answer offers nothing."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError, connection

    if connection.vendor == "sqlite" and not connection.is_in_memory_db():  # noqa: SIM102
        # No database yet: connecting would create the file.
        if not Path(str(connection.settings_dict["NAME"])).is_file():
            return None
    name = (ctx.find_root().params.get("user") or "").strip() or settings.GOODWILL_CLI_USER
    User = get_user_model()
    try:
        if name:
            user = User._default_manager.find(name)
            return user if user is not None and user.is_active else None
        users = list(User.objects.filter(is_active=True)[:2])
    except DatabaseError:
        return None
    return users[0] if len(users) == 1 else None


def completions(values: list[str]) -> list[str]:
    """Values for the shell; bash inserts them as typed, so a space in one is escaped."""
    if "bash" in os.environ.get("_GOODWILL_COMPLETE", ""):
        return [value.replace(" ", "\\ ") for value in values]
    return values


# ---------------------------------------------------------------- assembling the app


def read_body(path: str | None) -> str | None:
    """A message as the user sent it (``--body-file``), from a file or stdin for "-"; a
    clear error when it cannot be read. Used by `lead report --sent` and `today --done`."""
    if path is None:
        return None
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"--body-file: cannot read {path}: {exc}") from None
    if not text.strip():
        raise fail(f"--body-file: {path} is empty; nothing to record as sent.")
    return text
