"""Gunicorn hooks for `goodwill serve`: the reminders worker lives and dies with gunicorn.

`goodwill serve` passes ``--config python:goodwill.gunicorn_hooks``. When the gunicorn
master is ready it starts `goodwill worker` as a child process, and stops it when
gunicorn stops. The worker also stops by itself if gunicorn disappears without telling
it (it watches its parent process). A failed tick or send does not end the worker: it
logs the error and tries again on the next tick. If the worker itself dies (killed, out
of memory), a thread of the master logs it and starts another, waiting 1 s, then twice
as long after each quick death (up to a minute), back to 1 s once one has run a while.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from gunicorn import glogging

from goodwill.core.redact import redact

_state: dict = {"proc": None, "stopping": threading.Event()}
_lock = threading.Lock()  # a restart and the stop never cross: no worker outlives serve
FIRST_DELAY = 1.0  # seconds before restarting a worker that died
MAX_DELAY = 60.0
RAN_A_WHILE = 60.0  # a worker that lived this long resets the delay


def worker_argv() -> list[str]:
    return [sys.executable, "-m", "goodwill", "worker", "--exit-with-parent"]


def _start(server) -> subprocess.Popen | None:
    with _lock:
        if _state["stopping"].is_set():
            return None
        proc = subprocess.Popen(worker_argv())  # noqa: S603 - our own command
        _state["proc"] = proc
    server.log.info("Started the reminders worker (pid %s)", proc.pid)
    return proc


def _supervise(server, proc: subprocess.Popen) -> None:
    stopping: threading.Event = _state["stopping"]
    delay = FIRST_DELAY
    while True:
        started = time.monotonic()
        code = proc.wait()
        if stopping.is_set():
            return
        delay = FIRST_DELAY if time.monotonic() - started >= RAN_A_WHILE else delay
        server.log.error(
            "The reminders worker (pid %s) exited with %s; starting another in %.0f s",
            proc.pid,
            code,
            delay,
        )
        if stopping.wait(delay) or (proc := _start(server)) is None:
            return
        delay = min(delay * 2, MAX_DELAY)


def when_ready(server) -> None:
    _state["stopping"].clear()
    proc = _start(server)
    threading.Thread(
        target=_supervise, args=(server, proc), name="reminders-supervisor", daemon=True
    ).start()


def on_exit(server) -> None:
    with _lock:
        _state["stopping"].set()
        proc = _state["proc"]
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


class RedactingLogger(glogging.Logger):
    """gunicorn's logger, with URL secrets replaced in the access log (the calendar feed,
    invitation, password-reset, verify and unsubscribe links: goodwill.core.redact).
    `goodwill serve` passes it as --logger-class."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) for key, value in atoms.items()}
