"""Issue 16: the worker rides out SQLite's "database is locked" instead of crashing."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from goodwill.reminders.services.tasks import run_through_locks


class Worker:
    """Stands in for django-tasks-db's loop: fails ``failures`` times, then finishes."""

    def __init__(self, failures: list[Exception]):
        self.failures = failures
        self.running = True
        self.runs = 0

    def run(self):
        self.runs += 1
        if self.failures:
            raise self.failures.pop(0)


def test_it_waits_longer_each_time_the_database_is_locked_and_carries_on():
    worker = Worker([OperationalError("database is locked")] * 4)
    waits: list[float] = []
    run_through_locks(worker, sleep=waits.append)
    assert worker.runs == 5
    assert waits == [0.5, 1.0, 2.0, 4.0]


def test_other_database_errors_still_stop_it():
    worker = Worker([OperationalError("no such table: goodwill_person")])
    with pytest.raises(OperationalError, match="no such table"):
        run_through_locks(worker, sleep=lambda s: None)


def test_a_stopped_worker_does_not_start_again():
    worker = Worker([OperationalError("database is locked")])
    worker.running = False
    with pytest.raises(OperationalError):
        run_through_locks(worker, sleep=lambda s: None)
