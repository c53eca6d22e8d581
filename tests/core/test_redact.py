"""URL secrets never reach a log (issue 16): the function, Django's request log and
gunicorn's logger class (tests/core/test_served_logs.py runs the real server)."""

from __future__ import annotations

import datetime as dt
import logging

from gunicorn.config import Config

from goodwill.core.redact import RedactSecrets, redact
from goodwill.gunicorn_hooks import RedactingLogger


def test_it_replaces_every_url_secret():
    assert redact("GET /feed/abc_DEF-123.ics HTTP/1.1") == "GET /feed/[secret].ics HTTP/1.1"
    assert redact("/signup/?invite=gwi_x1&next=/") == "/signup/?invite=[secret]&next=/"
    assert redact("/password-reset/confirm/?u=MQ&t=c3x-abc") == (
        "/password-reset/confirm/?u=MQ&t=[secret]"
    )
    assert redact("/settings/reminders/verify/tok.en:1/") == "/settings/reminders/verify/[secret]/"
    assert redact("/unsubscribe/1:abc/") == "/unsubscribe/[secret]/"
    assert redact("/people/?q=ana&tag=t") == "/people/?q=ana&tag=t"  # nothing secret
    assert redact(None) is None and redact(404) == 404


def test_djangos_request_log_is_redacted(caplog):
    logger = logging.getLogger("django.request")
    record = logger.makeRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/feed/s3cret.ics",), None
    )
    RedactSecrets().filter(record)
    assert record.getMessage() == "Not Found: /feed/[secret].ics"


class _Response:
    status = "200 OK"
    sent = 10
    headers = []


def test_gunicorns_access_atoms_are_redacted():
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/feed/s3cret.ics",
        "PATH_INFO": "/feed/s3cret.ics",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://x.example/signup/?invite=gwi_s3cret",
        "REMOTE_ADDR": "127.0.0.1",
    }
    atoms = RedactingLogger(Config()).atoms(_Response(), [], environ, dt.timedelta(0))
    assert "s3cret" not in repr(atoms)
    assert atoms["r"] == "GET /feed/[secret].ics HTTP/1.1"
    assert atoms["f"] == "https://x.example/signup/?invite=[secret]"
