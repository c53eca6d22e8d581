"""Confirmation tokens: a write tool answers with a preview and a token, and saves only
when called again with the same arguments and that token.

The token is signed with the site's secret (django.core.signing), names the account,
the tool and a digest of the arguments, and expires after CONFIRM_SECONDS. It works
once: this process remembers the tokens it has honoured until they expire.
"""

from __future__ import annotations

import hashlib
import json
import secrets

from django.core import signing
from django.core.cache import cache

from goodwill.core.rules import field_error

SALT = "goodwill.mcp.confirm"
CONFIRM_SECONDS = 600
CONFIRM_FIELD = "confirm"


def args_digest(arguments: dict) -> str:
    """The arguments as one canonical string's hash; the confirmation itself left out."""
    kept = {k: v for k, v in arguments.items() if k != CONFIRM_FIELD and v is not None}
    text = json.dumps(kept, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def confirmation(*, owner_id: int, tool: str, arguments: dict) -> str:
    payload = {"u": owner_id, "t": tool, "a": args_digest(arguments), "n": secrets.token_hex(4)}
    return signing.dumps(payload, salt=SALT, compress=True)


def check_confirmation(token: str, *, owner_id: int, tool: str, arguments: dict) -> None:
    """Nothing when ``token`` confirms this call; else a field error naming ``confirm``
    that says what to do."""
    again = "Call the tool again without confirm to get a fresh preview."
    try:
        payload = signing.loads(token, salt=SALT, max_age=CONFIRM_SECONDS)
    except signing.SignatureExpired:
        raise field_error(CONFIRM_FIELD, f"This confirmation has expired. {again}") from None
    except signing.BadSignature:
        raise field_error(
            CONFIRM_FIELD, f"This is not a confirmation from a preview. {again}"
        ) from None
    if not isinstance(payload, dict) or payload.get("u") != owner_id or payload.get("t") != tool:
        raise field_error(CONFIRM_FIELD, f"This confirmation is for another tool. {again}")
    if payload.get("a") != args_digest(arguments):
        raise field_error(
            CONFIRM_FIELD,
            "The details changed since the preview, so nothing was saved. "
            "Send exactly the previewed details, or get a new preview.",
        )


def token_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def use_once(token: str) -> bool:
    """True the first time this process sees ``token`` honoured; False after."""
    return cache.add("goodwill:mcp:used:" + token_key(token), 1, CONFIRM_SECONDS + 60)


def forget_use(token: str) -> None:
    """The write it confirmed failed: the token may be tried again."""
    cache.delete("goodwill:mcp:used:" + token_key(token))
