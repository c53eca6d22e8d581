"""The two ways out: Apprise (one URL, any service) and web push (VAPID, pywebpush).

Apprise, pywebpush and py-vapid are imported where they are used, not at the top: they
cost about a second of start-up together (requests, a hundred Apprise plugins), and
every command and worker would pay it, though only a send needs them.

Each sender returns None when the message was accepted, or the reason it was not, in
words a user can act on. ``Gone`` means a push subscription the browser has dropped
(404/410): the device is removed rather than retried.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import stat
from email.utils import parseaddr
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings

from goodwill.core import vault

log = logging.getLogger("goodwill.notify")
# Apprise says "Notifying 1 service(s)" at INFO for every send; its warnings (the reason
# a send failed) are what matter, and they are kept on the channel.
logging.getLogger("apprise").setLevel(logging.WARNING)
_LOG_PREFIX = re.compile(r"^[\d-]+ [\d:,]+ - [A-Z]+ - ")

TIMEOUT = 10  # seconds, for each push


class Gone(Exception):
    """The push service says this subscription no longer exists."""


def apprise_url_problem(url: str) -> str | None:
    """Why Apprise cannot use this URL, or None."""
    import apprise

    if not url or "://" not in url:
        return (
            "This is not an Apprise URL: it starts with a service name, like ntfy:// or tgram://."
        )
    if not apprise.Apprise().add(url):
        scheme = url.split("://", 1)[0]
        return (
            f"Apprise does not understand this {scheme}:// address. Check it against the "
            "examples in docs/notifications.md."
        )
    return None


def send_apprise(sealed_url: str, *, title: str, body: str) -> str | None:
    import apprise

    if not sealed_url:
        return "This channel has no address (exports leave it out); add its address again."
    try:
        url = vault.unseal(sealed_url)
    except vault.VaultError as exc:
        return f"Goodwill cannot read this address any more ({exc})."
    sender = apprise.Apprise()
    if not sender.add(url):
        return "Apprise no longer understands this address; remove it and add it again."
    with apprise.LogCapture(level=logging.WARNING) as captured:
        ok = sender.notify(title=title, body=body)
        said = captured.getvalue() if hasattr(captured, "getvalue") else ""
    if ok:
        return None
    lines = [_LOG_PREFIX.sub("", line).strip() for line in str(said).splitlines()]
    reason = " ".join(line for line in lines if line)
    # Apprise's own messages may quote the URL; keep only the part before any address.
    reason = " ".join(word for word in reason.split() if "://" not in word)[:300]
    return f"The service did not accept it{': ' + reason if reason else '.'}"


# ---------------------------------------------------------------- web push


def vapid_path() -> Path:
    return Path(settings.DATA_DIR) / "vapid_private.pem"


@cache
def vapid():
    """The install's VAPID key pair (a py_vapid.Vapid02), made once beside the secret key
    (mode 0600)."""
    from py_vapid import Vapid02

    path = vapid_path()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(0o600)
        return Vapid02.from_file(str(path))
    key = Vapid02()
    key.generate_keys()
    pem = key.private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return key


def public_key() -> str:
    """The application server key a browser subscribes with (base64url, no padding)."""
    raw = vapid().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def send_push(device, *, title: str, body: str, url: str) -> str | None:
    from pywebpush import WebPushException, webpush

    info = {"endpoint": device.endpoint, "keys": {"p256dh": device.p256dh, "auth": device.auth}}
    data = json.dumps({"title": title, "body": body, "url": url})
    contact = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "goodwill@localhost"
    claims = {"sub": f"mailto:{contact}"}
    try:
        webpush(
            info,
            data=data,
            vapid_private_key=vapid(),
            vapid_claims=claims,
            timeout=TIMEOUT,
            ttl=12 * 3600,
        )
    except WebPushException as exc:
        status = getattr(exc.response, "status_code", None)
        if status in (404, 410):
            raise Gone(str(status)) from exc
        return f"The push service refused it ({status or exc.message})."[:300]
    except Exception as exc:  # network errors: retried
        return f"The push service could not be reached ({type(exc).__name__})."
    return None
