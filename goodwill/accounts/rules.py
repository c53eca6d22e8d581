"""Links the accounts area hands out, built from GOODWILL_SITE_URL (never a request's Host)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.urls import reverse

from goodwill.core.rules import field_error


def invite_link(secret: str) -> str:
    """Built from GOODWILL_SITE_URL, never from the request's Host header."""
    site = (getattr(settings, "GOODWILL_SITE_URL", "") or "").rstrip("/")
    return f"{site}{reverse('accounts.signup')}?invite={secret}"


INVITE_PREFIX = "gwi_"


def invite_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


SCOPE_WORDS = ("read", "write", "mcp")


def token_scope(value) -> str:
    """A token's scope as stored: its level (read or write, write when left out), then
    "mcp" when it may also be used by an AI assistant. Takes words ("read mcp",
    "write,mcp") or a list; anything else is a field error naming ``scope``."""
    if isinstance(value, str):
        words = value.replace(",", " ").split()
    else:
        words = [str(word).strip() for word in (value or [])]
    words = [word.lower() for word in words if word]
    unknown = [word for word in words if word not in SCOPE_WORDS]
    if unknown:
        raise field_error(
            "scope", f"{unknown[0]!r} is not a scope: use read or write, and mcp if you like."
        )
    if "read" in words and "write" in words:
        raise field_error("scope", "Choose read or write, not both.")
    level = "read" if "read" in words else "write"
    return f"{level} mcp" if "mcp" in words else level
