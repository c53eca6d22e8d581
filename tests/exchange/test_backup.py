"""Backups with SQLite's online backup API, and the restore drill."""

from __future__ import annotations

import sqlite3
import stat
import threading

import pytest
from django.db import connection

from goodwill.exchange.services import backup
from goodwill.people import services as people

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live(tmp_path, alice, ana, coffee):
    """The test database (alice's data in it) copied to a file in WAL mode, like the app's."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite backups")
    people.create_person(owner=alice, display_name="Ben Ito", about="line\none")
    path = tmp_path / "goodwill.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.execute(  # absent when the tests run with --nomigrations
        "CREATE TABLE IF NOT EXISTS django_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "app VARCHAR(255), name VARCHAR(255), applied DATETIME)"
    )
    target.close()
    return path


def snapshot(path) -> dict:
    db = sqlite3.connect(path)
    try:
        return {
            table: sorted(db.execute(f"SELECT * FROM {table}").fetchall())
            for table in (
                "goodwill_person",
                "goodwill_interaction",
                "goodwill_participation",
                "goodwill_tag",
                "goodwill_organization",
                "goodwill_asknext",
            )
        }
    finally:
        db.close()


def writer(path, started: threading.Event, stop: threading.Event, owner_id: int):
    """Writes pairs of rows (an organization and a tag) in one transaction each."""
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.execute("PRAGMA busy_timeout=30000")
    n = 0
    while not stop.is_set() or n < 5:
        db.execute("BEGIN IMMEDIATE")
        for table in ("goodwill_organization", "goodwill_tag"):
            columns = "owner_id, name, created_at, updated_at" + (
                ", domain, website" if table == "goodwill_organization" else ""
            )
            values = "?, ?, '2026-01-01', '2026-01-01'" + (
                ", '', ''" if table == "goodwill_organization" else ""
            )
            db.execute(f"INSERT INTO {table} ({columns}) VALUES ({values})", (owner_id, f"w{n}"))
        db.execute("COMMIT")
        n += 1
        started.set()
    db.close()


def count_written(path) -> tuple[int, int]:
    db = sqlite3.connect(path)
    try:
        return tuple(
            db.execute(f"SELECT COUNT(*) FROM {t} WHERE name LIKE 'w%'").fetchone()[0]
            for t in ("goodwill_organization", "goodwill_tag")
        )
    finally:
        db.close()


def test_it_backs_up_while_the_app_writes_and_restores_exactly_that(live, tmp_path, alice):
    started, stop = threading.Event(), threading.Event()
    thread = threading.Thread(target=writer, args=(live, started, stop, alice.pk))
    thread.start()
    try:
        assert started.wait(10)
        copy = backup.backup_database(source=live, destination=tmp_path / "b" / "copy.sqlite3")
    finally:
        stop.set()
        thread.join(30)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    orgs, tags = count_written(copy)
    assert orgs == tags >= 1  # a consistent snapshot: never half a transaction
    backed_up = snapshot(copy)
    assert backed_up != snapshot(live)  # the writer went on after the snapshot

    db = sqlite3.connect(live)
    db.execute("UPDATE goodwill_person SET display_name = 'changed'")
    db.execute("DELETE FROM goodwill_asknext")
    db.commit()
    db.close()
    info = backup.check_backup(copy)
    assert info.people == 3 and info.accounts >= 1
    safety = backup.restore_database(copy, target=live)
    assert snapshot(live) == backed_up
    assert "changed" in str(snapshot(safety)["goodwill_person"])
    assert safety.parent == live.parent / "backups"


def test_it_names_backups_by_time_in_the_data_dir(live, tmp_path, settings, frozen_now):
    settings.DATA_DIR = tmp_path / "data"
    made = backup.backup_database(source=live)
    assert made == tmp_path / "data" / "backups" / "goodwill-20260615-093000.sqlite3"
    assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    with pytest.raises(backup.BackupError, match="already exists"):
        backup.backup_database(source=live)


def test_it_refuses_to_restore_what_is_not_a_goodwill_database(live, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(backup.BackupError, match="not an SQLite database"):
        backup.check_backup(text)
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(backup.BackupError, match="not a Goodwill database"):
        backup.restore_database(other, target=live)
    newer = backup.backup_database(source=live, destination=tmp_path / "newer.sqlite3")
    db = sqlite3.connect(newer)
    db.execute(
        "INSERT INTO django_migrations (app, name, applied) "
        "VALUES ('goodwill', '9999_from_the_future', '2030-01-01')"
    )
    db.commit()
    db.close()
    before = snapshot(live)
    with pytest.raises(backup.BackupError, match="newer Goodwill"):
        backup.restore_database(newer, target=live)
    assert snapshot(live) == before


def test_it_sends_postgresql_users_to_pg_dump(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "postgresql")
    with pytest.raises(backup.NotSQLite, match="pg_dump"):
        backup.backup_database()
