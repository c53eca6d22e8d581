"""`goodwill worker`: the django-tasks-db task worker plus the periodic reminders tick.

The task worker runs in the main thread (it owns the signal handlers: Ctrl+C or
SIGTERM stops it after the task in hand). The tick runs in a second thread every
GOODWILL_TICK_SECONDS: purge stale import previews, plan due digests, drain the outbox.
Any number of workers may run at once; the outbox keeps each digest to one send.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable

from django.db import connections

from goodwill.services.reminders import outbox

log = logging.getLogger("goodwill.reminders")


class Ticker(threading.Thread):
    def __init__(
        self,
        *,
        every: float,
        worker_id: str,
        exit_with_parent: bool = False,
        on_report: Callable[[outbox.TickReport], None] | None = None,
    ):
        super().__init__(name="goodwill-tick", daemon=True)
        self.every = every
        self.worker_id = worker_id
        self.stop = threading.Event()
        self.parent = os.getppid() if exit_with_parent else None
        self.on_report = on_report

    def parent_gone(self) -> bool:
        return self.parent is not None and os.getppid() != self.parent

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                report = outbox.tick(worker=self.worker_id)
                if self.on_report:
                    self.on_report(report)
            except Exception:
                log.exception("The reminders tick failed; trying again next time.")
            finally:
                connections.close_all()
            waited = 0.0
            while waited < self.every and not self.stop.is_set():
                if self.parent_gone():
                    log.warning("The process that started this worker is gone; stopping.")
                    os.kill(os.getpid(), signal.SIGTERM)
                    return
                self.stop.wait(1.0)
                waited += 1.0


def run_worker(
    *,
    tick_seconds: float,
    interval: float = 1.0,
    exit_with_parent: bool = False,
    on_report: Callable[[outbox.TickReport], None] | None = None,
) -> None:
    """Run until stopped by a signal."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker_id = outbox.worker_name()
    ticker = Ticker(
        every=tick_seconds,
        worker_id=worker_id,
        exit_with_parent=exit_with_parent,
        on_report=on_report,
    )
    tasks = Worker(
        queue_names=["default"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id[:64],
        excluded_queue_names=[],
    )
    tasks.configure_signals()
    ticker.start()
    try:
        tasks.run()
    finally:
        ticker.stop.set()
        ticker.join(timeout=60)  # let a digest in flight be marked sent
