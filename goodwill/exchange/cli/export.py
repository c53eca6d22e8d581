"""`goodwill export`, `import-json`, `backup` and `restore`: your data, out and back in."""

from __future__ import annotations

import json as jsonlib
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from goodwill.cli.common import Yes, confirm, current_user, err, fail, out
from goodwill.exchange.services import backup as service
from goodwill.exchange.services.exports import export_people, load_account_json

FORMAT_HELP = "vcard (3.0), vcard4, csv, or json (the full account, to load back)."


def _write_private(path: Path, content: bytes) -> None:
    """Write a file only its owner can read: exports hold personal data."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    os.chmod(path, 0o600)


def export(
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help=FORMAT_HELP)
    ] = "vcard",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here (default: stdout)."),
    ] = None,
    private: Annotated[
        bool,
        typer.Option("--private", help="Include private notes ('about them') in vCard and CSV."),
    ] = False,
    include_me: Annotated[
        bool,
        typer.Option("--include-me", help="Put your own record in the vCard or CSV file too."),
    ] = False,
) -> None:
    """Export your people as vCard or CSV, or the whole account as JSON.

    vCard and CSV leave private notes out unless --private; the JSON export is a full
    backup of the account and always includes them. Your own record is left out of
    vCard and CSV unless --include-me.
    """

    result = export_people(
        owner=current_user(), fmt=fmt.lower(), private=private, include_me=include_me
    )
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(result.content)  # bytes as they are: vCard needs CRLF
        sys.stdout.buffer.flush()
        return
    _write_private(output, result.content)
    err().print(f"Wrote {output} ({len(result.content):,} bytes).", markup=False)


def import_json(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A `goodwill export -f json` file.")],
) -> None:
    """Load a full JSON export into an empty account (all or nothing)."""

    owner = current_user()
    try:
        data = jsonlib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise fail(f"{file}: {exc.strerror}.") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise fail(f"{file} is not JSON: {exc}.") from None
    counts = load_account_json(owner=owner, data=data)
    summary = ", ".join(f"{n:,} {what.replace('_', ' ')}" for what, n in counts.items() if n)
    out().print(f"Loaded into {owner.username!r}: {summary or 'nothing'}.", markup=False)


def backup(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write it (default: GOODWILL_DATA_DIR/backups/goodwill-<time>.sqlite3).",
        ),
    ] = None,
) -> None:
    """Back up the SQLite database; safe while Goodwill is running."""

    try:
        path = service.backup_database(destination=output)
    except service.BackupError as exc:
        raise fail(str(exc)) from None
    out().print(f"Backed up to {path} ({path.stat().st_size:,} bytes).", markup=False)


def restore(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A file made by `goodwill backup`.")],
    yes: Yes = False,
) -> None:
    """Replace the database with a backup. The current one is kept as a safety copy."""
    from django.core.management import call_command

    try:
        info = service.check_backup(file)
        target = service.database_path()
    except service.BackupError as exc:
        raise fail(str(exc)) from None
    out().print(
        f"{file}: {info.accounts} account(s), {info.people:,} people, "
        f"{info.size:,} bytes. It will replace {target}.",
        markup=False,
    )
    confirm("Restore it?", yes=yes, refused="Nothing restored.")
    try:
        safety = service.restore_database(file, target=target)
    except service.BackupError as exc:
        raise fail(str(exc)) from None
    if info.pending_migrations:
        call_command("migrate", verbosity=0, interactive=False)
    if safety:
        out().print(f"The database before the restore is saved as {safety}.", markup=False)
    out().print("Restored. Restart `goodwill serve` if it is running.", markup=False)


def register(root) -> None:
    root.command("export")(export)
    root.command("import-json")(import_json)
    root.command("backup")(backup)
    root.command("restore")(restore)
