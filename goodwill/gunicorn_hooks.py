"""Gunicorn hooks for `goodwill serve`: the reminders worker lives and dies with gunicorn.

`goodwill serve` passes ``--config python:goodwill.gunicorn_hooks``. When the gunicorn
master is ready it starts `goodwill worker` as a child process, and stops it when
gunicorn stops. The worker also stops by itself if gunicorn disappears without telling
it (it watches its parent process). A failed tick or send does not end the worker: it
logs the error and tries again on the next tick.
"""

from __future__ import annotations

import subprocess
import sys

_state: dict = {"proc": None}


def worker_argv() -> list[str]:
    return [sys.executable, "-m", "goodwill", "worker", "--exit-with-parent"]


def when_ready(server) -> None:
    _state["proc"] = subprocess.Popen(worker_argv())  # noqa: S603 - our own command
    server.log.info("Started the reminders worker (pid %s)", _state["proc"].pid)


def on_exit(server) -> None:
    proc = _state["proc"]
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
