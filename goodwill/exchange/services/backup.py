"""Backups of the SQLite database, and restoring one (see docs/backup.md).

Both use SQLite's online backup API (``sqlite3.Connection.backup``): it copies a
consistent snapshot page by page while the app keeps reading and writing, and it
writes into a live database through SQLite's own locks, so neither needs the server
stopped. A backup file is written under a temporary name with mode 0600, checked
(``PRAGMA quick_check``) and then renamed into place. Before a restore, the current
database is itself backed up (a safety copy) next to it in ``backups/``.

PostgreSQL databases are backed up with ``pg_dump``; these functions refuse them.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

REQUIRED_TABLES = {"django_migrations", "goodwill_user", "goodwill_person", "goodwill_interaction"}
HEADER = b"SQLite format 3\x00"


class BackupError(Exception):
    """Something the user can fix: the message says what."""


class NotSQLite(BackupError):
    pass


@dataclass
class BackupInfo:
    path: Path
    size: int
    accounts: int
    people: int
    applied_migrations: int
    pending_migrations: int


def database_path(alias: str = "default") -> Path:
    conn = connections[alias]
    if conn.vendor != "sqlite":
        raise NotSQLite(
            f"The database is {conn.vendor}, not SQLite: back it up with pg_dump "
            "(e.g. `pg_dump -Fc -f goodwill.dump DBNAME`) and restore with pg_restore."
        )
    return Path(conn.settings_dict["NAME"])


def default_destination(now=None) -> Path:
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"goodwill-{stamp}.sqlite3"


def _private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)


def _copy(source: Path, destination: Path) -> None:
    """Online backup of one SQLite file into a new private file, checked, then renamed."""
    _private_dir(destination.parent)
    temporary = destination.with_name(f".{destination.name}.partial")
    temporary.unlink(missing_ok=True)
    os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(temporary)
    try:
        src.backup(dst)  # all pages in one step: one consistent snapshot
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        (result,) = dst.execute("PRAGMA quick_check").fetchone()
        if result != "ok":
            raise BackupError(f"The copy failed its integrity check: {result}")
    finally:
        dst.close()
        src.close()
    os.chmod(temporary, 0o600)
    os.replace(temporary, destination)


def backup_database(*, destination: Path | None = None, source: Path | None = None) -> Path:
    """Write a backup of the database (default: GOODWILL_DATA_DIR/backups/<timestamp>)."""
    source = Path(source) if source else database_path()
    destination = Path(destination) if destination else default_destination()
    if destination.exists():
        raise BackupError(f"{destination} already exists; choose another file name.")
    if not source.exists():
        raise BackupError(f"There is no database at {source} yet.")
    _copy(source, destination)
    return destination


def _known_migrations() -> set[str]:
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {name for app, name in loader.disk_migrations if app == "goodwill"}


def check_backup(path: Path) -> BackupInfo:
    """Make sure a file is a Goodwill database this version can use; describe it."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(HEADER))
    except OSError as exc:
        raise BackupError(f"Cannot read {path}: {exc.strerror}.") from None
    if header != HEADER:
        raise BackupError(f"{path} is not an SQLite database.")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        missing = REQUIRED_TABLES - tables
        if missing:
            raise BackupError(
                f"{path} is not a Goodwill database (no {', '.join(sorted(missing))} table)."
            )
        (check,) = db.execute("PRAGMA quick_check").fetchone()
        if check != "ok":
            raise BackupError(f"{path} is damaged: {check}")
        applied = {
            r[0] for r in db.execute("SELECT name FROM django_migrations WHERE app = 'goodwill'")
        }
        accounts = db.execute("SELECT COUNT(*) FROM goodwill_user").fetchone()[0]
        people = db.execute("SELECT COUNT(*) FROM goodwill_person").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} cannot be read as a database: {exc}.") from None
    finally:
        db.close()
    known = _known_migrations()
    newer = sorted(applied - known)
    if newer:
        raise BackupError(
            f"{path} was made by a newer Goodwill (migrations {', '.join(newer)}); "
            "upgrade Goodwill before restoring it."
        )
    return BackupInfo(
        path=path,
        size=path.stat().st_size,
        accounts=accounts,
        people=people,
        applied_migrations=len(applied),
        pending_migrations=len(known - applied),
    )


def restore_database(backup: Path, *, target: Path | None = None) -> Path:
    """Put a backup in place of the database; returns the safety copy of the old one.

    Run migrations afterwards when the backup is older than this Goodwill
    (``check_backup(...).pending_migrations``); the CLI does.
    """
    backup = Path(backup)
    check_backup(backup)
    target = Path(target) if target else database_path()
    safety = None
    connections.close_all()  # this process holds no lock while the pages are replaced
    if target.exists():
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        safety = target.parent / "backups" / f"before-restore-{stamp}.sqlite3"
        n = 1
        while safety.exists():
            safety = safety.with_name(f"before-restore-{stamp}-{n}.sqlite3")
            n += 1
        _copy(target, safety)
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return safety
