"""Background tasks (django.tasks, run by `goodwill worker` through django-tasks-db).

The digest itself is not a task: the worker's tick drains the outbox (see outbox.py),
which is what makes it exactly-once. Tasks carry the one-off mails a page asks for.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable

from django.db import OperationalError, connections
from django.tasks import task
from django.urls import reverse

from goodwill.core.mail import send_notice
from goodwill.reminders.models import ReminderSettings
from goodwill.reminders.rules import site_link, verification_token
from goodwill.reminders.services import outbox


@task
def send_verification(owner_id: int, email: str) -> str:
    """E-mail the verification link, if the address is still the one to verify."""

    config = ReminderSettings.objects.select_related("owner").filter(owner_id=owner_id).first()
    if config is None or config.email.lower() != email.lower() or config.is_verified:
        return "skipped"
    link = site_link(reverse("reminders.verify", args=[verification_token(config)]))
    send_notice(
        to=config.email,
        subject="Goodwill: confirm your address for reminders",
        template="goodwill/reminders/email/verify.txt",
        context={"link": link, "username": config.owner.username},
    )
    return "sent"


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
        run_through_locks(tasks)
    finally:
        ticker.stop.set()
        ticker.join(timeout=60)  # let a digest in flight be marked sent


BACKOFF_FIRST = 0.5  # seconds
BACKOFF_MAX = 30.0
BACKOFF_RESET = 60.0  # this long without a lock error and the next wait starts small again


def is_locked(exc: BaseException) -> bool:
    """SQLite's "database is locked" / "database table is locked"."""
    return isinstance(exc, OperationalError) and "is locked" in str(exc)


def run_through_locks(worker, *, sleep: Callable[[float], None] = time.sleep) -> None:
    """Run the task worker until it stops, riding out SQLite's "database is locked".

    django-tasks-db's loop skips a locked claim but not a locked BEGIN or a locked
    "done" mark, and the exception ended the whole worker (issue 16: nine crashes while a
    long import held the lock). Now the worker waits, doubling the wait up to
    BACKOFF_MAX, and carries on; any other error still ends it."""
    wait, last = BACKOFF_FIRST, 0.0
    while True:
        try:
            worker.run()
            return
        except OperationalError as exc:
            if not is_locked(exc) or not getattr(worker, "running", True):
                raise
            now = time.monotonic()
            if now - last > BACKOFF_RESET:
                wait = BACKOFF_FIRST
            last = now
            log.warning("The database is busy (%s); the worker tries again in %.1f s.", exc, wait)
            connections.close_all()
            sleep(wait)
            wait = min(wait * 2, BACKOFF_MAX)
