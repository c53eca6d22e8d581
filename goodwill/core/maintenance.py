"""Keeping the database's query planner well informed."""

from __future__ import annotations

from django.db import connection


def optimize_database(*, full: bool = False) -> str:
    """Refresh the planner's statistics; cheap enough to run at every start.

    SQLite keeps no statistics until ANALYZE has run once, and without them it can pick
    the wrong index (measured: 90 ms instead of 0.1 ms for a person's introductions on
    30,000 people). ``full`` re-analyzes everything, for after a bulk load.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if full or cursor.fetchone() is None:
                cursor.execute("ANALYZE")
                return "analyze"
            cursor.execute("PRAGMA optimize")
            return "optimize"
        if full:
            cursor.execute("ANALYZE")
            return "analyze"
    return "none"
