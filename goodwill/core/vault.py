"""Secrets the app must read back (mail passwords, notification URLs), encrypted at rest.

The key is generated once and kept beside the secret key, in GOODWILL_DATA_DIR/vault_key
(mode 0600), or given as GOODWILL_VAULT_KEY (a Fernet key) where the data dir is not
writable. A database dump or a JSON export therefore never holds a usable secret, and a
value encrypted here is never shown back: pages and the API show `hint()` instead.
"""

from __future__ import annotations

import os
import stat
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from goodwill import env

PREFIX = "v1:"


class VaultError(Exception):
    """A stored secret cannot be read back (the vault key changed or was lost)."""


def key_path() -> Path:
    return Path(settings.DATA_DIR) / "vault_key"


@cache
def _fernet() -> Fernet:
    given = env.get_str("GOODWILL_VAULT_KEY", "").strip()
    if given:
        try:
            return Fernet(given.encode())
        except ValueError:
            raise ImproperlyConfigured(
                "GOODWILL_VAULT_KEY is not a key: make one with "
                "`python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'`."
            ) from None
    path = key_path()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(0o600)
        try:
            return Fernet(path.read_bytes().strip())
        except ValueError:
            raise ImproperlyConfigured(
                f"{path} holds no usable key. Secrets saved with it cannot be read any more: "
                "move the file away and enter those passwords and URLs again."
            ) from None
    key = Fernet.generate_key()
    with os.fdopen(fd, "wb") as handle:
        handle.write(key + b"\n")
    return Fernet(key)


def seal(plain: str) -> str:
    """Encrypt a secret for storing in a text column."""
    return PREFIX + _fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def unseal(stored: str) -> str:
    """The secret back, or VaultError naming why it cannot be read."""
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        raise VaultError("this secret was not stored by Goodwill's vault")
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise VaultError(
            "this secret was saved with another vault key (was GOODWILL_DATA_DIR/vault_key "
            "replaced?); enter it again"
        ) from None


def hint(plain: str, *, keep: int = 4) -> str:
    """What may be shown of a secret: its last few characters at most."""
    if len(plain) <= keep * 2:
        return "•" * 6
    return "•" * 6 + plain[-keep:]


def forget_key_cache() -> None:
    """For tests that change GOODWILL_DATA_DIR or GOODWILL_VAULT_KEY."""
    _fernet.cache_clear()
