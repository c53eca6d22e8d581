"""`goodwill serve`: migrate, collect static files, then run gunicorn."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from django.conf import settings
from django.core.management import call_command
from django.db import connections

from goodwill.accounts.models import User
from goodwill.cli.common import out
from goodwill.core.maintenance import optimize_database


def bind_address(host: str, port: int) -> str:
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"{host}:{port}"


def _has_control_socket() -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS)


def gunicorn_argv(host: str, port: int, workers: int, *, with_worker: bool = True) -> list[str]:
    # Newer gunicorn opens a control socket in ~/.gunicorn by default: two installs on one
    # machine would fight over it, and Goodwill does not use it.
    extra = ["--no-control-socket"] if _has_control_socket() else []
    if with_worker:
        # goodwill/gunicorn_hooks.py starts `goodwill worker` (reminders) beside the web
        # workers when gunicorn is ready, and stops it when gunicorn stops.
        extra += ["--config", "python:goodwill.gunicorn_hooks"]
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        bind_address(host, port),
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--access-logfile",
        "-",
        # URL secrets (feed, invitation, reset links) are replaced in the access log.
        "--logger-class",
        "goodwill.gunicorn_hooks.RedactingLogger",
        # X-Forwarded-Proto is believed only from GOODWILL_TRUSTED_PROXIES, the same
        # proxies whose X-Forwarded-For gives the audit log its client address.
        "--forwarded-allow-ips",
        ",".join(settings.GOODWILL_TRUSTED_PROXIES),
        *extra,
        "goodwill.wsgi:application",
    ]


def serve(
    host: Annotated[
        str | None,
        typer.Option(
            "--host",
            metavar="HOST",
            help="Address to bind to (default: GOODWILL_HOST or 127.0.0.1).",
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(
            "--port",
            metavar="PORT",
            min=1,
            max=65535,
            help="Port to bind to (default: GOODWILL_PORT or 8000).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            metavar="N",
            min=1,
            max=64,
            help="Worker processes (default: GOODWILL_WORKERS or 2).",
        ),
    ] = None,
    no_worker: Annotated[
        bool,
        typer.Option(
            "--no-worker",
            help="Do not start the reminders worker (run `goodwill worker` yourself).",
        ),
    ] = False,
) -> None:
    """Start Goodwill's web app (and its API): set up the database, then serve.

    The reminders worker (digest e-mails) starts and stops with it; see --no-worker.
    """
    conf = settings.GOODWILL_SERVE
    host = host or conf["host"]
    port = port or conf["port"]
    workers = workers or conf["workers"]
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    optimize_database()
    has_account = User.objects.exists()
    connections.close_all()

    shown = host if host not in {"0.0.0.0", "::"} else "127.0.0.1"  # noqa: S104
    url = f"http://{bind_address(shown, port)}"
    console = out()
    console.print(f"Goodwill is running at [bold]{url}[/bold] — data in {settings.DATA_DIR}")
    if host in {"0.0.0.0", "::"}:  # noqa: S104
        console.print(f"Listening on every network interface ({host}).", markup=False)
    if not has_account:
        console.print("Open it to create your account.")
    if no_worker:
        console.print("No reminders worker: run `goodwill worker` for digest e-mails.")
    console.print("Press Ctrl+C to stop.", style="dim")
    sys.stdout.flush()
    sys.stderr.flush()
    argv = gunicorn_argv(host, port, workers, with_worker=not no_worker)
    os.execv(argv[0], argv)  # noqa: S606 - replaces this process with gunicorn


def register(root) -> None:
    root.command("serve")(serve)
