"""Storage faults: a full disk or a read-only database answers with a clear error.

SQLite says "database or disk is full" / "disk I/O error" (its -wal/-shm files cannot
grow) or "attempt to write a readonly database" / "unable to open database file";
PostgreSQL raises SQLSTATE 53100 (disk_full), 53000 (insufficient_resources) or 25006
(read_only_sql_transaction). Each is an error the owner can fix (free space, fix the
file's permissions); nothing was half-written: the failed write's transaction rolled back.
Web pages get a 503 page (goodwill/urls.py handler500), the API a 503 JSON error
(goodwill/api/errors.py). Everything else stays an ordinary 500.
"""

from __future__ import annotations

import sys

from django.db import DatabaseError

FULL = "full"
READ_ONLY = "read_only"

_SQLITE = {
    "database or disk is full": FULL,
    # A full disk when SQLite must create or grow its -wal/-shm files:
    "disk i/o error": FULL,
    "readonly database": READ_ONLY,
    # A read-only filesystem (the -wal/-shm files cannot be made) or file permissions:
    "unable to open database file": READ_ONLY,
}
_SQLSTATES = {"53100": FULL, "53000": FULL, "25006": READ_ONLY}

MESSAGES = {
    FULL: (
        "The disk holding Goodwill's database is full (or failing), so nothing could be "
        "saved. Nothing was half-saved. Free some space and try again."
    ),
    READ_ONLY: (
        "Goodwill's database cannot be written right now (a read-only disk, the file's "
        "permissions or the database's read-only setting), so nothing could be saved. "
        "Nothing was half-saved. Make it writable again and try again."
    ),
}
RETRY_AFTER = "30"


def storage_fault(exc: BaseException | None) -> str | None:
    """FULL, READ_ONLY or None for any exception (its causes are looked at too)."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, DatabaseError) or type(exc).__module__.startswith(
            ("sqlite3", "psycopg")
        ):
            state = getattr(exc, "sqlstate", None) or getattr(exc, "pgcode", None)
            if state in _SQLSTATES:
                return _SQLSTATES[state]
            text = str(exc).lower()
            for needle, kind in _SQLITE.items():
                if needle in text:
                    return kind
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def current_fault() -> str | None:
    """The storage fault being handled right now (inside an `except`), if any."""
    return storage_fault(sys.exc_info()[1])
