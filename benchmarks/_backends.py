"""What the benchmarks share to measure SQLite and PostgreSQL alike.

A benchmark run without ``--backend`` is a parent: ``run_per_backend`` runs the same
script once per backend as a child (SQLite, then PostgreSQL when 127.0.0.1:5432 answers
as user ``postgres``), each child printing its own rows. For PostgreSQL the parent makes
a scratch database ``goodwill_bench_<name>`` and drops it when the child is done,
whatever happened. A child learns its database URL from the parent (``child_url``);
``--backend sqlite|postgres`` typed by hand runs just that one child.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ("sqlite", "postgres")
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
_CHILD = "GOODWILL_BENCH_CHILD_DATABASE_URL"  # set by the parent: "" for SQLite


def add_backend_option(parser, *choices: str) -> None:
    """``--backend``: absent, every backend in turn; given, that one."""
    parser.add_argument(
        "--backend",
        choices=[*BACKENDS, *choices],
        help="measure one backend only (default: SQLite, then PostgreSQL when it answers)",
    )


def scratch_name(name: str) -> str:
    return f"goodwill_bench_{name}"


def scratch_url(name: str, admin_url: str = ADMIN_URL) -> str:
    return f"{admin_url.rsplit('/', 1)[0]}/{scratch_name(name)}"


def _admin(admin_url: str):
    import psycopg

    return psycopg.connect(admin_url, autocommit=True, connect_timeout=3)


def create_postgres(name: str, admin_url: str = ADMIN_URL) -> str:
    """A fresh, empty ``goodwill_bench_<name>``; returns its URL. Raises when PostgreSQL
    does not answer (or the database is in use by another run)."""
    from psycopg import sql

    db = sql.Identifier(scratch_name(name))
    with _admin(admin_url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(db))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(db))
    return scratch_url(name, admin_url)


def drop_postgres(name: str, admin_url: str = ADMIN_URL) -> None:
    from psycopg import sql

    db = sql.Identifier(scratch_name(name))
    with _admin(admin_url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(db))


def _without_backend(argv: list[str]) -> list[str]:
    out, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--backend":
            skip = True
        elif not arg.startswith("--backend="):
            out.append(arg)
    return out


def child_url() -> str | None:
    """In a child: its database URL ("" for SQLite). None in the parent."""
    return os.environ.get(_CHILD)


def run_per_backend(
    name: str, backends=BACKENDS, *, admin_url: str = ADMIN_URL, script: str | None = None
) -> None:
    """Runs this script (same arguments) as a child per backend, with ``--backend B``."""
    script = script or sys.argv[0]
    base = [sys.executable, script, *_without_backend(sys.argv[1:])]
    for backend in backends:
        env = dict(os.environ)
        if backend == "sqlite":
            subprocess.run([*base, "--backend", "sqlite"], env={**env, _CHILD: ""}, check=False)
            continue
        try:
            url = create_postgres(name, admin_url)
        except Exception as exc:  # report and skip
            reason = " ".join(str(exc).split())
            print(f"-- PostgreSQL skipped: {type(exc).__name__}: {reason}", flush=True)
            continue
        try:
            subprocess.run([*base, "--backend", "postgres"], env={**env, _CHILD: url}, check=False)
        finally:
            drop_postgres(name, admin_url)


def setup_django(data_dir: Path, database_url: str) -> None:
    """Django for this checkout on ``database_url`` ("" = SQLite in data_dir), migrated;
    plain static files storage, "testserver" allowed, the fast password hasher."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "static").mkdir(exist_ok=True)  # whitenoise warns when STATIC_ROOT is missing
    os.environ["GOODWILL_DATA_DIR"] = str(data_dir)
    os.environ["GOODWILL_DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "goodwill.settings"
    sys.path.insert(0, str(ROOT))
    import django
    from django.test.utils import override_settings

    django.setup()
    from django.conf import settings

    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ).enable()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def database_label() -> str:
    """The database measured, e.g. "SQLite 3.40.1" or "PostgreSQL 15.20"."""
    from django.db import connection

    if connection.vendor == "postgresql":
        connection.ensure_connection()
        version = connection.pg_version
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"
