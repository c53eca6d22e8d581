"""Secrets that travel in URLs, replaced before a URL reaches a log.

The calendar feed (/feed/<secret>.ics), e-mail verification and unsubscribe links, and
the invitation (?invite=) and password-reset (?t=) links carry their secret in the URL.
Whoever reads the access log must not be able to use them: the gunicorn access log
(goodwill.gunicorn_hooks.RedactingLogger) and Django's request log ("Not Found: ...")
write them as ``[secret]``.
"""

from __future__ import annotations

import logging
import re

MASK = "[secret]"

_PATHS = [
    re.compile(r"(/feed/)[^/?#\s\"]+(\.ics)"),
    re.compile(r"(/settings/reminders/verify/)[^/?#\s\"]+()"),
    re.compile(r"(/unsubscribe/)[^/?#\s\"]+()"),
]
# Query parameters that hold a secret (?invite=gwi_…, ?t=<reset token>).
_PARAMS = re.compile(r"((?:^|[?&;])(?:invite|t|token|secret)=)[^&;#\s\"]*", re.IGNORECASE)


def redact(text):
    """``text`` with every URL secret replaced by ``[secret]`` (non-strings as they are)."""
    if not isinstance(text, str) or not text:
        return text
    for pattern in _PATHS:
        text = pattern.sub(rf"\g<1>{MASK}\g<2>", text)
    return _PARAMS.sub(rf"\g<1>{MASK}", text)


class RedactSecrets(logging.Filter):
    """A logging filter: redacts the message and its arguments (settings.LOGGING)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: redact(v) for k, v in record.args.items()}
        return True
